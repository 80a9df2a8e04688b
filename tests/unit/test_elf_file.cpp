// Unit tests for the strict ELF64 RISC-V reader (sim/loader/elf_file.*).
// All images are assembled in memory by ImageBuilder below; nothing is cross-compiled.
#include "sim/loader/elf_file.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

using uintrsim::ElfError;
using uintrsim::ElfFile;
using uintrsim::ElfSegment;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

using Bytes = std::vector<uint8_t>;

// ---- little-endian writers ----
void put(Bytes& b, uint64_t off, uint64_t v, int width) {
    if (b.size() < off + width) b.resize(off + width);
    for (int i = 0; i < width; ++i) b[off + i] = static_cast<uint8_t>(v >> (8 * i));
}
void put8(Bytes& b, uint64_t off, uint64_t v) { put(b, off, v, 1); }
void put16(Bytes& b, uint64_t off, uint64_t v) { put(b, off, v, 2); }
void put32(Bytes& b, uint64_t off, uint64_t v) { put(b, off, v, 4); }
void put64(Bytes& b, uint64_t off, uint64_t v) { put(b, off, v, 8); }
uint64_t get32(const Bytes& b, uint64_t off) {
    uint64_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | b[off + i];
    return v;
}
void align(Bytes& b, size_t a) { b.resize((b.size() + a - 1) / a * a, 0); }

constexpr uint32_t PT_LOAD = 1, PT_NOTE = 4;
constexpr uint32_t PF_X = 1, PF_W = 2, PF_R = 4;
constexpr uint8_t STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3, STT_FILE = 4;
constexpr uint8_t STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2;
constexpr uint16_t SHN_UNDEF = 0, SHN_ABS = 0xfff1, SHN_COMMON = 0xfff2;
constexpr uint32_t SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3;

struct Seg {
    uint32_t type = PT_LOAD;
    uint32_t flags = PF_R;
    uint64_t vaddr = 0, paddr = 0, memsz = 0;
    Bytes data;
};

struct Sym {
    std::string name;
    uint64_t value = 0;
    uint8_t type = STT_OBJECT;
    uint8_t bind = STB_GLOBAL;
    uint16_t shndx = 1;
};

// Offsets of the interesting structures inside a built image, for targeted corruption.
struct Image {
    Bytes bytes;
    uint64_t phoff = 0, shoff = 0;
    uint64_t symtab_off = 0, strtab_off = 0, shstrtab_off = 0;
    uint64_t strtab_size = 0;
    std::vector<uint64_t> seg_data_off;
    uint16_t shnum = 0, symtab_idx = 0, strtab_idx = 0, shstrtab_idx = 0;
    uint64_t ph(size_t i) const { return phoff + 56 * i; }  // program header i
    uint64_t sh(size_t i) const { return shoff + 64 * i; }  // section header i
    uint64_t sym(size_t i) const { return symtab_off + 24 * i; }  // symbol i (0 is the null symbol)
};

struct ImageBuilder {
    uint64_t entry = 0x80000000;
    std::vector<Seg> segs;
    std::vector<Sym> syms;
    bool sections = true;        // emit section headers, .symtab, .strtab, .shstrtab
    bool phdrs_at_end = false;   // put the program header table last in the file

    // The default program: .text (RX) at 0x80000000 and .data (RW, with .bss tail) at 0x80001000,
    // with the riscv-tests HTIF symbols.
    static ImageBuilder standard() {
        ImageBuilder ib;
        Seg text;
        text.flags = PF_R | PF_X;
        text.vaddr = text.paddr = 0x80000000;
        for (int i = 0; i < 0x40; ++i) text.data.push_back(static_cast<uint8_t>(0x13 + i));
        text.memsz = text.data.size();
        Seg data;
        data.flags = PF_R | PF_W;
        data.vaddr = data.paddr = 0x80001000;
        for (int i = 0; i < 0x20; ++i) data.data.push_back(static_cast<uint8_t>(0xa0 ^ i));
        data.memsz = 0x100;
        ib.segs = {text, data};
        ib.syms = {
            {"_start", 0x80000000, STT_FUNC, STB_GLOBAL, 1},
            {"tohost", 0x80001000, STT_OBJECT, STB_GLOBAL, 2},
            {"fromhost", 0x80001040, STT_OBJECT, STB_GLOBAL, 2},
        };
        return ib;
    }

