// Adapts common/sync's decoder (the one reader of the gateway's outbox payloads) to what the
// projections take: the session model's events stay as they are, the gateway's own two events
// keep only what central stores.
#include "payload_decode.hpp"

#include "iskra/sync/event_decode.hpp"

namespace iskra::central::sync::detail {

tl::expected<DecodedEvent, Unusable> decode_payload(const std::string& type,
                                                    const nlohmann::json& payload) {
    if (!iskra::sync::is_known_event_type(type)) {
        return tl::unexpected(
            Unusable{true, "type: central does not know events of type '" + type +
                               "' (a newer gateway's); kept for a central that does"});
    }
    if (!payload.is_object()) {
        return tl::unexpected(Unusable{false, std::string("payload must be an object")});
    }
    auto read = iskra::sync::decode_event(type, payload);
    if (!read) return tl::unexpected(Unusable{false, read.error().describe()});
    DecodedEvent decoded;
    decoded.session_uuid = read->session_uuid;
    decoded.closed_by = read->closed_by;
    if (read->decision) decoded.source = read->decision->source;
    std::visit(
        [&](auto& body) {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, iskra::sync::SessionFlagged>) {
                decoded.event = SessionFlaggedEvent{body.station_id, body.kind, body.detail};
            } else if constexpr (std::is_same_v<T, iskra::sync::StationMessage>) {
                decoded.event = StationMessageEvent{
                    body.station_id, body.action,
                    body.payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
            } else if constexpr (std::is_same_v<T, iskra::sync::CommandCompleted>) {
                decoded.event = CommandCompletedEvent{
                    body.central_command_id, body.station_id, body.status,
                    body.response.is_null() ? std::string() : body.response.dump()};
            } else {
                decoded.event = session::Event(std::move(body));
            }
        },
        read->body);
    return decoded;
}

}  // namespace iskra::central::sync::detail
