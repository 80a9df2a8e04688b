#include "sim/loader/elf_file.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace uintrsim {
namespace {

// ---- ELF64 constants (from the System V gABI; only what the reader needs) ----
constexpr uint64_t kEhdrSize = 64;
constexpr uint64_t kPhdrSize = 56;
constexpr uint64_t kShdrSize = 64;
constexpr uint64_t kSymSize = 24;
constexpr uint64_t kEiNident = 16;

constexpr uint8_t kElfClass32 = 1, kElfClass64 = 2;
constexpr uint8_t kElfData2Lsb = 1, kElfData2Msb = 2;
constexpr uint32_t kEvCurrent = 1;
constexpr uint16_t kEtRel = 1, kEtExec = 2, kEtDyn = 3, kEtCore = 4;
constexpr uint16_t kEmRiscv = 243;

constexpr uint32_t kPtLoad = 1;
constexpr uint32_t kPfX = 1, kPfW = 2, kPfR = 4;
constexpr uint16_t kPnXnum = 0xffff;

constexpr uint32_t kShtNull = 0, kShtSymtab = 2, kShtStrtab = 3, kShtNobits = 8;
constexpr uint16_t kShnUndef = 0, kShnAbs = 0xfff1, kShnCommon = 0xfff2, kShnXindex = 0xffff;

constexpr uint8_t kSttNotype = 0, kSttObject = 1, kSttFunc = 2;
constexpr uint8_t kStbLocal = 0;

// Elf64_Ehdr field offsets.
constexpr uint64_t kEiClass = 4, kEiData = 5, kEiVersion = 6;
constexpr uint64_t kEType = 16, kEMachine = 18, kEVersion = 20, kEEntry = 24, kEPhoff = 32,
                   kEShoff = 40, kEEhsize = 52, kEPhentsize = 54, kEPhnum = 56,
                   kEShentsize = 58, kEShnum = 60, kEShstrndx = 62;

std::string hex(uint64_t v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}

const char* machine_name(uint16_t m) {
    switch (m) {
        case 0: return "EM_NONE";
        case 2: return "SPARC";
        case 3: return "x86 (i386)";
        case 8: return "MIPS";
        case 20: return "PowerPC";
        case 21: return "PowerPC64";
        case 22: return "s390";
        case 40: return "ARM";
        case 43: return "SPARC V9";
        case 50: return "IA-64";
        case 62: return "x86-64";
        case 183: return "AArch64";
        case 243: return "RISC-V";
        case 258: return "LoongArch";
        default: return "unknown";
    }
}

bool add_overflows(uint64_t a, uint64_t b, uint64_t* out) { return __builtin_add_overflow(a, b, out); }
bool mul_overflows(uint64_t a, uint64_t b, uint64_t* out) { return __builtin_mul_overflow(a, b, out); }

struct Shdr {
    uint32_t name, type;
    uint64_t flags, addr, offset, size;
    uint32_t link, info;
    uint64_t addralign, entsize;
    uint64_t header_offset;  // where this header sits in the file
};

class Parser {
public:
    Parser(const std::vector<uint8_t>& bytes, const std::string& name) : b_(bytes), name_(name) {}

    ElfFile run() {
        ElfFile f;
        f.path = name_;
        parse_ident();
        parse_header(f);
        read_section_headers();  // before program headers: PN_XNUM needs section header 0
        parse_program_headers(f);
        parse_sections(f);
        return f;
    }

private:
    const std::vector<uint8_t>& b_;
    const std::string& name_;
    uint64_t phoff_ = 0, shoff_ = 0;
    uint64_t phnum_ = 0, shnum_ = 0, shstrndx_ = 0;
    uint16_t raw_phnum_ = 0, raw_shnum_ = 0, raw_shstrndx_ = 0;
    std::vector<Shdr> sh_;
    bool have_shstrtab_ = false;

    [[noreturn]] void fail(const std::string& msg) const { throw ElfError(name_ + ": " + msg); }

    uint64_t size() const { return b_.size(); }

    // Is [off, off + len) inside the file? Overflow-safe.
    bool in_file(uint64_t off, uint64_t len) const { return off <= size() && len <= size() - off; }