    Image build() const {
        Image im;
        Bytes& b = im.bytes;
        const size_t nph = segs.size();
        b.assign(64, 0);
        if (!phdrs_at_end) {
            im.phoff = 64;
            b.resize(64 + 56 * nph, 0);
        }
        for (const Seg& s : segs) {
            align(b, 16);
            im.seg_data_off.push_back(b.size());
            b.insert(b.end(), s.data.begin(), s.data.end());
        }
        std::string shstrtab;
        std::vector<uint32_t> secname;
        if (sections) {
            // Symbol table: null symbol, then locals first (as the gABI requires), then the rest.
            std::string strtab(1, '\0');
            std::vector<Sym> ordered;
            for (const Sym& s : syms) if (s.bind == STB_LOCAL) ordered.push_back(s);
            size_t first_global = ordered.size() + 1;
            for (const Sym& s : syms) if (s.bind != STB_LOCAL) ordered.push_back(s);
            align(b, 8);
            im.symtab_off = b.size();
            b.resize(b.size() + 24, 0);
            for (const Sym& s : ordered) {
                uint64_t o = b.size();
                uint32_t name = 0;
                if (!s.name.empty()) {
                    name = static_cast<uint32_t>(strtab.size());
                    strtab += s.name;
                    strtab += '\0';
                }
                put32(b, o + 0, name);
                put8(b, o + 4, (s.bind << 4) | s.type);
                put8(b, o + 5, 0);
                put16(b, o + 6, s.shndx);
                put64(b, o + 8, s.value);
                put64(b, o + 16, 4);
            }
            uint64_t symtab_size = b.size() - im.symtab_off;
            im.strtab_off = b.size();
            im.strtab_size = strtab.size();
            b.insert(b.end(), strtab.begin(), strtab.end());
            // Section names.
            shstrtab.assign(1, '\0');
            auto add_name = [&](const std::string& n) {
                secname.push_back(static_cast<uint32_t>(shstrtab.size()));
                shstrtab += n;
                shstrtab += '\0';
            };
            secname.push_back(0);  // null section
            for (const Seg& s : segs) add_name((s.flags & PF_X) ? ".text" : ".data");
            add_name(".symtab");
            add_name(".strtab");
            add_name(".shstrtab");
            im.shstrtab_off = b.size();
            b.insert(b.end(), shstrtab.begin(), shstrtab.end());
            // Section headers.
            align(b, 8);
            im.shoff = b.size();
            im.shnum = static_cast<uint16_t>(1 + nph + 3);
            im.symtab_idx = static_cast<uint16_t>(1 + nph);
            im.strtab_idx = static_cast<uint16_t>(im.symtab_idx + 1);
            im.shstrtab_idx = static_cast<uint16_t>(im.symtab_idx + 2);
            b.resize(b.size() + 64 * im.shnum, 0);
            auto shdr = [&](size_t i, uint32_t type, uint64_t flags, uint64_t addr, uint64_t off, uint64_t size,
                            uint32_t link, uint32_t info, uint64_t entsize) {
                uint64_t o = im.sh(i);
                put32(b, o + 0, secname[i]);
                put32(b, o + 4, type);
                put64(b, o + 8, flags);
                put64(b, o + 16, addr);
                put64(b, o + 24, off);
                put64(b, o + 32, size);
                put32(b, o + 40, link);
                put32(b, o + 44, info);
                put64(b, o + 48, 8);
                put64(b, o + 56, entsize);
            };
            for (size_t i = 0; i < nph; ++i)
                shdr(1 + i, SHT_PROGBITS, 2 | ((segs[i].flags & PF_X) ? 4 : 1), segs[i].vaddr, im.seg_data_off[i],
                     segs[i].data.size(), 0, 0, 0);
            shdr(im.symtab_idx, SHT_SYMTAB, 0, 0, im.symtab_off, symtab_size, im.strtab_idx,
                 static_cast<uint32_t>(first_global), 24);
            shdr(im.strtab_idx, SHT_STRTAB, 0, 0, im.strtab_off, strtab.size(), 0, 0, 0);
            shdr(im.shstrtab_idx, SHT_STRTAB, 0, 0, im.shstrtab_off, shstrtab.size(), 0, 0, 0);
        }
        if (phdrs_at_end) {
            align(b, 8);
            im.phoff = b.size();
            b.resize(b.size() + 56 * nph, 0);
        }
        for (size_t i = 0; i < nph; ++i) {
            const Seg& s = segs[i];
            uint64_t o = im.ph(i);
            put32(b, o + 0, s.type);
            put32(b, o + 4, s.flags);
            put64(b, o + 8, im.seg_data_off[i]);
            put64(b, o + 16, s.vaddr);
            put64(b, o + 24, s.paddr);
            put64(b, o + 32, s.data.size());
            put64(b, o + 40, s.memsz);
            put64(b, o + 48, 0x10);
        }
        // ELF header.
        const uint8_t ident[16] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        std::copy(ident, ident + 16, b.begin());
        put16(b, 16, 2);      // e_type ET_EXEC
        put16(b, 18, 243);    // e_machine EM_RISCV
        put32(b, 20, 1);      // e_version
        put64(b, 24, entry);  // e_entry
        put64(b, 32, im.phoff);
        put64(b, 40, im.shoff);
        put32(b, 48, 0x5);    // e_flags: RVC, double-float ABI
        put16(b, 52, 64);     // e_ehsize
        put16(b, 54, 56);     // e_phentsize
        put16(b, 56, nph);    // e_phnum
        put16(b, 58, 64);     // e_shentsize
        put16(b, 60, im.shnum);
        put16(b, 62, im.shstrtab_idx);
        return im;
    }
};

