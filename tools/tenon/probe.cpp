// `tenon check --probe`: one plugin's init and exit, run in a child process.
//
// The child reports each step on a pipe before and after taking it, so when
// it dies or stops answering the parent knows which plugin was in which
// step. fork without exec keeps the probe to the library calls a host makes;
// the tool runs no other thread at that point (Host::check joins its
// helpers), so the child may allocate.
#include "probe.hpp"

#include <tenon/escape.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <iostream>
#include <system_error>

namespace tenon_cli {
namespace {

constexpr std::size_t kept_output_bytes = 64 * 1024;  // the tail of what the child wrote
constexpr std::size_t shown_output_lines = 10;

void write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t written = ::write(fd, text.data(), text.size());
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written <= 0) {
            return;  // the parent went away: nobody is left to tell
        }
        text.remove_prefix(static_cast<std::size_t>(written));
    }
}

// One line of the child's report; the loader's messages are escaped, but a
// newline would split the line, so none gets through.
std::string one_line(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    return text;
}

// Crashes must end the child the way they would end a host: sanitizer
// runtimes install handlers that turn a fault into a report and exit(1).
void restore_default_signals() {
    for (int signal_number : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS}) {
        ::signal(signal_number, SIG_DFL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    const rlimit no_core{0, 0};
    setrlimit(RLIMIT_CORE, &no_core);  // a probed crash is reported, not dumped
}

[[noreturn]] void run_child(const tenon::HostConfig &config, const ProbePlan &plan, int stage, int report_fd,
                            int output_fd) {
    setpgid(0, 0);  // its own group, so a timeout kills whatever the plugin started too
    const int no_input = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (no_input >= 0) {
        dup2(no_input, STDIN_FILENO);
    }
    dup2(output_fd, STDOUT_FILENO);
    dup2(output_fd, STDERR_FILENO);
    restore_default_signals();

    const auto say = [report_fd](const std::string &line) { write_all(report_fd, one_line(line) + "\n"); };
    const auto fail = [&](const std::string &name, const tenon::Error &error) {
        say("failed " + name + "\t" + std::string(tenon::to_string(error.code)) + "\t" + error.message);
        _exit(3);
    };
    tenon::HostConfig probe_config = config;
    probe_config.log_load_errors = false;  // they come back in the report, and the parent tells them
    auto host = tenon::Host::create(std::move(probe_config));
    if (!host) {
        fail("-", host.error());
    }
    // What plugins log goes to the captured output, as a host's log would.
    host->set_log_sink([](tenon::LogLevel, std::string_view source, std::string_view message) {
        write_all(STDERR_FILENO, std::string(source) + ": " + std::string(message) + "\n");
    });
    for (const ProbePlan::Step &step : plan.steps) {
        say("load " + step.name);
        tenon::PluginSources sources;
        sources.files = {step.file};
        const tenon::LoadReport report = host->load(sources, stage);
        if (!report.ok()) {
            fail(step.name, report.errors.front());
        }
        say("loaded " + step.name);
    }
    for (auto step = plan.steps.rbegin(); step != plan.steps.rend(); ++step) {
        say("exit " + step->name);
        if (const tenon::Error error = host->unload(step->name, stage); error.code != tenon::Errc::ok) {
            fail(step->name, error);
        }
        say("exited " + step->name);
    }
    say("done");
    _exit(0);  // no atexit handlers, no flushing of buffers copied from the parent
}

struct Pipe {
    int read = -1;
    int write = -1;
    Pipe() {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) != 0) {
            throw std::system_error(errno, std::generic_category(), "tenon check --probe: pipe");
        }
        read = fds[0];
        write = fds[1];
    }
    ~Pipe() {
        close_read();
        close_write();
    }
    Pipe(const Pipe &) = delete;
    Pipe &operator=(const Pipe &) = delete;
    void close_read() {
        if (read >= 0) {
            ::close(read);
            read = -1;
        }
    }
    void close_write() {
        if (write >= 0) {
            ::close(write);
            write = -1;
        }
    }
};

// What the parent learns from the child's report lines.
struct Progress {
    std::string step;     ///< "load" or "exit" while one is under way, else empty
    std::string name;     ///< the plugin of that step
    std::string failure;  ///< "MESSAGE [code]" from a "failed" line
    bool done = false;
    std::string pending;  ///< an incomplete line

    void take(std::string_view bytes) {
        pending.append(bytes);
        for (std::size_t end; (end = pending.find('\n')) != std::string::npos; pending.erase(0, end + 1)) {
            line(pending.substr(0, end));
        }
    }
    void line(const std::string &text) {
        const std::size_t space = text.find(' ');
        const std::string word = text.substr(0, space);
        const std::string rest = space == std::string::npos ? "" : text.substr(space + 1);
        if (word == "load" || word == "exit") {
            step = word;
            name = rest;
        } else if (word == "loaded" || word == "exited") {
            step.clear();
        } else if (word == "failed") {
            const std::size_t tab = rest.find('\t');
            const std::size_t second = rest.find('\t', tab + 1);
            if (tab != std::string::npos && second != std::string::npos) {
                failure = rest.substr(second + 1) + " [" + rest.substr(tab + 1, second - tab - 1) + "]";
            }
        } else if (word == "done") {
            done = true;
        }
    }
};

