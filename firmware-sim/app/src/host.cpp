#include "host.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>

#include "iskra/log/log.hpp"
#include "iskra/session/timestamp.hpp"

namespace iskra::sim::app {

using namespace std::chrono_literals;

namespace {
// How long one station may hold a lockstep run's clock. A call waits for its answer this long
// (then time moves on and the station's own call timeout, in simulated time, takes over).
constexpr auto kMaxCallHold = 30s;
// A connection being opened holds it this long, and only while the CSMS is thought reachable:
// a station that is offline must not stop time for the others (it queues, as firmware does).
constexpr auto kMaxConnectHold = 2s;
}  // namespace

Host::Host(HostPlan plan)
    : plan_(std::move(plan)),
      clock_(
          plan_.options.acceleration.value_or(plan_.scenario ? plan_.scenario->acceleration : 1.0),
          plan_.scenario ? plan_.scenario->start : std::nullopt, plan_.scenario.has_value()) {}

Host::~Host() {
    // The transfer worker posts to the client: stop it first.
    files_.reset();
    // lws may still call back for connections while its context goes: destroy it while the
    // connections and stations those callbacks reach are alive.
    client_.reset();
}

tl::expected<void, std::string> Host::start() {
    auto endpoint = parse_url(plan_.options.url);
    if (!endpoint) return tl::unexpected(endpoint.error());
    ClientOptions client;
    client.endpoint = *endpoint;
    client.max_connections = plan_.stations.size();
    client.ca_file = plan_.options.ca_file;
    client.cert_file = plan_.options.cert_file;
    client.key_file = plan_.options.key_file;
    client.insecure = plan_.options.insecure;
    client_ = std::make_unique<ClientContext>(std::move(client), *this);
    if (auto started = client_->start(); !started) return started;
    HttpTransferOptions transfers;
    transfers.ca_file = plan_.options.ca_file;
    transfers.insecure = plan_.options.insecure;
    files_ = std::make_unique<HttpFileTransfer>(
        std::move(transfers), [this](std::function<void(model::Timestamp)> outcome) {
            client_->post([this, outcome = std::move(outcome)] {
                outcome(clock_.now());
                // Rare: which station it was does not matter enough to carry it along.
                for (std::size_t i = 0; i < stations_.size(); ++i)
                    after_event(i);
            });
        });

    started_at_ = clock_.now();
    const std::size_t n = plan_.stations.size();
    scheduled_.assign(n, std::nullopt);
    holds_.assign(n, Hold{});
    accepted_.assign(n, false);
    load_started_.assign(n, false);
    for (std::size_t i = 0; i < n; ++i) {
        auto config = plan_.stations[i];
        connections_.push_back(std::make_unique<Connection>(
            *client_, i, config.identity.id, config.version, plan_.options.password));
        if (plan_.options.message_log) message_log_.declare(config.identity.id);
        stations_.push_back(make_station(std::move(config), *connections_.back(), started_at_));
        if (plan_.options.message_log) stations_.back()->set_message_sink(&message_log_);
        stations_.back()->set_file_transfer(files_.get());
        const auto ramp =
            std::chrono::duration_cast<std::chrono::milliseconds>(plan_.options.load.ramp);
        const auto offset =
            n > 1 ? ramp * static_cast<std::int64_t>(i) / static_cast<std::int64_t>(n) : 0ms;
        power_ons_.emplace_back(started_at_ + offset, i);
    }
    if (plan_.scenario) end_at_ = started_at_ + plan_.scenario->duration;
    if (plan_.options.load.duration) end_at_ = started_at_ + *plan_.options.load.duration;
    load_began_ = std::chrono::steady_clock::now();
    last_report_at_ = load_began_;
    next_report_ = load_began_ + plan_.options.load.report_every;
    client_->schedule_wakeup(0us);
    return {};
}

int Host::run() {
    client_->run();
    finish();
    return exit_code_;
}

void Host::stop() {
    client_->stop();
}

Station* Host::find_station(const std::string& name) {
    for (auto& s : stations_) {
        if (s->id() == name) return s.get();
    }
    char* end = nullptr;
    const long index = std::strtol(name.c_str(), &end, 10);
    if (end != name.c_str() && *end == '\0' && index >= 1 &&
        static_cast<std::size_t>(index) <= stations_.size()) {
        return stations_[static_cast<std::size_t>(index - 1)].get();
    }
    return nullptr;
}

// --- connection events -------------------------------------------------------------------

void Host::on_established(Connection& c) {
    holds_[c.index()].reachable = true;
    stations_[c.index()]->on_connected(clock_.now());
    after_event(c.index());
}

void Host::on_text(Connection& c, std::string_view text) {
    if (plan_.options.load.enabled) {
        if (text.starts_with("[2,")) {
            ++stats_.commands;
        } else if (c.call_sent_at) {
            stats_.latency.add(std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::steady_clock::now() - *c.call_sent_at));
            c.call_sent_at.reset();
            ++(text.starts_with("[3,") ? stats_.answers : stats_.errors);
        }
    }
    stations_[c.index()]->on_text(text, clock_.now());
    after_event(c.index());
}