// ELF header field offsets.
constexpr uint64_t E_TYPE = 16, E_MACHINE = 18, E_VERSION = 20, E_PHOFF = 32, E_SHOFF = 40, E_EHSIZE = 52,
                   E_PHENTSIZE = 54, E_PHNUM = 56, E_SHENTSIZE = 58, E_SHNUM = 60, E_SHSTRNDX = 62;
// Program header field offsets.
constexpr uint64_t P_TYPE = 0, P_OFFSET = 8, P_VADDR = 16, P_PADDR = 24, P_FILESZ = 32, P_MEMSZ = 40;
// Section header field offsets.
constexpr uint64_t SH_NAME = 0, SH_TYPE = 4, SH_OFFSET = 24, SH_SIZE = 32, SH_LINK = 40, SH_INFO = 44,
                   SH_ENTSIZE = 56;
constexpr uint64_t ALL_ONES = ~uint64_t{0};

const std::string kName = "prog.elf";

// Parses `bytes`, requires an ElfError, and returns its message.
std::string error_of(const Bytes& bytes) {
    try {
        ElfFile::parse(bytes, kName);
    } catch (const ElfError& e) {
        return e.what();
    }
    FAIL("parse() accepted the image, expected an ElfError");
    return {};
}

// Requires parse() to fail with a message that starts with the path and contains `phrase`.
void require_error(const Bytes& bytes, const std::string& phrase) {
    std::string msg = error_of(bytes);
    INFO("message: " << msg);
    CHECK_THAT(msg, StartsWith(kName + ": "));
    CHECK_THAT(msg, Contains(phrase));
}

std::string hex(uint64_t v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}

}  // namespace

// ================================ valid images ================================

TEST_CASE("ELF: standard two-segment image parses", "[elf]") {
    ImageBuilder ib = ImageBuilder::standard();
    Image im = ib.build();
    ElfFile f = ElfFile::parse(im.bytes, kName);
    CHECK(f.path == kName);
    CHECK(f.entry == 0x80000000);
    REQUIRE(f.segments.size() == 2);

    const ElfSegment& text = f.segments[0];
    CHECK(text.vaddr == 0x80000000);
    CHECK(text.paddr == 0x80000000);
    CHECK(text.memsz == 0x40);
    CHECK(text.data == ib.segs[0].data);
    CHECK(text.readable);
    CHECK_FALSE(text.writable);
    CHECK(text.executable);

    const ElfSegment& data = f.segments[1];
    CHECK(data.vaddr == 0x80001000);
    CHECK(data.paddr == 0x80001000);
    CHECK(data.memsz == 0x100);
    CHECK(data.data.size() == 0x20);
    CHECK(data.data == ib.segs[1].data);
    CHECK(data.readable);
    CHECK(data.writable);
    CHECK_FALSE(data.executable);

    CHECK(f.symbols.size() == 3);
    CHECK(f.symbol("tohost") == std::optional<uint64_t>(0x80001000));
    CHECK(f.symbol("fromhost") == std::optional<uint64_t>(0x80001040));
    CHECK(f.symbol("_start") == std::optional<uint64_t>(0x80000000));
    CHECK_FALSE(f.symbol("nope").has_value());
    CHECK_FALSE(f.symbol("").has_value());
}

TEST_CASE("ELF: symbol selection (type, binding, definedness, duplicates)", "[elf]") {
    ImageBuilder ib = ImageBuilder::standard();
    ib.syms = {
        {"tohost", 0x80001000, STT_NOTYPE, STB_GLOBAL, 2},        // NOTYPE kept (riscv-tests style)
        {"fromhost", 0x80001040, STT_OBJECT, STB_WEAK, 2},        // weak kept
        {"main", 0x80000010, STT_FUNC, STB_GLOBAL, 1},
        {"abs_sym", 0x1234, STT_NOTYPE, STB_GLOBAL, SHN_ABS},     // absolute kept
        {"undef", 0, STT_NOTYPE, STB_GLOBAL, SHN_UNDEF},          // undefined dropped
        {"common", 8, STT_OBJECT, STB_GLOBAL, SHN_COMMON},        // common dropped
        {"crt.S", 0, STT_FILE, STB_LOCAL, SHN_ABS},               // file symbol dropped
        {".text", 0x80000000, STT_SECTION, STB_LOCAL, 1},         // section symbol dropped
        {"", 0x80000004, STT_FUNC, STB_GLOBAL, 1},                // unnamed dropped
        {"tls", 0x10, 6 /*STT_TLS*/, STB_GLOBAL, 2},              // TLS dropped
        {"dup", 0x111, STT_FUNC, STB_LOCAL, 1},                   // local then global: global wins
        {"dup", 0x222, STT_FUNC, STB_GLOBAL, 1},
        {"loc", 0x333, STT_OBJECT, STB_LOCAL, 2},                 // local twice: first wins
        {"loc", 0x444, STT_OBJECT, STB_LOCAL, 2},
    };
    ElfFile f = ElfFile::parse(ib.build().bytes, kName);
    CHECK(f.symbol("tohost") == std::optional<uint64_t>(0x80001000));
    CHECK(f.symbol("fromhost") == std::optional<uint64_t>(0x80001040));
    CHECK(f.symbol("main") == std::optional<uint64_t>(0x80000010));
    CHECK(f.symbol("abs_sym") == std::optional<uint64_t>(0x1234));
    CHECK_FALSE(f.symbol("undef"));
    CHECK_FALSE(f.symbol("common"));
    CHECK_FALSE(f.symbol("crt.S"));
    CHECK_FALSE(f.symbol(".text"));
    CHECK_FALSE(f.symbol("tls"));
    CHECK(f.symbol("dup") == std::optional<uint64_t>(0x222));
    CHECK(f.symbol("loc") == std::optional<uint64_t>(0x333));
    CHECK(f.symbols.size() == 6);
}

