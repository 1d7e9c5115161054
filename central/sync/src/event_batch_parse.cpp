// The envelope of a batch: only what decides whether the batch can be applied at all. A payload
// that cannot be read is the event's problem (kept as rejected), not the batch's.
#include "iskra/central/http/api_error.hpp"
#include "iskra/central/sync/event_batch.hpp"

namespace iskra::central::sync {
namespace {

using nlohmann::json;

const json* member(const json& object, const char* key) {
    auto found = object.find(key);
    if (found == object.end()) return nullptr;
    return &*found;
}

std::int64_t seq_of(const json* seq, const std::string& at) {
    if (seq == nullptr || !seq->is_number_integer() ||
        (seq->is_number_unsigned() && seq->get<std::uint64_t>() > INT64_MAX) ||
        seq->get<std::int64_t>() < 1) {
        throw http::ApiError::bad_request(at + ".seq", at + ".seq must be a positive integer");
    }
    return seq->get<std::int64_t>();
}

}  // namespace

std::vector<IncomingEvent> parse_event_batch(const json& body) {
    const json* events = member(body, "events");
    if (events == nullptr || !events->is_array()) {
        throw http::ApiError::bad_request("events", "events must be an array of events");
    }
    if (events->size() > kMaxBatchEvents) {
        throw http::ApiError{413, "batch_too_large",
                             "a batch holds at most " + std::to_string(kMaxBatchEvents) + " events",
                             "events"};
    }
    std::vector<IncomingEvent> out;
    out.reserve(events->size());
    std::size_t index = 0;
    for (const json& event : *events) {
        const std::string at = "events[" + std::to_string(index++) + "]";
        if (!event.is_object()) throw http::ApiError::bad_request(at, at + " must be an object");
        IncomingEvent incoming;
        incoming.seq = seq_of(member(event, "seq"), at);
        if (!out.empty() && incoming.seq <= out.back().seq) {
            throw http::ApiError::bad_request(at + ".seq",
                                              at + ".seq must be greater than the seq before it");
        }
        const json* type = member(event, "type");
        const std::string* type_text = type ? type->get_ptr<const std::string*>() : nullptr;
        if (type_text == nullptr || type_text->empty()) {
            throw http::ApiError::bad_request(at + ".type",
                                              at + ".type must be a non-empty string");
        }
        incoming.type = *type_text;
        if (const json* when = member(event, "at")) {
            if (const auto* text = when->get_ptr<const std::string*>()) incoming.at = *text;
        }
        if (const json* payload = member(event, "payload")) incoming.payload = *payload;
        out.push_back(std::move(incoming));
    }
    return out;
}

}  // namespace iskra::central::sync
