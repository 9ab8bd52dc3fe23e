// Helpers for the parallel tests: the test host's configuration with the
// parallel hooks, the "parallel.control" service the fixtures talk to (one
// event log shared with the host thread, a gate, reentry into the host), and
// a test base that creates its host with the worker count a test needs.
#pragma once

#include "host_test.hpp"
#include "parallel_api.h"
#include "parallel_control.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace parallel_test {

using tenon_test::Strings;

/// The longest any wait for another thread may take. A safety net that a
/// passing test never reaches: a test that hits it has failed (or would hang).
inline constexpr std::chrono::seconds kSafetyBound{30};

/// tenon_test::test_config() plus par_work, par_last and par_idle, with `worker_threads` workers.
tenon::HostConfig parallel_config(unsigned worker_threads);

/// The service "parallel.control" of one test (see fixtures/parallel_control.h).
/// At most one exists at a time: its C entry points reach it through a global.
/// Create it on the test's thread, which on_host_thread() then reports as the host's.
class Control {
public:
    Control();
    ~Control();
    Control(const Control &) = delete;
    Control &operator=(const Control &) = delete;

    void provide_to(tenon::Host &host) const;
    /// Appends "<who>: <event>"; the host thread records as "host".
    void record(std::string_view who, std::string_view event);
    Strings events() const;
    void clear();
    /// Waits until `count` events end in ": <event>"; false once kSafetyBound passed first.
    bool wait_for(std::string_view event, std::size_t count);
    void open_gate();
    /// What the "reenter" fixture's calls do; called on whichever thread runs the handler.
    void on_reenter(std::function<int(int)> reenter) { reenter_ = std::move(reenter); }

private:
    static void record_entry(const char *plugin, const char *event);
    static int wait_gate_entry();
    static void open_gate_entry();
    static int on_host_thread_entry();
    static int past_safety_bound_entry();
    static int reenter_entry(int what);
    std::size_t count_locked(std::string_view event) const;

    const std::thread::id host_thread_ = std::this_thread::get_id();
    const std::chrono::steady_clock::time_point created_ = std::chrono::steady_clock::now();
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    Strings events_;     // guarded by mutex_
    bool open_ = false;  // guarded by mutex_
    std::function<int(int)> reenter_;
    parallel_control table_;
};

/// (plugin, result) pairs of an outcome, for whole-list comparisons.
using Results = std::vector<std::pair<std::string, int>>;
Results results_of(const tenon::ParallelOutcome &outcome);

/// events[first, first + count), sorted: a group of events whose order among themselves is not defined.
Strings unordered(const Strings &events, std::size_t first, std::size_t count);
Strings sorted(Strings events);

/// A strict test host (see tenon_test::HostTest) whose configuration adds the
/// parallel hooks, with the control service provided. Each test calls
/// create_host with its worker count; the gate opens before the host finishes.
class ParallelTest : public tenon_test::HostTest {
protected:
    void SetUp() override {}
    void TearDown() override;
    void create_host(unsigned worker_threads);
    /// Loads exactly these fixtures (see HostTest::load), then clears the event
    /// log, so that it starts at the test's own runs.
    void load(std::initializer_list<std::string> names);
    tenon::Hook<par_work_hook> work() const { return hook<par_work_hook>(); }

    Control control_;
};

}  // namespace parallel_test
