#include "iskra/sync/event_decode.hpp"

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "json_reader.hpp"

namespace iskra::sync {
namespace detail {

session::Token read_token(const Reader& r) {
    r.object();
    return session::Token{r.string("id"), r.at("type").enumerated(session::parse_token_type)};
}

session::AuthorizationDecision read_decision(const Reader& r) {
    session::AuthorizationDecision decision;
    decision.status = r.at("status").enumerated(session::parse_authorization_status);
    decision.expires_at = r.optional_timestamp("expires_at");
    if (auto group = r.find("group")) decision.group = read_token(*group);
    return decision;
}

}  // namespace detail

namespace {

using detail::read_token;
using detail::Reader;

session::ConnectorRef read_connector(const Reader& r) {
    r.object();
    return session::ConnectorRef{r.integer("evse_id"), r.integer("connector_id")};
}

session::TransactionRef read_transaction(const Reader& r) {
    if (r.raw().is_string()) return r.string();
    if (r.raw().is_number_integer()) return r.integer();
    r.fail("expected an integer or a string");
}

session::TransactionSequence read_sequence(const Reader& r) {
    r.object();
    return session::TransactionSequence{r.integer("seq_no"), r.string("trigger_reason")};
}

session::MeterSample read_sample(const Reader& r) {
    session::MeterSample sample;
    sample.timestamp = r.at("timestamp").timestamp();
    sample.context = r.at("context").enumerated(session::parse_reading_context);
    sample.energy_wh = r.optional_integer("energy_wh");
    sample.power_w = r.optional_integer("power_w");
    sample.current_a = r.optional_number("current_a");
    sample.voltage_v = r.optional_number("voltage_v");
    sample.soc_percent = r.optional_number("soc_percent");
    if (auto measurands = r.find("measurands")) {
        for (std::size_t i = 0; i < measurands->size(); ++i) {
            sample.measurands.push_back(measurands->item(i).enumerated(session::parse_measurand));
        }
    }
    return sample;
}

// Samples are always written (possibly empty); an absent array reads as none.
std::vector<session::MeterSample> read_samples(const Reader& r) {
    std::vector<session::MeterSample> samples;
    auto array = r.find("samples");
    if (!array) return samples;
    for (std::size_t i = 0; i < array->size(); ++i)
        samples.push_back(read_sample(array->item(i)));
    return samples;
}

std::optional<session::Token> optional_token(const Reader& r, std::string_view key) {
    if (auto found = r.find(key)) return read_token(*found);
    return std::nullopt;
}

std::optional<session::ConnectorRef> optional_connector(const Reader& r, std::string_view key) {
    if (auto found = r.find(key)) return read_connector(*found);
    return std::nullopt;
}

std::optional<session::TransactionSequence> optional_sequence(const Reader& r) {
    if (auto found = r.find("sequence")) return read_sequence(*found);
    return std::nullopt;
}

EventBody read_booted(const Reader& r) {
    session::StationBooted e;
    e.station_id = r.string("station_id");
    const auto protocol = r.at("protocol");
    e.protocol = protocol.enumerated(ocpp::version_from_subprotocol);
    e.vendor = r.string("vendor");
    e.model = r.string("model");
    e.serial_number = r.optional_string("serial_number");
    e.firmware_version = r.optional_string("firmware_version");
    e.iccid = r.optional_string("iccid");
    e.imsi = r.optional_string("imsi");
    e.meter_type = r.optional_string("meter_type");
    e.meter_serial_number = r.optional_string("meter_serial_number");
    e.boot_reason = r.optional_string("boot_reason");
    return e;
}

EventBody read_status(const Reader& r) {
    session::ConnectorStatusChanged e;
    e.station_id = r.string("station_id");
    e.connector = read_connector(r.at("connector"));
    e.status = r.at("status").enumerated(session::parse_connector_status);
    e.timestamp = r.optional_timestamp("timestamp");
    e.error_code = r.optional_string("error_code");
    e.info = r.optional_string("info");
    e.vendor_id = r.optional_string("vendor_id");
    e.vendor_error_code = r.optional_string("vendor_error_code");
    return e;
}

EventBody read_auth_requested(const Reader& r) {
    return session::AuthorizationRequested{r.string("station_id"), read_token(r.at("token"))};
}

EventBody read_auth_answered(const Reader& r) {
    return session::AuthorizationAnswered{r.string("station_id"), read_token(r.at("token")),
                                          detail::read_decision(r.at("decision"))};
}

EventBody read_started(const Reader& r) {
    session::SessionStarted e;
    e.station_id = r.string("station_id");
    e.transaction = read_transaction(r.at("transaction"));
    e.connector = optional_connector(r, "connector");
    e.token = optional_token(r, "token");
    e.meter_start_wh = r.optional_integer("meter_start_wh");
    e.started_at = r.at("started_at").timestamp();
    e.reservation_id = r.optional_integer("reservation_id");
    e.remote_start_id = r.optional_integer("remote_start_id");
    e.offline = r.optional_boolean("offline");
    e.sequence = optional_sequence(r);
    e.samples = read_samples(r);
    return e;
}

EventBody read_updated(const Reader& r) {
    session::SessionUpdated e;
    e.station_id = r.string("station_id");
    e.transaction = read_transaction(r.at("transaction"));
    e.timestamp = r.at("timestamp").timestamp();
    e.connector = optional_connector(r, "connector");
    e.token = optional_token(r, "token");
    if (auto state = r.find("charging_state")) {
        e.charging_state = state->enumerated(session::parse_charging_state);
    }
    e.time_spent_charging_s = r.optional_integer("time_spent_charging_s");
    e.remote_start_id = r.optional_integer("remote_start_id");
    e.offline = r.at("offline").boolean();
    e.sequence = read_sequence(r.at("sequence"));
    e.samples = read_samples(r);
    return e;
}

EventBody read_meter_values(const Reader& r) {
    session::MeterValuesReported e;
    e.station_id = r.string("station_id");
    e.connector = read_connector(r.at("connector"));
    if (auto transaction = r.find("transaction")) e.transaction = read_transaction(*transaction);
    e.samples = read_samples(r);
    return e;
}

EventBody read_ended(const Reader& r) {
    session::SessionEnded e;
    e.station_id = r.string("station_id");
    e.transaction = read_transaction(r.at("transaction"));
    e.connector = optional_connector(r, "connector");
    e.token = optional_token(r, "token");
    e.meter_stop_wh = r.optional_integer("meter_stop_wh");
    e.ended_at = r.at("ended_at").timestamp();
    e.reason = r.at("reason").enumerated(session::parse_stop_reason);
    e.time_spent_charging_s = r.optional_integer("time_spent_charging_s");
    e.offline = r.optional_boolean("offline");
    e.sequence = optional_sequence(r);
    e.samples = read_samples(r);
    return e;
}

EventBody read_security(const Reader& r) {
    return session::SecurityEventReported{r.string("station_id"), r.string("type"),
                                          r.at("timestamp").timestamp(),
                                          r.optional_string("tech_info")};
}

EventBody read_flagged(const Reader& r) {
    return SessionFlagged{r.string("station_id"), r.string("kind"), r.string("detail"),
                          r.at("at").timestamp()};
}

EventBody read_command_completed(const Reader& r) {
    CommandCompleted e;
    e.command_id = r.integer("command_id");
    e.central_command_id = r.optional_string("central_command_id");
    e.station_id = r.string("station_id");
    e.action = r.string("action");
    e.status = r.string("status");
    if (auto response = r.find("response")) e.response = response->raw();
    e.completed_at = r.at("completed_at").timestamp();
    return e;
}

EventBody read_station_message(const Reader& r) {
    return StationMessage{r.string("station_id"), r.string("action"), r.at("payload").raw()};
}

using BodyReader = EventBody (*)(const Reader&);

const std::map<std::string, BodyReader, std::less<>>& body_readers() {
    static const std::map<std::string, BodyReader, std::less<>> readers{
        {std::string(session::StationBooted::kName), read_booted},
        {std::string(session::ConnectorStatusChanged::kName), read_status},
        {std::string(session::AuthorizationRequested::kName), read_auth_requested},
        {std::string(session::AuthorizationAnswered::kName), read_auth_answered},
        {std::string(session::SessionStarted::kName), read_started},
        {std::string(session::SessionUpdated::kName), read_updated},
        {std::string(session::MeterValuesReported::kName), read_meter_values},
        {std::string(session::SessionEnded::kName), read_ended},
        {std::string(session::SecurityEventReported::kName), read_security},
        {std::string(SessionFlagged::kName), read_flagged},
        {std::string(CommandCompleted::kName), read_command_completed},
        {std::string(StationMessage::kName), read_station_message},
    };
    return readers;
}

OutboxEvent read_event(std::string_view type, const nlohmann::json& payload) {
    const auto& readers = body_readers();
    auto reader = readers.find(type);
    if (reader == readers.end()) {
        throw detail::DecodeFailure{
            WireError{"type", "unknown event type '" + std::string(type) + "'"}};
    }
    const Reader r(payload, "payload");
    r.object();
    OutboxEvent event{reader->second(r), r.optional_string("session_uuid"),
                      r.optional_string("closed_by"), std::nullopt};
    if (auto source = r.optional_string("source")) {
        event.decision = DecisionRecord{
            *source, r.optional_boolean("needs_recheck").value_or(false),
            r.optional_integer("decision_id").value_or(0), r.at("decided_at").timestamp()};
    }
    return event;
}

}  // namespace

bool is_known_event_type(std::string_view type) {
    return body_readers().contains(type);
}

WireResult<OutboxEvent> decode_event(std::string_view type, const nlohmann::json& payload) {
    return detail::guarded([&] { return read_event(type, payload); });
}

WireResult<OutboxEvent> decode_event(std::string_view type, std::string_view payload_text) {
    auto parsed = parse_json(payload_text);
    if (!parsed) return tl::unexpected(WireError{"payload", "is not JSON"});
    return decode_event(type, *parsed);
}

}  // namespace iskra::sync