    // Defence in depth: every caller has already validated the range, but a read never
    // goes out of bounds even if a check above is wrong.
    void need(uint64_t off, uint64_t n) const {
        if (!in_file(off, n)) fail("internal error: read of " + std::to_string(n) + " bytes at offset " + hex(off) +
                                   " is past end of file (size " + std::to_string(size()) + ")");
    }
    uint8_t u8(uint64_t off) const { need(off, 1); return b_[off]; }
    uint16_t u16(uint64_t off) const {
        need(off, 2);
        return static_cast<uint16_t>(b_[off] | (b_[off + 1] << 8));
    }
    uint32_t u32(uint64_t off) const {
        need(off, 4);
        uint32_t v = 0;
        for (int i = 3; i >= 0; --i) v = (v << 8) | b_[off + i];
        return v;
    }
    uint64_t u64(uint64_t off) const {
        need(off, 8);
        uint64_t v = 0;
        for (int i = 7; i >= 0; --i) v = (v << 8) | b_[off + i];
        return v;
    }

    void parse_ident() {
        if (size() == 0) fail("not an ELF file (bad magic): the file is empty");
        static const uint8_t magic[4] = {0x7f, 'E', 'L', 'F'};
        if (size() < 4 || std::memcmp(b_.data(), magic, 4) != 0) fail("not an ELF file (bad magic)");
        if (size() < kEiNident)
            fail("truncated ELF identification: the file is " + std::to_string(size()) +
                 " bytes, e_ident needs " + std::to_string(kEiNident));
        uint8_t cls = u8(kEiClass);
        if (cls == kElfClass32) fail("ELF class 32-bit; uintrsim runs RV64 programs (ELFCLASS64)");
        if (cls != kElfClass64)
            fail("invalid ELF class " + std::to_string(cls) + " at offset " + hex(kEiClass) +
                 "; uintrsim runs RV64 programs (ELFCLASS64)");
        uint8_t data = u8(kEiData);
        if (data == kElfData2Msb)
            fail("big-endian ELF (ELFDATA2MSB at offset " + hex(kEiData) +
                 "); RISC-V programs must be little-endian (ELFDATA2LSB)");
        if (data != kElfData2Lsb)
            fail("invalid ELF data encoding " + std::to_string(data) + " at offset " + hex(kEiData) +
                 ", expected 1 (ELFDATA2LSB, little-endian)");
        uint8_t ver = u8(kEiVersion);
        if (ver != kEvCurrent)
            fail("ELF identification version is " + std::to_string(ver) + " at offset " + hex(kEiVersion) +
                 ", expected 1 (EV_CURRENT)");
    }

    void parse_header(ElfFile& f) {
        if (size() < kEhdrSize)
            fail("truncated ELF header: the file is " + std::to_string(size()) +
                 " bytes, the ELF64 header needs " + std::to_string(kEhdrSize));
        uint16_t machine = u16(kEMachine);
        if (machine != kEmRiscv)
            fail("e_machine is " + std::to_string(machine) + " (" + machine_name(machine) +
                 "), expected 243 (RISC-V)");
        uint16_t type = u16(kEType);
        if (type == kEtDyn)
            fail("e_type is ET_DYN (3): position-independent executables and shared objects are not "
                 "supported; link a static, non-PIE executable (ET_EXEC, e.g. -static -no-pie)");
        if (type == kEtRel)
            fail("e_type is ET_REL (1): this is a relocatable object file, not an executable; link it into "
                 "an ET_EXEC executable first");
        if (type != kEtExec)
            fail("e_type is " + std::to_string(type) + (type == kEtCore ? " (ET_CORE, a core dump)" : "") +
                 ", expected 2 (ET_EXEC)");
        uint32_t version = u32(kEVersion);
        if (version != kEvCurrent)
            fail("e_version is " + std::to_string(version) + " at offset " + hex(kEVersion) +
                 ", expected 1 (EV_CURRENT)");
        uint16_t ehsize = u16(kEEhsize);
        if (ehsize != kEhdrSize)
            fail("e_ehsize is " + std::to_string(ehsize) + " at offset " + hex(kEEhsize) + ", expected 64");
        f.entry = u64(kEEntry);
        phoff_ = u64(kEPhoff);
        shoff_ = u64(kEShoff);
        raw_phnum_ = u16(kEPhnum);
        raw_shnum_ = u16(kEShnum);
        raw_shstrndx_ = u16(kEShstrndx);
    }

    // Locates header `index` of a table: checked offset arithmetic and bounds.
    uint64_t table_entry(const char* what, uint64_t table_off, uint64_t index, uint64_t entsize) const {
        uint64_t rel, off;
        if (mul_overflows(index, entsize, &rel) || add_overflows(table_off, rel, &off))
            fail(std::string(what) + " " + std::to_string(index) + ": offset " + hex(table_off) + " + " +
                 std::to_string(index) + " * " + std::to_string(entsize) + " overflows 64 bits");
        if (!in_file(off, entsize))
            fail(std::string(what) + " " + std::to_string(index) + " at offset " + hex(off) +
                 " extends past end of file (size " + std::to_string(size()) + ")");
        return off;
    }

