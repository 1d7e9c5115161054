#include "json_reader.hpp"

#include <limits>

namespace iskra::sync::detail {
namespace {

std::string kind_of(const nlohmann::json& value) {
    if (value.is_number_integer()) return "an integer";
    if (value.is_number()) return "a number";
    if (value.is_string()) return "a string";
    if (value.is_boolean()) return "a boolean";
    if (value.is_array()) return "an array";
    if (value.is_object()) return "an object";
    return "null";
}

}  // namespace

std::string Reader::member_path(std::string_view key) const {
    if (path_.empty()) return std::string(key);
    return path_ + "." + std::string(key);
}

void Reader::fail(std::string message) const {
    throw DecodeFailure{WireError{path_, std::move(message)}};
}

Reader Reader::at(std::string_view key) const {
    object();
    auto found = value_->find(key);
    if (found == value_->end() || found->is_null()) {
        throw DecodeFailure{WireError{member_path(key), "is missing"}};
    }
    return Reader(*found, member_path(key));
}

std::optional<Reader> Reader::find(std::string_view key) const {
    object();
    auto found = value_->find(key);
    if (found == value_->end() || found->is_null()) return std::nullopt;
    return Reader(*found, member_path(key));
}

std::size_t Reader::size() const {
    if (!value_->is_array()) fail("expected an array, got " + kind_of(*value_));
    return value_->size();
}

Reader Reader::item(std::size_t index) const {
    size();
    return Reader((*value_)[index], path_ + "[" + std::to_string(index) + "]");
}

const Reader& Reader::object() const {
    if (!value_->is_object()) fail("expected an object, got " + kind_of(*value_));
    return *this;
}

std::string Reader::string() const {
    if (!value_->is_string()) fail("expected a string, got " + kind_of(*value_));
    return value_->get<std::string>();
}

std::int64_t Reader::integer() const {
    if (value_->is_number_unsigned()) {
        const auto value = value_->get<std::uint64_t>();
        if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            fail("is out of range");
        }
        return static_cast<std::int64_t>(value);
    }
    if (!value_->is_number_integer()) fail("expected an integer, got " + kind_of(*value_));
    return value_->get<std::int64_t>();
}

double Reader::number() const {
    if (!value_->is_number()) fail("expected a number, got " + kind_of(*value_));
    return value_->get<double>();
}

bool Reader::boolean() const {
    if (!value_->is_boolean()) fail("expected a boolean, got " + kind_of(*value_));
    return value_->get<bool>();
}

session::Timestamp Reader::timestamp() const {
    const std::string text = string();
    auto parsed = session::parse_timestamp(text);
    if (!parsed) fail("'" + text + "' is not a timestamp: " + parsed.error().reason);
    return *parsed;
}

std::optional<std::string> Reader::optional_string(std::string_view key) const {
    auto member = find(key);
    if (!member) return std::nullopt;
    return member->string();
}

std::optional<std::int64_t> Reader::optional_integer(std::string_view key) const {
    auto member = find(key);
    if (!member) return std::nullopt;
    return member->integer();
}

std::optional<double> Reader::optional_number(std::string_view key) const {
    auto member = find(key);
    if (!member) return std::nullopt;
    return member->number();
}

std::optional<bool> Reader::optional_boolean(std::string_view key) const {
    auto member = find(key);
    if (!member) return std::nullopt;
    return member->boolean();
}

std::optional<session::Timestamp> Reader::optional_timestamp(std::string_view key) const {
    auto member = find(key);
    if (!member) return std::nullopt;
    return member->timestamp();
}

}  // namespace iskra::sync::detail
