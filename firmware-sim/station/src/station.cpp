// The station's lifecycle: power, connection, boot, heartbeat and the host's entry points.
#include "iskra/sim/station/station.hpp"

#include <algorithm>

#include "iskra/log/log.hpp"
#include "iskra/session/timestamp.hpp"

namespace iskra::sim {

using namespace std::chrono_literals;

Connector::Connector(std::int64_t id_, const EvseConfig& evse, model::Timestamp now)
    : id(id_), physics(evse.connectors.front().spec, 0, now) {
    for (const auto& c : evse.connectors)
        outlets.push_back(Outlet{c, true, std::nullopt, std::nullopt});
}

Station::Station(StationConfig config, Transport& transport, model::Timestamp now)
    : config_(std::move(config)),
      settings_(config_.settings),
      transport_(transport),
      rng_(config_.seed) {
    if (config_.evses.empty()) config_.evses.emplace_back();
    for (auto& evse : config_.evses) {
        if (evse.connectors.empty()) evse.connectors.emplace_back();
    }
    // Timers hold references to connectors: the vector never grows after this.
    connectors_.reserve(config_.evses.size());
    std::int64_t id = 1;
    for (const auto& evse : config_.evses) {
        connectors_.emplace_back(id++, evse, now);
    }
    // Each connector's meter starts where the config says: a meter that only counts up, not
    // from zero at every run.
    for (auto& c : connectors_) {
        c.physics = model::ChargingPoint(c.physics.spec(), config_.meter_start_wh, now);
    }
}

Station::~Station() = default;

rpc::RpcEndpoint::Clock::time_point Station::steady(model::Timestamp now) {
    // The endpoint's timeouts run on simulated time, so an accelerated run keeps the spec's
    // timing and a held clock never times a call out.
    return rpc::RpcEndpoint::Clock::time_point(
        std::chrono::duration_cast<rpc::RpcEndpoint::Clock::duration>(now.time_since_epoch()));
}

Connector* Station::connector(std::int64_t id) {
    if (id < 1 || id > static_cast<std::int64_t>(connectors_.size())) return nullptr;
    return &connectors_[static_cast<std::size_t>(id - 1)];
}

Outlet* Station::outlet(Connector& c, std::int64_t outlet) {
    if (outlet < 1 || outlet > static_cast<std::int64_t>(c.outlets.size())) return nullptr;
    return &c.outlets[static_cast<std::size_t>(outlet - 1)];
}

void Station::power_on(model::Timestamp now) {
    now_ = now;
    if (powered_) return;
    powered_ = true;
    registration_ = Registration::None;
    backoff_ = 0ms;
    std::size_t outlets = 0;
    for (const auto& c : connectors_)
        outlets += c.outlets.size();
    log::info(id(), "powered on (" + std::string(ocpp::subprotocol(config_.version)) + ", " +
                        (outlets != connectors_.size()
                             ? std::to_string(connectors_.size()) + " EVSE(s) with " +
                                   std::to_string(outlets) + " connectors)"
                             : std::to_string(connectors_.size()) + " connector(s))"));
    connect(now);
    schedule_aligned(now);
    refresh(now);
}

void Station::connect(model::Timestamp now) {
    if (!powered_ || connecting_ || endpoint_) return;
    if (network_down_until_ && now < *network_down_until_) return;
    timers_.cancel(reconnect_timer_);
    connecting_ = true;
    transport_.connect();
}

void Station::on_connected(model::Timestamp now) {
    now_ = now;
    connecting_ = false;
    if (!powered_) {
        transport_.close();
        return;
    }
    ++connection_count_;
    rpc::EndpointOptions options;
    options.call_timeout = config_.call_timeout;
    // Ids never repeat towards the CSMS across reconnections (deterministic, unlike a UUID).
    options.message_id_prefix = std::to_string(connection_count_) + "-";
    endpoint_ = std::make_unique<rpc::RpcEndpoint>(
        config_.version, ocpp::Initiator::Station,
        [this](std::string frame) {
            if (sink_ != nullptr) sink_->frame(id(), MessageSink::Direction::Sent, frame);
            transport_.send(std::move(frame));
        },
        options);
    register_handlers(endpoint_->router());
    log::info(id(), "connected");
    if (registration_ == Registration::Accepted) {
        // Back after a network outage: no new boot, just catch the CSMS up.
        backoff_ = 0ms;
        pump_tx_queue(now);
        refresh(now);
        schedule_heartbeat(now);
    } else {
        send_boot(now);
    }
}

void Station::on_connect_failed(model::Timestamp now, std::string_view why) {
    now_ = now;
    connecting_ = false;
    log::warn(id(), "cannot connect: " + std::string(why));
    schedule_reconnect(now);
}

void Station::on_closed(model::Timestamp now, std::string_view why) {
    now_ = now;
    connecting_ = false;
    if (!endpoint_) return;
    log::warn(id(), "connection closed: " + std::string(why));
    lost_connection(now);
    schedule_reconnect(now);
}

void Station::retire_endpoint() {
    if (endpoint_) retired_.push_back(std::move(endpoint_));
}

void Station::lost_connection(model::Timestamp now) {
    if (!endpoint_) return;
    rpc::RpcEndpoint* endpoint = endpoint_.get();
    retire_endpoint();
    // Outstanding calls fail with Closed: a transaction message goes back to the queue's head.
    endpoint->close();
    timers_.cancel(heartbeat_timer_);
    timers_.cancel(boot_retry_timer_);
    (void)now;
}

void Station::schedule_reconnect(model::Timestamp now) {
    if (!powered_) return;
    timers_.cancel(reconnect_timer_);
    backoff_ = std::clamp(backoff_ * 2, config_.min_backoff, config_.max_backoff);
    // ±20 % jitter, drawn from the station's own seed, so a site of stations does not come
    // back in one wave after an outage; never past the maximum.
    const auto span = backoff_.count() / 5;
    const auto delay =
        std::min(config_.max_backoff,
                 std::chrono::milliseconds(backoff_.count() + rng_.uniform(-span, span)));
    model::Timestamp at = now + delay;
    if (network_down_until_ && at < *network_down_until_) at = *network_down_until_;
    reconnect_timer_ = timers_.schedule(at, [this](model::Timestamp t) {
        reconnect_timer_ = 0;
        connect(t);
    });
}

void Station::on_text(std::string_view text, model::Timestamp now) {
    now_ = now;
    if (!endpoint_) return;
    if (sink_ != nullptr) sink_->frame(id(), MessageSink::Direction::Received, text);
    rpc::RpcEndpoint* endpoint = endpoint_.get();
    endpoint->on_text(text, steady(now));
    drop_retired();
}

void Station::advance(model::Timestamp now) {
    now_ = now;
    timers_.run_due(now);
    if (endpoint_) endpoint_->tick(steady(now));
    drop_retired();
}

std::optional<model::Timestamp> Station::next_due() const {
    std::optional<model::Timestamp> due = timers_.next_due();
    if (endpoint_) {
        if (const auto deadline = endpoint_->next_deadline()) {
            const model::Timestamp at{std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline->time_since_epoch())};
            if (!due || at < *due) due = at;
        }
    }
    return due;
}

