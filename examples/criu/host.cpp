// The CRIU demo host: CRIU's plugin engine, as a Tenon host runs it.
//
//   1. Dump: load the plugins, run per-object hooks (first-claimer: -ENOTSUP
//      passes an object on) and the global DUMP_DEVICES_LATE (broadcast), save
//      the inventory of the plugins the dump used into the "image", exit.
//   2. Restore: read the inventory back, load (init runs RESTORE_INIT once
//      the inventory holds, as CRIU's cr_plugin_init), start POST_FORKING on the
//      worker threads, restore "memory" on the host's thread meanwhile, join,
//      restore external files (one needs a retry), exit.
//   3. Restore again from a plugin directory without gpu_plugin: refused,
//      naming the missing plugin.
//
// Plugins come from the directory given as the first argument (CRIU's
// --libdir), else $CRIU_LIBS_DIR, else the build's plugin directory. Log lines go to stdout
// in order with the host's own. The exit status is 0 when everything happened
// as described.
#include <tenon/compat/criu/profile.hpp>

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <sstream>
#include <string>
#include <unistd.h>

namespace {

using tenon::criu::Stage;

bool all_as_expected = true;

void expect(bool condition, const char *what) {
    if (!condition) {
        std::printf("criu_host: UNEXPECTED: %s\n", what);
        all_as_expected = false;
    }
}

// "/some/dir/files_plugin.so: message" -> "files_plugin.so: message", so the output does not depend on the build tree.
std::string shorten_path(std::string_view message) {
    const std::size_t end = message.find(".so: ");
    if (message.empty() || message.front() != '/' || end == std::string_view::npos) {
        return std::string(message);
    }
    return std::string(message.substr(message.rfind('/', end) + 1));
}

// CRIU's order: the libdir option (the first argument), else $CRIU_LIBS_DIR,
// else the default directory, which for this demo is the build's.
tenon::criu::Options options_from(int argc, char **argv) {
    tenon::criu::Options options;
    if (argc > 1) {
        options.libdir = argv[1];
    }
    options.default_directory = CRIU_EXAMPLE_PLUGIN_DIR;
    options.parallel_post_forking = true;  // opt in: POST_FORKING overlaps the host's restore
    return options;
}

tenon::Result<tenon::criu::PluginEngine> make_engine(const tenon::criu::Options &options) {
    auto engine = tenon::criu::PluginEngine::create(options);
    if (engine) {
        engine->host().set_log_sink([](tenon::LogLevel level, std::string_view source, std::string_view message) {
            const std::string text = shorten_path(message);
            std::printf("  [%.*s] %s: %s\n", static_cast<int>(source.size()), source.data(),
                        std::string(tenon::to_string(level)).c_str(), text.c_str());
        });
    }
    return engine;
}

// 1. Dump. Returns the inventory text the host saves with its image.
std::string dump(const tenon::criu::Options &options, int image_dir) {
    std::printf("== dump\n");
    auto engine = make_engine(options);
    expect(engine.ok(), "the engine is created");
    engine->set_image_dir(image_dir);
    const tenon::LoadReport report = engine->init(Stage::dump);
    expect(report.ok(), "every plugin loads for the dump");

    for (const int id : {1, 2, 100}) {
        const int result = engine->run<CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook>(10 + id, id);
        std::printf("host: DUMP_EXT_FILE(fd %d, id %d) = %d%s\n", 10 + id, id, result,
                    result == -ENOTSUP ? " (no plugin knows this file)" : "");
    }
    for (const int pid : {41, 42}) {
        const int result = engine->run<CR_PLUGIN_HOOK__CHECKPOINT_DEVICES_hook>(pid);
        std::printf("host: CHECKPOINT_DEVICES(pid %d) = %d\n", pid, result);
    }
    expect(engine->run<CR_PLUGIN_HOOK__DUMP_DEVICES_LATE_hook>(0) == 0, "DUMP_DEVICES_LATE succeeds");

    const tenon::Inventory used = engine->inventory();
    // As in CRIU, only plugins that call add_inventory_plugin are recorded (files_plugin claims files, and is not).
    expect(used.plugins.size() == 1 && used.plugins[0].name == "gpu_plugin", "gpu_plugin is in the inventory");
    // serialise() refuses an inventory that parse() would refuse (a bad name or version, a name twice).
    const tenon::Result<std::string> saved = used.serialise();
    if (!saved) {
        std::printf("host: the inventory cannot be saved: %s\n", saved.error().message.c_str());
    }
    expect(saved.ok(), "the inventory is serialised");
    const std::string text = saved ? *saved : std::string();
    std::printf("host: inventory saved with the image:\n");
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        std::printf("    %s\n", line.c_str());
    }
    engine->fini(Stage::dump, 0);
    return text;
}

