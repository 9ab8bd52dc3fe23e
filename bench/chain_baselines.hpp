// The structures Tenon's dispatch is compared against, built over the very
// same handler functions (obtained with dlsym from the loaded plugin files).
#pragma once

#include <functional>
#include <memory>
#include <vector>

namespace bench {

using handler = int (*)(int);

/// CRIU's run_plugins structure: per hook, an intrusive doubly-linked list
/// whose nodes live inside separately allocated per-plugin records, reached
/// back through container_of.
class CriuStyleChain {
public:
    explicit CriuStyleChain(const std::vector<handler> &handlers);
    ~CriuStyleChain();
    CriuStyleChain(const CriuStyleChain &) = delete;
    CriuStyleChain &operator=(const CriuStyleChain &) = delete;

    int call_first(int value) const;
    int broadcast(int value) const;

private:
    struct list_head {
        list_head *next;
        list_head *prev;
    };
    struct plugin_record;
    list_head head_;
};

/// A loop over std::function, the usual "flexible" C++ choice.
struct FunctionChain {
    std::vector<std::function<int(int)>> handlers;
    int call_first(int value) const;
    int broadcast(int value) const;
};

}  // namespace bench
