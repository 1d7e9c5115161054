#include "iskra/rpc/frame.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "iskra/ocpp/json_writer.hpp"

namespace iskra::rpc {
namespace {

constexpr std::int64_t kCallType = 2;
constexpr std::int64_t kCallResultType = 3;
constexpr std::int64_t kCallErrorType = 4;
// OCPP 2.1's CALLRESULTERROR answers a CALLRESULT; like any response it is never answered.
constexpr std::int64_t kCallResultErrorType = 5;
constexpr std::size_t kMaxDescriptionBytes = 255;
// Enough for every ordinary OCPP message; bigger frames grow the parser on demand.
constexpr std::size_t kInitialCapacity = std::size_t{16} * 1024;

// A frame has at most five elements; one more is read so that too many can be told apart.
constexpr std::size_t kMaxElements = 6;

tl::unexpected<FrameError> framework_error(std::string message,
                                           std::optional<std::string> id = std::nullopt,
                                           bool answerable = true, std::int64_t type = 0) {
    return tl::unexpected(FrameError{RpcErrorCode::RpcFrameworkError, std::move(message),
                                     std::move(id), answerable, type});
}

std::string_view type_name(std::int64_t type) {
    switch (type) {
        case kCallType:
            return "CALL";
        case kCallResultType:
            return "CALLRESULT";
        default:
            return "CALLERROR";
    }
}

}  // namespace

// The constructor, not set_max_capacity(): simdjson 3.0's setter caps any larger value at 32 bytes.
FrameParser::FrameParser(FrameLimits limits) : limits_(limits), parser_(limits.max_frame_bytes) {}

tl::expected<Frame, FrameError> FrameParser::parse(std::string_view text) {
    // Refused before parsing: a peer must not be able to make us allocate for a giant frame.
    if (text.size() > limits_.max_frame_bytes) {
        return framework_error("frame of " + std::to_string(text.size()) +
                               " bytes exceeds the limit of " +
                               std::to_string(limits_.max_frame_bytes));
    }
    // The depth limit is fixed when the parser first allocates and kept when it grows.
    if (parser_.capacity() == 0 &&
        parser_.allocate(std::min(kInitialCapacity, limits_.max_frame_bytes), limits_.max_depth)) {
        return tl::unexpected(FrameError{RpcErrorCode::InternalError,
                                         "out of memory for the frame parser", std::nullopt, true,
                                         0});
    }

    simdjson::dom::element root;
    if (const auto error = parser_.parse(text.data(), text.size()).get(root)) {
        if (error == simdjson::DEPTH_ERROR) {
            return framework_error("JSON nested deeper than " + std::to_string(limits_.max_depth) +
                                   " levels");
        }
        return framework_error(std::string("not valid JSON: ") + simdjson::error_message(error));
    }
    simdjson::dom::array array;
    if (root.get_array().get(array)) return framework_error("frame is not a JSON array");

    std::array<simdjson::dom::element, kMaxElements> items;
    std::size_t count = 0;
    for (simdjson::dom::element item : array) {
        items[count++] = item;
        if (count == kMaxElements) break;
    }
    if (count == 0) return framework_error("frame is an empty array");

    // The id is read first so that every later complaint can name it.
    std::string_view id;
    std::optional<std::string> known_id;
    const bool id_is_string = count >= 2 && !items[1].get_string().get(id);
    if (id_is_string && id.size() <= kMaxMessageIdLength) known_id.emplace(id);

    std::int64_t type = 0;
    if (items[0].get_int64().get(type)) {
        if (!items[0].is_number()) {
            return framework_error("message type id is not a number", std::move(known_id));
        }
        type = -1;  // a fraction or a huge number: a type we do not speak
    }
    if (type != kCallType && type != kCallResultType && type != kCallErrorType) {
        return tl::unexpected(
            FrameError{RpcErrorCode::MessageTypeNotSupported,
                       "message type " + simdjson::minify(items[0]) + " is not supported",
                       std::move(known_id), type != kCallResultErrorType, type});
    }

    // From here on every complaint names the frame's type, and its id when that is usable.
    const bool answerable = type == kCallType;
    const auto broken = [&](std::string message) {
        return framework_error(std::move(message), known_id, answerable, type);
    };
    const std::size_t arity = type == kCallType ? 4 : type == kCallResultType ? 3 : 5;
    if (count != arity) {
        return broken(std::string(type_name(type)) + " must have " + std::to_string(arity) +
                      " elements");
    }
    if (!id_is_string) return broken("message id is not a string");
    if (!known_id) {
        return broken("message id is longer than " + std::to_string(kMaxMessageIdLength) +
                      " characters");
    }

    if (type == kCallType) {
        Call call{id, {}, items[3]};
        if (items[2].get_string().get(call.action)) return broken("action is not a string");
        if (!call.payload.is_object()) return broken("payload is not a JSON object");
        return call;
    }
    if (type == kCallResultType) {
        if (!items[2].is_object()) return broken("payload is not a JSON object");
        return CallResult{id, items[2]};
    }
    CallError error{id, {}, {}, items[4]};
    if (items[2].get_string().get(error.error_code)) return broken("error code is not a string");
    if (items[3].get_string().get(error.error_description)) {
        return broken("error description is not a string");
    }
    if (!error.error_details.is_object()) return broken("error details are not a JSON object");
    return error;
}

std::string write_call(std::string_view message_id, std::string_view action,
                       std::string_view payload_json) {
    std::string out;
    out.reserve(message_id.size() + action.size() + payload_json.size() + 16);
    out += "[2,";
    ocpp::append_json_string(out, message_id);
    out += ',';
    ocpp::append_json_string(out, action);
    out += ',';
    out += payload_json;
    out += ']';
    return out;
}

std::string write_call_result(std::string_view message_id, std::string_view payload_json) {
    std::string out;
    out.reserve(message_id.size() + payload_json.size() + 8);
    out += "[3,";
    ocpp::append_json_string(out, message_id);
    out += ',';
    out += payload_json;
    out += ']';
    return out;
}

std::string write_call_error(std::string_view message_id, RpcErrorCode code, ocpp::Version version,
                             std::string_view description, std::string_view details_json) {
    if (description.size() > kMaxDescriptionBytes) {
        std::size_t cut = kMaxDescriptionBytes;
        // Step back over UTF-8 continuation bytes so no character is split.
        while (cut > 0 && (static_cast<unsigned char>(description[cut]) & 0xC0) == 0x80)
            --cut;
        description = description.substr(0, cut);
    }
    std::string out;
    out.reserve(message_id.size() + description.size() + details_json.size() + 48);
    out += "[4,";
    ocpp::append_json_string(out, message_id);
    out += ',';
    ocpp::append_json_string(out, wire_name(code, version));
    out += ',';
    ocpp::append_json_string(out, description);
    out += ',';
    out += details_json;
    out += ']';
    return out;
}

}  // namespace iskra::rpc
