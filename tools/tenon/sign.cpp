// `tenon sign` and `tenon verify`: one line per FILE on stdout, or its
// error on stderr; the other FILEs are still handled.
#include "commands.hpp"
#include "inspect.hpp"

#include <tenon/signing.hpp>

#include <iostream>

namespace tenon_cli {

int sign(const std::string &secret_key_file, const std::vector<std::string> &files) {
    const auto key = tenon::SecretKey::read(secret_key_file);
    if (!key) {
        report(key.error());
        return exit_file_error;
    }
    const std::string id = key->public_key().id();
    int status = 0;
    for (const std::string &file : files) {
        if (const tenon::Error error = tenon::sign_plugin(file, *key); error.code != tenon::Errc::ok) {
            report(error);
            status = exit_file_error;
            continue;
        }
        std::cout << printable(file) << ": signed by key " << id << '\n';
    }
    return flush_output(status);
}

int verify(const std::vector<std::string> &public_key_files, const std::vector<std::string> &files) {
    std::vector<tenon::PublicKey> trusted;
    for (const std::string &key_file : public_key_files) {
        auto key = tenon::PublicKey::read(key_file);
        if (!key) {
            report(key.error());
            return exit_file_error;
        }
        trusted.push_back(*key);
    }
    int status = 0;
    for (const std::string &file : files) {
        const auto signer = tenon::verify_plugin_file(file, trusted);
        if (!signer) {
            report(signer.error());
            status = exit_file_error;
            continue;
        }
        std::cout << printable(file) << ": signature by key " << *signer << " verified\n";
    }
    return flush_output(status);
}

}  // namespace tenon_cli
