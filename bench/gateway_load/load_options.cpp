#include "load_options.hpp"

#include <charconv>
#include <string_view>

namespace iskra::bench {
namespace {

constexpr std::string_view kUsage =
    R"(usage: iskra-load --url ws://127.0.0.1:PORT/ocpp [options]
Opens N OCPP stations to a CSMS on this machine, boots them, then offers a paced mix of
heartbeats, status, authorise, start, meter values and stop; prints latency, throughput and,
with --server-pid, the server's CPU per call and RSS per connection. Stops by itself.

  --url URL               ws://127.0.0.1:PORT/PATH (loopback only); stations use PATH/{id}
  --stations N            stations (default 1000, at most 50000)
  --protocol P            ocpp1.6 | ocpp2.0.1 | mixed (default mixed: half each)
  --rate R                offered calls/s over all stations (default 5000)
  --duration S            measured seconds (default 30, at most 600)
  --warmup S              paced seconds before measuring (default 5)
  --settle S              idle seconds before each RSS reading (default 3)
  --drain S               longest wait for answers after the window (default 5)
  --connect-timeout S     longest time to open all stations (default 180)
  --connect-concurrency N handshakes in flight (default 256)
  --call-timeout S        a call unanswered this long counts as a timeout (default 10)
  --max-calls N           stop sending after N calls in all (default 20000000)
  --server-pid PID        read this process's CPU time and RSS from /proc
  --id-prefix P           station ids are P000001... (default LOAD-)
  --label TEXT            name echoed in the result line
)";

template <class Number>
bool parse_number(std::string_view text, Number& out) {
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc{} && ptr == end;
}

tl::expected<void, UsageError> parse_url(std::string_view url, LoadOptions& options) {
    constexpr std::string_view kScheme = "ws://";
    if (!url.starts_with(kScheme)) return tl::unexpected(UsageError{"--url must be ws://"});
    url.remove_prefix(kScheme.size());
    const auto slash = url.find('/');
    const std::string_view authority = url.substr(0, slash);
    options.path = slash == std::string_view::npos ? "" : std::string(url.substr(slash));
    while (options.path.ends_with('/'))
        options.path.pop_back();
    const auto colon = authority.rfind(':');
    if (colon == std::string_view::npos) return tl::unexpected(UsageError{"--url needs a port"});
    const std::string_view host = authority.substr(0, colon);
    if (host != "127.0.0.1" && host != "localhost") {
        return tl::unexpected(UsageError{"--url must name 127.0.0.1: load runs stay on loopback"});
    }
    if (!parse_number(authority.substr(colon + 1), options.port) || options.port < 1 ||
        options.port > 65535) {
        return tl::unexpected(UsageError{"--url has a bad port"});
    }
    return {};
}

}  // namespace

tl::expected<LoadOptions, UsageError> parse_load_options(int argc, char** argv) {
    LoadOptions options;
    bool have_url = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (flag == "--help" || flag == "-h")
            return tl::unexpected(UsageError{std::string(kUsage), true});
        if (i + 1 >= argc) return tl::unexpected(UsageError{std::string(flag) + " needs a value"});
        const std::string_view value = argv[++i];
        const auto bad = [&] {
            return tl::unexpected(
                UsageError{"bad value for " + std::string(flag) + ": " + std::string(value)});
        };
        const auto seconds = [&](std::chrono::seconds& out, long max) {
            long n = 0;
            if (!parse_number(value, n) || n < 0 || n > max) return false;
            out = std::chrono::seconds(n);
            return true;
        };
        if (flag == "--url") {
            if (auto ok = parse_url(value, options); !ok) return tl::unexpected(ok.error());
            have_url = true;
        } else if (flag == "--stations") {
            if (!parse_number(value, options.stations) || options.stations < 1 ||
                options.stations > 50'000) {
                return bad();
            }
        } else if (flag == "--protocol") {
            if (value == "ocpp1.6") {
                options.protocol = ProtocolMix::V16;
            } else if (value == "ocpp2.0.1") {
                options.protocol = ProtocolMix::V201;
            } else if (value == "mixed") {
                options.protocol = ProtocolMix::Mixed;
            } else {
                return bad();
            }
        } else if (flag == "--rate") {
            long rate = 0;
            if (!parse_number(value, rate) || rate < 1 || rate > 1'000'000) return bad();
            options.rate = static_cast<double>(rate);
        } else if (flag == "--duration") {
            if (!seconds(options.duration, 600) || options.duration.count() < 1) return bad();
        } else if (flag == "--warmup") {
            if (!seconds(options.warmup, 600)) return bad();
        } else if (flag == "--settle") {
            if (!seconds(options.settle, 60)) return bad();
        } else if (flag == "--drain") {
            if (!seconds(options.drain, 60)) return bad();
        } else if (flag == "--connect-timeout") {
            if (!seconds(options.connect_timeout, 1800) || options.connect_timeout.count() < 1) {
                return bad();
            }
        } else if (flag == "--connect-concurrency") {
            if (!parse_number(value, options.connect_concurrency) ||
                options.connect_concurrency < 1 || options.connect_concurrency > 10'000) {
                return bad();
            }
        } else if (flag == "--call-timeout") {
            if (!seconds(options.call_timeout, 600) || options.call_timeout.count() < 1) {
                return bad();
            }
        } else if (flag == "--max-calls") {
            if (!parse_number(value, options.max_calls) || options.max_calls < 1) return bad();
        } else if (flag == "--server-pid") {
            if (!parse_number(value, options.server_pid) || options.server_pid < 1) return bad();
        } else if (flag == "--id-prefix") {
            // With its 6-digit number and a session counter an id must still make a 2.0.1
            // transactionId (at most 36 characters).
            if (value.empty() || value.size() > 20) return bad();
            options.id_prefix = std::string(value);
        } else if (flag == "--label") {
            options.label = std::string(value);
        } else {
            return tl::unexpected(UsageError{"unknown option " + std::string(flag)});
        }
    }
    if (!have_url) return tl::unexpected(UsageError{"--url is required (try --help)"});
    return options;
}

}  // namespace iskra::bench
