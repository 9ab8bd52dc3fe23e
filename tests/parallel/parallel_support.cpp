#include "parallel_support.hpp"

#include <algorithm>
#include <cerrno>
#include <stdexcept>

namespace parallel_test {

namespace {
// The C entry points of the service reach the test's Control through this.
Control *active = nullptr;
}  // namespace

tenon::HostConfig parallel_config(unsigned worker_threads) {
    tenon::HostConfig config = tenon_test::test_config();
    config.hooks.push_back(tenon::HookDecl::of<par_work_hook>());
    config.hooks.push_back(tenon::HookDecl::of<par_last_hook>());
    config.hooks.push_back(tenon::HookDecl::of<par_idle_hook>());
    config.worker_threads = worker_threads;
    return config;
}

Control::Control()
    : table_{&record_entry,         &wait_gate_entry,         &open_gate_entry,
             &on_host_thread_entry, &past_safety_bound_entry, &reenter_entry} {
    if (active != nullptr) {
        throw std::logic_error("one parallel_test::Control at a time");
    }
    active = this;
}

Control::~Control() {
    active = nullptr;
}

void Control::provide_to(tenon::Host &host) const {
    host.provide_service(PARALLEL_CONTROL_SERVICE, const_cast<parallel_control *>(&table_));
}

void Control::record(std::string_view who, std::string_view event) {
    {
        std::lock_guard lock(mutex_);
        events_.push_back(std::string(who) + ": " + std::string(event));
    }
    changed_.notify_all();
}

Strings Control::events() const {
    std::lock_guard lock(mutex_);
    return events_;
}

void Control::clear() {
    std::lock_guard lock(mutex_);
    events_.clear();
}

std::size_t Control::count_locked(std::string_view event) const {
    const std::string suffix = ": " + std::string(event);
    return static_cast<std::size_t>(std::count_if(events_.begin(), events_.end(), [&](const std::string &entry) {
        return entry.size() >= suffix.size() && entry.compare(entry.size() - suffix.size(), suffix.size(), suffix) == 0;
    }));
}

bool Control::wait_for(std::string_view event, std::size_t count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kSafetyBound, [&] { return count_locked(event) >= count; });
}

void Control::open_gate() {
    {
        std::lock_guard lock(mutex_);
        open_ = true;
    }
    changed_.notify_all();
}

void Control::record_entry(const char *plugin, const char *event) {
    active->record(plugin, event);
}

int Control::wait_gate_entry() {
    std::unique_lock lock(active->mutex_);
    return active->changed_.wait_for(lock, kSafetyBound, [] { return active->open_; }) ? 0 : -ETIMEDOUT;
}

void Control::open_gate_entry() {
    active->open_gate();
}

int Control::on_host_thread_entry() {
    return std::this_thread::get_id() == active->host_thread_ ? 1 : 0;
}

int Control::past_safety_bound_entry() {
    return std::chrono::steady_clock::now() - active->created_ > kSafetyBound ? 1 : 0;
}

int Control::reenter_entry(int what) {
    return active->reenter_ ? active->reenter_(what) : -ENOSYS;
}

Results results_of(const tenon::ParallelOutcome &outcome) {
    Results out;
    for (const tenon::HandlerResult &result : outcome.results) {
        out.emplace_back(std::string(result.plugin), result.result);
    }
    return out;
}

Strings sorted(Strings events) {
    std::sort(events.begin(), events.end());
    return events;
}

Strings unordered(const Strings &events, std::size_t first, std::size_t count) {
    if (first + count > events.size()) {
        return {"(only " + std::to_string(events.size()) + " events)"};
    }
    const auto begin = events.begin() + static_cast<std::ptrdiff_t>(first);
    return sorted(Strings(begin, begin + static_cast<std::ptrdiff_t>(count)));
}

void ParallelTest::create_host(unsigned worker_threads) {
    auto created = tenon::Host::create(parallel_config(worker_threads));
    ASSERT_TRUE(created) << created.error().message;
    host_.emplace(std::move(created.value()));
    recorder_.attach(*host_);
    control_.provide_to(*host_);
}

void ParallelTest::load(std::initializer_list<std::string> names) {
    ASSERT_NO_FATAL_FAILURE(HostTest::load(names));
    control_.clear();
}

void ParallelTest::TearDown() {
    control_.open_gate();  // a failed test may have left handlers at the gate
    HostTest::TearDown();
    host_.reset();  // before control_ goes: nothing may call the service after this
}

}  // namespace parallel_test
