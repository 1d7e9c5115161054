// iskra-load's command line: which server, how many stations, what load, and the bounds that
// make every run stop by itself.
#pragma once

#include <sys/types.h>
#include <chrono>
#include <cstdint>
#include <string>

#include <tl/expected.hpp>

namespace iskra::bench {

enum class ProtocolMix { V16, V201, Mixed };

struct LoadOptions {
    // Loopback only: a load run is never pointed at a machine it does not own.
    std::string host = "127.0.0.1";
    int port = 0;
    std::string path = "/ocpp";  // each station appends /{id}
    std::size_t stations = 1000;
    ProtocolMix protocol = ProtocolMix::Mixed;  // Mixed: even stations 1.6, odd 2.0.1
    std::string id_prefix = "LOAD-";

    double rate = 5000.0;                   // offered calls/s, all stations together, once booted
    std::size_t connect_concurrency = 256;  // handshakes in flight at once
    std::chrono::seconds connect_timeout{180};
    std::chrono::seconds settle{3};  // quiet time before each idle RSS reading
    std::chrono::seconds warmup{5};
    std::chrono::seconds duration{30};  // the measured window
    std::chrono::seconds drain{5};      // longest wait for answers after the window
    std::chrono::seconds call_timeout{10};
    std::uint64_t max_calls = 20'000'000;  // a second bound, in count, on calls sent

    pid_t server_pid = 0;  // 0: no CPU or RSS figures for the server
    std::string label;     // echoed in the result line ("gateway", "peer")
};

// `--help` gives an unexpected with the usage text and `help` set.
struct UsageError {
    std::string message;
    bool help = false;
};

tl::expected<LoadOptions, UsageError> parse_load_options(int argc, char** argv);

}  // namespace iskra::bench
