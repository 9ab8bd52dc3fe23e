// Writes COUNT plugins for BM_Load into DIRECTORY: copies of TEMPLATE (the
// built plugins/loadee.c, named "load_plugin_0000") in which the name, stored
// once in the descriptor's strings, becomes load_plugin_0000 ... load_plugin_NNNN.
// Copying instead of compiling 1,000 times keeps the build step to a second,
// and each copy is still a distinct plugin file with valid metadata: its own
// inode for the dynamic loader, its own name for Tenon.
//
//   make_load_plugins TEMPLATE DIRECTORY COUNT
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {

constexpr std::string_view template_name{"load_plugin_0000\0", 17};  // with its terminator: no longer name matches

int fail(const std::string &message) {
    std::fprintf(stderr, "make_load_plugins: %s\n", message.c_str());
    return 1;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 4) {
        return fail("usage: make_load_plugins TEMPLATE DIRECTORY COUNT");
    }
    const std::filesystem::path source = argv[1];
    const std::filesystem::path directory = argv[2];
    const int count = std::atoi(argv[3]);
    if (count < 1 || count > 10000) {
        return fail("COUNT: expected 1 to 10000, found '" + std::string(argv[3]) + "'");
    }
    std::ifstream in(source, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in && !in.eof()) {
        return fail(source.string() + ": cannot read");
    }
    const std::size_t at = bytes.find(template_name);
    if (at == std::string::npos || bytes.find(template_name, at + 1) != std::string::npos) {
        return fail(source.string() + ": expected the name 'load_plugin_0000' exactly once");
    }
    std::filesystem::remove_all(directory);
    std::filesystem::create_directories(directory);
    for (int i = 0; i < count; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "load_plugin_%04d", i);
        bytes.replace(at, 16, name);
        const std::filesystem::path target = directory / (std::string(name) + ".so");
        std::ofstream(target, std::ios::binary) << bytes;
        std::filesystem::permissions(target, std::filesystem::perms::owner_exec, std::filesystem::perm_options::add);
    }
    return 0;
}
