// The session ledger's building blocks: the session row as the ledger edits it, loading and
// saving it, flags, gateway-side closing and 1.6 transactionId allocation. Store thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "iskra/gateway/store/database.hpp"
#include "iskra/gateway/store/outbox.hpp"
#include "iskra/gateway/store/session_ledger.hpp"
#include "iskra/session/events.hpp"
#include "iskra/sync/event_json.hpp"

namespace iskra::gateway::detail {

// The outbox's JSON is the sync protocol's (common/sync): one encoder for both programs.
using iskra::sync::dump;
using iskra::sync::outbox_payload;
using iskra::sync::to_json;

// One sessions row. last_meter_* is the latest reading in time order; a session starts with its
// meter start as that reading, so the first sample is checked against it.
struct SessionRow {
    std::string uuid;
    std::string station_id;
    std::optional<std::int64_t> evse_id;
    std::optional<std::int64_t> connector_id;
    std::optional<std::int64_t> transaction_id_v16;
    std::optional<std::string> transaction_id_v201;
    std::optional<std::string> token_id;
    std::optional<std::string> token_type;
    std::optional<std::int64_t> meter_start_wh;
    std::optional<std::int64_t> meter_stop_wh;
    std::optional<Timestamp> started_at;
    std::optional<Timestamp> ended_at;
    std::optional<std::string> stop_reason;
    bool open = true;
    std::optional<std::string> closed_by;  // station | status | reboot | new_session
    bool offline = false;
    std::optional<std::int64_t> last_seq_no;
    std::optional<std::int64_t> last_meter_wh;
    std::optional<Timestamp> last_meter_at;
    std::optional<std::int64_t> reservation_id;
    std::optional<std::int64_t> remote_start_id;

    session::TransactionRef transaction_ref() const;
    bool closed_by_gateway() const { return !open && closed_by && *closed_by != "station"; }

    // The columns the sessions indexes cover, as last written. save_session rewrites them only
    // when they changed: SQLite re-indexes every indexed column an UPDATE sets, changed or not,
    // and most saves (a new meter reading) touch none of them.
    struct IndexedColumns {
        std::optional<std::int64_t> evse_id;
        std::optional<std::int64_t> connector_id;
        std::optional<std::string> token_id;
        std::optional<std::int64_t> meter_start_wh;
        std::optional<Timestamp> started_at;
        bool open = true;
        bool operator==(const IndexedColumns&) const = default;
    };
    IndexedColumns indexed() const {
        return {evse_id, connector_id, token_id, meter_start_wh, started_at, open};
    }
    std::optional<IndexedColumns> stored_indexed;  // nullopt: not in the table yet
};

using Found = tl::expected<std::optional<SessionRow>, StoreError>;

Found find_session(Database& db, std::string_view station_id, const session::TransactionRef& ref);
tl::expected<std::vector<SessionRow>, StoreError> open_sessions_of(Database& db,
                                                                   std::string_view station_id);
tl::expected<void, StoreError> insert_session(Database& db, SessionRow& row, Timestamp now);
tl::expected<void, StoreError> save_session(Database& db, SessionRow& row, Timestamp now);

// A new row for a transaction the gateway learns of from `ref` (its id set from the ref).
SessionRow new_session_row(std::string uuid, std::string_view station_id,
                           const session::TransactionRef& ref);

// The event's outbox row, with the session it belongs to.
template <typename Event>
tl::expected<void, StoreError> append_event(Database& db, const Event& event,
                                            std::optional<std::string_view> session_uuid,
                                            Timestamp at) {
    auto appended = append_outbox(db, Event::kName, outbox_payload(event, session_uuid), at);
    if (!appended) return tl::unexpected(appended.error());
    return {};
}

// Flag + SessionFlagged outbox event.
tl::expected<void, StoreError> add_flag(Database& db, const SessionRow& row, std::string_view kind,
                                        const std::string& detail, Timestamp at);

// Closes an open session on the gateway's own authority (the station never stopped it), at its
// last reading, with a flag and a SessionEnded outbox event marked "closed_by".
tl::expected<void, StoreError> close_by_gateway(Database& db, SessionRow& row,
                                                std::string_view closed_by,
                                                session::StopReason reason, Timestamp ended_at,
                                                std::string_view flag_kind,
                                                const std::string& detail, Timestamp received_at);

// A fresh gateway-wide 1.6 transactionId for the session, skipping any number this station
// already uses (one it reported without the gateway having handed it out).
tl::expected<std::int64_t, StoreError> allocate_v16_id(Database& db, std::string_view station_id,
                                                       std::string_view uuid);

// 2.0.1 seqNo bookkeeping: false when this seqNo was applied before (the message is a repeat).
// Otherwise flags gaps and late arrivals and advances last_seq_no; `in_order` tells whether the
// message is the newest so far (its samples may advance the session's last reading).
struct SequenceCheck {
    bool first_time = true;
    bool in_order = true;
};
tl::expected<SequenceCheck, StoreError> check_sequence(
    Database& db, SessionRow& row, const std::optional<session::TransactionSequence>& sequence,
    Timestamp received_at);

// Readings and their anomaly checks (ledger_meter.cpp).
struct SampleTarget {
    std::string_view station_id;
    std::optional<session::ConnectorRef> connector;
    SessionRow* session = nullptr;  // nullptr: connector-level readings
    std::string_view source;        // the event that carried them
    bool in_order = true;           // false: a late message; its readings are older than the last
    // A stop's transactionData: the session's history, so readings not after the last one known
    // are old news rather than a clock running backwards.
    bool history = false;
};
tl::expected<std::size_t, StoreError> store_samples(
    Database& db, const LedgerConfig& config, const SampleTarget& target,
    const std::vector<session::MeterSample>& samples, Timestamp received_at);
// Checks one energy reading against the session's previous one (meter regression, clock jump,
// impossible power), flags what is wrong and, when in order, makes it the last reading.
tl::expected<void, StoreError> check_reading(Database& db, const LedgerConfig& config,
                                             SessionRow& row, std::int64_t energy_wh, Timestamp at,
                                             bool in_order, Timestamp received_at);

std::string describe_reading(std::optional<std::int64_t> wh, std::optional<Timestamp> at);

// Whether a session runs on this connector. 2.0.1 may leave a transaction's connector unsaid:
// then its EVSE decides; a session whose EVSE is unknown is on no connector in particular.
bool on_connector(const SessionRow& row, const session::ConnectorRef& connector);
// Fill in what the row does not know yet; what it knows is kept.
void take_token(SessionRow& row, const std::optional<session::Token>& token);
void take_connector(SessionRow& row, const std::optional<session::ConnectorRef>& connector);

}  // namespace iskra::gateway::detail