TEST_CASE("ELF: global symbol listed before a local of the same name stays", "[elf]") {
    // Locals normally precede globals in .symtab; build one by hand where a global comes
    // first by rewriting the binding bytes after building.
    ImageBuilder ib = ImageBuilder::standard();
    ib.syms = {{"x", 0x100, STT_OBJECT, STB_GLOBAL, 2}, {"x", 0x200, STT_OBJECT, STB_GLOBAL, 2}};
    Image im = ib.build();
    put8(im.bytes, im.sym(2) + 4, (STB_LOCAL << 4) | STT_OBJECT);  // second "x" becomes local
    ElfFile f = ElfFile::parse(im.bytes, kName);
    CHECK(f.symbol("x") == std::optional<uint64_t>(0x100));
}

TEST_CASE("ELF: image without section headers has no symbols", "[elf]") {
    ImageBuilder ib = ImageBuilder::standard();
    ib.sections = false;
    Image im = ib.build();
    CHECK(get32(im.bytes, E_SHOFF) == 0);
    ElfFile f = ElfFile::parse(im.bytes, kName);
    CHECK(f.segments.size() == 2);
    CHECK(f.symbols.empty());
    CHECK_FALSE(f.symbol("tohost"));
}

TEST_CASE("ELF: paddr differs from vaddr, zero-size and non-LOAD headers", "[elf]") {
    ImageBuilder ib = ImageBuilder::standard();
    ib.segs[1].vaddr = 0x80000000;  // same vaddr as .text: only paddr ranges must be disjoint
    ib.segs[1].paddr = 0x90000000;
    Seg note;
    note.type = PT_NOTE;
    note.data = {1, 2, 3, 4};
    note.vaddr = note.paddr = 0x80000000;  // ignored: not PT_LOAD
    note.memsz = 4;
    Seg empty;  // zero-size PT_LOAD inside .text's range: empty, never overlaps
    empty.vaddr = empty.paddr = 0x80000010;
    Seg bss;    // memsz only
    bss.flags = PF_R | PF_W;
    bss.vaddr = bss.paddr = 0x80002000;
    bss.memsz = 0x1000;
    ib.segs.insert(ib.segs.begin() + 1, note);
    ib.segs.push_back(empty);
    ib.segs.push_back(bss);
    ElfFile f = ElfFile::parse(ib.build().bytes, kName);
    REQUIRE(f.segments.size() == 4);  // PT_NOTE skipped, file order kept
    CHECK(f.segments[0].paddr == 0x80000000);
    CHECK(f.segments[1].vaddr == 0x80000000);
    CHECK(f.segments[1].paddr == 0x90000000);
    CHECK(f.segments[2].memsz == 0);
    CHECK(f.segments[2].data.empty());
    CHECK(f.segments[3].memsz == 0x1000);
    CHECK(f.segments[3].data.empty());
    CHECK_FALSE(f.segments[3].executable);
}

TEST_CASE("ELF: extended section numbering and SHN_UNDEF e_shstrndx", "[elf]") {
    Image im = ImageBuilder::standard().build();
    SECTION("e_shnum 0 / e_shstrndx SHN_XINDEX with values in section header 0") {
        put16(im.bytes, E_SHNUM, 0);
        put64(im.bytes, im.sh(0) + SH_SIZE, im.shnum);
        put16(im.bytes, E_SHSTRNDX, 0xffff);
        put32(im.bytes, im.sh(0) + SH_LINK, im.shstrtab_idx);
        ElfFile f = ElfFile::parse(im.bytes, kName);
        CHECK(f.symbol("tohost") == std::optional<uint64_t>(0x80001000));
    }
    SECTION("e_phnum PN_XNUM with the count in section header 0 sh_info") {
        put16(im.bytes, E_PHNUM, 0xffff);
        put32(im.bytes, im.sh(0) + SH_INFO, 2);
        ElfFile f = ElfFile::parse(im.bytes, kName);
        CHECK(f.segments.size() == 2);
    }
    SECTION("no section names (e_shstrndx 0)") {
        put16(im.bytes, E_SHSTRNDX, 0);
        ElfFile f = ElfFile::parse(im.bytes, kName);
        CHECK(f.symbols.size() == 3);
    }
}

