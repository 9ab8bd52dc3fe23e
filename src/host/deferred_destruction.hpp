// A Host destroyed (or replaced by move assignment) from inside its own
// plugin code: an init, an exit, a hook handler, an event callback or a
// parallel handler. Freeing the state there would pull it from under the
// code still running on it, so its destruction is deferred to a thread of
// its own, which waits until that code has returned (a grace period for
// dispatches, the lifecycle lock for init and exit, the join of parallel
// runs), then finishes the plugins as the destructor would have and frees
// the state.
#pragma once

#include "host/host_state.hpp"

#include <memory>
#include <string>

namespace tenon::detail {

/// Takes `state` over and destroys it on a thread of its own, as above.
/// Logs a warning naming `why`. Never blocks the caller. Thread-safe.
void defer_destruction(std::unique_ptr<HostState> state, std::string why) noexcept;

/// Blocks until every deferred destruction begun so far has finished.
/// Thread-safe; must not be called from the plugin code of a Host whose
/// destruction is pending (it would wait for itself).
void join_deferred_destructions();

/// Host::finish on a state: exit in reverse order, then unload, under the lifecycle lock.
void finish_state(HostState &state, int stage, int result);

}  // namespace tenon::detail
