#include <tenon/error.hpp>

namespace tenon {

std::string_view to_string(Errc code) noexcept {
    switch (code) {
        case Errc::ok:
            return "ok";
        case Errc::io_error:
            return "io_error";
        case Errc::not_regular_file:
            return "not_regular_file";
        case Errc::not_elf:
            return "not_elf";
        case Errc::truncated_elf:
            return "truncated_elf";
        case Errc::wrong_elf_class:
            return "wrong_elf_class";
        case Errc::wrong_byte_order:
            return "wrong_byte_order";
        case Errc::wrong_architecture:
            return "wrong_architecture";
        case Errc::not_shared_object:
            return "not_shared_object";
        case Errc::no_metadata:
            return "no_metadata";
        case Errc::bad_magic:
            return "bad_magic";
        case Errc::malformed_metadata:
            return "malformed_metadata";
        case Errc::abi_incompatible:
            return "abi_incompatible";
        case Errc::interface_mismatch:
            return "interface_mismatch";
        case Errc::interface_too_new:
            return "interface_too_new";
        case Errc::interface_too_old:
            return "interface_too_old";
        case Errc::unknown_hook:
            return "unknown_hook";
        case Errc::signature_mismatch:
            return "signature_mismatch";
        case Errc::dispatch_mode_mismatch:
            return "dispatch_mode_mismatch";
        case Errc::duplicate_hook:
            return "duplicate_hook";
        case Errc::duplicate_plugin:
            return "duplicate_plugin";
        case Errc::missing_dependency:
            return "missing_dependency";
        case Errc::dependency_version:
            return "dependency_version";
        case Errc::dependency_cycle:
            return "dependency_cycle";
        case Errc::already_loaded:
            return "already_loaded";
        case Errc::dlopen_failed:
            return "dlopen_failed";
        case Errc::changed_on_disk:
            return "changed_on_disk";
        case Errc::init_failed:
            return "init_failed";
        case Errc::directory_not_found:
            return "directory_not_found";
        case Errc::directory_unreadable:
            return "directory_unreadable";
        case Errc::invalid_config:
            return "invalid_config";
        case Errc::invalid_state:
            return "invalid_state";
        case Errc::invalid_argument:
            return "invalid_argument";
        case Errc::not_loaded:
            return "not_loaded";
        case Errc::unknown_event:
            return "unknown_event";
        case Errc::not_subscribed:
            return "not_subscribed";
        case Errc::plugin_required:
            return "plugin_required";
        case Errc::plugin_in_use:
            return "plugin_in_use";
        case Errc::missing_plugin:
            return "missing_plugin";
    }
    return "unknown";
}

}  // namespace tenon