bool Station::call_in_flight() const {
    return endpoint_ != nullptr && endpoint_->call_in_flight();
}

void Station::set_clock(const std::string& current_time, model::Timestamp now) {
    // Firmware sets its clock from the CSMS: whatever drift there was ends here.
    if (!config_.sync_clock) return;
    if (const auto t = session::parse_timestamp(current_time)) {
        drift_ = std::chrono::duration_cast<std::chrono::milliseconds>(*t - now);
        // The CSMS's own answer takes a moment: under a second is no drift worth keeping.
        if (drift_ < 1s && drift_ > -1s) drift_ = 0ms;
    }
}

void Station::boot_answered(Registration status, std::int64_t interval_s,
                            const std::string& current_time, model::Timestamp now) {
    registration_ = status;
    set_clock(current_time, now);
    if (status == Registration::Accepted) {
        backoff_ = 0ms;
        if (interval_s > 0) settings_.heartbeat_interval_s = interval_s;
        log::info(id(), "boot accepted; heartbeat every " +
                            std::to_string(settings_.heartbeat_interval_s) + " s");
        for (auto& c : connectors_) {
            for (auto& o : c.outlets)
                o.reported.reset();
        }
        station_reported_.reset();
        refresh(now);
        after_boot_accepted(now);
        pump_tx_queue(now);
        schedule_heartbeat(now);
        return;
    }
    // Pending or Rejected: ask again after the interval the CSMS named (or a minute).
    const auto wait = std::chrono::seconds(interval_s > 0 ? interval_s : 60);
    log::info(id(), std::string("boot ") +
                        (status == Registration::Pending ? "pending" : "rejected") +
                        "; asking again in " + std::to_string(wait.count()) + " s");
    timers_.cancel(boot_retry_timer_);
    boot_retry_timer_ = timers_.schedule(now + wait, [this](model::Timestamp t) {
        boot_retry_timer_ = 0;
        if (endpoint_) send_boot(t);
    });
}

void Station::heartbeat_answered(const std::string& current_time, model::Timestamp now) {
    set_clock(current_time, now);
}

void Station::schedule_heartbeat(model::Timestamp now) {
    timers_.cancel(heartbeat_timer_);
    if (settings_.heartbeat_interval_s <= 0) return;
    heartbeat_timer_ = timers_.schedule(now + std::chrono::seconds(settings_.heartbeat_interval_s),
                                        [this](model::Timestamp t) {
                                            heartbeat_timer_ = 0;
                                            if (online()) send_heartbeat(t);
                                            schedule_heartbeat(t);
                                        });
}

