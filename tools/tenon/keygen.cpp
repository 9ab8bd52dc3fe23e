// `tenon keygen NAME`: a new signing key pair, in two files.
#include "commands.hpp"
#include "inspect.hpp"

#include <tenon/signing.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <string>
#include <unistd.h>

namespace tenon_cli {
namespace {

std::string failure(const std::string &file, const char *step) {
    return printable(file) + ": " + step + ": " + std::strerror(errno);
}

// Creates `file` with `mode`, refusing to replace anything (O_EXCL, and
// O_NOFOLLOW so a planted link cannot redirect a secret key elsewhere).
// Returns an error message, empty on success; a file it created and could
// not finish is removed.
std::string create_key_file(const std::string &file, mode_t mode, const std::string &text) {
    const int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0) {
        return failure(file, "cannot create");
    }
    std::string error;
    if (write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
        error = failure(file, "cannot write");
    } else if (fsync(fd) != 0) {
        error = failure(file, "cannot sync");
    }
    close(fd);
    if (!error.empty()) {
        unlink(file.c_str());
    }
    return error;
}

}  // namespace

int keygen(const std::string &name) {
    const tenon::KeyPair pair = tenon::generate_key_pair();
    const std::string secret_file = name + ".secret";
    const std::string public_file = name + ".pub";

    std::string secret_text = pair.secret_key.serialise();
    std::string error = create_key_file(secret_file, 0600, secret_text);
    explicit_bzero(secret_text.data(), secret_text.size());
    if (error.empty()) {
        error = create_key_file(public_file, 0644, pair.public_key.serialise());
        if (!error.empty()) {
            unlink(secret_file.c_str());  // half a pair is no use to anyone
        }
    }
    if (!error.empty()) {
        std::cerr << "tenon: " << error << '\n';
        return exit_file_error;
    }
    const std::string id = pair.public_key.id();
    std::cout << printable(secret_file) << ": secret key " << id << '\n'
              << printable(public_file) << ": public key " << id << '\n';
    return flush_output(0);
}

}  // namespace tenon_cli