    Shdr read_shdr(uint64_t index) const {
        uint64_t off = table_entry("section header", shoff_, index, kShdrSize);
        Shdr s;
        s.header_offset = off;
        s.name = u32(off + 0);
        s.type = u32(off + 4);
        s.flags = u64(off + 8);
        s.addr = u64(off + 16);
        s.offset = u64(off + 24);
        s.size = u64(off + 32);
        s.link = u32(off + 40);
        s.info = u32(off + 44);
        s.addralign = u64(off + 48);
        s.entsize = u64(off + 56);
        return s;
    }

    void read_section_headers() {
        if (shoff_ == 0) {
            if (raw_shnum_ != 0)
                fail("e_shnum is " + std::to_string(raw_shnum_) + " but e_shoff is 0 (no section header table)");
            if (raw_phnum_ == kPnXnum)
                fail("e_phnum is PN_XNUM (0xffff) but there is no section header 0 to hold the real count");
            phnum_ = raw_phnum_;
            return;
        }
        uint16_t shentsize = u16(kEShentsize);
        if (shentsize != kShdrSize)
            fail("e_shentsize is " + std::to_string(shentsize) + " at offset " + hex(kEShentsize) +
                 ", expected 64 (sizeof(Elf64_Shdr))");
        Shdr s0 = read_shdr(0);
        shnum_ = raw_shnum_ != 0 ? raw_shnum_ : s0.size;  // extended numbering
        if (shnum_ == 0)
            fail("e_shoff is " + hex(shoff_) + " but the section count is 0 (e_shnum and section header 0 sh_size)");
        phnum_ = raw_phnum_ == kPnXnum ? s0.info : raw_phnum_;
        shstrndx_ = raw_shstrndx_ == kShnXindex ? s0.link : raw_shstrndx_;
        // Every header must be in the file before any is used; the loop stops at the first
        // bad one, so a huge count only costs as much as the file is long.
        sh_.reserve(static_cast<size_t>(std::min<uint64_t>(shnum_, size() / kShdrSize + 1)));
        for (uint64_t i = 0; i < shnum_; ++i) sh_.push_back(i == 0 ? s0 : read_shdr(i));
    }

    void parse_program_headers(ElfFile& f) {
        if (phnum_ == 0) fail("no program headers (e_phnum is 0); nothing to load");
        uint16_t phentsize = u16(kEPhentsize);
        if (phentsize != kPhdrSize)
            fail("e_phentsize is " + std::to_string(phentsize) + " at offset " + hex(kEPhentsize) +
                 ", expected 56 (sizeof(Elf64_Phdr))");
        struct Range { uint64_t lo, hi, index; };
        std::vector<Range> ranges;
        for (uint64_t i = 0; i < phnum_; ++i) {
            uint64_t off = table_entry("program header", phoff_, i, kPhdrSize);
            uint32_t type = u32(off + 0);
            if (type != kPtLoad) continue;
            uint32_t flags = u32(off + 4);
            uint64_t p_offset = u64(off + 8);
            uint64_t vaddr = u64(off + 16);
            uint64_t paddr = u64(off + 24);
            uint64_t filesz = u64(off + 32);
            uint64_t memsz = u64(off + 40);
            std::string where = "program header " + std::to_string(i) + " (PT_LOAD at offset " + hex(off) + ")";
            if (filesz > memsz)
                fail(where + ": p_filesz " + hex(filesz) + " is larger than p_memsz " + hex(memsz));
            uint64_t end;
            if (add_overflows(p_offset, filesz, &end))
                fail(where + ": p_offset " + hex(p_offset) + " + p_filesz " + hex(filesz) + " overflows 64 bits");
            if (end > size())
                fail(where + ": segment file data at offset " + hex(p_offset) + " size " + hex(filesz) +
                     " extends past end of file (size " + std::to_string(size()) + ")");
            uint64_t vend, pend;
            if (add_overflows(vaddr, memsz, &vend))
                fail(where + ": p_vaddr " + hex(vaddr) + " + p_memsz " + hex(memsz) + " overflows 64 bits");
            if (add_overflows(paddr, memsz, &pend))
                fail(where + ": p_paddr " + hex(paddr) + " + p_memsz " + hex(memsz) + " overflows 64 bits");
            ElfSegment seg;
            seg.vaddr = vaddr;
            seg.paddr = paddr;
            seg.memsz = memsz;
            need(p_offset, filesz);
            seg.data.assign(b_.begin() + static_cast<std::ptrdiff_t>(p_offset),
                            b_.begin() + static_cast<std::ptrdiff_t>(end));
            seg.readable = flags & kPfR;
            seg.writable = flags & kPfW;
            seg.executable = flags & kPfX;
            f.segments.push_back(std::move(seg));
            if (memsz != 0) ranges.push_back({paddr, pend, i});
        }
        if (f.segments.empty())
            fail("no PT_LOAD segments among the " + std::to_string(phnum_) + " program headers; nothing to load");
        std::sort(ranges.begin(), ranges.end(),
                  [](const Range& a, const Range& b) { return a.lo != b.lo ? a.lo < b.lo : a.index < b.index; });
        // Sorted by start: a range overlaps an earlier one iff it starts before the largest
        // end seen so far, so one sweep finds an overlapping pair in O(n log n).
        if (!ranges.empty()) {
            size_t far = 0;
            for (size_t k = 1; k < ranges.size(); ++k) {
                if (ranges[k].lo < ranges[far].hi) {
                    const Range& a = ranges[far].index < ranges[k].index ? ranges[far] : ranges[k];
                    const Range& c = ranges[far].index < ranges[k].index ? ranges[k] : ranges[far];
                    fail("PT_LOAD segments overlap in physical memory: program header " + std::to_string(a.index) +
                         " (paddr [" + hex(a.lo) + ", " + hex(a.hi) + ")) and program header " +
                         std::to_string(c.index) + " (paddr [" + hex(c.lo) + ", " + hex(c.hi) + "))");
                }
                if (ranges[k].hi > ranges[far].hi) far = k;
            }
        }
    }

