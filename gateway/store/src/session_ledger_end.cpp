// The ledger's rules for meter values and the end of sessions (a stop applied once, a stop for a
// session never seen to start, a stop after the gateway closed the session itself), and the
// authorisation and security logs.
#include <nlohmann/json.hpp>

#include "iskra/gateway/store/session_ledger.hpp"
#include "ledger_support.hpp"

namespace iskra::gateway {

using detail::SessionRow;

namespace {

std::string describe_stop(std::optional<std::int64_t> meter_stop_wh, Timestamp ended_at) {
    return detail::describe_reading(meter_stop_wh, ended_at);
}

// A stop for a transaction the gateway never saw start: the row is built from the stop itself
// and from its Transaction.Begin reading, if it carries one.
SessionRow reassemble(std::string uuid, const session::SessionEnded& event) {
    SessionRow row = detail::new_session_row(std::move(uuid), event.station_id, event.transaction);
    detail::take_connector(row, event.connector);
    detail::take_token(row, event.token);
    for (const auto& sample : event.samples) {
        if (sample.context != session::ReadingContext::TransactionBegin) continue;
        if (!row.started_at || sample.timestamp < *row.started_at) {
            row.started_at = sample.timestamp;
            if (sample.energy_wh) row.meter_start_wh = sample.energy_wh;
        }
    }
    if (row.meter_start_wh) {
        row.last_meter_wh = row.meter_start_wh;
        row.last_meter_at = row.started_at;
    }
    return row;
}

}  // namespace

tl::expected<SessionEndRecorded, StoreError> SessionLedger::record_session_ended(
    Database& db, const session::SessionEnded& event, Timestamp received_at) {
    if (auto touched =
            touch_station(db, event.station_id, received_at, config_.unknown_station_state);
        !touched) {
        return tl::unexpected(touched.error());
    }
    auto existing = detail::find_session(db, event.station_id, event.transaction);
    if (!existing) return tl::unexpected(existing.error());
    SessionEndRecorded result;
    SessionRow row;
    if (*existing) {
        row = std::move(**existing);
    } else {
        row = reassemble(ids_.next_session_id(), event);
        row.offline = true;  // it ran without the gateway hearing of it
        if (auto inserted = detail::insert_session(db, row, received_at); !inserted) {
            return tl::unexpected(inserted.error());
        }
        auto flagged = detail::add_flag(
            db, row, flag::kStopWithoutStart,
            "stop for transaction " + session::to_string(event.transaction) +
                ", which the gateway never saw start; reassembled from the stop (" +
                describe_stop(event.meter_stop_wh, event.ended_at) + ") and its " +
                std::to_string(event.samples.size()) + " readings",
            received_at);
        if (!flagged) return tl::unexpected(flagged.error());
        result.reassembled = true;
    }
    result.session_uuid = row.uuid;

    auto sequence = detail::check_sequence(db, row, event.sequence, received_at);
    if (!sequence) return tl::unexpected(sequence.error());
    if (!sequence->first_time) {
        result.applied = false;
        return result;
    }
    if (!row.open && !row.closed_by_gateway()) {
        // The station stopped this session before: applied once. A second stop that says
        // something else is kept as a flag; the first one stands.
        result.applied = false;
        if (event.meter_stop_wh != row.meter_stop_wh || event.ended_at != row.ended_at) {
            auto flagged = detail::add_flag(
                db, row, flag::kConflictingStop,
                "a second stop says " + describe_stop(event.meter_stop_wh, event.ended_at) +
                    "; the first, which stands, said " +
                    detail::describe_reading(row.meter_stop_wh, row.ended_at),
                received_at);
            if (!flagged) return tl::unexpected(flagged.error());
        }
        return result;
    }
    if (row.closed_by_gateway()) {
        auto flagged = detail::add_flag(
            db, row, flag::kStoppedAfterGatewayClose,
            "the gateway had closed this session (" + row.closed_by.value_or("") + ") at " +
                detail::describe_reading(row.meter_stop_wh, row.ended_at) +
                "; the station's own stop, now applied, says " +
                describe_stop(event.meter_stop_wh, event.ended_at),
            received_at);
        if (!flagged) return tl::unexpected(flagged.error());
    }

    const detail::SampleTarget target{event.station_id, event.connector,    &row,
                                      "SessionEnded",   sequence->in_order, true};
    auto stored = detail::store_samples(db, config_, target, event.samples, received_at);
    if (!stored) return tl::unexpected(stored.error());

    if (event.meter_stop_wh) {
        row.meter_stop_wh = event.meter_stop_wh;
        if (row.meter_start_wh) {
            auto checked = detail::check_reading(db, config_, row, *event.meter_stop_wh,
                                                 event.ended_at, sequence->in_order, received_at);
            if (!checked) return tl::unexpected(checked.error());
        }
    } else {
        row.meter_stop_wh = row.last_meter_wh;
        if (row.last_meter_wh) {
            auto flagged =
                detail::add_flag(db, row, flag::kMeterStopFromSample,
                                 "no meter stop was sent; taken from the last reading " +
                                     detail::describe_reading(row.last_meter_wh, row.last_meter_at),
                                 received_at);
            if (!flagged) return tl::unexpected(flagged.error());
        }
    }
    if (row.meter_start_wh && row.meter_stop_wh && *row.meter_stop_wh < *row.meter_start_wh) {
        auto flagged = detail::add_flag(
            db, row, flag::kMeterStopBelowStart,
            "meter stop " + std::to_string(*row.meter_stop_wh) + " Wh is " +
                std::to_string(*row.meter_start_wh - *row.meter_stop_wh) +
                " Wh below meter start " + std::to_string(*row.meter_start_wh) + " Wh",
            received_at);
        if (!flagged) return tl::unexpected(flagged.error());
    }
    detail::take_connector(row, event.connector);
    row.ended_at = event.ended_at;
    row.stop_reason = std::string(session::to_string(event.reason));
    row.open = false;
    row.closed_by = "station";
    if (event.offline.value_or(false)) row.offline = true;
    if (auto saved = detail::save_session(db, row, received_at); !saved) {
        return tl::unexpected(saved.error());
    }
    if (auto appended = detail::append_event(db, event, row.uuid, received_at); !appended) {
        return tl::unexpected(appended.error());
    }
    return result;
}

tl::expected<MeterValuesRecorded, StoreError> SessionLedger::record_meter_values(
    Database& db, const session::MeterValuesReported& event, Timestamp received_at) {
    if (auto touched =
            touch_station(db, event.station_id, received_at, config_.unknown_station_state);
        !touched) {
        return tl::unexpected(touched.error());
    }
    MeterValuesRecorded result;
    std::optional<SessionRow> row;
    if (event.transaction) {
        auto existing = detail::find_session(db, event.station_id, *event.transaction);
        if (!existing) return tl::unexpected(existing.error());
        if (*existing) {
            row = std::move(*existing);
        } else {
            row = detail::new_session_row(ids_.next_session_id(), event.station_id,
                                          *event.transaction);
            detail::take_connector(*row, event.connector);
            if (auto inserted = detail::insert_session(db, *row, received_at); !inserted) {
                return tl::unexpected(inserted.error());
            }
            auto flagged = detail::add_flag(
                db, *row, flag::kUnknownTransaction,
                "meter values for transaction " + session::to_string(*event.transaction) +
                    ", which the gateway never saw start; created from them",
                received_at);
            if (!flagged) return tl::unexpected(flagged.error());
        }
        result.session_uuid = row->uuid;
    }
    SessionRow* session = row ? &*row : nullptr;
    const detail::SampleTarget target{event.station_id, event.connector, session,
                                      "MeterValuesReported", !row || row->open};
    auto stored = detail::store_samples(db, config_, target, event.samples, received_at);
    if (!stored) return tl::unexpected(stored.error());
    result.samples_stored = *stored;
    if (row) {
        if (auto saved = detail::save_session(db, *row, received_at); !saved) {
            return tl::unexpected(saved.error());
        }
    }
    // A repeat of a message already held adds nothing central has not been sent.
    if (*stored > 0 || event.samples.empty()) {
        auto appended = detail::append_event(db, event, result.session_uuid, received_at);
        if (!appended) return tl::unexpected(appended.error());
    }
    return result;
}

tl::expected<std::int64_t, StoreError> SessionLedger::record_authorization(
    Database& db, const session::AuthorizationAnswered& answer, AuthorizationSource source,
    bool needs_recheck, Timestamp decided_at) {
    if (auto touched =
            touch_station(db, answer.station_id, decided_at, config_.unknown_station_state);
        !touched) {
        return tl::unexpected(touched.error());
    }
    std::optional<std::string> group_id;
    if (answer.decision.group) group_id = answer.decision.group->id;
    auto logged = db.execute(
        "INSERT INTO authorization_log (station_id, token_id, token_type, decision, expires_at, "
        "group_id, source, needs_recheck, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        answer.station_id, answer.token.id, session::to_string(answer.token.type),
        session::to_string(answer.decision.status), answer.decision.expires_at, group_id,
        to_string(source), needs_recheck ? 1 : 0, decided_at);
    if (!logged) return tl::unexpected(logged.error());
    const std::int64_t id = db.last_insert_rowid();
    if (source == AuthorizationSource::Central) {
        auto cached = cache_decision(db, answer.token, answer.decision, decided_at);
        if (!cached) return tl::unexpected(cached.error());
    }
    nlohmann::json payload = detail::to_json(answer);
    payload["source"] = std::string(to_string(source));
    payload["needs_recheck"] = needs_recheck;
    payload["decision_id"] = id;
    payload["decided_at"] = session::format_timestamp(decided_at);
    auto appended =
        append_outbox(db, session::AuthorizationAnswered::kName, detail::dump(payload), decided_at);
    if (!appended) return tl::unexpected(appended.error());
    return id;
}

tl::expected<void, StoreError> SessionLedger::record_security_event(
    Database& db, const session::SecurityEventReported& event, Timestamp received_at) {
    if (auto touched =
            touch_station(db, event.station_id, received_at, config_.unknown_station_state);
        !touched) {
        return tl::unexpected(touched.error());
    }
    auto inserted = db.execute(
        "INSERT INTO security_events (station_id, type, occurred_at, tech_info, received_at) "
        "VALUES (?, ?, ?, ?, ?)",
        event.station_id, event.type, event.timestamp, event.tech_info, received_at);
    if (!inserted) return inserted;
    return detail::append_event(db, event, std::nullopt, received_at);
}

}  // namespace iskra::gateway
