#include "event_projection.hpp"

#include <algorithm>
#include <cctype>

#include <Poco/Data/Statement.h>

#include "iskra/central/storage/sql.hpp"

namespace iskra::central::sync::detail {
namespace {

using Poco::Data::Keywords::useRef;

std::int64_t ms_of(session::Timestamp at) {
    return at.time_since_epoch().count();
}

void seen(ProjectionContext& context, const std::string& station_id, std::int64_t at_ms) {
    auto& latest = context.seen_stations[station_id];
    latest = std::max(latest, at_ms);
}

charging::SessionFacts facts_for(const ProjectionContext& context, const DecodedEvent& decoded,
                                 const std::string& station_id) {
    charging::SessionFacts facts;
    facts.session_uuid = *decoded.session_uuid;
    facts.gateway_id = context.gateway_id;
    facts.station_id = station_id;
    return facts;
}

void add_facts(ProjectionContext& context, charging::SessionFacts&& facts) {
    auto [at, inserted] =
        context.session_index.emplace(facts.session_uuid, context.sessions.size());
    if (inserted) {
        context.sessions.push_back(std::move(facts));
    } else {
        charging::merge_facts(context.sessions[at->second], std::move(facts));
    }
}

// The decision that let a session start: one of this batch's, taken before it in the
// gateway's order, else one stored already (flush() looks it up before it stores this batch's
// decisions, so a start never takes a decision taken after it).
void link_decision(ProjectionContext& context, charging::SessionStart start) {
    if (auto index = charging::decision_for(context.authorizations, start)) {
        context.authorizations[*index].session_uuid = start.session_uuid;
    } else {
        context.links_to_stored.push_back(std::move(start));
    }
}

void set_connector(charging::SessionFacts& facts, const std::optional<session::ConnectorRef>& c) {
    if (!c) return;
    facts.evse_id = c->evse_id;
    facts.connector_id = c->connector_id;
}

// The session events. Each sets only what it carries (session_projection.hpp).
struct SessionVisitor {
    ProjectionContext& context;
    const DecodedEvent& decoded;

    charging::SessionFacts operator()(const session::SessionStarted& e) const {
        auto facts = facts_for(context, decoded, e.station_id);
        set_connector(facts, e.connector);
        facts.transaction_ref = session::to_string(e.transaction);
        facts.token = e.token;
        facts.started_at_ms = ms_of(e.started_at);
        facts.meter_start_wh = e.meter_start_wh;
        facts.offline = e.offline;
        facts.samples = e.samples;
        return facts;
    }
    charging::SessionFacts operator()(const session::SessionUpdated& e) const {
        auto facts = facts_for(context, decoded, e.station_id);
        set_connector(facts, e.connector);
        facts.transaction_ref = session::to_string(e.transaction);
        facts.token = e.token;
        facts.offline = e.offline;
        facts.samples = e.samples;
        return facts;
    }
    charging::SessionFacts operator()(const session::MeterValuesReported& e) const {
        auto facts = facts_for(context, decoded, e.station_id);
        facts.samples = e.samples;
        return facts;
    }
    charging::SessionFacts operator()(const session::SessionEnded& e) const {
        auto facts = facts_for(context, decoded, e.station_id);
        set_connector(facts, e.connector);
        facts.transaction_ref = session::to_string(e.transaction);
        facts.ended_at_ms = ms_of(e.ended_at);
        facts.meter_stop_wh = e.meter_stop_wh;
        facts.stop_reason = std::string(session::to_string(e.reason));
        facts.closed_by = decoded.closed_by;
        facts.offline = e.offline;
        facts.ended = true;
        facts.samples = e.samples;
        return facts;
    }
};

// The batch's StationMessage events, kept as they came, in multi-row INSERTs.
void store_station_messages(ProjectionContext& context) {
    constexpr std::size_t kChunk = 500;  // 4,000 parameters
    auto& rows = context.messages;
    for (std::size_t start = 0; start < rows.size(); start += kChunk) {
        const std::size_t end = std::min(rows.size(), start + kChunk);
        std::string text =
            "INSERT INTO station_messages (stream_id, seq, gateway_id, station_id, action, "
            "payload, at_ms, received_at_ms) VALUES ";
        for (std::size_t i = start; i < end; ++i)
            text += i == start ? "(?, ?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?, ?)";
        Poco::Data::Statement insert = storage::sql(context.session, text);
        for (std::size_t i = start; i < end; ++i) {
            auto& row = rows[i];
            insert, useRef(context.stream_id), useRef(row.seq), useRef(context.gateway_id),
                useRef(row.station_id), useRef(row.action), useRef(row.payload_json),
                useRef(row.at_ms), useRef(context.now_ms);
        }
        insert.execute();
    }
}

std::string capitalised(std::string status) {
    std::transform(status.begin(), status.end(), status.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!status.empty())
        status[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(status[0])));
    return status;
}

std::optional<std::string> project_model(ProjectionContext& context, const DecodedEvent& decoded,
                                         const session::Event& event, std::int64_t at_ms) {
    Poco::Data::Session& s = context.session;
    if (const auto* e = std::get_if<session::StationBooted>(&event)) {
        stations::record_station_booted(s, context.gateway_id, *e, at_ms);
        return std::nullopt;
    }
    if (const auto* e = std::get_if<session::ConnectorStatusChanged>(&event)) {
        seen(context, e->station_id, at_ms);
        context.statuses.push_back({*e, at_ms});
        return std::nullopt;
    }
    if (const auto* e = std::get_if<session::AuthorizationAnswered>(&event)) {
        seen(context, e->station_id, at_ms);
        // Central logged its own decisions when it took them (the authorize route).
        std::string source = decoded.source.value_or("gateway");
        if (source == "central") return std::nullopt;
        if (source != "local_list" && source != "cache" && source != "offline_policy") {
            source = "gateway";  // a word of a newer gateway: still logged, under its own name
        }
        context.authorizations.push_back({at_ms, context.gateway_id, e->station_id, e->token.id,
                                          std::string(session::to_string(e->token.type)),
                                          std::string(session::to_string(e->decision.status)),
                                          source, std::nullopt});
        return std::nullopt;
    }
    const bool is_session_event = std::holds_alternative<session::SessionStarted>(event) ||
                                  std::holds_alternative<session::SessionUpdated>(event) ||
                                  std::holds_alternative<session::SessionEnded>(event) ||
                                  std::holds_alternative<session::MeterValuesReported>(event);
    const std::string station_id = std::visit([](const auto& e) { return e.station_id; }, event);
    seen(context, station_id, at_ms);
    if (!is_session_event) return std::nullopt;  // AuthorizationRequested, SecurityEventReported
    if (!decoded.session_uuid) {
        // Meter values outside a session (the station's main meter) belong to no session.
        if (std::holds_alternative<session::MeterValuesReported>(event)) return std::nullopt;
        return "payload.session_uuid is required for " + std::string(session::event_name(event));
    }
    charging::SessionFacts facts = std::visit(
        [&](const auto& e) -> charging::SessionFacts {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_invocable_v<SessionVisitor, const T&>) {
                return SessionVisitor{context, decoded}(e);
            } else {
                return {};
            }
        },
        event);
    if (const auto* started = std::get_if<session::SessionStarted>(&event);
        started && started->token) {
        link_decision(context, {*decoded.session_uuid, started->station_id, started->token->id,
                                ms_of(started->started_at)});
    }
    add_facts(context, std::move(facts));
    return std::nullopt;
}

}  // namespace