    // Name of a section for messages; only meaningful once names are validated.
    std::string sec_label(uint64_t index) const {
        std::string label = "section " + std::to_string(index);
        if (have_shstrtab_ && index < sh_.size()) {
            const Shdr& t = sh_[shstrndx_];
            const char* p = reinterpret_cast<const char*>(b_.data() + t.offset + sh_[index].name);
            label += " (" + std::string(p) + ")";
        }
        return label;
    }

    // Is there a NUL-terminated string at `rel` inside string table section `t`? (The
    // section's file range has already been validated.)
    bool string_ok(const Shdr& t, uint64_t rel) const {
        if (rel >= t.size) return false;
        need(t.offset, t.size);
        const uint8_t* begin = b_.data() + t.offset + rel;
        const uint8_t* end = b_.data() + t.offset + t.size;
        return std::find(begin, end, uint8_t{0}) != end;
    }

    void parse_sections(ElfFile& f) {
        if (sh_.empty()) return;
        // File ranges of every section with file contents.
        for (uint64_t i = 0; i < sh_.size(); ++i) {
            const Shdr& s = sh_[i];
            if (s.type == kShtNull || s.type == kShtNobits) continue;
            uint64_t end;
            if (add_overflows(s.offset, s.size, &end))
                fail("section " + std::to_string(i) + " (header at offset " + hex(s.header_offset) + "): sh_offset " +
                     hex(s.offset) + " + sh_size " + hex(s.size) + " overflows 64 bits");
            if (end > size())
                fail("section " + std::to_string(i) + " (header at offset " + hex(s.header_offset) +
                     "): data at offset " + hex(s.offset) + " size " + hex(s.size) +
                     " extends past end of file (size " + std::to_string(size()) + ")");
        }
        // Section header string table.
        if (shstrndx_ != kShnUndef) {
            if (shstrndx_ >= sh_.size())
                fail("section header string table index " + std::to_string(shstrndx_) +
                     " (e_shstrndx) is out of range: the file has " + std::to_string(sh_.size()) +
                     " section headers");
            const Shdr& t = sh_[shstrndx_];
            if (t.type != kShtStrtab)
                fail("section header string table (section " + std::to_string(shstrndx_) + ") has type " +
                     std::to_string(t.type) + ", expected 3 (SHT_STRTAB)");
            for (uint64_t i = 0; i < sh_.size(); ++i) {
                if (!string_ok(t, sh_[i].name))
                    fail("section header " + std::to_string(i) + " (at offset " + hex(sh_[i].header_offset) +
                         "): name offset " + hex(sh_[i].name) +
                         " is out of range or unterminated in the section header string table (section " +
                         std::to_string(shstrndx_) + ", size " + std::to_string(t.size) + ")");
            }
            have_shstrtab_ = true;
        }
        // Symbol table.
        uint64_t symtab = 0;
        for (uint64_t i = 0; i < sh_.size(); ++i) {
            if (sh_[i].type != kShtSymtab) continue;
            if (symtab != 0)
                fail("more than one SHT_SYMTAB section: " + sec_label(symtab) + " and " + sec_label(i));
            symtab = i;
        }
        if (symtab == 0) return;  // stripped: no symbols
        const Shdr& st = sh_[symtab];
        const std::string stl = sec_label(symtab);
        if (st.entsize != kSymSize)
            fail(stl + ": sh_entsize is " + std::to_string(st.entsize) + ", expected 24 (sizeof(Elf64_Sym))");
        if (st.size % kSymSize != 0)
            fail(stl + ": sh_size " + hex(st.size) + " is not a multiple of 24 (sizeof(Elf64_Sym))");
        if (st.link >= sh_.size())
            fail(stl + ": sh_link " + std::to_string(st.link) + " (its string table) is out of range: the file has " +
                 std::to_string(sh_.size()) + " section headers");
        const Shdr& strtab = sh_[st.link];
        const std::string strl = sec_label(st.link);
        if (strtab.type != kShtStrtab)
            fail(stl + ": sh_link names " + strl + " of type " + std::to_string(strtab.type) +
                 ", expected 3 (SHT_STRTAB)");
        need(st.offset, st.size);
        need(strtab.offset, strtab.size);
        std::map<std::string, bool> is_global;  // binding of the symbol currently kept per name
        const uint64_t count = st.size / kSymSize;
        for (uint64_t k = 0; k < count; ++k) {
            const uint64_t off = st.offset + k * kSymSize;  // inside the checked section range
            const uint32_t name = u32(off + 0);
            const uint8_t info = u8(off + 4);
            const uint16_t shndx = u16(off + 6);
            const uint64_t value = u64(off + 8);
            if (name == 0) continue;  // st_name 0: the symbol has no name
            if (!string_ok(strtab, name))
                fail("symbol " + std::to_string(k) + " in " + stl + " at offset " + hex(off) + ": name offset " +
                     hex(name) + " is out of range or unterminated in string table " + strl + " (size " +
                     std::to_string(strtab.size) + ")");
            const uint8_t type = info & 0xf;
            const bool global = (info >> 4) != kStbLocal;
            if (type != kSttNotype && type != kSttObject && type != kSttFunc) continue;
            if (shndx == kShnUndef || shndx == kShnCommon) continue;
            std::string sname(reinterpret_cast<const char*>(b_.data() + strtab.offset + name));
            if (sname.empty()) continue;
            f.symbol_table.push_back({sname, value, u64(off + 16), type, global, shndx == kShnAbs});
            auto it = is_global.find(sname);
            if (it == is_global.end() || (global && !it->second)) {
                f.symbols[sname] = value;
                is_global[sname] = global;
            }
        }
    }
};

}  // namespace

