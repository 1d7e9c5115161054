// Why a sync body could not be read, naming the field at fault ("payload.samples[2].energy_wh",
// "events[3].seq") so central can answer 400 with it and the gateway can log it. Pure value.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

namespace iskra::sync {

struct WireError {
    std::string field;    // empty: the body as a whole (not JSON at all)
    std::string message;  // e.g. "expected an integer, got a string"

    // "payload.samples[2].energy_wh: expected an integer, got a string"
    std::string describe() const;

    bool operator==(const WireError&) const = default;
};

template <typename T>
using WireResult = tl::expected<T, WireError>;

// Parses a body or a stored payload; a parse failure is a WireError with an empty field.
WireResult<nlohmann::json> parse_json(std::string_view text);

// Compact JSON text; bytes that are not UTF-8 are replaced rather than failing (a station's odd
// bytes must never make a commit or a sync request fail).
std::string dump(const nlohmann::json& value);

}  // namespace iskra::sync
