// State the other files share; it also reads the services pointer, to prove one object links.
#include "multi.hpp"

#include <atomic>

namespace {
std::atomic<int> stage_seen{-1};
}

int multi::initialised_stage() {
    return tenon_plugin_services != nullptr ? stage_seen.load() : -2;
}

void multi::set_stage(int stage) {
    stage_seen.store(stage);
}