TEST_CASE("ELF: load() reads a file from disk", "[elf]") {
    Image im = ImageBuilder::standard().build();
    auto path = std::filesystem::temp_directory_path() /
                ("uintrsim_test_elf_" + std::to_string(::getpid()) + ".elf");
    {
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(im.bytes.data()), static_cast<std::streamsize>(im.bytes.size()));
    }
    ElfFile f = ElfFile::load(path.string());
    std::filesystem::remove(path);
    CHECK(f.path == path.string());
    CHECK(f.entry == 0x80000000);
    CHECK(f.segments.size() == 2);
    CHECK(f.symbol("tohost") == std::optional<uint64_t>(0x80001000));
}

// ================================ errors ================================

TEST_CASE("ELF error: missing file and directory", "[elf]") {
    const std::string missing = "/nonexistent-uintrsim-dir/prog.elf";
    try {
        ElfFile::load(missing);
        FAIL("load() of a missing file succeeded");
    } catch (const ElfError& e) {
        CHECK(std::string(e.what()) == missing + ": cannot open: No such file or directory");
    }
    const std::string dir = std::filesystem::temp_directory_path().string();
    try {
        ElfFile::load(dir);
        FAIL("load() of a directory succeeded");
    } catch (const ElfError& e) {
        CHECK_THAT(std::string(e.what()), StartsWith(dir + ": ") && Contains("Is a directory"));
    }
}

TEST_CASE("ELF error: identification", "[elf]") {
    Bytes b = ImageBuilder::standard().build().bytes;
    SECTION("empty file") { require_error({}, "not an ELF file (bad magic)"); }
    SECTION("bad magic") {
        b[1] = 'X';
        require_error(b, "not an ELF file (bad magic)");
    }
    SECTION("three bytes") { require_error(Bytes{0x7f, 'E', 'L'}, "not an ELF file (bad magic)"); }
    SECTION("truncated e_ident") {
        b.resize(10);
        require_error(b, "truncated ELF identification");
    }
    SECTION("32-bit") {
        b[4] = 1;
        require_error(b, "prog.elf: ELF class 32-bit; uintrsim runs RV64 programs (ELFCLASS64)");
    }
    SECTION("invalid class") {
        b[4] = 7;
        require_error(b, "invalid ELF class 7");
    }
    SECTION("big-endian") {
        b[5] = 2;
        require_error(b, "big-endian");
    }
    SECTION("invalid data encoding") {
        b[5] = 0;
        require_error(b, "invalid ELF data encoding 0");
    }
    SECTION("EI_VERSION") {
        b[6] = 0;
        require_error(b, "ELF identification version is 0 at offset 0x6");
    }
}

TEST_CASE("ELF error: ELF header fields", "[elf]") {
    Image im = ImageBuilder::standard().build();
    Bytes b = im.bytes;
    SECTION("truncated header") {
        b.resize(40);
        require_error(b, "truncated ELF header: the file is 40 bytes");
    }
    SECTION("x86-64") {
        put16(b, E_MACHINE, 62);
        require_error(b, "e_machine is 62 (x86-64), expected 243 (RISC-V)");
    }
    SECTION("unknown machine") {
        put16(b, E_MACHINE, 9999);
        require_error(b, "e_machine is 9999 (unknown), expected 243 (RISC-V)");
    }
    SECTION("ET_DYN") {
        put16(b, E_TYPE, 3);
        require_error(b, "position-independent executables");
    }
    SECTION("ET_REL") {
        put16(b, E_TYPE, 1);
        require_error(b, "relocatable object file");
    }
    SECTION("ET_CORE") {
        put16(b, E_TYPE, 4);
        require_error(b, "expected 2 (ET_EXEC)");
    }
    SECTION("e_version") {
        put32(b, E_VERSION, 2);
        require_error(b, "e_version is 2 at offset 0x14");
    }
    SECTION("e_ehsize") {
        put16(b, E_EHSIZE, 52);
        require_error(b, "e_ehsize is 52");
    }
    SECTION("e_phentsize") {
        put16(b, E_PHENTSIZE, 32);
        require_error(b, "e_phentsize is 32 at offset 0x36, expected 56");
    }
    SECTION("e_shentsize") {
        put16(b, E_SHENTSIZE, 40);
        require_error(b, "e_shentsize is 40 at offset 0x3a, expected 64");
    }
    SECTION("e_phnum 0") {
        put16(b, E_PHNUM, 0);
        require_error(b, "no program headers");
    }
    SECTION("e_shnum without e_shoff") {
        put64(b, E_SHOFF, 0);
        require_error(b, "e_shnum is " + std::to_string(im.shnum) + " but e_shoff is 0");
    }
    SECTION("PN_XNUM without section headers") {
        put64(b, E_SHOFF, 0);
        put16(b, E_SHNUM, 0);
        put16(b, E_PHNUM, 0xffff);
        require_error(b, "PN_XNUM");
    }
}

