// BM_Parallel/<mode>: four handlers, in four real plugin files, each do about
// 50 ms of CPU work (bench_cpu_work) while the host thread does about 100 ms of
// the same work. Both modes do the same 300 ms of work per iteration:
//   parallel:   bench_crunch.start() + host work + join(), on the default
//               worker count (one per CPU);
//   sequential: bench_crunch_serial() runs the four handlers one after another
//               on the host thread, then the host work.
// The sequential baseline is a broadcast hook bound to the very same handler
// functions in the very same mapped files, rather than dlsym'd calls: it is
// what a host without parallel hooks would write, and Tenon's dispatch costs
// nanoseconds against 300 ms, so the modes differ only in where the handlers
// run. Speedup = sequential / parallel; on 2 cores its ceiling is 2x.
#include "parallel_bench.hpp"

#include "bench_hooks.h"
#include "cpu_work.h"

#include <tenon/host.hpp>

#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace {

constexpr int kHandlers = 4;

struct Crunchers {
    tenon::Host host;
    tenon::Hook<bench_crunch_hook> parallel;
    tenon::Hook<bench_crunch_serial_hook> sequential;
};

std::unique_ptr<Crunchers> &crunchers() {
    static std::unique_ptr<Crunchers> instance;
    return instance;
}

void load_crunchers() {
    tenon::HostConfig config;
    config.interface_name = "bench";
    config.hooks = {tenon::HookDecl::of<bench_crunch_hook>(), tenon::HookDecl::of<bench_crunch_serial_hook>()};
    auto host = tenon::Host::create(config);
    if (!host) {
        throw std::runtime_error(host.error().message);
    }
    tenon::PluginSources sources;
    for (int i = 1; i <= kHandlers; ++i) {
        sources.files.push_back(std::filesystem::path(BENCH_PLUGIN_DIR) / ("cruncher_" + std::to_string(i) + ".so"));
    }
    const auto report = host->load(sources, 0);
    if (!report.ok()) {
        throw std::runtime_error(report.errors.front().message);
    }
    auto parallel = host->hook<bench_crunch_hook>();
    auto sequential = host->hook<bench_crunch_serial_hook>();
    if (!parallel || !sequential || parallel->size() != kHandlers || sequential->size() != kHandlers) {
        throw std::runtime_error("the cruncher plugins did not bind both hooks");
    }
    crunchers() = std::make_unique<Crunchers>(Crunchers{std::move(host.value()), parallel.value(), sequential.value()});
    // The workers start at the first parallel run; start them now with a run
    // of no work, so no measured iteration pays for creating threads.
    crunchers()->parallel.start(uint64_t{0}).join();
}

// The host thread's own work: the handlers' loop, twice as long.
void host_work() {
    benchmark::DoNotOptimize(bench_cpu_work(1, 2 * BENCH_CPU_WORK_STEPS));
}

double milliseconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

void parallel_mode(benchmark::State &state) {
    const auto &hook = crunchers()->parallel;
    // host_ms and join_ms show where an iteration's time goes: host work
    // slowed by sharing the CPUs with the workers, and waiting for (or
    // running) handlers after it.
    double host_ms = 0;
    double join_ms = 0;
    for (auto _ : state) {
        tenon::ParallelRun run = hook.start(BENCH_CPU_WORK_STEPS);
        auto start = std::chrono::steady_clock::now();
        host_work();
        host_ms += milliseconds_since(start);
        start = std::chrono::steady_clock::now();
        const tenon::ParallelOutcome &outcome = run.join();
        join_ms += milliseconds_since(start);
        if (outcome.first_error != 0 || outcome.results.size() != kHandlers) {
            state.SkipWithError("a parallel run did not run every handler");
            break;
        }
    }
    state.counters["host_ms"] = benchmark::Counter(host_ms, benchmark::Counter::kAvgIterations);
    state.counters["join_ms"] = benchmark::Counter(join_ms, benchmark::Counter::kAvgIterations);
}

void sequential_mode(benchmark::State &state) {
    const auto &hook = crunchers()->sequential;
    for (auto _ : state) {
        if (hook(BENCH_CPU_WORK_STEPS) != 0) {
            state.SkipWithError("a handler failed");
            break;
        }
        host_work();
    }
}

}  // namespace

namespace bench {

void register_parallel_benchmarks() {
    load_crunchers();
    using Bench = void (*)(benchmark::State &);
    for (const auto &[mode, function] : {std::pair<const char *, Bench>{"parallel", parallel_mode},
                                         std::pair<const char *, Bench>{"sequential", sequential_mode}}) {
        // No UseRealTime(), UseManualTime(), Iterations() or MinTime(): each
        // appends to the name ("/real_time", "/iterations:4"), and outside
        // scripts read exactly BM_Parallel/<mode>. Time (real_time) is wall
        // time either way, and is the figure to compare; the CPU column counts
        // the host thread only. The iteration count then follows the host
        // thread's CPU time, at least 100 ms an iteration: a few iterations,
        // about 10 s for the family at 5 repetitions.
        benchmark::RegisterBenchmark((std::string("BM_Parallel/") + mode).c_str(), function)
            ->Unit(benchmark::kMillisecond);
    }
}

void finish_parallel_benchmarks() {
    if (crunchers()) {
        crunchers()->host.finish(0, 0);
    }
}

}  // namespace bench
