// The ledger's rules for sessions beginning and progressing: repeated starts, late (offline)
// starts, a new session on a connector whose last one never stopped, and 2.0.1 updates with
// their sequence numbers.
#include <chrono>

#include "iskra/gateway/store/session_ledger.hpp"
#include "ledger_support.hpp"

namespace iskra::gateway {

using detail::append_event;
using detail::on_connector;
using detail::SessionRow;
using detail::take_connector;
using detail::take_token;

namespace {

struct RepeatedStart {
    std::string uuid;
    std::int64_t transaction_id;
};

// A 1.6 StartTransaction whose answer was lost comes again with the same connector, idTag,
// meterStart and timestamp: that is the same session.
tl::expected<std::optional<RepeatedStart>, StoreError> find_repeated_v16_start(
    Database& db, const session::SessionStarted& event) {
    auto query = db.prepare(
        "SELECT session_uuid, transaction_id_v16 FROM sessions WHERE station_id = ? AND "
        "evse_id IS ? AND connector_id IS ? AND token_id IS ? AND meter_start_wh IS ? AND "
        "started_at = ? AND transaction_id_v16 IS NOT NULL LIMIT 1");
    if (!query) return tl::unexpected(query.error());
    std::optional<std::int64_t> evse_id;
    std::optional<std::int64_t> connector_id;
    if (event.connector) {
        evse_id = event.connector->evse_id;
        connector_id = event.connector->connector_id;
    }
    std::optional<std::string> token_id;
    if (event.token) token_id = event.token->id;
    if (auto bound = query->bind(event.station_id, evse_id, connector_id, token_id,
                                 event.meter_start_wh, event.started_at);
        !bound) {
        return tl::unexpected(bound.error());
    }
    auto row = query->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return std::optional<RepeatedStart>();
    return std::optional<RepeatedStart>(RepeatedStart{query->text(0), query->int64(1)});
}

}  // namespace

tl::expected<SessionStartRecorded, StoreError> SessionLedger::record_session_started(
    Database& db, const session::SessionStarted& event, Timestamp received_at) {
    if (auto touched =
            touch_station(db, event.station_id, received_at, config_.unknown_station_state);
        !touched) {
        return tl::unexpected(touched.error());
    }
    const bool v16 = std::holds_alternative<std::int64_t>(event.transaction);
    if (v16) {
        auto repeated = find_repeated_v16_start(db, event);
        if (!repeated) return tl::unexpected(repeated.error());
        if (*repeated) {
            return SessionStartRecorded{(*repeated)->uuid, (*repeated)->transaction_id, true};
        }
    } else {
        auto existing = detail::find_session(db, event.station_id, event.transaction);
        if (!existing) return tl::unexpected(existing.error());
        if (*existing) {
            // Known already: a repeat, or the Started of a transaction first heard of through a
            // later event (then its start facts fill in what was missing).
            SessionRow row = std::move(**existing);
            auto sequence = detail::check_sequence(db, row, event.sequence, received_at);
            if (!sequence) return tl::unexpected(sequence.error());
            if (!sequence->first_time || (row.started_at && !event.sequence)) {
                return SessionStartRecorded{row.uuid, std::nullopt, true};
            }
            if (!row.started_at) {
                row.started_at = event.started_at;
                // Whatever meter start the row had was taken from a later sample.
                if (event.meter_start_wh) row.meter_start_wh = event.meter_start_wh;
            }
            take_token(row, event.token);
            take_connector(row, event.connector);
            if (!row.reservation_id) row.reservation_id = event.reservation_id;
            if (!row.remote_start_id) row.remote_start_id = event.remote_start_id;
            if (event.offline.value_or(false)) row.offline = true;
            const detail::SampleTarget target{event.station_id, event.connector, &row,
                                              "SessionStarted", false};
            auto stored = detail::store_samples(db, config_, target, event.samples, received_at);
            if (!stored) return tl::unexpected(stored.error());
            if (auto saved = detail::save_session(db, row, received_at); !saved) {
                return tl::unexpected(saved.error());
            }
            if (auto appended = append_event(db, event, row.uuid, received_at); !appended) {
                return tl::unexpected(appended.error());
            }
            return SessionStartRecorded{row.uuid, std::nullopt, false};
        }
    }

    // A session still open on this connector, begun before this one, was never stopped.
    std::string uuid = ids_.next_session_id();
    if (event.connector) {
        auto open = detail::open_sessions_of(db, event.station_id);
        if (!open) return tl::unexpected(open.error());
        for (auto& row : *open) {
            if (!on_connector(row, *event.connector)) continue;
            if (!row.started_at || *row.started_at >= event.started_at) continue;
            auto closed = detail::close_by_gateway(
                db, row, "new_session", session::StopReason::Other,
                row.last_meter_at.value_or(event.started_at), flag::kClosedByNewSession,
                "session " + uuid + " started on the same connector at " +
                    session::format_timestamp(event.started_at) +
                    " with this one never stopped; closed at its last reading " +
                    detail::describe_reading(
                        row.last_meter_wh ? row.last_meter_wh : row.meter_start_wh,
                        row.last_meter_at ? row.last_meter_at : row.started_at),
                received_at);
            if (!closed) return tl::unexpected(closed.error());
        }
    }

    SessionRow row = detail::new_session_row(uuid, event.station_id, event.transaction);
    if (v16) {
        auto id = detail::allocate_v16_id(db, event.station_id, uuid);
        if (!id) return tl::unexpected(id.error());
        row.transaction_id_v16 = *id;
    }
    take_connector(row, event.connector);
    take_token(row, event.token);
    row.meter_start_wh = event.meter_start_wh;
    row.started_at = event.started_at;
    row.reservation_id = event.reservation_id;
    row.remote_start_id = event.remote_start_id;
    if (event.meter_start_wh) {
        row.last_meter_wh = event.meter_start_wh;
        row.last_meter_at = event.started_at;
    }
    // 1.6 cannot say "offline"; a start that reaches us long after it happened was one.
    const bool late =
        v16 && !event.offline && received_at - event.started_at > config_.late_start_threshold;
    row.offline = event.offline.value_or(false) || late;
    if (auto inserted = detail::insert_session(db, row, received_at); !inserted) {
        return tl::unexpected(inserted.error());
    }
    if (late) {
        auto flagged = detail::add_flag(
            db, row, flag::kLateStart,
            "started at " + session::format_timestamp(event.started_at) + ", received at " +
                session::format_timestamp(received_at) + ": recorded as an offline session",
            received_at);
        if (!flagged) return tl::unexpected(flagged.error());
    }
    auto sequence = detail::check_sequence(db, row, event.sequence, received_at);
    if (!sequence) return tl::unexpected(sequence.error());
    const detail::SampleTarget target{event.station_id, event.connector, &row, "SessionStarted",
                                      true};
    auto stored = detail::store_samples(db, config_, target, event.samples, received_at);
    if (!stored) return tl::unexpected(stored.error());
    if (auto saved = detail::save_session(db, row, received_at); !saved) {
        return tl::unexpected(saved.error());
    }

    tl::expected<void, StoreError> appended;
    if (v16) {
        session::SessionStarted answered = event;  // with the id the station is answered with
        answered.transaction = *row.transaction_id_v16;
        appended = append_event(db, answered, row.uuid, received_at);
    } else {
        appended = append_event(db, event, row.uuid, received_at);
    }
    if (!appended) return tl::unexpected(appended.error());
    return SessionStartRecorded{row.uuid, row.transaction_id_v16, false};
}

tl::expected<SessionUpdateRecorded, StoreError> SessionLedger::record_session_updated(
    Database& db, const session::SessionUpdated& event, Timestamp received_at) {
    if (auto touched =
            touch_station(db, event.station_id, received_at, config_.unknown_station_state);
        !touched) {
        return tl::unexpected(touched.error());
    }
    auto existing = detail::find_session(db, event.station_id, event.transaction);
    if (!existing) return tl::unexpected(existing.error());
    SessionUpdateRecorded result;
    SessionRow row;
    if (*existing) {
        row = std::move(**existing);
    } else {
        row = detail::new_session_row(ids_.next_session_id(), event.station_id, event.transaction);
        take_connector(row, event.connector);
        take_token(row, event.token);
        row.remote_start_id = event.remote_start_id;
        row.offline = event.offline;
        if (auto inserted = detail::insert_session(db, row, received_at); !inserted) {
            return tl::unexpected(inserted.error());
        }
        auto flagged = detail::add_flag(
            db, row, flag::kUnknownTransaction,
            "transaction " + session::to_string(event.transaction) +
                " was never seen to start; created from its update seqNo " +
                std::to_string(event.sequence.seq_no) + " (" + event.sequence.trigger_reason +
                ") at " + session::format_timestamp(event.timestamp),
            received_at);
        if (!flagged) return tl::unexpected(flagged.error());
        result.created = true;
    }
    result.session_uuid = row.uuid;
    auto sequence = detail::check_sequence(db, row, event.sequence, received_at);
    if (!sequence) return tl::unexpected(sequence.error());
    if (!sequence->first_time) {
        result.applied = false;
        return result;
    }
    take_token(row, event.token);
    take_connector(row, event.connector);
    if (!row.remote_start_id) row.remote_start_id = event.remote_start_id;
    if (event.offline) row.offline = true;
    const detail::SampleTarget target{event.station_id, event.connector, &row, "SessionUpdated",
                                      sequence->in_order && row.open};
    auto stored = detail::store_samples(db, config_, target, event.samples, received_at);
    if (!stored) return tl::unexpected(stored.error());
    if (auto saved = detail::save_session(db, row, received_at); !saved) {
        return tl::unexpected(saved.error());
    }
    if (auto appended = append_event(db, event, row.uuid, received_at); !appended) {
        return tl::unexpected(appended.error());
    }
    return result;
}

}  // namespace iskra::gateway
