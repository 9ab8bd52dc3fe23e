// Prints the table scripts/bench shows: the medians of a tenon-bench JSON
// run and the ratios the performance goals are stated in, each marked
// against its goal.
//
//   tenon-bench-report results.json
//
// Reads Google Benchmark's JSON (--benchmark_out_format=json) with
// --benchmark_repetitions and the "median" aggregates. Times are real time.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <string>

namespace {

using json = nlohmann::json;

struct Median {
    double nanoseconds = 0;
    json entry;
};

double to_nanoseconds(double value, const std::string &unit) {
    if (unit == "us") {
        return value * 1e3;
    }
    if (unit == "ms") {
        return value * 1e6;
    }
    if (unit == "s") {
        return value * 1e9;
    }
    return value;
}

class Results {
public:
    explicit Results(const json &document) {
        for (const json &entry : document.at("benchmarks")) {
            if (entry.value("run_type", "") == "aggregate" && entry.value("aggregate_name", "") == "median") {
                medians_[entry.at("run_name").get<std::string>()] = {
                    to_nanoseconds(entry.at("real_time").get<double>(), entry.value("time_unit", "ns")), entry};
            }
        }
    }
    const Median *find(const std::string &name) const {
        const auto it = medians_.find(name);
        return it == medians_.end() ? nullptr : &it->second;
    }
    bool empty() const { return medians_.empty(); }

private:
    std::map<std::string, Median> medians_;
};

std::string cell(const Median *median, double scale, const char *format) {
    if (median == nullptr) {
        return "-";
    }
    char text[32];
    std::snprintf(text, sizeof text, format, median->nanoseconds / scale);
    return text;
}

std::optional<double> ratio(const Median *a, const Median *b) {
    if (a == nullptr || b == nullptr || b->nanoseconds == 0) {
        return std::nullopt;
    }
    return a->nanoseconds / b->nanoseconds;
}

std::string ratio_cell(std::optional<double> value) {
    if (!value) {
        return "-";
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", *value);
    return text;
}

// "met" or "MISSED" against an upper (or, for speedups, lower) bound.
std::string verdict(std::optional<double> value, double goal, bool at_most) {
    if (!value) {
        return "not run";
    }
    const bool met = at_most ? *value <= goal : *value >= goal;
    char text[48];
    std::snprintf(text, sizeof text, "%s (goal %s %g)", met ? "met" : "MISSED", at_most ? "<=" : ">=", goal);
    return text;
}

int misses = 0;
void count(const std::string &text) {
    misses += text.rfind("MISSED", 0) == 0 ? 1 : 0;
}

void dispatch_table(const Results &results) {
    std::printf("Dispatch: ns per call (median)\n");
    std::printf("%-13s %3s %9s %9s %9s %9s %12s %16s  %s\n", "family", "n", "tenon", "array", "criu_list", "std_func",
                "tenon/array", "tenon/criu_list", "goal");
    for (const char *family : {"BM_CallFirst", "BM_Broadcast", "BM_Event"}) {
        const bool is_event = std::string(family) == "BM_Event";
        for (int n : {1, 8, 64}) {
            if (is_event && n == 64) {
                continue;
            }
            const std::string suffix = "/" + std::to_string(n);
            const Median *tenon = results.find(std::string(family) + "/tenon" + suffix);
            const Median *array = results.find(std::string(family) + "/array" + suffix);
            const Median *criu = results.find(std::string(family) + "/criu_list" + suffix);
            const Median *function = results.find(std::string(family) + "/std_function" + suffix);
            if (tenon == nullptr && array == nullptr) {
                continue;
            }
            const std::string goal = verdict(ratio(tenon, array), is_event ? 1.15 : 1.10, true);
            count(goal);
            std::printf("%-13s %3d %9s %9s %9s %9s %12s %16s  %s\n", family, n, cell(tenon, 1, "%.2f").c_str(),
                        cell(array, 1, "%.2f").c_str(), cell(criu, 1, "%.2f").c_str(),
                        cell(function, 1, "%.2f").c_str(), ratio_cell(ratio(tenon, array)).c_str(),
                        ratio_cell(ratio(tenon, criu)).c_str(), goal.c_str());
        }
    }
}

void load_table(const Results &results) {
    const Median *tenon = results.find("BM_Load/tenon/1000");
    const Median *bare = results.find("BM_Load/dlopen/1000");
    std::printf("\nLoad: 1,000 plugins, ms (median)\n");
    const std::string goal = verdict(ratio(tenon, bare), 1.25, true);
    count(goal);
    std::printf("  tenon %s   dlopen %s   tenon/dlopen %s  %s\n", cell(tenon, 1e6, "%.1f").c_str(),
                cell(bare, 1e6, "%.1f").c_str(), ratio_cell(ratio(tenon, bare)).c_str(), goal.c_str());
    std::optional<double> bytes;
    if (tenon != nullptr && tenon->entry.contains("bytes_per_plugin")) {
        bytes = tenon->entry.at("bytes_per_plugin").get<double>();
    }
    const std::string bytes_goal = verdict(bytes, 4096, true);
    count(bytes_goal);
    std::printf("  bytes_per_plugin %s  %s\n", bytes ? std::to_string(static_cast<long>(*bytes)).c_str() : "-",
                bytes_goal.c_str());
    // The variants have no goal of their own; what a signature costs is the
    // signed load over the sealed one (both map sealed copies), per plugin.
    const Median *sealed = results.find("BM_Load/tenon_sealed/1000");
    const Median *signed_files = results.find("BM_Load/tenon_signed/1000");
    std::printf("  tenon_sealed %s (/dlopen %s)   tenon_signed %s (/dlopen %s)\n", cell(sealed, 1e6, "%.1f").c_str(),
                ratio_cell(ratio(sealed, bare)).c_str(), cell(signed_files, 1e6, "%.1f").c_str(),
                ratio_cell(ratio(signed_files, bare)).c_str());
    if (sealed != nullptr && signed_files != nullptr) {
        std::printf("  signature check per plugin: %.1f us\n",
                    (signed_files->nanoseconds - sealed->nanoseconds) / 1e3 / 1000);
    }
}

// BM_Parse/N: the cost per record must stay flat as N grows (linear checks).
void parse_table(const Results &results) {
    std::printf("\nParse: ns per record (median), flat when every check is linear\n ");
    for (int records : {1000, 10000, 100000}) {
        const Median *parse = results.find("BM_Parse/" + std::to_string(records));
        std::printf("  %d: %s", records, parse != nullptr ? cell(parse, records, "%.0f").c_str() : "-");
    }
    std::printf("\n");
}

void parallel_table(const Results &results) {
    const Median *parallel = results.find("BM_Parallel/parallel");
    const Median *sequential = results.find("BM_Parallel/sequential");
    std::printf("\nParallel hooks: 4 handlers x ~50 ms, host ~100 ms, ms (median)\n");
    const std::string goal = verdict(ratio(sequential, parallel), 1.7, false);
    count(goal);
    std::printf("  parallel %s   sequential %s   sequential/parallel %s  %s\n", cell(parallel, 1e6, "%.1f").c_str(),
                cell(sequential, 1e6, "%.1f").c_str(), ratio_cell(ratio(sequential, parallel)).c_str(), goal.c_str());
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: tenon-bench-report results.json\n");
        return 2;
    }
    std::ifstream in(argv[1]);
    if (!in) {
        std::fprintf(stderr, "tenon-bench-report: %s: cannot open\n", argv[1]);
        return 2;
    }
    json document;
    try {
        document = json::parse(in);
    } catch (const json::exception &error) {
        std::fprintf(stderr, "tenon-bench-report: %s: not Google Benchmark JSON: %s\n", argv[1], error.what());
        return 2;
    }
    const Results results(document);
    if (results.empty()) {
        std::fprintf(stderr,
                     "tenon-bench-report: %s: expected median aggregates (--benchmark_repetitions), found none\n",
                     argv[1]);
        return 2;
    }
    dispatch_table(results);
    load_table(results);
    parse_table(results);
    parallel_table(results);
    std::printf("\n%d goal(s) missed; see docs/performance.md for why.\n", misses);
    return 0;
}
