// A cursor into a JSON document that knows its path, so every decoder names the field at fault
// ("payload.samples[2].energy_wh") without threading the path by hand. Internal: a failure is
// thrown as DecodeFailure and turned into a WireError by `guarded` at the public boundary, so no
// exception leaves the library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "iskra/session/events.hpp"
#include "iskra/session/timestamp.hpp"
#include "iskra/sync/wire_error.hpp"

namespace iskra::sync::detail {

struct DecodeFailure {
    WireError error;
};

class Reader {
public:
    Reader(const nlohmann::json& value, std::string path)
        : value_(&value), path_(std::move(path)) {}

    const std::string& path() const { return path_; }
    const nlohmann::json& raw() const { return *value_; }

    // A member that must be there (and not null).
    Reader at(std::string_view key) const;
    // A member that may be absent or null.
    std::optional<Reader> find(std::string_view key) const;
    // An array's elements; fails when this is not an array.
    std::size_t size() const;
    Reader item(std::size_t index) const;

    const Reader& object() const;  // fails unless this is an object
    std::string string() const;
    std::int64_t integer() const;
    double number() const;
    bool boolean() const;
    session::Timestamp timestamp() const;

    template <typename E>
    E enumerated(std::optional<E> (*parse)(std::string_view)) const {
        const std::string text = string();
        auto parsed = parse(text);
        if (!parsed) fail("unknown value '" + text + "'");
        return *parsed;
    }

    [[noreturn]] void fail(std::string message) const;

    // Member shorthands.
    std::string string(std::string_view key) const { return at(key).string(); }
    std::int64_t integer(std::string_view key) const { return at(key).integer(); }
    std::optional<std::string> optional_string(std::string_view key) const;
    std::optional<std::int64_t> optional_integer(std::string_view key) const;
    std::optional<double> optional_number(std::string_view key) const;
    std::optional<bool> optional_boolean(std::string_view key) const;
    std::optional<session::Timestamp> optional_timestamp(std::string_view key) const;

private:
    std::string member_path(std::string_view key) const;

    const nlohmann::json* value_;
    std::string path_;
};

// Values more than one body holds (defined in event_decode.cpp).
session::Token read_token(const Reader& reader);
session::AuthorizationDecision read_decision(const Reader& reader);

// Runs a decoder, turning its DecodeFailure into the WireError value.
template <typename Decode>
auto guarded(Decode decode) -> WireResult<decltype(decode())> {
    try {
        return decode();
    } catch (const DecodeFailure& failure) {
        return tl::unexpected(failure.error);
    }
}

}  // namespace iskra::sync::detail
