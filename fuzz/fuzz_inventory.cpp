// Harness: Inventory::parse and serialise, checking the promise between them
// (include/tenon/inventory.hpp) both ways:
//   - the input as text: when parse accepts it, serialise must accept the
//     result and parse must read that back to an equal Inventory;
//   - the input as an Inventory built field by field (any bytes in names and
//     versions): when serialise accepts it, parse must read it back equal,
//     since serialise "refuses what parse() would refuse".
// A broken promise stops the run (__builtin_trap) with what broke on stderr.
#include "fuzz_support.hpp"

#include <tenon/inventory.hpp>

#include <fuzzer/FuzzedDataProvider.h>
#include <string_view>

namespace {

// serialise(inventory), which must succeed, read back by parse, which must give `inventory` again.
void require_round_trip(const tenon::Inventory &inventory, std::string_view what) {
    auto text = inventory.serialise();
    if (!text) {
        tenon_fuzz::fail(std::string(what) + ": serialise refused it: " + text.error().message);
    }
    auto again = tenon::Inventory::parse(*text);
    if (!again) {
        tenon_fuzz::fail(std::string(what) + ": parse refused what serialise wrote: " + again.error().message);
    }
    if (!(*again == inventory)) {
        tenon_fuzz::fail(std::string(what) +
                         ": parse(serialise(x)) differs from x; text: " + tenon::escape_untrusted(*text));
    }
}

// At most this many entries built from one input: enough for duplicates and order.
constexpr std::size_t max_built_entries = 16;

tenon::Inventory build_inventory(FuzzedDataProvider &provider) {
    tenon::Inventory inventory;
    inventory.has_list = provider.ConsumeBool();
    const std::size_t count = provider.ConsumeIntegralInRange<std::size_t>(0, max_built_entries);
    for (std::size_t i = 0; i < count && provider.remaining_bytes() > 0; ++i) {
        std::string name = provider.ConsumeRandomLengthString(64);
        std::string version = provider.ConsumeRandomLengthString(32);
        inventory.plugins.push_back({std::move(name), std::move(version)});
    }
    return inventory;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    if (auto parsed = tenon::Inventory::parse(text, "fuzz"); parsed) {
        require_round_trip(*parsed, "parsed text");
    } else {
        tenon_fuzz::require_escaped(parsed.error());
    }

    FuzzedDataProvider provider(data, size);
    const tenon::Inventory built = build_inventory(provider);
    if (auto serialised = built.serialise(); serialised) {
        require_round_trip(built, "built inventory");
    } else {
        tenon_fuzz::require_escaped(serialised.error());
    }
    return 0;
}
