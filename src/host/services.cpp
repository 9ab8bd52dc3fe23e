// The C services table: the only door from a plugin into the host.
#include "host/host_state.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstring>
#include <cstdio>
#include <string>

namespace tenon::detail {
namespace {

LogLevel clamp_level(int level) {
    if (level <= TENON_LOG_ERROR) {
        return LogLevel::error;
    }
    return level >= TENON_LOG_DEBUG ? LogLevel::debug : static_cast<LogLevel>(level);
}

extern "C" void services_vlog(const tenon_services *self, int level, const char *format, va_list args) {
    if (self == nullptr || format == nullptr) {
        return;
    }
    const LoadedPlugin &plugin = plugin_of(self);
    const LogLevel clamped = clamp_level(level);
    if (!plugin.host->logger.enabled(clamped)) {
        return;
    }
    va_list measure;
    va_copy(measure, args);
    const int length = std::vsnprintf(nullptr, 0, format, measure);
    va_end(measure);
    if (length < 0) {
        plugin.host->logger.write(clamped, plugin.metadata.name, format);  // unformattable: show the raw format
        return;
    }
    std::string message(static_cast<std::size_t>(length) + 1, '\0');
    std::vsnprintf(message.data(), message.size(), format, args);
    message.resize(static_cast<std::size_t>(length));
    while (!message.empty() && message.back() == '\n') {
        message.pop_back();  // the sink adds its own line ending
    }
    plugin.host->logger.write(clamped, plugin.metadata.name, message);
}

extern "C" void services_log(const tenon_services *self, int level, const char *format, ...) {
    va_list args;
    va_start(args, format);
    services_vlog(self, level, format, args);
    va_end(args);
}

extern "C" int services_log_enabled(const tenon_services *self, int level) {
    return self != nullptr && plugin_of(self).host->logger.enabled(clamp_level(level)) ? 1 : 0;
}

extern "C" void *services_find_service(const tenon_services *self, const char *name) {
    if (self == nullptr || name == nullptr) {
        return nullptr;
    }
    return plugin_of(self).host->services.find(name);
}

extern "C" int services_import_function(const tenon_services *self, const char *provider, const char *name,
                                        const char *signature, const char *range, void *out_function, char *message,
                                        size_t message_size) {
    if (self == nullptr) {
        // No plugin to log for, but the contract on the slot and the message still holds.
        static const char why[] = "import: argument 'self': expected this plugin's services table, found NULL";
        if (out_function != nullptr) {
            std::memset(out_function, 0, sizeof(tenon_fn_ptr));
        }
        copy_message(why, message, message_size);
        return TENON_IMPORT_BAD_ARGUMENT;
    }
    auto &importer = *static_cast<LoadedPlugin *>(self->runtime);
    return import_function(importer, provider, name, signature, range, out_function, message, message_size);
}

}  // namespace

void copy_message(std::string_view text, char *buffer, std::size_t size) {
    if (buffer == nullptr || size == 0) {
        return;
    }
    const std::size_t length = std::min(text.size(), size - 1);
    std::memcpy(buffer, text.data(), length);
    buffer[length] = '\0';
}

void ServiceRegistry::provide(std::string name, void *service) {
    std::lock_guard lock(mutex_);
    services_[std::move(name)] = service;
}

void *ServiceRegistry::find(std::string_view name) const {
    std::lock_guard lock(mutex_);
    const auto found = services_.find(name);
    return found == services_.end() ? nullptr : found->second;
}

void prepare_services(LoadedPlugin &plugin) {
    tenon_services &table = plugin.services;
    table.size = sizeof(tenon_services);
    table.abi_major = TENON_ABI_MAJOR;
    table.abi_minor = TENON_ABI_MINOR;
    table.plugin_name = plugin.metadata.name.c_str();
    table.plugin_version = plugin.metadata.version.c_str();
    table.log = services_log;
    table.vlog = services_vlog;
    table.log_enabled = services_log_enabled;
    table.find_service = services_find_service;
    table.runtime = &plugin;
    table.import_function = services_import_function;
    prepare_event_services(table);
    prepare_inventory_services(table);
    prepare_at_exit_services(table);
    prepare_callback_services(table);
    prepare_argument_services(table);
    prepare_require_services(table);
}

}  // namespace tenon::detail
