// How every command ends: errors on stderr, and a check that stdout took it all.
#include "commands.hpp"
#include "inspect.hpp"

#include <iostream>

namespace tenon_cli {

void report(const tenon::Error &error) {
    std::cerr << "tenon: " << printable(error.message) << '\n';
}

int flush_output(int status) {
    std::cout.flush();
    if (!std::cout) {
        std::cerr << "tenon: cannot write to standard output\n";
        return exit_file_error;
    }
    return status;
}

}  // namespace tenon_cli
