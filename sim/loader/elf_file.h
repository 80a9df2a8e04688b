// Strict, crash-proof reader for statically linked ELF64 little-endian RISC-V executables.
//
// The bytes are parsed by hand (no libelf); every read is bounds-checked and every
// offset/size sum is computed with overflow checks, so a malformed or malicious file
// produces an ElfError, never an out-of-bounds read or a wrapped address.
//
// Every ElfError message starts with "<path>: " and names what is wrong and where
// (file offset, program header index, section index, symbol index), e.g.
//   prog.elf: program header 3 at offset 0x1234 extends past end of file (size 4096)
//
// What is accepted:
//   * ELFCLASS64, ELFDATA2LSB, EV_CURRENT, e_machine EM_RISCV (243), e_type ET_EXEC.
//     ET_DYN (PIE / shared objects) and ET_REL (object files) are rejected.
//   * At least one PT_LOAD segment. For each PT_LOAD: p_filesz <= p_memsz, its file data
//     lies inside the file, and p_vaddr + p_memsz and p_paddr + p_memsz do not wrap past
//     2^64. PT_LOAD segments must not overlap in physical address ([p_paddr, p_paddr +
//     p_memsz), empty segments never overlap). Other program header types are ignored
//     (their header must still lie inside the file). p_align is not checked.
//   * Section headers are optional (e_shoff == 0 and e_shnum == 0 means "no sections",
//     and then there are no symbols). If present, every header and the file data of every
//     section other than SHT_NULL/SHT_NOBITS must lie inside the file, e_shstrndx must be
//     in range and name an SHT_STRTAB, and every sh_name must be a NUL-terminated string
//     inside it. Extended numbering (e_shnum == 0, e_shstrndx == SHN_XINDEX,
//     e_phnum == PN_XNUM, with the real values in section header 0) is supported.
//   * Symbols come from the (at most one) SHT_SYMTAB section: sh_entsize must be 24,
//     sh_size a multiple of 24, and sh_link must name an SHT_STRTAB section.
//     Policy for bad symbol names: a symbol whose st_name offset is outside the string
//     table, or whose name is not NUL-terminated inside it, is an ERROR (not skipped) —
//     a corrupt symbol table would otherwise silently lose e.g. `tohost`.
//     Kept symbols: non-empty name, type STT_NOTYPE/STT_OBJECT/STT_FUNC, defined
//     (st_shndx not SHN_UNDEF and not SHN_COMMON; SHN_ABS is kept). If a name occurs more
//     than once, a global/weak symbol wins over a local one; otherwise the first wins.
//   * The entry point is not required to lie inside a segment.
//
// The simulator loads segments by physical address (like Spike / riscv-tests without
// virtual memory); both vaddr and paddr are kept.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace uintrsim {

class ElfError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ElfSegment {
    uint64_t vaddr = 0;
    uint64_t paddr = 0;
    uint64_t memsz = 0;
    std::vector<uint8_t> data;  // the p_filesz bytes from the file; memsz - data.size() bytes of zeros follow
    bool readable = false;
    bool writable = false;
    bool executable = false;
};

// One kept .symtab entry (see the policy above), with its size and kind, for symbolization.
struct ElfSymbol {
    std::string name;
    uint64_t value = 0;
    uint64_t size = 0;
    uint8_t type = 0;      // STT_NOTYPE 0, STT_OBJECT 1, STT_FUNC 2
    bool global = false;   // STB_GLOBAL or STB_WEAK
    bool absolute = false; // SHN_ABS
};

struct ElfFile {
    std::string path;
    uint64_t entry = 0;
    std::vector<ElfSegment> segments;         // PT_LOAD only, in program header order
    std::map<std::string, uint64_t> symbols;  // from .symtab (see policy above)
    std::vector<ElfSymbol> symbol_table;      // every kept entry, duplicates too, in file order

    std::optional<uint64_t> symbol(std::string_view name) const;

    // The largest file load() reads (guest ELFs are kilobytes to megabytes).
    static constexpr uint64_t kMaxFileBytes = uint64_t(1) << 30;
    // Reads and parses a regular file of at most kMaxFileBytes; throws ElfError (including
    // "<path>: cannot open: <strerror>"). Never blocks: a FIFO or device is refused.
    static ElfFile load(const std::string& path);
    // Parses an in-memory image; name_for_errors prefixes every message and becomes `path`.
    static ElfFile parse(const std::vector<uint8_t>& bytes, const std::string& name_for_errors);
};

}  // namespace uintrsim