std::string where(const Progress &progress, int stage) {
    const std::string stage_text = std::to_string(stage);
    if (progress.step == "load") {
        return "while loading '" + progress.name + "' (its constructors and init(stage " + stage_text + "))";
    }
    if (progress.step == "exit") {
        return "in exit(stage " + stage_text + ", 0) of '" + progress.name + "'";
    }
    return progress.done ? "after its last step" : "before its first step";
}

std::string duration_text(std::chrono::milliseconds timeout) {
    const auto ms = timeout.count();
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

std::string signal_text(int signal_number) {
    const char *abbreviation = sigabbrev_np(signal_number);
    return "signal " + std::to_string(signal_number) +
           (abbreviation != nullptr ? std::string(" (SIG") + abbreviation + ")" : std::string());
}

// Appends what is readable on `fd` to `into`; false once it reached end of file.
bool drain(int fd, std::string &into) {
    char buffer[4096];
    for (;;) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got > 0) {
            into.append(buffer, static_cast<std::size_t>(got));
            continue;
        }
        if (got < 0 && errno == EINTR) {
            continue;
        }
        return got < 0;  // EAGAIN: more may come; 0: end of file
    }
}

std::vector<std::string> last_lines(const std::string &output) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < output.size()) {
        std::size_t end = output.find('\n', start);
        if (end == std::string::npos) {
            end = output.size();
        }
        lines.push_back(tenon::escape_untrusted(std::string_view(output).substr(start, end - start)));
        start = end + 1;
    }
    if (lines.size() > shown_output_lines) {
        lines.erase(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(shown_output_lines));
    }
    return lines;
}

}  // namespace

ProbeOutcome probe_plugin(const tenon::HostConfig &config, const ProbePlan &plan, int stage,
                          std::chrono::milliseconds timeout) {
    Pipe report;
    Pipe output;
    std::cout.flush();  // the child must not inherit buffered output and write it twice
    std::cerr.flush();
    const pid_t child = fork();
    if (child < 0) {
        throw std::system_error(errno, std::generic_category(), "tenon check --probe: fork");
    }
    if (child == 0) {
        run_child(config, plan, stage, report.write, output.write);
    }
    setpgid(child, child);  // as the child does: whichever runs first, the group exists before a kill
    report.close_write();
    output.close_write();
    fcntl(report.read, F_SETFL, O_NONBLOCK);
    fcntl(output.read, F_SETFL, O_NONBLOCK);
    // Without a pidfd (kernels before 5.3) the report pipe's end of file tells that the child is gone.
    // (A raw syscall: glibc 2.36's <sys/pidfd.h> lacks C linkage for C++.)
    const int exited = static_cast<int>(syscall(SYS_pidfd_open, child, 0));

    Progress progress;
    std::string captured;
    bool timed_out = false;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (bool child_gone = false; !child_gone;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd watched[3] = {{report.read, POLLIN, 0}, {output.read, POLLIN, 0}, {exited, POLLIN, 0}};
        const nfds_t count = exited >= 0 ? 3 : 2;
        const int ready = left.count() > 0 ? poll(watched, count, static_cast<int>(left.count())) : 0;
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready == 0) {
            timed_out = true;
            break;
        }
        std::string got;
        const bool report_open = report.read >= 0 && drain(report.read, got);
        progress.take(got);
        if (output.read >= 0 && !drain(output.read, captured)) {
            output.close_read();
        }
        if (captured.size() > kept_output_bytes) {
            captured.erase(0, captured.size() - kept_output_bytes);
        }
        if (!report_open) {
            report.close_read();
        }
        child_gone = (exited >= 0 && (watched[2].revents & POLLIN) != 0) || (exited < 0 && report.read < 0);
        if (exited >= 0 && child_gone) {
            std::string rest;
            if (report.read >= 0) {
                drain(report.read, rest);
            }
            progress.take(rest);
            if (output.read >= 0) {
                drain(output.read, captured);
            }
        }
    }
    kill(-child, SIGKILL);  // on a timeout the child; otherwise whatever it left running in its group
    kill(child, SIGKILL);
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (exited >= 0) {
        ::close(exited);
    }

    ProbeOutcome outcome;
    const std::string stage_text = std::to_string(stage);
    if (timed_out) {
        outcome.summary = "no answer within " + duration_text(timeout) + " " + where(progress, stage) + "; killed";
    } else if (!progress.failure.empty()) {
        outcome.summary = progress.failure;
    } else if (WIFSIGNALED(status)) {
        outcome.summary = "killed by " + signal_text(WTERMSIG(status)) + " " + where(progress, stage);
    } else if (!progress.done || WEXITSTATUS(status) != 0) {
        outcome.summary = "the probe process exited with status " + std::to_string(WEXITSTATUS(status)) + " " +
                          where(progress, stage);
    } else {
        outcome.passed = true;
        outcome.summary = "init(stage " + stage_text + ") returned 0 and exit(stage " + stage_text + ", 0) returned";
        if (plan.steps.size() > 1) {
            outcome.summary += ", after the " + std::to_string(plan.steps.size() - 1) + " plugin(s) it requires";
        }
    }
    if (!outcome.passed) {
        outcome.output = last_lines(captured);
    }
    return outcome;
}

}  // namespace tenon_cli
