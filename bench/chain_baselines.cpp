#include "chain_baselines.hpp"

#include <cerrno>
#include <cstddef>

namespace bench {

// Mirrors CRIU: the descriptor holds the hook pointers; the chain link sits in
// an engine-private record allocated per plugin as it loads.
struct CriuStyleChain::plugin_record {
    handler hooks[1];
    list_head link;
};

namespace {
template <typename T>
T *record_of(void *link, std::size_t offset) {
    return reinterpret_cast<T *>(static_cast<char *>(link) - offset);
}
}  // namespace

CriuStyleChain::CriuStyleChain(const std::vector<handler> &handlers) {
    head_.next = head_.prev = &head_;
    for (handler h : handlers) {
        auto *record = new plugin_record{{h}, {}};  // one allocation per plugin, as CRIU's xzalloc
        record->link.prev = head_.prev;
        record->link.next = &head_;
        head_.prev->next = &record->link;
        head_.prev = &record->link;
    }
}

CriuStyleChain::~CriuStyleChain() {
    for (list_head *node = head_.next; node != &head_;) {
        list_head *next = node->next;
        delete record_of<plugin_record>(node, offsetof(plugin_record, link));
        node = next;
    }
}

int CriuStyleChain::call_first(int value) const {
    int result = -ENOTSUP;
    for (const list_head *node = head_.next; node != &head_; node = node->next) {
        const auto *record =
            record_of<const plugin_record>(const_cast<list_head *>(node), offsetof(plugin_record, link));
        result = record->hooks[0](value);
        if (result != -ENOTSUP) {
            break;
        }
    }
    return result;
}

int CriuStyleChain::broadcast(int value) const {
    int first_error = 0;
    for (const list_head *node = head_.next; node != &head_; node = node->next) {
        const auto *record =
            record_of<const plugin_record>(const_cast<list_head *>(node), offsetof(plugin_record, link));
        const int result = record->hooks[0](value);
        if (result != 0 && result != -ENOTSUP && first_error == 0) {
            first_error = result;
        }
    }
    return first_error;
}

int FunctionChain::call_first(int value) const {
    for (const auto &h : handlers) {
        const int result = h(value);
        if (result != -ENOTSUP) {
            return result;
        }
    }
    return -ENOTSUP;
}

int FunctionChain::broadcast(int value) const {
    int first_error = 0;
    for (const auto &h : handlers) {
        const int result = h(value);
        if (result != 0 && result != -ENOTSUP && first_error == 0) {
            first_error = result;
        }
    }
    return first_error;
}

}  // namespace bench
