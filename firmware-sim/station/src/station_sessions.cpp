// The transaction decisions both versions share: when a transaction starts and stops, who may
// charge, what the connector reports, how meters are sampled.
#include <algorithm>

#include "iskra/log/log.hpp"
#include "iskra/sim/station/station.hpp"

namespace iskra::sim {

using session::ConnectorStatus;
using session::StopReason;

model::LimitAt Station::limit_fn(Connector& c) {
    return [this, &c](model::Timestamp t) {
        return model::limit_at(profiles_, c.id, c.physics.spec(), station_time(t), tx_context(c));
    };
}

std::optional<model::TxContext> Station::tx_context(const Connector& c) const {
    if (!c.tx) return std::nullopt;
    return model::TxContext{c.tx->id, c.tx->started_at};
}

session::ChargingState Station::charging_state(Connector& c, model::Timestamp now) {
    using session::ChargingState;
    const bool plugged = c.physics.plugged();
    if (!c.tx) return plugged ? ChargingState::EVConnected : ChargingState::Idle;
    if (!plugged) return ChargingState::Idle;
    if (!c.tx->authorized) return ChargingState::EVConnected;
    if (c.physics.ev_full()) return ChargingState::SuspendedEV;
    if (c.fault || !c.operative || c.physics.offered_power_w(limit_fn(c)(now)) <= 0) {
        return ChargingState::SuspendedEVSE;
    }
    return ChargingState::Charging;
}

ConnectorStatus Station::current_status(Connector& c, model::Timestamp now) {
    if (c.fault) return ConnectorStatus::Faulted;
    if (c.tx) {
        if (!c.physics.plugged()) {
            return c.tx->authorized ? ConnectorStatus::Preparing : ConnectorStatus::SuspendedEV;
        }
        switch (charging_state(c, now)) {
            case session::ChargingState::Charging:
                return ConnectorStatus::Charging;
            case session::ChargingState::SuspendedEV:
                return ConnectorStatus::SuspendedEV;
            default:
                return ConnectorStatus::SuspendedEVSE;
        }
    }
    if (!c.operative || !station_operative_) return ConnectorStatus::Unavailable;
    if (c.finishing && c.physics.plugged()) return ConnectorStatus::Finishing;
    if (c.physics.plugged() || c.authorization) return ConnectorStatus::Preparing;
    if (c.reservation) return ConnectorStatus::Reserved;
    return ConnectorStatus::Available;
}

ConnectorStatus Station::outlet_status(Connector& c, std::int64_t outlet_id, model::Timestamp now) {
    const ConnectorStatus whole = current_status(c, now);
    if (c.outlets.size() == 1) return whole;
    const Outlet* o = outlet(c, outlet_id);
    if (whole == ConnectorStatus::Faulted) return whole;
    // One vehicle at a time: its connector tells the EVSE's story, the others are Unavailable.
    if (c.outlet_in_use != 0) {
        return c.outlet_in_use == outlet_id ? whole : ConnectorStatus::Unavailable;
    }
    if (o == nullptr || !o->operative) return ConnectorStatus::Unavailable;
    // No cable in use: a driver authorised (or a transaction begun) before plugging in may
    // take any of them.
    switch (whole) {
        case ConnectorStatus::Preparing:
        case ConnectorStatus::Charging:
        case ConnectorStatus::SuspendedEV:
        case ConnectorStatus::SuspendedEVSE:
        case ConnectorStatus::Finishing:
        case ConnectorStatus::Occupied:
            return ConnectorStatus::Available;
        default:
            return whole;
    }
}

void Station::refresh(model::Timestamp now) {
    if (!powered_) return;
    for (auto& c : connectors_) {
        const auto limit = limit_fn(c);
        c.physics.advance(now, limit);
        const bool closed =
            c.tx && c.tx->authorized && c.physics.plugged() && !c.fault && c.operative;
        if (closed != c.physics.contactor_closed()) c.physics.set_contactor(closed, now, limit);
        if (c.tx) {
            const auto state = charging_state(c, now);
            if (state != c.tx->reported_state) {
                if (c.tx->reported_state == session::ChargingState::Charging) {
                    c.tx->charging_ms += (now - c.tx->charging_since).count();
                }
                if (state == session::ChargingState::Charging) c.tx->charging_since = now;
                const bool first = !c.tx->reported_state.has_value();
                c.tx->reported_state = state;
                if (!first) tx_updated(c, TxUpdate::ChargingState, now);
            }
        }
        // Look again when the EV may be full, to report SuspendedEV (or let the driver act).
        timers_.cancel(c.full_timer);
        if (const auto at = c.physics.full_no_earlier_than()) {
            c.full_timer = timers_.schedule(*at, [this, &c](model::Timestamp t) {
                c.full_timer = 0;
                ev_full_check(c, t);
            });
        }
    }
    refresh_status(now);
}

void Station::refresh_status(model::Timestamp now) {
    if (!online()) return;
    if (reports_station_status()) {
        const auto s =
            station_operative_ ? ConnectorStatus::Available : ConnectorStatus::Unavailable;
        if (station_reported_ != s) {
            station_reported_ = s;
            send_status(0, 0, s, now);
        }
    }
    for (auto& c : connectors_) {
        for (std::size_t k = 0; k < c.outlets.size(); ++k) {
            const auto n = static_cast<std::int64_t>(k) + 1;
            const auto s = wire_status(outlet_status(c, n, now));
            if (c.outlets[k].reported != s) {
                c.outlets[k].reported = s;
                send_status(c.id, n, s, now);
            }
        }
    }
}

void Station::ev_full_check(Connector& c, model::Timestamp now) {
    c.physics.advance(now, limit_fn(c));
    if (c.physics.ev_full() && c.tx) {
        log::info(id(), where(c) + ": EV full at " +
                            std::to_string(static_cast<int>(c.physics.soc_percent())) + " %");
        if (c.when_full == WhenFull::Unplug) {
            (void)unplug(c.id, now);
            return;
        }
        if (c.when_full == WhenFull::Stop) {
            stop_transaction(c, StopReason::StoppedByEV, now);
            return;
        }
    }
    refresh(now);
}

session::MeterSample Station::sample(Connector& c, session::ReadingContext context,
                                     const MeasurandList& measurands, model::Timestamp now) {
    using session::Measurand;
    c.physics.advance(now, limit_fn(c));
    const model::Reading r = c.physics.reading();
    session::MeterSample s;
    s.timestamp = station_time(now);
    s.context = context;
    if (contains(measurands, Measurand::EnergyActiveImportRegister))
        s.energy_wh = c.physics.meter_wh();
    if (contains(measurands, Measurand::PowerActiveImport)) s.power_w = r.power_w;
    if (contains(measurands, Measurand::CurrentImport)) s.current_a = r.current_a;
    if (contains(measurands, Measurand::Voltage)) s.voltage_v = r.voltage_v;
    if (contains(measurands, Measurand::SoC) && r.soc_percent) s.soc_percent = r.soc_percent;
    return s;
}

std::optional<TokenInfo> Station::known_token(const std::string& token,
                                              model::Timestamp now) const {
    (void)now;
    if (settings_.local_list_enabled) {
        if (auto info = local_list_.find(token)) return info;
    }
    if (settings_.auth_cache_enabled) {
        if (auto info = auth_cache_.find(token)) return info;
    }
    return std::nullopt;
}

void Station::authorize_token(const Token& token,
                              std::function<void(bool, std::optional<std::string>)> done,
                              model::Timestamp now) {
    const auto known = known_token(token.id, now);
    auto offline = [this, known, done](model::Timestamp t) {
        if (known) {
            done(settings_.local_authorize_offline && known->usable(t), known->group);
        } else {
            done(settings_.allow_offline_unknown, std::nullopt);
        }
    };
    if (!online()) {
        offline(now);
        return;
    }
    if (known && known->usable(now) && settings_.local_pre_authorize) {
        done(true, known->group);
        return;
    }
    send_authorize(
        token,
        [this, token, done, offline](std::optional<TokenInfo> answer) {
            if (!answer) {
                offline(now_);
                return;
            }
            if (settings_.auth_cache_enabled) auth_cache_.remember(token.id, *answer);
            done(answer->usable(now_), answer->group);
        },
        now);
}

void Station::give_authorization(Connector& c, Authorization auth, model::Timestamp now) {
    if (c.reservation) {
        const bool ours = c.reservation->token == auth.token.id ||
                          (auth.group && c.reservation->group == auth.group);
        if (!ours) {
            log::info(id(), where(c) + " is reserved for another card");
            return;
        }
        auth.reservation_id = c.reservation->id;
    }
    if (c.tx) {
        if (!c.tx->authorized) {
            c.tx->token = auth.token;
            c.tx->group = auth.group;
            c.tx->authorized = true;
            if (auth.remote_start_id) c.tx->remote_start_id = auth.remote_start_id;
            tx_updated(c, TxUpdate::Authorized, now);
            refresh(now);
        }
        return;
    }
    if (c.authorization) timers_.cancel(c.authorization->timeout);
    c.authorization = std::move(auth);
    if (!c.physics.plugged()) wait_for_plug(c, now);
    start_if_ready(c, now);
    refresh(now);
}

void Station::wait_for_plug(Connector& c, model::Timestamp now) {
    if (settings_.connection_timeout_s <= 0) return;
    c.authorization->timeout = timers_.schedule(
        now + std::chrono::seconds(settings_.connection_timeout_s), [this, &c](model::Timestamp t) {
            if (!c.authorization) return;
            c.authorization->timeout = 0;
            log::info(id(), where(c) + ": no EV plugged in; giving up");
            c.authorization.reset();
            if (c.tx && !c.physics.plugged()) {
                stop_transaction(c, StopReason::Timeout, t);
            }
            refresh(t);
        });
}

void Station::start_if_ready(Connector& c, model::Timestamp now) {
    if (c.tx || c.fault || !c.operative || !station_operative_ || c.finishing) return;
    if (const Outlet* o = outlet(c, c.outlet_in_use); o != nullptr && !o->operative) return;
    const bool plugged = c.physics.plugged();
    const bool authed = c.authorization.has_value();
    const bool go =
        (plugged && authed) || (plugged && starts_on_plug()) || (authed && starts_on_auth());
    if (!go) return;
    c.physics.advance(now, limit_fn(c));
    auto tx = std::make_shared<Transaction>();
    tx->id = new_transaction_id();
    if (authed) {
        tx->token = c.authorization->token;
        tx->group = c.authorization->group;
        tx->authorized = true;
        tx->remote_start_id = c.authorization->remote_start_id;
        tx->reservation_id = c.authorization->reservation_id;
        if (plugged) {
            timers_.cancel(c.authorization->timeout);
            c.authorization.reset();
        }
    }
    if (tx->reservation_id && c.reservation) {
        timers_.cancel(c.reservation->timer);
        c.reservation.reset();
    }
    tx->started_at = station_time(now);
    tx->meter_start_wh = c.physics.meter_wh();
    tx->started_offline = !online();
    tx->started_by_plug = plugging_;
    c.tx = tx;
    c.finishing = false;
    log::info(id(), where(c) + ": transaction " + tx->id + " started at " +
                        std::to_string(tx->meter_start_wh) + " Wh");
    tx_started(c, now);
    schedule_sampling(c, now);
    refresh(now);
}

void Station::stop_transaction(Connector& c, StopReason reason, model::Timestamp now) {
    if (!c.tx) return;
    const auto limit = limit_fn(c);
    c.physics.advance(now, limit);
    std::shared_ptr<Transaction> tx = c.tx;
    if (tx->reported_state == session::ChargingState::Charging) {
        tx->charging_ms += (now - tx->charging_since).count();
        tx->reported_state = session::ChargingState::SuspendedEVSE;
    }
    c.physics.set_contactor(false, now, limit);
    timers_.cancel(c.sample_timer);
    timers_.cancel(c.full_timer);
    if (c.authorization) {
        timers_.cancel(c.authorization->timeout);
        c.authorization.reset();
    }
    log::info(id(), where(c) + ": transaction " + tx->id + " ended (" +
                        std::string(session::to_string(reason)) + ") at " +
                        std::to_string(c.physics.meter_wh()) + " Wh");
    tx_ended(c, *tx, reason, now);
    c.tx.reset();
    c.finishing = c.physics.plugged();
    // A TxProfile lives as long as its transaction.
    std::erase_if(profiles_, [&](const model::Profile& p) {
        return p.purpose == model::ProfilePurpose::Tx && p.evse == c.id;
    });
    if (c.scheduled_operative) {
        c.operative = *c.scheduled_operative;
        c.scheduled_operative.reset();
    }
    for (auto& o : c.outlets) {
        if (o.scheduled_operative) o.operative = *o.scheduled_operative;
        o.scheduled_operative.reset();
    }
    if (!c.physics.plugged()) c.outlet_in_use = 0;
    refresh(now);
    after_tx_end(c, now);
}

void Station::deauthorize(Connector& c, model::Timestamp now) {
    if (!c.tx) return;
    c.tx->authorized = false;
    tx_updated(c, TxUpdate::Deauthorized, now);
    refresh(now);
}

void Station::end_all_transactions(StopReason reason, model::Timestamp now) {
    for (auto& c : connectors_) {
        if (c.tx) stop_transaction(c, reason, now);
    }
}

void Station::profiles_changed(model::Timestamp now) {
    for (auto& c : connectors_)
        c.physics.limit_changed(now, limit_fn(c));
    refresh(now);
}

}  // namespace iskra::sim
