// Building blocks of the generated decoders: each checks one JSON value against one schema rule
// and copies it into a typed field, so a payload is validated and converted in a single pass.
//
// On failure a decoder records the first error in the DecodeContext and returns false; each
// enclosing level then prepends its property name or array index while the failure unwinds, so
// a path is only ever built for a payload that is wrong. Used on the thread that parses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "iskra/ocpp/validation_error.hpp"

namespace iskra::ocpp {

class DecodeContext {
public:
    // Records the error (the innermost one wins) and returns false for `return ctx.fail(...)`.
    bool fail(Violation violation, std::string message);
    // Prepends "/name" (or "/index") to the recorded path and returns false.
    bool in(std::string_view property);
    bool at(std::size_t index);
    bool missing(std::string_view property);  // a required property is absent

    ValidationError take_error() { return std::move(error_); }
    const ValidationError& error() const { return error_; }

private:
    ValidationError error_;
    bool failed_ = false;
};

// Property members kept verbatim when an object's schema allows properties it does not name
// (2.0.1's CustomDataType): name and its minified JSON text, in the order received.
using ExtraMembers = std::vector<std::pair<std::string, std::string>>;

// A value the schema leaves open (2.0.1 DataTransfer's data), kept as minified JSON text.
struct RawJson {
    std::string json;
    bool operator==(const RawJson&) const = default;
};

bool decode_string(simdjson::dom::element el, std::string& out, std::size_t max_length,
                   DecodeContext& ctx);
bool decode_date_time(simdjson::dom::element el, std::string& out, DecodeContext& ctx);
bool decode_uri(simdjson::dom::element el, std::string& out, std::size_t max_length,
                DecodeContext& ctx);
bool decode_integer(simdjson::dom::element el, std::int64_t& out, DecodeContext& ctx);
bool decode_number(simdjson::dom::element el, double& out, DecodeContext& ctx);
bool decode_boolean(simdjson::dom::element el, bool& out, DecodeContext& ctx);
void decode_any(simdjson::dom::element el, RawJson& out);
bool get_object(simdjson::dom::element el, simdjson::dom::object& out, DecodeContext& ctx);
bool get_array(simdjson::dom::element el, simdjson::dom::array& out, DecodeContext& ctx);

// Range rules shared by integers and numbers.
bool check_minimum(double value, double minimum, DecodeContext& ctx);
bool check_maximum(double value, double maximum, DecodeContext& ctx);
bool check_multiple_of(double value, double factor, DecodeContext& ctx);
bool check_item_count(std::size_t count, std::size_t min_items, std::size_t max_items,
                      DecodeContext& ctx);

bool unknown_property(std::string_view name, DecodeContext& ctx);
void keep_extra_member(std::string_view name, simdjson::dom::element el, ExtraMembers& out);

// Number of Unicode code points in valid UTF-8 (JSON Schema's maxLength counts characters).
std::size_t utf8_length(std::string_view text);
// RFC 3339 date-time, as JSON Schema's "date-time" format requires (offset mandatory).
bool is_date_time(std::string_view text);

}  // namespace iskra::ocpp
