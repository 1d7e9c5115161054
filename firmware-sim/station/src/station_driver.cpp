// The driver's and the faults' actions on a station, and the CSMS-side changes both versions
// apply the same way (reservations, availability).
#include "iskra/log/log.hpp"
#include "iskra/sim/station/station.hpp"

namespace iskra::sim {

using session::StopReason;

namespace {

std::string connector_error(std::int64_t id) {
    return "connector " + std::to_string(id) + " does not exist";
}

std::string outlet_error(const Connector& c, std::int64_t outlet) {
    return "EVSE " + std::to_string(c.id) + " has no connector " + std::to_string(outlet) +
           " (it has " + std::to_string(c.outlets.size()) + ")";
}

StopReason reason_for_fault(const std::string& code) {
    if (code == "GroundFailure") return StopReason::GroundFault;
    if (code == "OverCurrentFailure") return StopReason::OvercurrentFault;
    if (code == "OverVoltage" || code == "UnderVoltage") return StopReason::PowerQuality;
    return StopReason::EmergencyStop;
}

}  // namespace

tl::expected<void, std::string> Station::tap(const std::string& token,
                                             std::optional<std::int64_t> connector_id,
                                             model::Timestamp now) {
    now_ = now;
    if (!powered_) return tl::unexpected(std::string("the station is off"));
    const auto group = known_token(token, now).value_or(TokenInfo{}).group;
    // The same card (or one of its group) ends the transaction it started.
    for (auto& c : connectors_) {
        if (!c.tx || !c.tx->token || !c.tx->authorized) continue;
        const bool same =
            c.tx->token->id == token || (group && c.tx->group && *group == *c.tx->group);
        if (!same) continue;
        if (stops_on_deauth()) {
            stop_transaction(c, StopReason::Local, now);
        } else {
            deauthorize(c, now);
        }
        drop_retired();
        return {};
    }
    for (auto& c : connectors_) {
        if (c.authorization && !c.tx && c.authorization->token.id == token) {
            timers_.cancel(c.authorization->timeout);
            c.authorization.reset();
            refresh(now);
            return {};
        }
    }
    Connector* target = nullptr;
    if (connector_id) {
        target = connector(*connector_id);
        if (target == nullptr) return tl::unexpected(connector_error(*connector_id));
    } else {
        target = choose_for_token(token);
        if (target == nullptr) return tl::unexpected(std::string("no connector is free"));
    }
    const std::int64_t target_id = target->id;
    authorize_token(
        Token{token, "ISO14443"},
        [this, token, target_id](bool accepted, std::optional<std::string> token_group) {
            if (!accepted) {
                log::info(id(), "card " + token + " refused");
                return;
            }
            Authorization auth;
            auth.token = Token{token, "ISO14443"};
            auth.group = token_group;
            give_authorization(*connector(target_id), std::move(auth), now_);
        },
        now);
    drop_retired();
    return {};
}

tl::expected<void, std::string> Station::plug_in(ConnectorRef where,
                                                 std::optional<model::EvSpec> ev,
                                                 WhenFull when_full, model::Timestamp now) {
    now_ = now;
    Connector* c = connector(where.id);
    if (c == nullptr) return tl::unexpected(connector_error(where.id));
    if (c->physics.plugged()) {
        return tl::unexpected(c->outlets.size() > 1
                                  ? "EVSE " + std::to_string(where.id) + " already has an EV at " +
                                        "connector " + std::to_string(c->outlet_in_use)
                                  : "connector " + std::to_string(where.id) + " already has an EV");
    }
    std::int64_t at = where.connector;
    if (at == 0) {
        // The driver takes the cable already in use (a transaction waits there), or the first
        // one that works.
        at = c->outlet_in_use;
        for (std::size_t k = 0; at == 0 && k < c->outlets.size(); ++k) {
            if (c->outlets[k].operative) at = static_cast<std::int64_t>(k) + 1;
        }
        if (at == 0) at = 1;
    }
    if (outlet(*c, at) == nullptr) return tl::unexpected(outlet_error(*c, at));
    if (c->outlet_in_use != 0 && c->outlet_in_use != at) {
        return tl::unexpected("EVSE " + std::to_string(c->id) + " is in use at connector " +
                              std::to_string(c->outlet_in_use));
    }
    if (c->outlet_in_use == 0) {
        c->physics.switch_connector(outlet(*c, at)->config.spec, now, limit_fn(*c));
    }
    c->outlet_in_use = at;
    c->physics.plug_in(ev.value_or(config_.default_ev), now, limit_fn(*c));
    c->when_full = when_full;
    c->finishing = false;
    if (c->authorization) timers_.cancel(c->authorization->timeout);
    plugging_ = true;
    start_if_ready(*c, now);
    plugging_ = false;
    refresh(now);
    drop_retired();
    return {};
}

tl::expected<void, std::string> Station::unplug(ConnectorRef where, model::Timestamp now) {
    now_ = now;
    Connector* c = connector(where.id);
    if (c == nullptr) return tl::unexpected(connector_error(where.id));
    if (where.connector != 0 && outlet(*c, where.connector) == nullptr) {
        return tl::unexpected(outlet_error(*c, where.connector));
    }
    if (!c->physics.plugged() || (where.connector != 0 && where.connector != c->outlet_in_use)) {
        return tl::unexpected(where.connector != 0 && c->outlets.size() > 1
                                  ? "no EV at connector " + std::to_string(where.connector) +
                                        " of EVSE " + std::to_string(where.id)
                                  : "no EV at connector " + std::to_string(where.id));
    }
    if (c->tx && stops_on_unplug()) stop_transaction(*c, StopReason::EVDisconnected, now);
    c->physics.unplug(now, limit_fn(*c));
    c->finishing = false;
    if (!c->tx) c->outlet_in_use = 0;
    refresh(now);
    drop_retired();
    return {};
}

tl::expected<void, std::string> Station::fault(std::int64_t connector_id, const std::string& code,
                                               model::Timestamp now) {
    now_ = now;
    Connector* c = connector(connector_id);
    if (c == nullptr) return tl::unexpected(connector_error(connector_id));
    c->fault = code;
    log::info(id(), "connector " + std::to_string(connector_id) + " faulted: " + code);
    if (c->tx) stop_transaction(*c, reason_for_fault(code), now);
    refresh(now);
    drop_retired();
    return {};
}

tl::expected<void, std::string> Station::clear_fault(std::int64_t connector_id,
                                                     model::Timestamp now) {
    now_ = now;
    Connector* c = connector(connector_id);
    if (c == nullptr) return tl::unexpected(connector_error(connector_id));
    c->fault.reset();
    log::info(id(), "connector " + std::to_string(connector_id) + " recovered");
    refresh(now);
    drop_retired();
    return {};
}

void Station::reserve(Connector& c, Reservation reservation, model::Timestamp now) {
    if (c.reservation) timers_.cancel(c.reservation->timer);
    c.reservation = std::move(reservation);
    const auto expires = c.reservation->expires_at - drift_;
    c.reservation->timer = timers_.schedule(expires, [this, &c](model::Timestamp t) {
        if (!c.reservation) return;
        const Reservation gone = *c.reservation;
        c.reservation.reset();
        log::info(id(), "reservation " + std::to_string(gone.id) + " expired");
        reservation_expired(gone, t);
        refresh(t);
    });
    refresh(now);
}

void Station::cancel_reservation(Connector& c, model::Timestamp now) {
    if (!c.reservation) return;
    timers_.cancel(c.reservation->timer);
    c.reservation.reset();
    refresh(now);
}

void Station::apply_availability(std::int64_t connector_id, std::int64_t outlet_id, bool operative,
                                 model::Timestamp now) {
    // Takes effect now, or after the transaction running where it applies.
    auto set = [](bool busy, bool& flag, std::optional<bool>& scheduled, bool value) {
        if (busy) {
            scheduled = value;
        } else {
            flag = value;
            scheduled.reset();
        }
    };
    if (connector_id == 0) {
        station_operative_ = operative;
        for (auto& c : connectors_)
            set(c.tx != nullptr, c.operative, c.scheduled_operative, operative);
    } else if (Connector* c = connector(connector_id)) {
        if (Outlet* o = outlet(*c, outlet_id); o != nullptr && c->outlets.size() > 1) {
            set(c->tx != nullptr && c->outlet_in_use == outlet_id, o->operative,
                o->scheduled_operative, operative);
        } else {
            set(c->tx != nullptr, c->operative, c->scheduled_operative, operative);
        }
    }
    if (operative) {
        for (auto& c : connectors_)
            start_if_ready(c, now);
    }
    refresh(now);
}

Connector* Station::choose_for_token(const std::string& token) {
    for (auto& c : connectors_) {
        if (c.reservation && c.reservation->token == token) return &c;
    }
    auto free = [](const Connector& c) {
        return !c.tx && !c.finishing && !c.fault && c.operative && !c.authorization &&
               !c.reservation;
    };
    for (auto& c : connectors_) {
        if (free(c) && c.physics.plugged()) return &c;
    }
    for (auto& c : connectors_) {
        if (free(c)) return &c;
    }
    return nullptr;
}

}  // namespace iskra::sim
