// Typed OCPP payloads to and from JSON: the one entry point for callers outside the RPC layer.
//
// Decoding validates against the official schema while converting (see decode_support.hpp);
// encoding writes JSON the schema accepts for any value the struct's invariants allow.
#pragma once

#include <string>
#include <string_view>

#include <simdjson.h>
#include <tl/expected.hpp>

#include "iskra/ocpp/decode_support.hpp"
#include "iskra/ocpp/json_writer.hpp"
#include "iskra/ocpp/validation_error.hpp"

namespace iskra::ocpp {

// Decodes a payload already parsed by simdjson; `decode` is found by argument-dependent lookup
// in the message's version namespace.
template <class Message>
tl::expected<Message, ValidationError> decode_payload(simdjson::dom::element payload) {
    Message message;
    DecodeContext ctx;
    if (!decode(payload, message, ctx)) return tl::unexpected(ctx.take_error());
    return message;
}

// Parses JSON text and decodes it. Text that is not JSON is a Formation violation.
// Uses a parser owned by the calling thread.
simdjson::simdjson_result<simdjson::dom::element> parse_json_for_decode(std::string_view json);

template <class Message>
tl::expected<Message, ValidationError> parse_payload(std::string_view json) {
    auto parsed = parse_json_for_decode(json);
    if (parsed.error()) {
        return tl::unexpected(ValidationError{
            Violation::Formation, "",
            std::string("not valid JSON: ") + simdjson::error_message(parsed.error())});
    }
    return decode_payload<Message>(parsed.value_unsafe());
}

template <class Message>
std::string encode_payload(const Message& message) {
    JsonWriter writer;
    encode(writer, message);
    return writer.take();
}

}  // namespace iskra::ocpp
