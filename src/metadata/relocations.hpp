// What the dynamic linker will write into a few pointer-sized places of a
// file, read from the file's own relocation tables: the phase-1 view of the
// pointers the runtime will call or write through, so that a NULL handler,
// or one bound to another object's symbol, is refused before dlopen runs any
// constructor. The mapped values are checked again after dlopen (which also
// covers what this cannot tell).
#pragma once

#include "metadata/dynamic_info.hpp"
#include "metadata/elf_image.hpp"

#include <tenon/error.hpp>
#include <tenon/policy.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace tenon::detail {

/// The link-time value one pointer-sized place will hold once relocated.
struct RelocatedValue {
    enum class Kind {
        unknown,           ///< a relocation this reader does not model (an IFUNC, say), or an unmapped place
        address,           ///< `address`, a link-time address in this file (0: NULL)
        undefined_symbol,  ///< bound to `symbol`, which this file does not define: another object's address
    };
    Kind kind = Kind::unknown;
    std::uint64_t address = 0;
    std::string symbol;
};

/// One pointer-sized place in mapped, initialised data: its link-time
/// address, and the bytes the file holds there (the caller has them already).
struct PointerPlace {
    std::uint64_t address = 0;
    std::uint64_t stored = 0;
};

/// For each place: the value the file's DT_RELA and DT_RELR tables put
/// there, or what the file holds there when no relocation names it.
/// Relocation types are modelled for x86-64, AArch64 and RISC-V; elsewhere
/// every value is `unknown`. Reads each table once (linear); refuses tables
/// outside the file's segments (bad_layout) or above
/// limits.max_symbol_table_size (limit_exceeded).
Result<std::vector<RelocatedValue>> relocated_values(const ElfImage &image, const DynamicInfo &dynamic,
                                                     const LoadLimits &limits, const std::vector<PointerPlace> &places);

}  // namespace tenon::detail