TEST_CASE("ELF error: program header table out of the file", "[elf]") {
    ImageBuilder ib = ImageBuilder::standard();
    Seg n1, n2;
    n1.type = n2.type = PT_NOTE;
    ib.segs.push_back(n1);
    ib.segs.push_back(n2);
    ib.phdrs_at_end = true;
    Image im = ib.build();
    SECTION("truncated in the middle of header 3") {
        Bytes b = im.bytes;
        b.resize(b.size() - 10);
        require_error(b, "prog.elf: program header 3 at offset " + hex(im.ph(3)) +
                             " extends past end of file (size " + std::to_string(b.size()) + ")");
    }
    SECTION("e_phnum larger than the table") {
        Bytes b = im.bytes;
        put16(b, E_PHNUM, 5);
        require_error(b, "program header 4 at offset " + hex(im.ph(4)) + " extends past end of file");
    }
    SECTION("e_phoff all ones") {
        Bytes b = im.bytes;
        put64(b, E_PHOFF, ALL_ONES);
        require_error(b, "program header 0 at offset 0xffffffffffffffff extends past end of file");
    }
}

TEST_CASE("ELF error: PT_LOAD segment checks", "[elf]") {
    Image im = ImageBuilder::standard().build();
    Bytes b = im.bytes;
    const uint64_t ph1 = im.ph(1);
    SECTION("file data past end of file") {
        put64(b, ph1 + P_FILESZ, b.size());
        put64(b, ph1 + P_MEMSZ, b.size());
        require_error(b, "program header 1 (PT_LOAD at offset " + hex(ph1) + "): segment file data at offset " +
                             hex(im.seg_data_off[1]) + " size " + hex(b.size()) + " extends past end of file (size " +
                             std::to_string(b.size()) + ")");
    }
    SECTION("p_offset past end of file") {
        put64(b, ph1 + P_OFFSET, b.size() + 1);
        require_error(b, "extends past end of file");
    }
    SECTION("p_filesz > p_memsz") {
        put64(b, ph1 + P_MEMSZ, 0x10);
        require_error(b, "program header 1 (PT_LOAD at offset " + hex(ph1) + "): p_filesz 0x20 is larger than p_memsz 0x10");
    }
    SECTION("p_offset + p_filesz wraps") {
        put64(b, ph1 + P_OFFSET, ALL_ONES);
        require_error(b, "p_offset 0xffffffffffffffff + p_filesz 0x20 overflows 64 bits");
    }
    SECTION("p_filesz all ones") {
        put64(b, ph1 + P_FILESZ, ALL_ONES);
        put64(b, ph1 + P_MEMSZ, ALL_ONES);
        require_error(b, "overflows 64 bits");
    }
    SECTION("p_vaddr + p_memsz wraps") {
        put64(b, ph1 + P_VADDR, 0xffffffffffffff80ull);
        require_error(b, "p_vaddr 0xffffffffffffff80 + p_memsz 0x100 overflows 64 bits");
    }
    SECTION("p_paddr + p_memsz wraps") {
        put64(b, ph1 + P_PADDR, ALL_ONES);
        require_error(b, "p_paddr 0xffffffffffffffff + p_memsz 0x100 overflows 64 bits");
    }
    SECTION("no PT_LOAD") {
        put32(b, im.ph(0) + P_TYPE, PT_NOTE);
        put32(b, ph1 + P_TYPE, PT_NOTE);
        require_error(b, "no PT_LOAD segments");
    }
}

TEST_CASE("ELF error: overlapping PT_LOAD segments by paddr", "[elf]") {
    ImageBuilder ib = ImageBuilder::standard();
    SECTION("second starts inside the first") {
        ib.segs[1].paddr = 0x80000020;  // .text is [0x80000000, 0x80000040)
        require_error(ib.build().bytes,
                      "PT_LOAD segments overlap in physical memory: program header 0 (paddr [0x80000000, "
                      "0x80000040)) and program header 1 (paddr [0x80000020, 0x80000120))");
    }
    SECTION("later header lies below and reaches into the first") {
        ib.segs[1].paddr = 0x7fffff00;  // [0x7fffff00, 0x80000000) only touches .text: no overlap
        CHECK_NOTHROW(ElfFile::parse(ib.build().bytes, kName));
        ib.segs[1].paddr = 0x7fffff01;
        require_error(ib.build().bytes, "program header 0 (paddr [0x80000000");
    }
    SECTION("overlap hidden behind a large segment") {
        Seg big;  // [0x10000, 0x20000), listed after .text/.data (which lie above it)
        big.vaddr = big.paddr = 0x10000;
        big.memsz = 0x10000;
        Seg small;  // a small segment inside it
        small.vaddr = small.paddr = 0x1f000;
        small.memsz = 0x10;
        Seg between;  // a disjoint extra segment listed before them
        between.vaddr = between.paddr = 0x30000;
        between.memsz = 0x10;
        ib.segs.push_back(between);
        ib.segs.push_back(big);
        ib.segs.push_back(small);
        require_error(ib.build().bytes,
                      "program header 3 (paddr [0x10000, 0x20000)) and program header 4 (paddr [0x1f000, 0x1f010))");
    }
    SECTION("equal vaddr, distinct paddr is fine") {
        ib.segs[1].vaddr = 0x80000000;
        CHECK_NOTHROW(ElfFile::parse(ib.build().bytes, kName));
    }
}

