// Human names of the metadata's enumerations, shared by messages and tools.
#include <tenon/abi.h>
#include <tenon/metadata.hpp>

namespace tenon {

std::string dispatch_mode_name(int mode) {
    switch (mode) {
        case TENON_FIRST_CLAIMER:
            return "first-claimer";
        case TENON_BROADCAST:
            return "broadcast";
        case TENON_PARALLEL:
            return "parallel";
        case TENON_NOTIFY:
            return "notify";
        default:
            return "mode " + std::to_string(mode);
    }
}

std::string priority_name(int priority) {
    switch (priority) {
        case TENON_PRIORITY_FIRST:
            return "first";
        case TENON_PRIORITY_NORMAL:
            return "normal";
        case TENON_PRIORITY_LAST:
            return "last";
        default:
            return "priority " + std::to_string(priority);
    }
}

std::string argument_type_name(int type) {
    switch (type) {
        case TENON_ARG_STRING:
            return "string";
        case TENON_ARG_BOOL:
            return "bool";
        case TENON_ARG_INT:
            return "int";
        case TENON_ARG_ANY:
            return "any";
        default:
            return "type " + std::to_string(type);
    }
}

}  // namespace tenon