void Station::reboot(const std::string& boot_reason, std::chrono::milliseconds down,
                     model::Timestamp now) {
    log::info(id(), "rebooting (" + boot_reason + ")");
    end_all_transactions(session::StopReason::Reboot, now);
    if (endpoint_) {
        lost_connection(now);
        transport_.close();
    }
    connecting_ = false;
    powered_ = false;
    ++power_epoch_;  // file transfers under way are lost with it
    timers_.clear();
    for (auto& c : connectors_) {
        c.sample_timer = c.full_timer = 0;
        c.authorization.reset();
        c.reservation.reset();
    }
    reconnect_timer_ = heartbeat_timer_ = boot_retry_timer_ = aligned_timer_ = tx_retry_timer_ = 0;
    registration_ = Registration::None;
    boot_reason_ = boot_reason;
    timers_.schedule(now + down, [this](model::Timestamp t) { power_on(t); });
}

void Station::power_loss(model::Timestamp now) {
    now_ = now;
    if (!powered_) return;
    log::info(id(), "power lost");
    // The meter and the queued transaction messages survive (firmware keeps them in flash);
    // transactions in progress end at the moment of the loss, reported after the reboot.
    end_all_transactions(session::StopReason::PowerLoss, now);
    if (endpoint_) {
        lost_connection(now);
        transport_.close();
    }
    connecting_ = false;
    powered_ = false;
    ++power_epoch_;  // file transfers under way are lost with it
    timers_.clear();
    for (auto& c : connectors_) {
        c.sample_timer = c.full_timer = 0;
        c.authorization.reset();
        c.reservation.reset();
        for (auto& o : c.outlets)
            o.reported.reset();
    }
    reconnect_timer_ = heartbeat_timer_ = boot_retry_timer_ = aligned_timer_ = tx_retry_timer_ = 0;
    registration_ = Registration::None;
    boot_reason_ = "PowerUp";
    drop_retired();
}

void Station::power_restore(model::Timestamp now) {
    power_on(now);
    drop_retired();
}

void Station::network_outage(std::chrono::milliseconds duration, model::Timestamp now) {
    now_ = now;
    network_down_until_ = now + duration;
    log::info(id(), "network down for " + std::to_string(duration.count() / 1000) + " s");
    if (endpoint_) {
        lost_connection(now);
        transport_.close();
    }
    connecting_ = false;
    timers_.cancel(reconnect_timer_);
    reconnect_timer_ = timers_.schedule(*network_down_until_, [this](model::Timestamp t) {
        reconnect_timer_ = 0;
        network_down_until_.reset();
        backoff_ = 0ms;
        connect(t);
    });
    drop_retired();
}

std::string Station::where(const Connector& c) const {
    return (config_.version == ocpp::Version::v16 ? "connector " : "EVSE ") + std::to_string(c.id);
}

bool Station::show_cost(std::string_view transaction, std::string text) {
    for (auto& c : connectors_) {
        if (!c.tx) continue;
        const bool same =
            c.tx->csms_id ? std::to_string(*c.tx->csms_id) == transaction : c.tx->id == transaction;
        if (!same) continue;
        log::info(id(), "transaction " + std::string(transaction) + ": cost so far " + text);
        c.tx->cost_shown = std::move(text);
        return true;
    }
    return false;
}

StationView Station::view(model::Timestamp now) {
    StationView v;
    v.id = id();
    v.version = config_.version;
    v.powered = powered_;
    v.connected = endpoint_ != nullptr;
    v.registration = registration_;
    v.queued_tx_messages = queued_tx_messages();
    for (auto& c : connectors_) {
        c.physics.advance(now, limit_fn(c));
        ConnectorView cv;
        cv.id = c.id;
        cv.status = wire_status(current_status(c, now));
        for (std::size_t k = 0; k < c.outlets.size(); ++k) {
            const auto n = static_cast<std::int64_t>(k) + 1;
            cv.outlets.push_back(OutletView{n, connector_type(c.outlets[k].config),
                                            wire_status(outlet_status(c, n, now))});
        }
        cv.outlet_in_use = c.outlet_in_use;
        cv.plugged = c.physics.plugged();
        cv.soc_percent = c.physics.soc_percent();
        cv.power_w = c.physics.reading().power_w;
        cv.meter_wh = c.physics.meter_wh();
        if (c.tx) {
            cv.transaction = c.tx->csms_id ? std::to_string(*c.tx->csms_id) : c.tx->id;
            cv.cost = c.tx->cost_shown;
        }
        v.connectors.push_back(cv);
    }
    return v;
}

}  // namespace iskra::sim