TEST_CASE("ELF error: section headers", "[elf]") {
    Image im = ImageBuilder::standard().build();
    Bytes b = im.bytes;
    SECTION("e_shoff all ones") {
        put64(b, E_SHOFF, ALL_ONES);
        require_error(b, "section header 0 at offset 0xffffffffffffffff extends past end of file");
    }
    SECTION("e_shnum larger than the table") {
        put16(b, E_SHNUM, 100);
        require_error(b, "section header " + std::to_string((b.size() - im.shoff) / 64) + " at offset");
    }
    SECTION("truncated section header table") {
        b.resize(b.size() - 1);
        require_error(b, "section header " + std::to_string(im.shnum - 1) + " at offset " + hex(im.sh(im.shnum - 1)) + " extends past end of file (size " +
                             std::to_string(b.size()) + ")");
    }
    SECTION("e_shstrndx out of range") {
        put16(b, E_SHSTRNDX, 50);
        require_error(b, "section header string table index 50 (e_shstrndx) is out of range: the file has " +
                             std::to_string(im.shnum) + " section headers");
    }
    SECTION("e_shstrndx names a non-string-table") {
        put16(b, E_SHSTRNDX, im.symtab_idx);
        require_error(b, "section header string table (section 3) has type 2, expected 3 (SHT_STRTAB)");
    }
    SECTION("section name offset out of range") {
        put32(b, im.sh(1) + SH_NAME, 0x1000);
        require_error(b, "section header 1 (at offset " + hex(im.sh(1)) + "): name offset 0x1000 is out of range");
    }
    SECTION("section data wraps") {
        put64(b, im.sh(im.strtab_idx) + SH_OFFSET, ALL_ONES);
        require_error(b, "section 4 (header at offset " + hex(im.sh(4)) +
                             "): sh_offset 0xffffffffffffffff + sh_size");
    }
    SECTION("section data past end of file") {
        put64(b, im.sh(1) + SH_SIZE, b.size());
        require_error(b, "section 1 (header at offset " + hex(im.sh(1)) + "): data at offset " +
                             hex(im.seg_data_off[0]) + " size " + hex(b.size()) + " extends past end of file");
    }
}

TEST_CASE("ELF error: symbol table", "[elf]") {
    Image im = ImageBuilder::standard().build();
    Bytes b = im.bytes;
    const uint64_t st = im.sh(im.symtab_idx);
    SECTION("symbol name offset out of range") {
        put32(b, im.sym(2) + 0, 0x7fffffff);
        require_error(b, "symbol 2 in section 3 (.symtab) at offset " + hex(im.sym(2)) +
                             ": name offset 0x7fffffff is out of range or unterminated in string table section 4 "
                             "(.strtab) (size " + std::to_string(im.strtab_size) + ")");
    }
    SECTION("symbol name just past the string table") {
        put32(b, im.sym(1) + 0, static_cast<uint32_t>(im.strtab_size));
        require_error(b, "symbol 1 in section 3 (.symtab)");
    }
    SECTION("unterminated last name") {
        b[im.strtab_off + im.strtab_size - 1] = 'x';  // "fromhost\0" -> "fromhostx"
        require_error(b, "symbol 3 in section 3 (.symtab)");
    }
    SECTION("sh_entsize") {
        put64(b, st + SH_ENTSIZE, 16);
        require_error(b, "section 3 (.symtab): sh_entsize is 16, expected 24");
    }
    SECTION("sh_size not a multiple of 24") {
        put64(b, st + SH_SIZE, 24 * 3 + 5);
        require_error(b, "section 3 (.symtab): sh_size 0x4d is not a multiple of 24");
    }
    SECTION("sh_link out of range") {
        put32(b, st + SH_LINK, 99);
        require_error(b, "section 3 (.symtab): sh_link 99 (its string table) is out of range");
    }
    SECTION("sh_link names a non-string-table") {
        put32(b, st + SH_LINK, 1);
        require_error(b, "section 3 (.symtab): sh_link names section 1 (.text) of type 1, expected 3 (SHT_STRTAB)");
    }
    SECTION("two symbol tables") {
        put32(b, im.sh(1) + SH_TYPE, SHT_SYMTAB);
        require_error(b, "more than one SHT_SYMTAB section: section 1 (.text) and section 3 (.symtab)");
    }
}