void Host::on_failed(Connection& c, std::string_view why) {
    holds_[c.index()].reachable = false;
    stations_[c.index()]->on_connect_failed(clock_.now(), why);
    after_event(c.index());
}

void Host::on_closed(Connection& c, std::string_view why) {
    stations_[c.index()]->on_closed(clock_.now(), why);
    after_event(c.index());
}

void Host::after_event(std::size_t i) {
    Station& s = *stations_[i];
    const bool accepted = s.registration() == Registration::Accepted && s.connected();
    if (accepted != accepted_[i]) {
        accepted_[i] = accepted;
        accepted ? ++accepted_count_ : --accepted_count_;
    }
    if (accepted && plan_.options.load.enabled && !load_started_[i]) {
        load_started_[i] = true;
        start_load_session(i, clock_.now());
    }
    if (!ready_printed_ && accepted_count_ == stations_.size()) {
        ready_printed_ = true;
        std::printf("ready: %zu station(s) connected to %s (%s)\n", stations_.size(),
                    plan_.options.url.c_str(),
                    std::string(ocpp::subprotocol(plan_.stations.front().version)).c_str());
        std::fflush(stdout);
    }
    reschedule(i);
    // Lockstep runs continue as soon as nothing waits; others when the next timer is due.
    client_->schedule_wakeup(0us);
}

// --- time --------------------------------------------------------------------------------

void Host::reschedule(std::size_t i) {
    const auto due = stations_[i]->next_due();
    if (!due) return;
    if (!scheduled_[i] || *due < *scheduled_[i]) {
        scheduled_[i] = *due;
        heap_.emplace(*due, i);
    }
}

bool Host::waiting() {
    const auto real_now = std::chrono::steady_clock::now();
    bool any = false;
    // Every station is looked at, not just up to the first that holds: one whose hold runs
    // out says so when it does.
    for (std::size_t i = 0; i < stations_.size(); ++i)
        any = holds_clock(i, real_now) || any;
    return any;
}

bool Host::holds_clock(std::size_t i, std::chrono::steady_clock::time_point real_now) {
    Hold& hold = holds_[i];
    const Connection& c = *connections_[i];
    // The CSMS answers before time moves: how fast it is then decides nothing.
    if (stations_[i]->call_in_flight() && c.call_sent_at) {
        if (real_now - *c.call_sent_at < kMaxCallHold) return true;
        if (hold.given_up_call != *c.call_sent_at) {
            hold.given_up_call = *c.call_sent_at;
            log::warn(c.station_id(),
                      "the CSMS has not answered for 30 s; letting simulated time run on");
        }
        return false;
    }
    // A connection being opened to a CSMS that answered the last time: what the station does
    // next should not depend on how fast the connection comes up. Once an attempt failed or
    // took too long, the station is offline and holds nothing until it is connected again.
    if (c.connecting() && hold.reachable) {
        if (real_now - c.connect_started_at() < kMaxConnectHold) return true;
        hold.reachable = false;
        log::warn(c.station_id(),
                  "still connecting after 2 s; simulated time runs on while it keeps trying");
    }
    return false;
}

