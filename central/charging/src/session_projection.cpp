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
using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::useRef;
using NullableInt = Poco::Nullable<Poco::Int64>;
using NullableText = Poco::Nullable<std::string>;

// Later events win for every fact they carry (COALESCE(excluded.x, sessions.x)), except the
// session's token, which is the first one seen: a SessionEnded token is who stopped it, not
// whose session it is. A closed session stays closed and an offline one stays flagged offline.
constexpr const char* kUpsert =
    "INSERT INTO sessions (session_uuid, gateway_id, station_id, evse_id, connector_id, "
    "transaction_ref, id_token, token_type, user_id, contract_id, started_at_ms, ended_at_ms, "
    "meter_start_wh, meter_stop_wh, energy_wh, stop_reason, closed_by, state, offline, flags, "
    "updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (session_uuid) DO UPDATE SET "
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
    "flags = excluded.flags, "
    "updated_at_ms = excluded.updated_at_ms";

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

struct SampleRow {
    Poco::Int64 at_ms = 0;
    std::string measurand;
    std::string context;
    NullableInt value_int;
    NullableText value_text;
    std::string unit;
};

void add_rows(const session::MeterSample& sample, std::vector<SampleRow>& rows) {
    const Poco::Int64 at = sample.timestamp.time_since_epoch().count();
    const std::string context(session::to_string(sample.context));
    auto integer = [&](const char* measurand, const std::optional<std::int64_t>& value,
                       const char* unit) {
        if (value) rows.push_back({at, measurand, context, NullableInt(*value), {}, unit});
    };
    auto text = [&](const char* measurand, const std::optional<double>& value, const char* unit) {
        if (value) {
            rows.push_back(
                {at, measurand, context, {}, NullableText(session::format_double(*value)), unit});
        }
    };
    integer("Energy.Active.Import.Register", sample.energy_wh, "Wh");
    integer("Power.Active.Import", sample.power_w, "W");
    text("Current.Import", sample.current_a, "A");
    text("Voltage", sample.voltage_v, "V");
    text("SoC", sample.soc_percent, "Percent");
}

// Multi-row INSERTs of up to kChunk rows: one statement per chunk, not one per row.
void store_samples(Poco::Data::Session& session, const std::string& uuid,
                   const std::vector<session::MeterSample>& samples) {
    std::vector<SampleRow> rows;
    for (const auto& sample : samples)
        add_rows(sample, rows);
    constexpr std::size_t kChunk = 100;
    for (std::size_t start = 0; start < rows.size(); start += kChunk) {
        const std::size_t end = std::min(rows.size(), start + kChunk);
        std::string text =
            "INSERT INTO session_samples (session_uuid, at_ms, measurand, phase, location, "
            "context, value_int, value_text, unit) VALUES ";
        for (std::size_t i = start; i < end; ++i) {
            text +=
                i == start ? "(?, ?, ?, '', '', ?, ?, ?, ?)" : ", (?, ?, ?, '', '', ?, ?, ?, ?)";
        }
        text += " ON CONFLICT DO NOTHING";
        Poco::Data::Statement insert = storage::sql(session, text);
        for (std::size_t i = start; i < end; ++i) {
            SampleRow& row = rows[i];
            insert, useRef(uuid), useRef(row.at_ms), useRef(row.measurand), useRef(row.context),
                useRef(row.value_int), useRef(row.value_text), useRef(row.unit);
        }
        insert.execute();
    }
}

}  // namespace

void apply_session_facts(Poco::Data::Session& session, const SessionFacts& facts,
                         std::int64_t now_ms) {
    NullableText user_id;
    NullableText contract_id;
    NullableText id_token;
    NullableText token_type;
    if (facts.token) {
        const std::string type(session::to_string(facts.token->type));
        if (auto token = find_token(session, facts.token->id, type)) {
            user_id = nullable_of(token->user_id);
            contract_id = nullable_of(token->contract_id);
        }
        id_token = facts.token->id;
        token_type = type;
    }
    NullableInt energy;
    if (facts.meter_start_wh && facts.meter_stop_wh) {
        energy = *facts.meter_stop_wh - *facts.meter_start_wh;
    }
    const std::string flags =
        facts.flags.empty() ? std::string() : flags_with(session, facts.session_uuid, facts.flags);
    const std::string state = facts.ended ? "closed" : "open";
    const Poco::Int64 offline = facts.offline.value_or(false) ? 1 : 0;
    NullableInt evse = nullable_of(facts.evse_id);
    NullableInt connector = nullable_of(facts.connector_id);
    NullableText transaction = nullable_of(facts.transaction_ref);
    NullableInt started = nullable_of(facts.started_at_ms);
    NullableInt ended = nullable_of(facts.ended_at_ms);
    NullableInt meter_start = nullable_of(facts.meter_start_wh);
    NullableInt meter_stop = nullable_of(facts.meter_stop_wh);
    NullableText reason = nullable_of(facts.stop_reason);
    NullableText closed_by = nullable_of(facts.closed_by);
    const Poco::Int64 updated = now_ms;
    // Only a SessionFlagged event changes the flags (after reading them, above); every other
    // event keeps them as stored, without that read.
    std::string text = kUpsert;
    if (facts.flags.empty()) {
        text.replace(text.find("flags = excluded.flags"), 22, "flags = sessions.flags");
    }
    storage::sql(session, text), useRef(facts.session_uuid), useRef(facts.gateway_id),
        useRef(facts.station_id), useRef(evse), useRef(connector), useRef(transaction),
        useRef(id_token), useRef(token_type), useRef(user_id), useRef(contract_id), useRef(started),
        useRef(ended), useRef(meter_start), useRef(meter_stop), useRef(energy), useRef(reason),
        useRef(closed_by), useRef(state), useRef(offline), useRef(flags), useRef(updated), now;
    store_samples(session, facts.session_uuid, facts.samples);
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