// ================================ robustness ================================

TEST_CASE("ELF: randomized mutations never crash and only throw ElfError", "[elf]") {
    // Two bases: program headers after the ELF header (usual) and at the end of the file.
    std::vector<Image> bases;
    {
        ImageBuilder ib = ImageBuilder::standard();
        bases.push_back(ib.build());
        ib.phdrs_at_end = true;
        Seg note;
        note.type = PT_NOTE;
        note.data = {9, 9, 9, 9};
        ib.segs.push_back(note);
        bases.push_back(ib.build());
    }
    std::mt19937_64 rng(0x75696e7472ull);  // fixed seed: deterministic
    auto uniform = [&](uint64_t lo, uint64_t hi) { return std::uniform_int_distribution<uint64_t>(lo, hi)(rng); };

    int accepted = 0, rejected = 0;
    const int kIterations = 5000;
    for (int it = 0; it < kIterations; ++it) {
        const Image& base = bases[it % bases.size()];
        Bytes b = base.bytes;
        // Regions the parser interprets: [start, length).
        const std::pair<uint64_t, uint64_t> regions[] = {
            {0, 64},
            {base.phoff, 56 * (get32(base.bytes, E_PHNUM) & 0xffff)},
            {base.shoff, 64 * uint64_t{base.shnum}},
            {base.symtab_off, base.strtab_off - base.symtab_off},
            {base.strtab_off, base.strtab_size},
            {0, b.size()},
        };
        const int mutations = static_cast<int>(uniform(1, 3));
        for (int m = 0; m < mutations && !b.empty(); ++m) {
            const auto& r = regions[uniform(0, std::size(regions) - 1)];
            uint64_t start = r.first, len = r.second;
            if (len == 0) continue;
            switch (uniform(0, 4)) {
                case 0: {  // flip bits in one byte
                    uint64_t off = start + uniform(0, len - 1);
                    if (off < b.size()) b[off] ^= static_cast<uint8_t>(uniform(1, 255));
                    break;
                }
                case 1: {  // an aligned field set to all ones
                    static const int widths[] = {2, 4, 8};
                    int w = widths[uniform(0, 2)];
                    uint64_t off = (start + uniform(0, len - 1)) & ~uint64_t(w - 1);
                    if (off + w <= b.size()) put(b, off, ALL_ONES, w);
                    break;
                }
                case 2: {  // an aligned field set to an interesting value
                    static const uint64_t values[] = {0, 1, 2, 3, 0x7f, 0x80, 0xffff, 0x7fffffff, 0x80000000,
                                                      0xffffffff, 0x8000000000000000ull, ALL_ONES - 55};
                    static const int widths[] = {2, 4, 8};
                    int w = widths[uniform(0, 2)];
                    uint64_t off = (start + uniform(0, len - 1)) & ~uint64_t(w - 1);
                    uint64_t v = uniform(0, 3) == 0 ? b.size() + uniform(0, 64) - 32 : values[uniform(0, 11)];
                    if (off + w <= b.size()) put(b, off, v, w);
                    break;
                }
                case 3:  // truncate
                    b.resize(uniform(0, b.size() - 1));
                    break;
                case 4: {  // random byte anywhere in the region
                    uint64_t off = start + uniform(0, len - 1);
                    if (off < b.size()) b[off] = static_cast<uint8_t>(uniform(0, 255));
                    break;
                }
            }
        }
        try {
            ElfFile f = ElfFile::parse(b, kName);
            ++accepted;
            REQUIRE_FALSE(f.segments.empty());
            for (const ElfSegment& s : f.segments) REQUIRE(s.data.size() <= s.memsz);
        } catch (const ElfError& e) {
            ++rejected;
            std::string msg = e.what();
            if (msg.rfind(kName + ": ", 0) != 0) FAIL("message lacks the path: " << msg);
            // The reader's last-resort bounds check must never be what catches a bad file.
            if (msg.find("internal error") != std::string::npos) FAIL("iteration " << it << ": " << msg);
            if (std::getenv("UINTRSIM_ELF_FUZZ_VERBOSE")) std::fprintf(stderr, "%s\n", msg.c_str());
        } catch (const std::exception& e) {
            FAIL("iteration " << it << ": unexpected exception type: " << e.what());
        } catch (...) {
            FAIL("iteration " << it << ": unexpected non-std exception");
        }
    }
    INFO("accepted " << accepted << ", rejected " << rejected);
    CHECK(accepted + rejected == kIterations);
    CHECK(accepted > 50);   // the mutations are not all fatal ...
    CHECK(rejected > 1000); // ... and most of them are caught
}
