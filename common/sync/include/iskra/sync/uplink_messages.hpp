// The bodies the gateway sends up and their answers (README.md: Identity, Events, Real-time
// authorisation): to_json builds a body, decode_* reads one strictly, naming the field at fault
// ("events[3].seq"). Pure functions, any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "iskra/session/events.hpp"
#include "iskra/sync/wire_error.hpp"

namespace iskra::sync {

using session::Timestamp;

// The protocol's limits on one events batch (central answers 413 past them).
inline constexpr std::size_t kMaxBatchEvents = 1000;
inline constexpr std::size_t kMaxBatchBytes = 8 * 1024 * 1024;

// One outbox row as sent: the payload is the row's JSON object, unchanged.
struct BatchEvent {
    std::int64_t seq = 0;
    std::string type;
    Timestamp at;
    nlohmann::json payload;

    bool operator==(const BatchEvent&) const = default;
};

// `epoch` names the outbox the seqs count in: a random id the gateway's database gets when it is
// created. A gateway whose database was wiped starts again at seq 1 under a new epoch, and
// central keeps a separate acknowledged seq per epoch (README.md, Events). Absent: a gateway
// from before epochs; central files it under the empty epoch.
struct EventsBatch {
    std::vector<BatchEvent> events;
    std::optional<std::string> epoch = std::nullopt;

    bool operator==(const EventsBatch&) const = default;
};

// The events endpoint's answer: the highest sequence central holds for this gateway's epoch.
struct Acknowledged {
    std::int64_t acknowledged = 0;

    bool operator==(const Acknowledged&) const = default;
};

struct EnrolRequest {
    std::string code;
    std::string name;  // the gateway's host name
    std::string software_version;

    bool operator==(const EnrolRequest&) const = default;
};

struct EnrolAnswer {
    std::string gateway_id;
    std::string secret;
    std::string site_id;

    bool operator==(const EnrolAnswer&) const = default;
};

struct AuthorizeRequest {
    std::string station_id;
    session::Token token;

    bool operator==(const AuthorizeRequest&) const = default;
};

// The answer is a decision: {"status", "expires_at"?, "group"?}.
using AuthorizeAnswer = session::AuthorizationDecision;

// Every Iskra API's error body: {"error": {"code", "message", "field"}}.
struct ErrorBody {
    std::string code;
    std::string message;
    std::optional<std::string> field;

    bool operator==(const ErrorBody&) const = default;
};

nlohmann::json to_json(const BatchEvent& event);
nlohmann::json to_json(const EventsBatch& batch);
nlohmann::json to_json(const Acknowledged& answer);
nlohmann::json to_json(const EnrolRequest& request);
nlohmann::json to_json(const EnrolAnswer& answer);
nlohmann::json to_json(const AuthorizeRequest& request);
nlohmann::json to_json(const AuthorizeAnswer& answer);
nlohmann::json to_json(const ErrorBody& error);

// Checks the batch's shape only (README.md: an "events" array, each event with an integer
// "seq" strictly increasing, a string "type", an "at" timestamp and a "payload"); the payloads
// are read one by one with decode_event, so one bad event does not refuse the batch.
WireResult<EventsBatch> decode_events_batch(const nlohmann::json& body);
WireResult<Acknowledged> decode_acknowledged(const nlohmann::json& body);
WireResult<EnrolRequest> decode_enrol_request(const nlohmann::json& body);
WireResult<EnrolAnswer> decode_enrol_answer(const nlohmann::json& body);
WireResult<AuthorizeRequest> decode_authorize_request(const nlohmann::json& body);
WireResult<AuthorizeAnswer> decode_authorize_answer(const nlohmann::json& body);
WireResult<ErrorBody> decode_error_body(const nlohmann::json& body);

}  // namespace iskra::sync
