// Harness: the recogniser of plugins built against CRIU's own headers, as
// the loader runs it on a file without Tenon metadata
// (src/host/foreign.cpp): the ELF header and tables, then the dynamic symbol
// table searched for the CRIU format's marker symbols (with their sizes and
// initial bytes), then the format's check_file on what was found
// (CR_PLUGIN_DESC's version, max_hooks and size). Nothing is dlopened.
#include "fuzz_support.hpp"

#include "metadata/dynamic_symbols.hpp"
#include "metadata/elf_image.hpp"

#include <tenon/compat/criu/profile.hpp>

#include <algorithm>

using namespace tenon::detail;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    static tenon_fuzz::MemfdInput input;
    static const tenon::ForeignFormat format = tenon::criu::binary_format();
    input.load(data, size);
    const tenon::LoadLimits limits;

    auto image = ElfImage::read(input.fd(), size, input.path());
    if (!image) {
        tenon_fuzz::require_escaped(image.error());
        return 0;
    }
    auto symbols = defined_dynamic_symbols(*image, limits, format.marker_symbols);
    if (!symbols) {
        tenon_fuzz::require_escaped(symbols.error());
        return 0;
    }
    // The reader promises the defined symbols among those asked for, in the
    // order asked, each once: a subsequence of marker_symbols.
    auto next = format.marker_symbols.begin();
    for (const tenon::ForeignSymbol &symbol : *symbols) {
        next = std::find(next, format.marker_symbols.end(), symbol.name);
        if (next == format.marker_symbols.end()) {
            tenon_fuzz::fail("defined_dynamic_symbols returned a symbol not asked for, out of order or twice: " +
                             tenon::escape_untrusted(symbol.name));
        }
        ++next;
        if (symbol.initial_bytes.size() > max_symbol_bytes) {
            tenon_fuzz::fail("defined_dynamic_symbols copied more than max_symbol_bytes of " + symbol.name);
        }
    }
    if (symbols->empty()) {
        return 0;  // not a CRIU plugin: the loader would refuse it as having no metadata
    }
    const tenon::ForeignFile file{input.path(), std::move(*symbols)};
    if (const tenon::Error error = format.check_file(file); error.code != tenon::Errc::ok) {
        tenon_fuzz::require_escaped(error);
    }
    return 0;
}
