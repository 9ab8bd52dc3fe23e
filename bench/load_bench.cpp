// BM_Load/<impl>/1000: load 1,000 plugins from one directory, then unload them.
//   tenon:  Host::load of the directory (every file opened once, its trust
//           policy, ELF layout, metadata, relocations and DT_NEEDED checked
//           from that descriptor, then dlopen of the descriptor, the checks
//           of the mapping, then init), then finish (exit and dlclose).
//   tenon_sealed: the same with MapMethod::sealed_copy (a sealed memfd copy
//           of each file is what is checked and mapped).
//   tenon_signed: the same with signatures required: every file carries an
//           Ed25519ph signature checked before its ELF is read (what
//           `automatic` then picks: sealed copies).
//   dlopen: the bare loop: readdir, dlopen(RTLD_NOW | RTLD_LOCAL), dlsym of one
//           symbol per file, and dlclose of all at the end.
// Counter bytes_per_plugin (tenon): what the host holds through operator new
// per loaded plugin, measured between load and finish in one untimed load
// before the timed ones (counting costs time the baseline would not pay).
#include "bench_hooks.h"
#include "heap_counter.hpp"

#include <tenon/host.hpp>
#include <tenon/signing.hpp>

#include <benchmark/benchmark.h>
#include <dirent.h>
#include <dlfcn.h>

#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

constexpr int kPlugins = 1000;

// The 1,000 plugins signed, once per process, in a directory beside them; and the key that signed them.
const tenon::PublicKey &signed_load_directory() {
    static const tenon::PublicKey key = [] {
        const tenon::KeyPair keys = tenon::generate_key_pair();
        const std::filesystem::path directory = std::string(BENCH_LOAD_DIR) + "-signed";
        std::filesystem::remove_all(directory);
        std::filesystem::copy(BENCH_LOAD_DIR, directory);
        for (const auto &entry : std::filesystem::directory_iterator(directory)) {
            if (const tenon::Error error = tenon::sign_plugin(entry.path(), keys.secret_key);
                error.code != tenon::Errc::ok) {
                throw std::runtime_error(error.message);
            }
        }
        return keys.public_key;
    }();
    return key;
}

enum class LoadVariant { plain, sealed, signed_files };

void load_tenon(benchmark::State &state, LoadVariant variant) {
    tenon::HostConfig config;
    config.interface_name = "bench";
    config.hooks = {tenon::HookDecl::of<bench_loaded_hook>()};
    tenon::PluginSources sources;
    sources.directories = {BENCH_LOAD_DIR};
    if (variant == LoadVariant::sealed) {
        config.map_method = tenon::MapMethod::sealed_copy;
    } else if (variant == LoadVariant::signed_files) {
        config.signatures.required = true;
        config.signatures.trusted_keys = {signed_load_directory()};
        sources.directories = {std::string(BENCH_LOAD_DIR) + "-signed"};
    }
    // bytes_per_plugin from one untimed load with the heap counter on.
    double bytes_per_plugin = 0;
    {
        auto host = tenon::Host::create(config);
        const bench::HeapCounting counting;
        const long long before = bench::heap_bytes_in_use();
        const tenon::LoadReport report = host->load(sources, 0);
        const long long after = bench::heap_bytes_in_use();
        if (!report.ok() || report.loaded.size() != kPlugins) {
            state.SkipWithError(report.ok() ? "not every plugin loaded" : report.errors.front().message.c_str());
            return;
        }
        bytes_per_plugin = static_cast<double>(after - before) / kPlugins;
        host->finish(0, 0);
    }
    for (auto _ : state) {
        auto host = tenon::Host::create(config);
        const tenon::LoadReport report = host->load(sources, 0);
        if (!report.ok() || report.loaded.size() != kPlugins) {
            state.SkipWithError(report.ok() ? "not every plugin loaded" : report.errors.front().message.c_str());
            break;
        }
        host->finish(0, 0);
    }
    state.counters["bytes_per_plugin"] = bytes_per_plugin;
}

void load_dlopen(benchmark::State &state) {
    const std::string directory = BENCH_LOAD_DIR;
    std::vector<void *> handles;
    handles.reserve(kPlugins);
    for (auto _ : state) {
        DIR *listing = opendir(directory.c_str());
        if (listing == nullptr) {
            state.SkipWithError("cannot open " BENCH_LOAD_DIR);
            break;
        }
        while (const dirent *entry = readdir(listing)) {
            const std::size_t length = std::strlen(entry->d_name);
            if (length < 4 || std::strcmp(entry->d_name + length - 3, ".so") != 0) {
                continue;
            }
            const std::string path = directory + "/" + entry->d_name;
            void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
            if (handle == nullptr) {
                state.SkipWithError(dlerror());
                break;
            }
            benchmark::DoNotOptimize(dlsym(handle, "tenon_plugin_descriptor"));
            handles.push_back(handle);
        }
        closedir(listing);
        if (handles.size() != kPlugins) {
            state.SkipWithError("the directory does not hold 1,000 plugins");
        }
        for (void *handle : handles) {
            dlclose(handle);
        }
        handles.clear();
    }
}

}  // namespace

// No UseRealTime(): it would append "/real_time" to the names scripts read.
// Everything runs on the benchmark's thread, and the JSON reports real time anyway.
BENCHMARK_CAPTURE(load_tenon, plain, LoadVariant::plain)->Name("BM_Load/tenon/1000")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(load_tenon, sealed, LoadVariant::sealed)
    ->Name("BM_Load/tenon_sealed/1000")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(load_tenon, signed, LoadVariant::signed_files)
    ->Name("BM_Load/tenon_signed/1000")
    ->Unit(benchmark::kMillisecond);
BENCHMARK(load_dlopen)->Name("BM_Load/dlopen/1000")->Unit(benchmark::kMillisecond);
