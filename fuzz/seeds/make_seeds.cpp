// Writes the seed inputs that are not plain copies of the fixture plugins
// (fuzz/CMakeLists.txt runs it at build time; nothing binary is committed):
//   make_seeds records OUT_DIR PLUGIN...      fuzz_records inputs cut from each plugin
//   make_seeds sign OUT_DIR PLUGIN...         copies signed with the fuzzing key
//   make_seeds inventories OUT_DIR            inventory texts, version 2 and 1
// Exits non-zero with a message on any failure, so a broken seed breaks the build.
#include "fuzz_support.hpp"

#include "loader/open_file.hpp"
#include "metadata/elf_image.hpp"
#include "metadata/elf_sections.hpp"

#include <tenon/inventory.hpp>
#include <tenon/signing.hpp>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace fs = std::filesystem;

namespace {

[[noreturn]] void die(const std::string &message) {
    std::fprintf(stderr, "make_seeds: %s\n", message.c_str());
    std::exit(1);
}

void write_file(const fs::path &path, const std::string &bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
        die("cannot write " + path.string());
    }
}

// fuzz_records' input form: the descriptor's size (16 bits, little-endian), the descriptor, the records.
void write_records_seed(const fs::path &out_dir, const fs::path &plugin) {
    const tenon::LoadLimits limits;
    auto opened = tenon::detail::OpenFile::open(plugin, limits.max_file_size);
    if (!opened) {
        die(opened.error().message);
    }
    auto image = tenon::detail::ElfImage::read(opened->fd(), opened->identity().size, plugin);
    if (!image) {
        die(image.error().message);
    }
    auto sections = tenon::detail::read_plugin_sections(*image, limits);
    if (!sections) {
        die(sections.error().message);
    }
    const std::vector<std::byte> &descriptor = sections->descriptor.bytes;
    const std::vector<std::byte> &records = sections->records.bytes;
    if (descriptor.size() > 0xffff) {
        die(plugin.string() + ": a descriptor too large for fuzz_records' 16-bit length");
    }
    std::string seed;
    seed += static_cast<char>(descriptor.size() & 0xff);
    seed += static_cast<char>(descriptor.size() >> 8);
    seed.append(reinterpret_cast<const char *>(descriptor.data()), descriptor.size());
    seed.append(reinterpret_cast<const char *>(records.data()), records.size());
    write_file(out_dir / plugin.stem(), seed);
}

void write_signed_seed(const fs::path &out_dir, const fs::path &plugin, const tenon::SecretKey &key) {
    const fs::path copy = out_dir / ("signed-" + plugin.filename().string());
    std::error_code error;
    fs::copy_file(plugin, copy, fs::copy_options::overwrite_existing, error);
    if (error) {
        die("cannot copy " + plugin.string() + ": " + error.message());
    }
    if (const tenon::Error signed_error = tenon::sign_plugin(copy, key); signed_error.code != tenon::Errc::ok) {
        die(signed_error.message);
    }
}

tenon::InventoryEntry entry(const char *name, const char *version) {
    return tenon::InventoryEntry{name, version};
}

// Every form parse() accepts: lists of several sizes through serialise()
// (so they are version 2 exactly as hosts write them), no list, and version 1.
void write_inventory_seeds(const fs::path &out_dir) {
    std::vector<tenon::Inventory> inventories(4);
    inventories[1].plugins = {entry("cuda_plugin", "0.2.0"), entry("amdgpu_plugin", "0.2.0")};
    inventories[2].plugins = {entry("a", "0.0.1"), entry("storage.v2", "10.20.30-rc.1+build.5"),
                              entry("x+y_z-w", "1.0.0-alpha")};
    inventories[3].has_list = false;
    for (std::size_t i = 0; i < inventories.size(); ++i) {
        auto text = inventories[i].serialise();
        if (!text) {
            die(text.error().message);
        }
        write_file(out_dir / ("v2-" + std::to_string(i)), *text);
    }
    write_file(out_dir / "v1-list", "tenon-inventory 1\nplugins 2\ncuda_plugin 0.2.0\namdgpu_plugin 0.2.0\n");
    write_file(out_dir / "v1-empty", "tenon-inventory 1\nplugins 0\n");
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 3) {
        die("usage: make_seeds records|sign|inventories OUT_DIR [PLUGIN...]");
    }
    const std::string command = argv[1];
    const fs::path out_dir = argv[2];
    std::error_code error;
    fs::create_directories(out_dir, error);
    if (error) {
        die("cannot create " + out_dir.string() + ": " + error.message());
    }
    if (command == "records") {
        for (int i = 3; i < argc; ++i) {
            write_records_seed(out_dir, argv[i]);
        }
    } else if (command == "sign") {
        const tenon::KeyPair keys = tenon_fuzz::fuzz_key_pair();
        for (int i = 3; i < argc; ++i) {
            write_signed_seed(out_dir, argv[i], keys.secret_key);
        }
    } else if (command == "inventories") {
        write_inventory_seeds(out_dir);
    } else {
        die("unknown command '" + command + "'");
    }
    return 0;
}
