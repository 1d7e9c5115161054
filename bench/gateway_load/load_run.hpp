// One load run: N stations over libwebsockets client connections on one thread, through the
// phases connect, settle, boot, open sessions, settle, warm up, measure, drain, and then it
// stops by itself.
//
// Shaped for measuring a server, not itself: one thread drives every socket on a libuv (epoll)
// loop, because lws's default poll() walks every descriptor each turn, which at 10,000 stations
// would make the generator the bottleneck. Calls are paced open-loop to an offered rate over all
// stations round-robin, so the server sees the same load whatever its latency; latency runs from
// the CALL leaving our socket to its answer arriving on it. Everything here runs on the thread
// that called run().
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "load_options.hpp"
#include "load_report.hpp"
#include "station_script.hpp"

struct lws;
struct lws_context;

namespace iskra::bench {

class LoadRun {
public:
    using Clock = StationScript::Clock;

    explicit LoadRun(LoadOptions options);
    ~LoadRun();
    LoadRun(const LoadRun&) = delete;
    LoadRun& operator=(const LoadRun&) = delete;

    // Runs every phase; an unexpected means the run could not start (no event loop, no
    // context). The connections stay open until the LoadRun is destroyed.
    tl::expected<LoadReport, std::string> run();

    // From the libwebsockets callback; not for other callers.
    int on_callback(lws* wsi, int reason, void* user, void* in, std::size_t len);
    // From the pacing timer, every millisecond; not for other callers.
    void on_timer();

    struct Station;
    struct Loop;

private:
    enum class Phase {
        Connecting,
        SettleConnected,
        Booting,
        Opening,  // stations whose first round starts mid-session start that session
        SettleBooted,
        Warmup,
        Measure,
        Drain,
        Done,
    };
    enum class Call { Boot, OpenSession, Next };

    void enter(Phase phase, Clock::time_point now);
    void start_connections(Clock::time_point now);
    // Sends `call` to each station in turn at the offered rate; true once all are answered.
    bool sweep_paced(Call call, Clock::time_point now);
    void pace(Clock::time_point now);
    Station* next_idle_station();
    void issue(Station& station, Clock::time_point now, Call call);
    void on_answer(Station& station, CallKind kind, Outcome outcome);
    void tick_endpoints(Clock::time_point now);
    void finish();

    LoadOptions options_;
    std::unique_ptr<Loop> loop_;
    lws_context* context_ = nullptr;
    std::vector<std::unique_ptr<Station>> stations_;
    std::vector<unsigned char> write_buffer_;

    Phase phase_ = Phase::Connecting;
    Clock::time_point phase_start_{};
    Clock::time_point run_start_{};
    Clock::time_point deadline_{};
    Clock::time_point last_endpoint_tick_{};

    std::size_t next_to_connect_ = 0;
    std::size_t connecting_ = 0;
    std::size_t connect_resolved_ = 0;
    std::size_t sweep_cursor_ = 0;
    std::size_t cursor_ = 0;          // the pacer's place in the round-robin
    Clock::time_point pace_start_{};  // paced calls run on from here through the window
    std::uint64_t paced_ = 0;         // calls the pacer has placed (or given up on) since then
    std::size_t in_flight_ = 0;
    std::uint64_t sent_total_ = 0;
    int reported_errors_ = 0;

    Clock::time_point window_start_{};
    std::chrono::microseconds server_cpu_start_{};
    std::chrono::microseconds own_cpu_start_{};
    LoadReport report_;
};

}  // namespace iskra::bench