std::optional<model::Timestamp> Host::next_due() {
    std::optional<model::Timestamp> due;
    auto consider = [&](model::Timestamp t) {
        if (!due || t < *due) due = t;
    };
    if (!heap_.empty()) consider(heap_.top().first);
    if (next_power_on_ < power_ons_.size()) consider(power_ons_[next_power_on_].first);
    if (plan_.scenario && next_action_ < plan_.scenario->timeline.size()) {
        consider(started_at_ + plan_.scenario->timeline[next_action_].at);
    }
    if (end_at_) consider(*end_at_);
    if (!load_events_.empty()) consider(load_events_.top().at);
    return due;
}

void Host::run_due(model::Timestamp now) {
    while (next_power_on_ < power_ons_.size() && power_ons_[next_power_on_].first <= now) {
        const std::size_t i = power_ons_[next_power_on_++].second;
        stations_[i]->power_on(now);
        after_event(i);
    }
    while (plan_.scenario && next_action_ < plan_.scenario->timeline.size() &&
           started_at_ + plan_.scenario->timeline[next_action_].at <= now) {
        apply_action(plan_.scenario->timeline[next_action_++], now);
    }
    while (!load_events_.empty() && load_events_.top().at <= now) {
        const LoadEvent e = load_events_.top();
        load_events_.pop();
        load_event(e, now);
    }
    while (!heap_.empty() && heap_.top().first <= now) {
        const std::size_t i = heap_.top().second;
        heap_.pop();
        scheduled_[i].reset();
        stations_[i]->advance(now);
        after_event(i);
    }
    if (end_at_ && now >= *end_at_ && !finished_) {
        log::info("sim", plan_.scenario ? "scenario finished" : "load run finished");
        // The end is past: forget it, or next_due() keeps offering it and a lockstep tick
        // loops on it forever while the client winds down.
        end_at_.reset();
        ending_ = true;
        client_->stop();
    }
}

void Host::on_wakeup() {
    if (finished_ || ending_) return;
    tick();
}

void Host::tick() {
    if (clock_.lockstep()) {
        if (waiting()) {
            clock_.reanchor();  // time stands still while a station waits for its answer
            client_->schedule_wakeup(100ms);
            return;
        }
        const model::Timestamp target = clock_.paced();
        while (auto due = next_due()) {
            if (*due > target) break;
            clock_.move_to(*due);
            run_due(clock_.now());
            if (ending_) return;
            if (waiting()) {
                clock_.reanchor();
                client_->schedule_wakeup(100ms);
                return;
            }
        }
        clock_.move_to(target);
    } else {
        run_due(clock_.now());
        if (ending_) return;
    }
    if (plan_.options.load.enabled && std::chrono::steady_clock::now() >= next_report_) {
        report_load(false);
        next_report_ = std::chrono::steady_clock::now() + plan_.options.load.report_every;
    }
    auto wake = 1'000'000us;
    if (const auto due = next_due()) wake = std::min(wake, clock_.real_until(*due));
    client_->schedule_wakeup(wake);
}

// --- scenario and load ---------------------------------------------------------------------

void Host::apply_action(const scenario::Action& action, model::Timestamp now) {
    for (std::size_t i = 0; i < stations_.size(); ++i) {
        Station& s = *stations_[i];
        if (action.station != "*" && action.station != s.id()) continue;
        log::info(s.id(), "scenario: " + std::string(scenario::action_name(action.kind)));
        if (auto done = scenario::apply(s, action, now); !done) {
            log::warn(s.id(), "scenario action " + std::string(scenario::action_name(action.kind)) +
                                  " not possible: " + done.error());
        }
        after_event(i);
    }
}

