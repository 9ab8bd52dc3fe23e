// BM_CallFirst/<impl>/<n> and BM_Broadcast/<impl>/<n>: a chain of n handlers
// in n real plugin files. tenon dispatches through the host API; array, criu_list
// and std_function call the same functions, found with dlsym in the same files.
// BM_Event/<impl>/<n>: a host event with n callbacks (one per plugin file,
// subscribed by the host); array calls the same callbacks with the same userdata.
// main also registers BM_Parallel/<mode> (parallel_bench.cpp).
#include "bench_hooks.h"
#include "chain_baselines.hpp"
#include "parallel_bench.hpp"

#include <tenon/host.hpp>

#include <benchmark/benchmark.h>
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

// n-1 chain members plus the claimer, loaded once per n and kept for the run.
struct EventCallback {
    bench_event_callback function;
    void *userdata;
};

struct Chain {
    tenon::Host host;
    std::vector<bench::handler> call_first;  // n-1 decliners, then the claimer
    std::vector<bench::handler> broadcast;   // n accepters
    std::vector<EventCallback> event;        // n bench_on_event callbacks, as subscribed
};

// A process maps a plugin file once, and Tenon lets one Host hold it, so each
// chain length loads its own copies of the plugin files.
class CopiedPlugins {
public:
    CopiedPlugins() {
        std::string pattern = (std::filesystem::temp_directory_path() / "tenon-bench-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        root_ = pattern;
    }
    ~CopiedPlugins() {
        std::error_code ignored;
        std::filesystem::remove_all(root_, ignored);
    }
    std::string copy(int chain, const std::string &name) const {
        const auto directory = root_ / ("chain_" + std::to_string(chain));
        std::filesystem::create_directories(directory);
        const auto target = directory / (name + ".so");
        std::filesystem::copy_file(std::filesystem::path(BENCH_PLUGIN_DIR) / (name + ".so"), target,
                                   std::filesystem::copy_options::overwrite_existing);
        return target.string();
    }

private:
    std::filesystem::path root_;
};

const CopiedPlugins &copies() {
    static const CopiedPlugins instance;
    return instance;
}

template <typename Function = bench::handler>
Function lookup(const std::string &file, const char *symbol) {
    void *handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);  // the copy Tenon mapped
    void *function = handle != nullptr ? dlsym(handle, symbol) : nullptr;
    if (function == nullptr) {
        throw std::runtime_error("dlsym " + std::string(symbol) + " in " + file + " failed");
    }
    dlclose(handle);  // drop the reference NOLOAD took; Tenon keeps its own
    return reinterpret_cast<Function>(function);
}

// Every chain built during the run; finished before main returns.
std::map<int, std::unique_ptr<Chain>> &chains() {
    static std::map<int, std::unique_ptr<Chain>> all;
    return all;
}

Chain &chain_of(int n) {
    auto &slot = chains()[n];
    if (slot) {
        return *slot;
    }
    tenon::HostConfig config;
    config.interface_name = "bench";
    config.hooks = {tenon::HookDecl::of<bench_call_first_hook>(), tenon::HookDecl::of<bench_broadcast_hook>()};
    config.events = {tenon::EventDecl::of<bench_event_event>()};
    auto host = tenon::Host::create(config);
    tenon::PluginSources sources;
    std::vector<std::string> members;
    for (int i = 1; i < n; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "member_%02d", i);
        members.push_back(copies().copy(n, name));
        sources.files.emplace_back(members.back());
    }
    const std::string claimer = copies().copy(n, "claimer");
    sources.files.emplace_back(claimer);
    const auto report = host->load(sources, 0);
    if (!report.ok()) {
        throw std::runtime_error(report.errors.front().message);
    }
    slot = std::make_unique<Chain>(Chain{std::move(host.value()), {}, {}, {}});
    for (const auto &file : members) {
        slot->call_first.push_back(lookup(file, "bench_decline"));
        slot->broadcast.push_back(lookup(file, "bench_accept"));
    }
    slot->call_first.push_back(lookup(claimer, "bench_claim"));
    slot->broadcast.push_back(lookup(claimer, "bench_accept"));
    std::vector<std::string> files = members;
    files.push_back(claimer);
    for (const auto &file : files) {
        const auto callback = lookup<bench_event_callback>(file, "bench_on_event");
        void *userdata = &slot->event;  // any stable address: the callbacks ignore it
        if (!slot->host.subscribe<bench_event_event>(callback, userdata)) {
            throw std::runtime_error("subscribing bench_on_event from " + file + " failed");
        }
        slot->event.push_back({callback, userdata});
    }
    return *slot;
}

// ---- first-claimer ----

void call_first_tenon(benchmark::State &state) {
    const auto hook = chain_of(static_cast<int>(state.range(0))).host.hook<bench_call_first_hook>().value();
    int value = 1;
    for (auto _ : state) {
        benchmark::DoNotOptimize(hook(value));
    }
}

