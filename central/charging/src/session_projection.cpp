#include "iskra/central/charging/session_projection.hpp"

#include <algorithm>
#include <sstream>

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include "iskra/central/charging/tokens.hpp"
#include "iskra/central/storage/sql.hpp"
#include "iskra/session/decimal.hpp"
#include "row_values.hpp"

namespace iskra::central::charging {
namespace {

using detail::nullable_of;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::useRef;
using NullableInt = Poco::Nullable<Poco::Int64>;
using NullableText = Poco::Nullable<std::string>;

// Later events win for every fact they carry (COALESCE(excluded.x, sessions.x)), except the
// session's token, which is the first one seen: a SessionEnded token is who stopped it, not
// whose session it is. A closed session stays closed and an offline one stays flagged offline.
constexpr const char* kInsert =
    "INSERT INTO sessions (session_uuid, gateway_id, station_id, evse_id, connector_id, "
    "transaction_ref, id_token, token_type, user_id, contract_id, started_at_ms, ended_at_ms, "
    "meter_start_wh, meter_stop_wh, energy_wh, stop_reason, closed_by, state, offline, flags, "
    "updated_at_ms) VALUES ";
constexpr const char* kRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::size_t kRowParams = 21;
constexpr const char* kOnConflict =
    " ON CONFLICT (session_uuid) DO UPDATE SET "
    "station_id = excluded.station_id, "
    "evse_id = COALESCE(excluded.evse_id, sessions.evse_id), "
    "connector_id = COALESCE(excluded.connector_id, sessions.connector_id), "
    "transaction_ref = COALESCE(excluded.transaction_ref, sessions.transaction_ref), "
    "user_id = CASE WHEN sessions.id_token IS NULL THEN excluded.user_id ELSE sessions.user_id "
    "END, "
    "contract_id = CASE WHEN sessions.id_token IS NULL THEN excluded.contract_id "
    "ELSE sessions.contract_id END, "
    "id_token = COALESCE(sessions.id_token, excluded.id_token), "
    "token_type = COALESCE(sessions.token_type, excluded.token_type), "
    "started_at_ms = COALESCE(excluded.started_at_ms, sessions.started_at_ms), "
    "ended_at_ms = COALESCE(excluded.ended_at_ms, sessions.ended_at_ms), "
    "meter_start_wh = COALESCE(excluded.meter_start_wh, sessions.meter_start_wh), "
    "meter_stop_wh = COALESCE(excluded.meter_stop_wh, sessions.meter_stop_wh), "
    "energy_wh = COALESCE(excluded.meter_stop_wh, sessions.meter_stop_wh) - "
    "COALESCE(excluded.meter_start_wh, sessions.meter_start_wh), "
    "stop_reason = COALESCE(excluded.stop_reason, sessions.stop_reason), "
    "closed_by = COALESCE(excluded.closed_by, sessions.closed_by), "
    "state = CASE WHEN sessions.state = 'closed' THEN 'closed' ELSE excluded.state END, "
    "offline = CASE WHEN excluded.offline = 1 THEN 1 ELSE sessions.offline END, "
    "updated_at_ms = excluded.updated_at_ms, ";
// Only a SessionFlagged event changes the flags (after reading them, flags_with); every other
// event keeps them as stored, without that read.
constexpr const char* kFlagsKept = "flags = sessions.flags";
constexpr const char* kFlagsSet = "flags = excluded.flags";

// Statements stay far below either backend's limit on bound parameters.
constexpr std::size_t kMaxParams = 4000;

// The session's flags with `kinds` added: a sorted, comma-separated set, so the same flags
// give the same text whatever order they came in.
std::string flags_with(Poco::Data::Session& session, const std::string& uuid,
                       const std::vector<std::string>& added) {
    std::string current;
    storage::sql(session, "SELECT flags FROM sessions WHERE session_uuid = ?"), into(current),
        useRef(uuid), now;
    std::vector<std::string> kinds;
    std::stringstream in(current);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) kinds.push_back(item);
    for (const auto& kind : added) {
        if (!kind.empty() && std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
            kinds.push_back(kind);
        }
    }
    std::sort(kinds.begin(), kinds.end());
    std::string out;
    for (const auto& item : kinds)
        out += (out.empty() ? "" : ",") + item;
    return out;
}

// One session's values, held while the statement that binds them runs.
struct SessionRow {
    const SessionFacts* facts = nullptr;
    NullableInt evse;
    NullableInt connector;
    NullableText transaction;
    NullableText id_token;
    NullableText token_type;
    NullableText user_id;
    NullableText contract_id;
    NullableInt started;
    NullableInt ended;
    NullableInt meter_start;
    NullableInt meter_stop;
    NullableInt energy;
    NullableText reason;
    NullableText closed_by;
    std::string state;
    Poco::Int64 offline = 0;
    std::string flags;
    Poco::Int64 updated = 0;
};

SessionRow row_of(const SessionFacts& facts, const std::optional<TokenRecord>& token,
                  std::string flags, std::int64_t now_ms) {
    SessionRow row;
    row.facts = &facts;
    if (facts.token) {
        if (token) {
            row.user_id = nullable_of(token->user_id);
            row.contract_id = nullable_of(token->contract_id);
        }
        row.id_token = facts.token->id;
        row.token_type = std::string(session::to_string(facts.token->type));
    }
    if (facts.meter_start_wh && facts.meter_stop_wh) {
        row.energy = *facts.meter_stop_wh - *facts.meter_start_wh;
    }
    row.evse = nullable_of(facts.evse_id);
    row.connector = nullable_of(facts.connector_id);
    row.transaction = nullable_of(facts.transaction_ref);
    row.started = nullable_of(facts.started_at_ms);
    row.ended = nullable_of(facts.ended_at_ms);
    row.meter_start = nullable_of(facts.meter_start_wh);
    row.meter_stop = nullable_of(facts.meter_stop_wh);
    row.reason = nullable_of(facts.stop_reason);
    row.closed_by = nullable_of(facts.closed_by);
    row.state = facts.ended ? "closed" : "open";
    row.offline = facts.offline.value_or(false) ? 1 : 0;
    row.flags = std::move(flags);
    row.updated = now_ms;
    return row;
}

// One multi-row upsert per chunk. The rows name distinct sessions (PostgreSQL refuses an
// upsert that meets one row twice): the caller merged each session's facts first.
void upsert_sessions(Poco::Data::Session& session, std::vector<SessionRow>& rows, bool set_flags) {
    constexpr std::size_t kChunk = kMaxParams / kRowParams;
    for (std::size_t start = 0; start < rows.size(); start += kChunk) {
        const std::size_t end = std::min(rows.size(), start + kChunk);
        std::string text = kInsert + storage::value_rows(end - start, kRow) + kOnConflict +
                           (set_flags ? kFlagsSet : kFlagsKept);
        Poco::Data::Statement upsert = storage::sql(session, text);
        for (std::size_t i = start; i < end; ++i) {
            SessionRow& r = rows[i];
            const SessionFacts& f = *r.facts;
            upsert, useRef(f.session_uuid), useRef(f.gateway_id), useRef(f.station_id),
                useRef(r.evse), useRef(r.connector), useRef(r.transaction), useRef(r.id_token),
                useRef(r.token_type), useRef(r.user_id), useRef(r.contract_id), useRef(r.started),
                useRef(r.ended), useRef(r.meter_start), useRef(r.meter_stop), useRef(r.energy),
                useRef(r.reason), useRef(r.closed_by), useRef(r.state), useRef(r.offline),
                useRef(r.flags), useRef(r.updated);
        }
        upsert.execute();
    }
}

struct SampleRow {
    const std::string* session_uuid = nullptr;
    Poco::Int64 at_ms = 0;
    std::string measurand;
    std::string context;
    NullableInt value_int;
    NullableText value_text;
    std::string unit;
};

void add_rows(const std::string& uuid, const session::MeterSample& sample,
              std::vector<SampleRow>& rows) {
    const Poco::Int64 at = sample.timestamp.time_since_epoch().count();
    const std::string context(session::to_string(sample.context));
    auto integer = [&](const char* measurand, const std::optional<std::int64_t>& value,
                       const char* unit) {
        if (value) rows.push_back({&uuid, at, measurand, context, NullableInt(*value), {}, unit});
    };
    auto text = [&](const char* measurand, const std::optional<double>& value, const char* unit) {
        if (value) {
            rows.push_back({&uuid,
                            at,
                            measurand,
                            context,
                            {},
                            NullableText(session::format_double(*value)),
                            unit});
        }
    };
    integer("Energy.Active.Import.Register", sample.energy_wh, "Wh");
    integer("Power.Active.Import", sample.power_w, "W");
    text("Current.Import", sample.current_a, "A");
    text("Voltage", sample.voltage_v, "V");
    text("SoC", sample.soc_percent, "Percent");
}

// Every session's samples in multi-row INSERTs: one statement per chunk, not one per row.
void store_samples(Poco::Data::Session& session, const std::vector<SessionFacts>& facts) {
    std::vector<SampleRow> rows;
    for (const auto& f : facts) {
        for (const auto& sample : f.samples)
            add_rows(f.session_uuid, sample, rows);
    }
    constexpr std::size_t kChunk = kMaxParams / 7;
    for (std::size_t start = 0; start < rows.size(); start += kChunk) {
        const std::size_t end = std::min(rows.size(), start + kChunk);
        std::string text =
            "INSERT INTO session_samples (session_uuid, at_ms, measurand, phase, location, "
            "context, value_int, value_text, unit) VALUES " +
            storage::value_rows(end - start, "(?, ?, ?, '', '', ?, ?, ?, ?)") +
            " ON CONFLICT DO NOTHING";
        Poco::Data::Statement insert = storage::sql(session, text);
        for (std::size_t i = start; i < end; ++i) {
            SampleRow& row = rows[i];
            insert, useRef(*row.session_uuid), useRef(row.at_ms), useRef(row.measurand),
                useRef(row.context), useRef(row.value_int), useRef(row.value_text),
                useRef(row.unit);
        }
        insert.execute();
    }
}

}  // namespace

