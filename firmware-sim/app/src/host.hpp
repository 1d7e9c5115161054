// Runs a set of simulated stations on one libwebsockets service thread: wires each Station to
// its Connection, keeps one timer for all of them (a heap of due times), applies a scenario's
// timeline in simulated time, drives load runs, prints the ready line and the summaries.
// Everything here runs on the service thread; the console's reader thread and the SIGTERM path
// only post() to it.
#pragma once

#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <vector>

#include "command_line.hpp"
#include "http_file_transfer.hpp"
#include "iskra/sim/scenario/message_log.hpp"
#include "iskra/sim/scenario/scenario.hpp"
#include "iskra/sim/station/station.hpp"
#include "load_stats.hpp"
#include "lws_client.hpp"
#include "sim_clock.hpp"

namespace iskra::sim::app {

struct HostPlan {
    Options options;
    std::vector<StationConfig> stations;
    std::optional<scenario::Scenario> scenario;
};

class Host final : public ConnectionEvents {
public:
    explicit Host(HostPlan plan);
    ~Host() override;

    tl::expected<void, std::string> start();
    // Serves until SIGTERM, the console's quit, the scenario's end or the load run's end;
    // returns the exit code.
    int run();
    // Any thread, or the signal path.
    void stop();
    ClientContext& client() { return *client_; }
    // Service thread: one console line, answered on stdout.
    void console_line(const std::string& line);

private:
    void on_established(Connection& c) override;
    void on_text(Connection& c, std::string_view text) override;
    void on_failed(Connection& c, std::string_view why) override;
    void on_closed(Connection& c, std::string_view why) override;
    void on_wakeup() override;

    void tick();
    void run_due(model::Timestamp now);
    std::optional<model::Timestamp> next_due();
    void reschedule(std::size_t i);
    void after_event(std::size_t i);
    // Lockstep: some station holds the clock (see holds_clock).
    bool waiting();
    bool holds_clock(std::size_t i, std::chrono::steady_clock::time_point real_now);
    void apply_action(const scenario::Action& action, model::Timestamp now);
    void start_load_session(std::size_t i, model::Timestamp now);
    // Load runs with a traffic mix: a driver arrives at or leaves a connector.
    struct LoadEvent {
        model::Timestamp at;
        std::size_t station = 0;
        std::int64_t connector = 0;
        bool arrive = false;
        bool operator>(const LoadEvent& o) const { return at > o.at; }
    };
    void load_event(const LoadEvent& e, model::Timestamp now);
    void report_load(bool final);
    void finish();
    Station* find_station(const std::string& name);

    HostPlan plan_;
    SimClock clock_;
    std::unique_ptr<ClientContext> client_;
    std::vector<std::unique_ptr<Connection>> connections_;
    std::vector<std::unique_ptr<Station>> stations_;
    std::unique_ptr<HttpFileTransfer> files_;  // after the stations: destroyed before them
    scenario::MessageLog message_log_;

    using Due = std::pair<model::Timestamp, std::size_t>;
    std::priority_queue<Due, std::vector<Due>, std::greater<>> heap_;
    std::vector<std::optional<model::Timestamp>> scheduled_;
    // Powering on, spread over the load ramp; then the scenario's actions.
    std::vector<std::pair<model::Timestamp, std::size_t>> power_ons_;
    std::size_t next_power_on_ = 0;
    std::size_t next_action_ = 0;
    model::Timestamp started_at_;
    std::optional<model::Timestamp> end_at_;

    std::vector<bool> accepted_;
    std::size_t accepted_count_ = 0;
    bool ready_printed_ = false;
    std::vector<bool> load_started_;
    std::priority_queue<LoadEvent, std::vector<LoadEvent>, std::greater<>> load_events_;
    LoadStats stats_;
    std::chrono::steady_clock::time_point next_report_;
    std::chrono::steady_clock::time_point load_began_;
    std::chrono::steady_clock::time_point last_report_at_;
    std::uint64_t calls_at_last_report_ = 0;
    // Per station, what it may hold the lockstep clock for.
    struct Hold {
        bool reachable = true;  // its last connection attempt succeeded (or none was made yet)
        std::optional<std::chrono::steady_clock::time_point> given_up_call;  // said so once
    };
    std::vector<Hold> holds_;
    bool finished_ = false;
    bool ending_ = false;  // the scenario or load run reached its end; the client is stopping
    int exit_code_ = 0;
};

}  // namespace iskra::sim::app