void call_first_array(benchmark::State &state) {
    const auto &handlers = chain_of(static_cast<int>(state.range(0))).call_first;
    const bench::handler *array = handlers.data();
    const std::size_t count = handlers.size();
    int value = 1;
    for (auto _ : state) {
        int result = -ENOTSUP;
        for (std::size_t i = 0; i < count; ++i) {
            result = array[i](value);
            if (result != -ENOTSUP) {
                break;
            }
        }
        benchmark::DoNotOptimize(result);
    }
}

void call_first_criu_list(benchmark::State &state) {
    const bench::CriuStyleChain chain(chain_of(static_cast<int>(state.range(0))).call_first);
    int value = 1;
    for (auto _ : state) {
        benchmark::DoNotOptimize(chain.call_first(value));
    }
}

void call_first_std_function(benchmark::State &state) {
    bench::FunctionChain chain;
    for (bench::handler h : chain_of(static_cast<int>(state.range(0))).call_first) {
        chain.handlers.emplace_back(h);
    }
    int value = 1;
    for (auto _ : state) {
        benchmark::DoNotOptimize(chain.call_first(value));
    }
}

// ---- broadcast ----

void broadcast_tenon(benchmark::State &state) {
    const auto hook = chain_of(static_cast<int>(state.range(0))).host.hook<bench_broadcast_hook>().value();
    int value = 1;
    for (auto _ : state) {
        benchmark::DoNotOptimize(hook(value));
    }
}

void broadcast_array(benchmark::State &state) {
    const auto &handlers = chain_of(static_cast<int>(state.range(0))).broadcast;
    const bench::handler *array = handlers.data();
    const std::size_t count = handlers.size();
    int value = 1;
    for (auto _ : state) {
        int first_error = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const int result = array[i](value);
            if (result != 0 && result != -ENOTSUP && first_error == 0) {
                first_error = result;
            }
        }
        benchmark::DoNotOptimize(first_error);
    }
}

void broadcast_criu_list(benchmark::State &state) {
    const bench::CriuStyleChain chain(chain_of(static_cast<int>(state.range(0))).broadcast);
    int value = 1;
    for (auto _ : state) {
        benchmark::DoNotOptimize(chain.broadcast(value));
    }
}

void broadcast_std_function(benchmark::State &state) {
    bench::FunctionChain chain;
    for (bench::handler h : chain_of(static_cast<int>(state.range(0))).broadcast) {
        chain.handlers.emplace_back(h);
    }
    int value = 1;
    for (auto _ : state) {
        benchmark::DoNotOptimize(chain.broadcast(value));
    }
}

// ---- events ----

void event_tenon(benchmark::State &state) {
    const auto event = chain_of(static_cast<int>(state.range(0))).host.event<bench_event_event>().value();
    int value = 1;
    for (auto _ : state) {
        benchmark::DoNotOptimize(event(value));
    }
}

void event_array(benchmark::State &state) {
    const auto &callbacks = chain_of(static_cast<int>(state.range(0))).event;
    const EventCallback *array = callbacks.data();
    const std::size_t count = callbacks.size();
    int value = 1;
    for (auto _ : state) {
        for (std::size_t i = 0; i < count; ++i) {
            array[i].function(array[i].userdata, value);
        }
        benchmark::ClobberMemory();
    }
}

void register_family(const char *family,
                     std::initializer_list<std::pair<const char *, void (*)(benchmark::State &)>> impls) {
    for (const auto &[impl, function] : impls) {
        benchmark::RegisterBenchmark((std::string(family) + "/" + impl).c_str(), function)->Arg(1)->Arg(8)->Arg(64);
    }
}

}  // namespace

int main(int argc, char **argv) {
    register_family("BM_CallFirst", {{"tenon", call_first_tenon},
                                     {"array", call_first_array},
                                     {"criu_list", call_first_criu_list},
                                     {"std_function", call_first_std_function}});
    register_family("BM_Broadcast", {{"tenon", broadcast_tenon},
                                     {"array", broadcast_array},
                                     {"criu_list", broadcast_criu_list},
                                     {"std_function", broadcast_std_function}});
    using Bench = void (*)(benchmark::State &);
    for (const auto &[impl, function] :
         {std::pair<const char *, Bench>{"tenon", event_tenon}, std::pair<const char *, Bench>{"array", event_array}}) {
        benchmark::RegisterBenchmark((std::string("BM_Event/") + impl).c_str(), function)->Arg(1)->Arg(8);
    }
    for (int n : {1, 8, 64}) {
        chain_of(n);  // load every chain up front: no benchmark pays for (or is profiled with) loading
    }
    bench::register_parallel_benchmarks();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    for (auto &[n, chain] : chains()) {
        chain->host.finish(0, 0);
    }
    bench::finish_parallel_benchmarks();
    return 0;
}