std::optional<uint64_t> ElfFile::symbol(std::string_view name) const {
    auto it = symbols.find(std::string(name));
    if (it == symbols.end()) return std::nullopt;
    return it->second;
}

ElfFile ElfFile::parse(const std::vector<uint8_t>& bytes, const std::string& name_for_errors) {
    return Parser(bytes, name_for_errors).run();
}

ElfFile ElfFile::load(const std::string& path) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below); it does
    // not change reading a regular file.
    int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) throw ElfError(path + ": cannot open: " + std::strerror(errno));
    struct Closer { int fd; ~Closer() { ::close(fd); } } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw ElfError(path + ": cannot stat: " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw ElfError(path + ": cannot open: " + std::strerror(EISDIR));
    if (!S_ISREG(st.st_mode)) throw ElfError(path + ": cannot open: not a regular file");
    const std::string too_big = path + ": larger than " + std::to_string(kMaxFileBytes >> 20) +
                                " MiB, the loader's limit (a guest ELF is far smaller)";
    if (static_cast<uint64_t>(st.st_size) > kMaxFileBytes) throw ElfError(too_big);
    std::vector<uint8_t> bytes;
    bytes.reserve(static_cast<size_t>(st.st_size));
    uint8_t buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw ElfError(path + ": read error: " + std::strerror(errno));
        }
        if (n == 0) break;
        if (bytes.size() + static_cast<size_t>(n) > kMaxFileBytes) throw ElfError(too_big);  // grew meanwhile
        bytes.insert(bytes.end(), buf, buf + n);
    }
    return parse(bytes, path);
}

}  // namespace uintrsim
