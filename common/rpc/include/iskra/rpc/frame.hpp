// OCPP-J framing: one WebSocket text message to a CALL, CALLRESULT or CALLERROR, and back.
//
// A FrameParser owns its simdjson parser (reused across messages, so parsing allocates nothing
// once warm); a parsed Frame points into it and is valid until the next parse(). One parser per
// connection, used by the thread that owns the connection. The writers are pure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <simdjson.h>
#include <tl/expected.hpp>

#include "iskra/ocpp/version.hpp"
#include "iskra/rpc/rpc_error.hpp"

namespace iskra::rpc {

// OCPP 2.0.1 limits message ids to 36 characters (a UUID); 1.6 peers use the same in practice.
inline constexpr std::size_t kMaxMessageIdLength = 36;
// What we answer a frame whose id could not be read with; OCPP 2.0.1 names "-1" for this.
inline constexpr std::string_view kUnknownMessageId = "-1";

struct FrameLimits {
    std::size_t max_frame_bytes = std::size_t{1} << 20;
    // Nesting depth, the frame's own array counting as one. OCPP's deepest payloads need < 10;
    // the limit keeps a hostile peer from making the parser allocate a stack per level.
    std::size_t max_depth = 64;
};

struct Call {
    std::string_view message_id;
    std::string_view action;
    simdjson::dom::element payload;  // a JSON object
};

struct CallResult {
    std::string_view message_id;
    simdjson::dom::element payload;  // a JSON object
};

struct CallError {
    std::string_view message_id;
    std::string_view error_code;  // as received; parse_error_code() reads it
    std::string_view error_description;
    simdjson::dom::element error_details;  // a JSON object
};

using Frame = std::variant<Call, CallResult, CallError>;

// A message that is not a well-formed frame of a type we speak.
struct FrameError {
    RpcErrorCode code = RpcErrorCode::RpcFrameworkError;
    std::string message;
    // The id read from the frame, when it was a string of at most kMaxMessageIdLength.
    std::optional<std::string> message_id;
    // False for frames that claim to be responses: answering a response invites an endless
    // exchange of errors, so those are only dropped (and may fail the call they name).
    bool answerable = true;
    // The message type id read (3 for a broken CALLRESULT, ...), 0 when there was none.
    std::int64_t message_type = 0;

    std::string_view answer_id() const {
        return message_id ? std::string_view(*message_id) : kUnknownMessageId;
    }
};

class FrameParser {
public:
    explicit FrameParser(FrameLimits limits = {});

    tl::expected<Frame, FrameError> parse(std::string_view text);

    const FrameLimits& limits() const { return limits_; }

private:
    FrameLimits limits_;
    simdjson::dom::parser parser_;
};

std::string write_call(std::string_view message_id, std::string_view action,
                       std::string_view payload_json);
std::string write_call_result(std::string_view message_id, std::string_view payload_json);
// `description` is cut to 255 bytes on a character boundary (2.0.1's limit for the field).
std::string write_call_error(std::string_view message_id, RpcErrorCode code, ocpp::Version version,
                             std::string_view description, std::string_view details_json = "{}");

}  // namespace iskra::rpc
