// BM_Parse/<records>: decode and check one plugin's descriptor and N
// requirement records (every name validated and checked for duplicates),
// straight from bytes built in memory. The cost per record must not grow with
// N: duplicate names are found with a hash set, not by comparing each record
// with every earlier one (which made 100,000 records cost 17 to 54 s).
#include "metadata/parse.hpp"

#include <benchmark/benchmark.h>

#include <cstring>
#include <string>
#include <vector>

namespace {

// A descriptor and its strings, as TENON_PLUGIN would lay them out.
std::vector<std::byte> descriptor_bytes() {
    const std::string strings{
        "parsed\0"
        "1.0.0\0"
        "bench/1\0"
        "many records\0",
        35};
    tenon_descriptor descriptor{};
    descriptor.magic = TENON_DESCRIPTOR_MAGIC;
    descriptor.size = sizeof descriptor;
    descriptor.abi_major = TENON_ABI_MAJOR;
    descriptor.abi_minor = TENON_ABI_MINOR;
    descriptor.strings_size = static_cast<std::uint32_t>(strings.size());
    descriptor.name = 0;
    descriptor.version = 7;
    descriptor.interface_id = 13;
    descriptor.description = 21;
    std::vector<std::byte> bytes(sizeof descriptor + strings.size());
    std::memcpy(bytes.data(), &descriptor, sizeof descriptor);
    std::memcpy(bytes.data() + sizeof descriptor, strings.data(), strings.size());
    return bytes;
}

// `count` requirement records, each naming another plugin ("p0000001" ...) with any version.
std::vector<std::byte> records_bytes(std::size_t count) {
    std::vector<std::byte> bytes;
    for (std::size_t i = 0; i < count; ++i) {
        char name[24];
        std::snprintf(name, sizeof name, "p%07zu", i % 10000000);
        struct {
            tenon_require_record record;
            char strings[16];
        } record{};
        record.record.header = {TENON_RECORD_REQUIRE, sizeof record};
        record.record.fixed_size = sizeof(tenon_require_record);
        record.record.name = 0;
        record.record.range = 9;  // the empty string after the name's terminator
        std::memcpy(record.strings, name, 9);
        const auto *begin = reinterpret_cast<const std::byte *>(&record);
        bytes.insert(bytes.end(), begin, begin + sizeof record);
    }
    return bytes;
}

void parse(benchmark::State &state) {
    const auto count = static_cast<std::size_t>(state.range(0));
    const std::vector<std::byte> descriptor = descriptor_bytes();
    const std::vector<std::byte> records = records_bytes(count);
    tenon::LoadLimits limits;
    limits.max_records = static_cast<std::uint32_t>(count);
    limits.max_section_size = static_cast<std::uint32_t>(records.size());
    for (auto _ : state) {
        auto parsed = tenon::detail::parse_plugin("bench.so", descriptor, records, limits);
        if (!parsed || parsed->metadata.requirements.size() != count) {
            state.SkipWithError(parsed ? "records lost" : parsed.error().message.c_str());
            break;
        }
        benchmark::DoNotOptimize(parsed);
    }
    state.counters["ns_per_record"] = benchmark::Counter(
        static_cast<double>(count), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

}  // namespace

BENCHMARK(parse)->Name("BM_Parse")->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
