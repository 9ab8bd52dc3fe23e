// tenon_test_racer: swaps files at a path as fast as it can, for the race
// tests. Two modes:
//   racer rename  A B TARGET COUNTER   hard-links A (then B) beside TARGET and renames it over TARGET
//   racer rewrite A B TARGET COUNTER   rewrites TARGET in place with A's bytes, then B's
// COUNTER is an 8-byte file, mapped shared: the racer adds 1 per swap, so
// the test knows how many swaps happened. Runs until killed.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

namespace {

std::string contents(const char *path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int usage() {
    std::fprintf(stderr, "usage: tenon_test_racer rename|rewrite A B TARGET COUNTER\n");
    return 2;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 6) {
        return usage();
    }
    const std::string mode = argv[1];
    const char *sources[2] = {argv[2], argv[3]};
    const std::string target = argv[4];
    const int counter_fd = open(argv[5], O_RDWR | O_CLOEXEC);
    if (counter_fd < 0) {
        std::perror("racer: counter");
        return 1;
    }
    void *mapped = mmap(nullptr, sizeof(std::uint64_t), PROT_READ | PROT_WRITE, MAP_SHARED, counter_fd, 0);
    if (mapped == MAP_FAILED) {
        std::perror("racer: mmap");
        return 1;
    }
    auto *swaps = static_cast<std::uint64_t *>(mapped);
    const std::string staged = target + ".racer";
    const std::string bytes[2] = {contents(sources[0]), contents(sources[1])};
    for (std::uint64_t n = 0;; ++n) {
        const int which = static_cast<int>(n & 1);
        if (mode == "rename") {
            unlink(staged.c_str());
            if (link(sources[which], staged.c_str()) != 0 || rename(staged.c_str(), target.c_str()) != 0) {
                std::perror("racer: rename");
                return 1;
            }
        } else if (mode == "rewrite") {
            const int fd = open(target.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
            if (fd < 0 || write(fd, bytes[which].data(), bytes[which].size()) < 0) {
                std::perror("racer: rewrite");
                return 1;
            }
            close(fd);
        } else {
            return usage();
        }
        __atomic_add_fetch(swaps, 1, __ATOMIC_RELEASE);
    }
}