void apply_session_facts(Poco::Data::Session& session, const SessionFacts& facts,
                         std::int64_t now_ms) {
    apply_session_facts(session, std::vector<SessionFacts>{facts}, now_ms);
}

void apply_session_facts(Poco::Data::Session& session, const std::vector<SessionFacts>& facts,
                         std::int64_t now_ms) {
    if (facts.empty()) return;
    std::vector<std::string> token_ids;
    for (const auto& f : facts) {
        if (f.token) token_ids.push_back(f.token->id);
    }
    std::sort(token_ids.begin(), token_ids.end());
    token_ids.erase(std::unique(token_ids.begin(), token_ids.end()), token_ids.end());
    const std::vector<TokenRecord> tokens =
        token_ids.empty() ? std::vector<TokenRecord>() : tokens_with_ids(session, token_ids);

    std::vector<SessionRow> plain;
    std::vector<SessionRow> flagged;
    plain.reserve(facts.size());
    for (const auto& f : facts) {
        std::optional<TokenRecord> token;
        if (f.token) token = pick_token(tokens, f.token->id, session::to_string(f.token->type));
        if (f.flags.empty()) {
            plain.push_back(row_of(f, token, std::string(), now_ms));
        } else {
            flagged.push_back(
                row_of(f, token, flags_with(session, f.session_uuid, f.flags), now_ms));
        }
    }
    upsert_sessions(session, plain, false);
    upsert_sessions(session, flagged, true);
    store_samples(session, facts);
}

void merge_facts(SessionFacts& earlier, SessionFacts&& later) {
    auto take = [](auto& into, auto& from) {
        if (from) into = std::move(from);
    };
    earlier.station_id = std::move(later.station_id);
    take(earlier.evse_id, later.evse_id);
    take(earlier.connector_id, later.connector_id);
    take(earlier.transaction_ref, later.transaction_ref);
    if (!earlier.token) earlier.token = std::move(later.token);  // the first token is the session's
    take(earlier.started_at_ms, later.started_at_ms);
    take(earlier.ended_at_ms, later.ended_at_ms);
    take(earlier.meter_start_wh, later.meter_start_wh);
    take(earlier.meter_stop_wh, later.meter_stop_wh);
    take(earlier.stop_reason, later.stop_reason);
    take(earlier.closed_by, later.closed_by);
    if (later.offline && (*later.offline || !earlier.offline)) earlier.offline = later.offline;
    earlier.ended = earlier.ended || later.ended;
    for (auto& flag : later.flags)
        earlier.flags.push_back(std::move(flag));
    for (auto& sample : later.samples)
        earlier.samples.push_back(std::move(sample));
}

}  // namespace iskra::central::charging
