// The envelope of a batch: only what decides whether the batch can be applied at all. A payload
// that cannot be read is the event's problem (kept as rejected), not the batch's.
#include <algorithm>
#include <cctype>

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

std::string epoch_of(const json* epoch) {
    if (epoch == nullptr || epoch->is_null()) return {};
    const auto* text = epoch->get_ptr<const std::string*>();
    const bool valid =
        text != nullptr && !text->empty() && text->size() <= kMaxEpochLength &&
        std::all_of(text->begin(), text->end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
        });
    if (!valid) {
        throw http::ApiError::bad_request("epoch", "epoch must be a string of 1 to " +
                                                       std::to_string(kMaxEpochLength) +
                                                       " letters, digits, '-' or '_'");
    }
    return *text;
}

}  // namespace

IncomingBatch parse_event_batch(json body) {
    IncomingBatch batch;
    batch.epoch = epoch_of(member(body, "epoch"));
    json* events = body.is_object() && body.contains("events") ? &body["events"] : nullptr;
    if (events == nullptr || !events->is_array()) {
        throw http::ApiError::bad_request("events", "events must be an array of events");
    }
    if (events->size() > kMaxBatchEvents) {
        throw http::ApiError{413, "batch_too_large",
                             "a batch holds at most " + std::to_string(kMaxBatchEvents) + " events",
                             "events"};
    }
    std::vector<IncomingEvent>& out = batch.events;
    out.reserve(events->size());
    std::size_t index = 0;
    for (json& event : *events) {
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
        if (auto payload = event.find("payload"); payload != event.end()) {
            incoming.payload = std::move(*payload);
        }
        out.push_back(std::move(incoming));
    }
    return batch;
}

}  // namespace iskra::central::sync
