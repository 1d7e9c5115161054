#include "iskra/sync/uplink_messages.hpp"

#include "iskra/sync/event_json.hpp"
#include "json_reader.hpp"

namespace iskra::sync {
namespace {

using detail::guarded;
using detail::Reader;
using nlohmann::json;
using session::format_timestamp;

}  // namespace

json to_json(const BatchEvent& event) {
    return json{{"seq", event.seq},
                {"type", event.type},
                {"at", format_timestamp(event.at)},
                {"payload", event.payload}};
}

json to_json(const EventsBatch& batch) {
    json events = json::array();
    for (const auto& event : batch.events)
        events.push_back(to_json(event));
    json body{{"events", std::move(events)}};
    if (batch.epoch) body["epoch"] = *batch.epoch;
    return body;
}

json to_json(const Acknowledged& answer) {
    return json{{"acknowledged", answer.acknowledged}};
}

json to_json(const EnrolRequest& request) {
    return json{{"code", request.code},
                {"name", request.name},
                {"software_version", request.software_version}};
}

json to_json(const EnrolAnswer& answer) {
    return json{
        {"gateway_id", answer.gateway_id}, {"secret", answer.secret}, {"site_id", answer.site_id}};
}

json to_json(const AuthorizeRequest& request) {
    return json{{"station_id", request.station_id}, {"token", to_json(request.token)}};
}

json to_json(const AuthorizeAnswer& answer) {
    json j{{"status", std::string(session::to_string(answer.status))}};
    if (answer.expires_at) j["expires_at"] = format_timestamp(*answer.expires_at);
    if (answer.group) j["group"] = to_json(*answer.group);
    return j;
}

json to_json(const ErrorBody& error) {
    json inner{{"code", error.code}, {"message", error.message}};
    inner["field"] = error.field ? json(*error.field) : json(nullptr);
    return json{{"error", std::move(inner)}};
}

WireResult<EventsBatch> decode_events_batch(const json& body) {
    return guarded([&] {
        const Reader root(body, "");
        const Reader events = root.at("events");
        EventsBatch batch;
        batch.epoch = root.optional_string("epoch");
        const std::size_t count = events.size();
        batch.events.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            const Reader event = events.item(i);
            BatchEvent decoded;
            const Reader seq = event.at("seq");
            decoded.seq = seq.integer();
            if (!batch.events.empty() && decoded.seq <= batch.events.back().seq) {
                seq.fail("is not greater than the previous event's seq " +
                         std::to_string(batch.events.back().seq));
            }
            decoded.type = event.string("type");
            decoded.at = event.at("at").timestamp();
            decoded.payload = event.at("payload").raw();
            batch.events.push_back(std::move(decoded));
        }
        return batch;
    });
}

WireResult<Acknowledged> decode_acknowledged(const json& body) {
    return guarded([&] { return Acknowledged{Reader(body, "").integer("acknowledged")}; });
}

WireResult<EnrolRequest> decode_enrol_request(const json& body) {
    return guarded([&] {
        const Reader r(body, "");
        return EnrolRequest{r.string("code"), r.optional_string("name").value_or(""),
                            r.optional_string("software_version").value_or("")};
    });
}

WireResult<EnrolAnswer> decode_enrol_answer(const json& body) {
    return guarded([&] {
        const Reader r(body, "");
        return EnrolAnswer{r.string("gateway_id"), r.string("secret"),
                           r.optional_string("site_id").value_or("")};
    });
}

WireResult<AuthorizeRequest> decode_authorize_request(const json& body) {
    return guarded([&] {
        const Reader r(body, "");
        return AuthorizeRequest{r.string("station_id"), detail::read_token(r.at("token"))};
    });
}

WireResult<AuthorizeAnswer> decode_authorize_answer(const json& body) {
    return guarded([&] { return detail::read_decision(Reader(body, "")); });
}

WireResult<ErrorBody> decode_error_body(const json& body) {
    return guarded([&] {
        const Reader error = Reader(body, "").at("error");
        return ErrorBody{error.string("code"), error.optional_string("message").value_or(""),
                         error.optional_string("field")};
    });
}

}  // namespace iskra::sync