// Stands in for the host's own restore work, which POST_FORKING overlaps.
void restore_memory() {
    std::printf("host: restoring process memory (on the host's thread, while POST_FORKING runs)\n");
}

// 2. Restore from the saved inventory. Returns where files_plugin was found.
std::filesystem::path restore(const tenon::criu::Options &options, int image_dir, const std::string &saved) {
    std::printf("== restore\n");
    auto inventory = tenon::Inventory::parse(saved, "inventory.img");
    expect(inventory.ok(), "the saved inventory parses");
    auto engine = make_engine(options);
    expect(engine.ok(), "the engine is created");
    engine->set_image_dir(image_dir);
    engine->expect_inventory(*inventory);
    const tenon::LoadReport report = engine->init(Stage::restore);
    expect(report.ok(), "every plugin the dump used is here");

    auto post_forking = engine->start_post_forking();
    expect(post_forking.ok(), "POST_FORKING starts on the worker threads");
    restore_memory();
    const tenon::ParallelOutcome &outcome = post_forking->join();
    std::printf("host: POST_FORKING joined: first error %d;", outcome.first_error);
    for (const tenon::HandlerResult &result : outcome.results) {
        std::printf(" %.*s = %d", static_cast<int>(result.plugin.size()), result.plugin.data(), result.result);
    }
    std::printf("\n");
    expect(outcome.first_error == 0 && outcome.results.size() == 1, "gpu_plugin's POST_FORKING ran and succeeded");

    for (const int id : {1, 2}) {
        bool retry_needed = true;
        for (int attempt = 1; retry_needed; ++attempt) {
            const int result = engine->run<CR_PLUGIN_HOOK__RESTORE_EXT_FILE_hook>(id, &retry_needed);
            std::printf("host: RESTORE_EXT_FILE(id %d) attempt %d = %d%s\n", id, attempt, result,
                        retry_needed ? ", retry needed" : "");
            expect(result == 0, "the file is restored");
        }
    }
    auto files_plugin = engine->host().find_plugin("files_plugin");
    engine->fini(Stage::restore, 0);
    return files_plugin ? files_plugin->file : std::filesystem::path();
}

// 3. The same image, restored without gpu_plugin.
void restore_without_gpu(const std::filesystem::path &files_plugin, const std::string &saved) {
    std::printf("== restore from a directory without gpu_plugin\n");
    const std::filesystem::path partial = std::filesystem::temp_directory_path() / "tenon-criu-demo-partial";
    std::filesystem::remove_all(partial);
    std::filesystem::create_directories(partial);
    std::filesystem::copy_file(files_plugin, partial / "files_plugin.so");
    tenon::criu::Options options;
    options.libdir = partial;
    auto engine = make_engine(options);
    expect(engine.ok(), "the engine is created");
    engine->expect_inventory(*tenon::Inventory::parse(saved, "inventory.img"));
    const tenon::LoadReport report = engine->init(Stage::restore);
    expect(!report.ok() && report.errors.back().code == tenon::Errc::missing_plugin, "the restore is refused");
    std::printf("host: restore refused: %s\n", report.ok() ? "(not refused)" : report.errors.back().message.c_str());
    std::filesystem::remove_all(partial);
}

}  // namespace

int main(int argc, char **argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // log lines come from worker threads too
    const tenon::criu::Options options = options_from(argc, argv);
    // The "image directory" plugins reach through criu_get_image_dir().
    const int image_dir = open(std::filesystem::temp_directory_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    const std::string saved = dump(options, image_dir);
    const std::filesystem::path files_plugin = restore(options, image_dir, saved);
    restore_without_gpu(files_plugin, saved);
    close(image_dir);
    std::printf(all_as_expected ? "criu_host: everything happened as described\n"
                                : "criu_host: something did not happen as described\n");
    return all_as_expected ? 0 : 1;
}