void Host::start_load_session(std::size_t i, model::Timestamp now) {
    // Every connector charges from the start: one MeterValues (1.6) or TransactionEvent (2.0.1)
    // per connector per sample interval; with a session length, drivers come and go as well.
    const auto connectors = static_cast<std::int64_t>(stations_[i]->connector_count());
    for (std::int64_t c = 1; c <= connectors; ++c)
        load_event(LoadEvent{now, i, c, true}, now);
}

void Host::load_event(const LoadEvent& e, model::Timestamp now) {
    Station& s = *stations_[e.station];
    const std::string token =
        "LOAD" + std::to_string(e.station % 100'000) + "C" + std::to_string(e.connector);
    const auto& load = plan_.options.load;
    if (e.arrive) {
        (void)s.plug_in(e.connector, std::nullopt, WhenFull::Stay, now);
        (void)s.tap(token, e.connector, now);
        if (load.session.count() > 0) {
            // Sessions of 50-150 % of the nominal length, spread by station and connector so
            // departures do not come in waves.
            const auto spread = static_cast<std::int64_t>(
                (e.station * 7919 + static_cast<std::size_t>(e.connector) * 104729) % 101);
            const auto length = std::chrono::milliseconds(load.session) * (50 + spread) / 100;
            load_events_.push(LoadEvent{now + length, e.station, e.connector, false});
        }
    } else {
        (void)s.tap(token, e.connector, now);
        (void)s.unplug(e.connector, now);
        load_events_.push(
            LoadEvent{now + std::chrono::milliseconds(load.idle), e.station, e.connector, true});
    }
    reschedule(e.station);
}

void Host::report_load(bool final) {
    const auto now = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - load_began_).count();
    const double window = std::chrono::duration<double>(now - last_report_at_).count();
    const auto& h = stats_.latency;
    // rate: calls/s since the last line; mean_rate: over the whole run.
    std::printf(
        "load%s: stations=%zu accepted=%zu calls=%llu answers=%llu errors=%llu "
        "commands=%llu rate=%.1f/s mean_rate=%.1f/s latency_ms p50=%.2f p95=%.2f "
        "p99=%.2f max=%.2f rss_mib=%.1f elapsed_s=%.0f\n",
        final ? " summary" : "", stations_.size(), accepted_count_,
        static_cast<unsigned long long>(h.count()), static_cast<unsigned long long>(stats_.answers),
        static_cast<unsigned long long>(stats_.errors),
        static_cast<unsigned long long>(stats_.commands),
        window > 0 ? static_cast<double>(h.count() - calls_at_last_report_) / window : 0.0,
        seconds > 0 ? static_cast<double>(h.count()) / seconds : 0.0,
        static_cast<double>(h.quantile(0.5).count()) / 1000.0,
        static_cast<double>(h.quantile(0.95).count()) / 1000.0,
        static_cast<double>(h.quantile(0.99).count()) / 1000.0,
        static_cast<double>(h.max().count()) / 1000.0, resident_mib(), seconds);
    std::fflush(stdout);
    last_report_at_ = now;
    calls_at_last_report_ = h.count();
}

void Host::finish() {
    if (finished_) return;
    finished_ = true;
    const auto now = clock_.now();
    for (std::size_t i = 0; i < stations_.size(); ++i) {
        if (plan_.scenario) {
            const StationView v = stations_[i]->view(now);
            std::int64_t wh = 0;
            for (const auto& c : v.connectors)
                wh += c.meter_wh;
            std::printf("summary: %s meter_wh=%lld queued=%zu\n", v.id.c_str(),
                        static_cast<long long>(wh), v.queued_tx_messages);
        }
        connections_[i]->shut_down();
    }
    if (plan_.options.load.enabled) report_load(true);
    // Let the closes go out before the context goes away.
    client_->drain(200ms);
    if (plan_.options.message_log) {
        std::ofstream out(*plan_.options.message_log);
        message_log_.write(out);
        if (!out) {
            std::fprintf(stderr, "iskra-sim: cannot write %s\n",
                         plan_.options.message_log->c_str());
            exit_code_ = 1;
        }
    }
    std::fflush(stdout);
    log::info("sim", "stopped");
}

}  // namespace iskra::sim::app
