#include "load_run.hpp"

// uv.h first: libwebsockets declares its libuv glue only when libuv's header is in.
#include <uv.h>

#include <libwebsockets.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <exception>

#include "iskra/rpc/rpc_endpoint.hpp"
#include "process_stats.hpp"

namespace iskra::bench {

struct LoadRun::Station {
    Station(std::size_t index_, std::string id_, std::string path_, ocpp::Version version_)
        : index(index_),
          id(std::move(id_)),
          path(std::move(path_)),
          version(version_),
          script(version_, id, index_) {}

    std::size_t index;
    std::string id;
    std::string path;
    ocpp::Version version;
    StationScript script;

    lws* wsi = nullptr;
    bool resolved = false;  // the connection attempt ended, either way
    bool open = false;
    bool booted = false;  // BootNotification accepted: only then does the station take load
    Clock::time_point connect_started{};
    std::unique_ptr<rpc::RpcEndpoint> endpoint;
    std::deque<std::string> outbound;
    std::string inbound;

    // The call in flight (OCPP allows one per direction).
    bool awaiting = false;
    bool written = false;   // it has left our socket, at written_at
    bool measured = false;  // it was sent inside the measured window
    Clock::time_point written_at{};
};

struct LoadRun::Loop {
    uv_loop_t uv{};
    uv_timer_t timer{};
    bool loop_open = false;
    bool timer_open = false;
};

namespace {

constexpr char kLocalProtocol[] = "iskra-load";
constexpr auto kEndpointTick = std::chrono::milliseconds(250);

int dispatch(lws* wsi, lws_callback_reasons reason, void* user, void* in, std::size_t len) {
    auto* run = static_cast<LoadRun*>(lws_context_user(lws_get_context(wsi)));
    if (run == nullptr) return lws_callback_http_dummy(wsi, reason, user, in, len);
    return run->on_callback(wsi, static_cast<int>(reason), user, in, len);
}

// Answers are a few hundred bytes; a small receive buffer keeps 10,000 connections cheap.
const lws_protocols kProtocols[] = {
    {kLocalProtocol, dispatch, 0, 4096, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0},
};

void timer_fired(uv_timer_t* timer) {
    static_cast<LoadRun*>(timer->data)->on_timer();
}

std::string station_id(const std::string& prefix, std::size_t index) {
    char number[24];  // room for any size_t
    std::snprintf(number, sizeof number, "%06zu", index + 1);
    return prefix + number;
}

ocpp::Version version_of(ProtocolMix mix, std::size_t index) {
    switch (mix) {
        case ProtocolMix::V16:
            return ocpp::Version::v16;
        case ProtocolMix::V201:
            return ocpp::Version::v201;
        case ProtocolMix::Mixed:
            break;
    }
    return index % 2 == 0 ? ocpp::Version::v16 : ocpp::Version::v201;
}

double seconds(LoadRun::Clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

}  // namespace

LoadRun::LoadRun(LoadOptions options)
    : options_(std::move(options)), loop_(std::make_unique<Loop>()) {}

LoadRun::~LoadRun() {
    // lws closes its own libuv handles while the loop runs on after the context is destroyed.
    if (context_ != nullptr) lws_context_destroy(context_);
    context_ = nullptr;
    if (!loop_->loop_open) return;
    if (loop_->timer_open) uv_close(reinterpret_cast<uv_handle_t*>(&loop_->timer), nullptr);
    uv_run(&loop_->uv, UV_RUN_DEFAULT);
    uv_loop_close(&loop_->uv);
}

tl::expected<LoadReport, std::string> LoadRun::run() {
    const auto now = Clock::now();
    run_start_ = now;
    const auto boot_time = std::chrono::seconds(
        static_cast<long>(static_cast<double>(options_.stations) / options_.rate) + 1);
    // Two paced sweeps (boots, then sessions opened) before the warm-up.
    deadline_ = now + options_.connect_timeout + 2 * options_.settle + 2 * boot_time +
                options_.call_timeout + options_.warmup + options_.duration + options_.drain +
                std::chrono::seconds(30);
    report_.stations = options_.stations;
    report_.offered_rate = options_.rate;
    if (options_.server_pid > 0) {
        report_.rss_before_kib = process_rss_kib(options_.server_pid);
        if (auto cpu = process_cpu_time(options_.server_pid)) server_cpu_start_ = *cpu;
    }

    stations_.reserve(options_.stations);
    for (std::size_t i = 0; i < options_.stations; ++i) {
        std::string id = station_id(options_.id_prefix, i);
        std::string path = options_.path + "/" + id;
        stations_.push_back(std::make_unique<Station>(i, std::move(id), std::move(path),
                                                      version_of(options_.protocol, i)));
    }

    if (uv_loop_init(&loop_->uv) != 0) {
        return tl::unexpected(std::string("cannot start a libuv loop"));
    }
    loop_->loop_open = true;
    lws_set_log_level(LLL_ERR, nullptr);
    void* foreign_loops[] = {&loop_->uv};
    lws_context_creation_info info{};
    info.port = CONTEXT_PORT_NO_LISTEN;
    info.protocols = kProtocols;
    info.user = this;
    info.options = LWS_SERVER_OPTION_LIBUV;
    info.foreign_loops = foreign_loops;
    info.fd_limit_per_thread = static_cast<unsigned int>(options_.stations + 256);
    info.connect_timeout_secs = 20;
    context_ = lws_create_context(&info);
    if (context_ == nullptr) {
        return tl::unexpected(std::string(
            "cannot create the libwebsockets context (libuv event library missing, or the fd "
            "limit below the station count: raise ulimit -n)"));
    }

    uv_timer_init(&loop_->uv, &loop_->timer);
    loop_->timer_open = true;
    loop_->timer.data = this;
    phase_ = Phase::Connecting;
    phase_start_ = now;
    uv_timer_start(&loop_->timer, timer_fired, 1, 1);
    uv_run(&loop_->uv, UV_RUN_DEFAULT);  // until finish()
    return report_;
}

void LoadRun::finish() {
    phase_ = Phase::Done;
    uv_timer_stop(&loop_->timer);
    uv_stop(&loop_->uv);
}

void LoadRun::on_timer() {
    try {
        const auto now = Clock::now();
        if (phase_ == Phase::Done) return;
        if (now >= deadline_) {
            report_.hit_deadline = true;
            if (phase_ == Phase::Measure) enter(Phase::Drain, now);
            return finish();
        }
        if (now - last_endpoint_tick_ >= kEndpointTick) tick_endpoints(now);
        const auto in_phase = now - phase_start_;
        switch (phase_) {
            case Phase::Connecting:
                start_connections(now);
                if (connect_resolved_ == stations_.size() || in_phase >= options_.connect_timeout) {
                    enter(Phase::SettleConnected, now);
                }
                break;
            case Phase::SettleConnected:
                if (in_phase >= options_.settle) enter(Phase::Booting, now);
                break;
            case Phase::Booting:
                if (sweep_paced(Call::Boot, now)) enter(Phase::Opening, now);
                break;
            case Phase::Opening:
                if (sweep_paced(Call::OpenSession, now)) enter(Phase::SettleBooted, now);
                break;
            case Phase::SettleBooted:
                if (in_phase >= options_.settle) enter(Phase::Warmup, now);
                break;
            case Phase::Warmup:
                pace(now);
                if (in_phase >= options_.warmup) enter(Phase::Measure, now);
                break;
            case Phase::Measure:
                pace(now);
                if (in_phase >= options_.duration) enter(Phase::Drain, now);
                break;
            case Phase::Drain:
                if (in_flight_ == 0 || in_phase >= options_.drain) finish();
                break;
            case Phase::Done:
                break;
        }
    } catch (const std::exception& e) {
        // Nothing may cross the C callback: end the run with what was measured.
        std::fprintf(stderr, "iskra-load: stopping on an error: %s\n", e.what());
        finish();
    }
}

void LoadRun::enter(Phase phase, Clock::time_point now) {
    const pid_t pid = options_.server_pid;
    phase_ = phase;
    phase_start_ = now;
    switch (phase) {
        case Phase::SettleConnected:
            report_.connect_time = now - run_start_;
            if (pid > 0) {
                if (auto cpu = process_cpu_time(pid))
                    report_.server_cpu_connect = *cpu - server_cpu_start_;
            }
            break;
        case Phase::Booting:
            if (pid > 0) report_.rss_connected_kib = process_rss_kib(pid);
            sweep_cursor_ = 0;
            paced_ = 0;
            break;
        case Phase::Opening:
            sweep_cursor_ = 0;
            paced_ = 0;
            break;
        case Phase::Warmup:
            if (pid > 0) report_.rss_booted_kib = process_rss_kib(pid);
            pace_start_ = now;
            paced_ = 0;
            break;
        case Phase::Measure:
            window_start_ = now;
            own_cpu_start_ = own_cpu_time();
            if (pid > 0) {
                if (auto cpu = process_cpu_time(pid)) server_cpu_start_ = *cpu;
            }
            break;
        case Phase::Drain:
            report_.window = now - window_start_;
            report_.own_cpu_window = own_cpu_time() - own_cpu_start_;
            if (pid > 0) {
                if (auto cpu = process_cpu_time(pid))
                    report_.server_cpu_window = *cpu - server_cpu_start_;
                report_.rss_loaded_kib = process_rss_kib(pid);
            }
            break;
        case Phase::Connecting:
        case Phase::SettleBooted:
        case Phase::Done:
            break;
    }
}

void LoadRun::start_connections(Clock::time_point now) {
    while (connecting_ < options_.connect_concurrency && next_to_connect_ < stations_.size()) {
        Station& station = *stations_[next_to_connect_++];
        lws_client_connect_info info{};
        info.context = context_;
        info.address = options_.host.c_str();
        info.port = options_.port;
        info.path = station.path.c_str();
        info.host = options_.host.c_str();
        info.origin = options_.host.c_str();
        info.protocol = station.version == ocpp::Version::v16 ? "ocpp1.6" : "ocpp2.0.1";
        info.local_protocol_name = kLocalProtocol;
        info.ietf_version_or_minus_one = -1;
        info.userdata = &station;
        info.pwsi = &station.wsi;
        station.connect_started = now;
        ++connecting_;
        if (lws_client_connect_via_info(&info) == nullptr && !station.resolved) {
            station.resolved = true;
            --connecting_;
            ++connect_resolved_;
            ++report_.connect_failed;
        }
    }
}

bool LoadRun::sweep_paced(Call call, Clock::time_point now) {
    const auto due = static_cast<std::uint64_t>(options_.rate * seconds(now - phase_start_));
    while (sweep_cursor_ < stations_.size() && paced_ < due) {
        Station& station = *stations_[sweep_cursor_++];
        if (!station.open || !station.endpoint || station.awaiting) continue;
        if (call == Call::Boot || (station.booted && station.script.starts_in_session())) {
            ++paced_;
            issue(station, now, call);
        }
    }
    return sweep_cursor_ == stations_.size() && in_flight_ == 0;
}

void LoadRun::pace(Clock::time_point now) {
    // Pacing runs on from the start of the warm-up through the window, without a restart.
    const auto due = static_cast<std::uint64_t>(options_.rate * seconds(now - pace_start_));
    // After a stall, catch up by at most a second's worth; the rest were never offered.
    const auto catch_up = static_cast<std::uint64_t>(options_.rate);
    if (due > paced_ + catch_up) {
        if (phase_ == Phase::Measure) report_.not_offered += due - paced_ - catch_up;
        paced_ = due - catch_up;
    }
    bool every_station_busy = false;
    while (paced_ < due) {
        ++paced_;
        if (sent_total_ >= options_.max_calls) {
            report_.hit_max_calls = true;
            paced_ = due;
            break;
        }
        Station* station = every_station_busy ? nullptr : next_idle_station();
        if (station == nullptr) {
            every_station_busy = true;
            if (phase_ == Phase::Measure) ++report_.not_offered;
            continue;
        }
        issue(*station, now, Call::Next);
    }
}

LoadRun::Station* LoadRun::next_idle_station() {
    for (std::size_t tried = 0; tried < stations_.size(); ++tried) {
        Station& station = *stations_[cursor_];
        cursor_ = (cursor_ + 1) % stations_.size();
        if (station.open && station.booted && !station.awaiting) return &station;
    }
    return nullptr;
}

void LoadRun::issue(Station& station, Clock::time_point now, Call call) {
    station.awaiting = true;
    station.written = false;
    station.measured = phase_ == Phase::Measure;
    ++in_flight_;
    ++sent_total_;
    if (station.measured) ++report_.sent;
    Station* target = &station;
    auto done = [this, target](CallKind kind, Outcome outcome) {
        on_answer(*target, kind, outcome);
    };
    switch (call) {
        case Call::Boot:
            return station.script.boot(*station.endpoint, now, std::move(done));
        case Call::OpenSession:
            return station.script.open_session(*station.endpoint, now, std::move(done));
        case Call::Next:
            return station.script.next(*station.endpoint, now, std::move(done));
    }
}

void LoadRun::on_answer(Station& station, CallKind kind, Outcome outcome) {
    const auto now = Clock::now();
    if (!station.awaiting) return;
    station.awaiting = false;
    --in_flight_;
    if (kind == CallKind::Boot) station.booted = outcome == Outcome::Ok;
    if (outcome == Outcome::Ok || outcome == Outcome::Refused) {
        ++report_.answered_in_run[static_cast<std::size_t>(kind)];
    }
    KindStats* stats = kind == CallKind::Boot ? &report_.boot
                       : station.measured     ? &report_.kinds[static_cast<std::size_t>(kind)]
                                              : nullptr;
    if (stats == nullptr) return;
    ++stats->outcomes[static_cast<std::size_t>(outcome)];
    const bool answered = outcome == Outcome::Ok || outcome == Outcome::Refused ||
                          outcome == Outcome::CallError || outcome == Outcome::InvalidResponse;
    if (answered && station.written) stats->latency.record(now - station.written_at);
    if (outcome != Outcome::Ok && outcome != Outcome::Refused && reported_errors_ < 5) {
        ++reported_errors_;
        std::fprintf(stderr, "iskra-load: %s %s: %s\n", station.id.c_str(),
                     std::string(to_string(kind)).c_str(), std::string(to_string(outcome)).c_str());
    }
}

void LoadRun::tick_endpoints(Clock::time_point now) {
    last_endpoint_tick_ = now;
    for (auto& station : stations_) {
        if (station->awaiting && station->endpoint) station->endpoint->tick(now);
    }
}

int LoadRun::on_callback(lws* wsi, int reason, void* user, void* in, std::size_t len) {
    auto* station = static_cast<Station*>(user);
    try {
        switch (reason) {
            case LWS_CALLBACK_CLIENT_ESTABLISHED: {
                if (station == nullptr) return -1;
                const auto now = Clock::now();
                station->resolved = true;
                station->open = true;
                --connecting_;
                ++connect_resolved_;
                ++report_.connected;
                report_.connect_latency.record(now - station->connect_started);
                rpc::EndpointOptions endpoint_options;
                endpoint_options.call_timeout = options_.call_timeout;
                station->endpoint = std::make_unique<rpc::RpcEndpoint>(
                    station->version, ocpp::Initiator::Station,
                    [station](std::string frame) {
                        station->outbound.push_back(std::move(frame));
                        if (station->wsi != nullptr) lws_callback_on_writable(station->wsi);
                    },
                    std::move(endpoint_options));
                return 0;
            }
            case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
                if (station != nullptr && !station->resolved) {
                    station->resolved = true;
                    --connecting_;
                    ++connect_resolved_;
                    ++report_.connect_failed;
                    if (reported_errors_ < 5) {
                        ++reported_errors_;
                        std::fprintf(stderr, "iskra-load: %s: connection failed: %s\n",
                                     station->id.c_str(),
                                     in != nullptr ? static_cast<const char*>(in) : "(no reason)");
                    }
                }
                return 0;
            case LWS_CALLBACK_CLIENT_RECEIVE:
                if (station == nullptr || !station->endpoint) return -1;
                station->inbound.append(static_cast<const char*>(in), len);
                if (lws_is_final_fragment(wsi) && lws_remaining_packet_payload(wsi) == 0) {
                    station->endpoint->on_text(station->inbound, Clock::now());
                    station->inbound.clear();
                }
                return 0;
            case LWS_CALLBACK_CLIENT_WRITEABLE: {
                if (station == nullptr || station->outbound.empty()) return 0;
                const std::string& frame = station->outbound.front();
                write_buffer_.resize(LWS_PRE + frame.size());
                std::memcpy(write_buffer_.data() + LWS_PRE, frame.data(), frame.size());
                const int written =
                    lws_write(wsi, write_buffer_.data() + LWS_PRE, frame.size(), LWS_WRITE_TEXT);
                if (written < static_cast<int>(frame.size())) return -1;
                if (station->awaiting && !station->written) {
                    station->written = true;
                    station->written_at = Clock::now();
                }
                station->outbound.pop_front();
                if (!station->outbound.empty()) lws_callback_on_writable(wsi);
                return 0;
            }
            case LWS_CALLBACK_CLIENT_CLOSED:
                if (station == nullptr) return 0;
                if (station->open && phase_ != Phase::Done) ++report_.unexpected_closes;
                station->open = false;
                station->wsi = nullptr;
                if (station->endpoint) station->endpoint->close();
                return 0;
            case LWS_CALLBACK_WSI_DESTROY:
                if (station != nullptr) station->wsi = nullptr;
                return 0;
            default:
                return lws_callback_http_dummy(wsi, static_cast<lws_callback_reasons>(reason), user,
                                               in, len);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "iskra-load: dropping a connection on an error: %s\n", e.what());
        return -1;
    }
}

}  // namespace iskra::bench