std::optional<std::string> project_event(ProjectionContext& context, const DecodedEvent& decoded,
                                         std::int64_t seq, std::int64_t at_ms) {
    if (const auto* model = std::get_if<session::Event>(&decoded.event)) {
        return project_model(context, decoded, *model, at_ms);
    }
    if (const auto* message = std::get_if<StationMessageEvent>(&decoded.event)) {
        seen(context, message->station_id, at_ms);
        context.messages.push_back(
            {seq, message->station_id, message->action, message->payload_json, at_ms});
        return std::nullopt;
    }
    if (const auto* flagged = std::get_if<SessionFlaggedEvent>(&decoded.event)) {
        if (!decoded.session_uuid) return "payload.session_uuid is required for SessionFlagged";
        seen(context, flagged->station_id, at_ms);
        charging::SessionFacts facts;
        facts.session_uuid = *decoded.session_uuid;
        facts.gateway_id = context.gateway_id;
        facts.station_id = flagged->station_id;
        facts.flags.push_back(flagged->kind);
        add_facts(context, std::move(facts));
        return std::nullopt;
    }
    const auto& completed = std::get<CommandCompletedEvent>(decoded.event);
    if (!completed.station_id.empty()) seen(context, completed.station_id, at_ms);
    // A command the gateway's own technician API issued has no central record to update.
    if (!completed.central_command_id) return std::nullopt;
    const auto result = stations::record_command_completed(
        context.session, context.gateway_id, *completed.central_command_id,
        capitalised(completed.status), completed.result_json, at_ms);
    switch (result) {
        case stations::CompletionResult::Applied:
        case stations::CompletionResult::AlreadyCompleted:
            return std::nullopt;
        case stations::CompletionResult::UnknownCommand:
            return "central_command_id " + *completed.central_command_id +
                   " names no command queued for this gateway";
        case stations::CompletionResult::InvalidStatus:
            return "status " + completed.status + " is not Accepted, Rejected, Failed or Timeout";
    }
    return std::nullopt;
}

void flush(ProjectionContext& context) {
    Poco::Data::Session& s = context.session;
    stations::record_connector_statuses(s, context.gateway_id, context.statuses);
    charging::link_stored_authorizations(s, context.links_to_stored);
    charging::log_authorizations(s, context.authorizations);
    charging::apply_session_facts(s, context.sessions, context.now_ms);
    store_station_messages(context);
    stations::touch_stations(s, context.seen_stations);
}

}  // namespace iskra::central::sync::detail
