#include "iskra/ocpp/decode_support.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

namespace iskra::ocpp {

bool DecodeContext::fail(Violation violation, std::string message) {
    if (!failed_) {
        error_ = ValidationError{violation, "", std::move(message)};
        failed_ = true;
    }
    return false;
}

bool DecodeContext::in(std::string_view property) {
    error_.path.insert(0, "/" + std::string(property));
    return false;
}

bool DecodeContext::at(std::size_t index) {
    error_.path.insert(0, "/" + std::to_string(index));
    return false;
}

bool DecodeContext::missing(std::string_view property) {
    fail(Violation::Occurrence, "required property is missing");
    return in(property);
}

namespace {

bool get_text(simdjson::dom::element el, std::string_view& text, DecodeContext& ctx) {
    if (el.get_string().get(text)) return ctx.fail(Violation::Type, "must be a string");
    return true;
}

bool check_length(std::string_view text, std::size_t max_length, DecodeContext& ctx) {
    if (max_length == 0) return true;
    // Bytes bound characters from above, so the exact count is needed only near the limit.
    if (text.size() > max_length && utf8_length(text) > max_length) {
        return ctx.fail(Violation::Property,
                        "must be at most " + std::to_string(max_length) + " characters");
    }
    return true;
}

bool two_digits(std::string_view text, std::size_t at, int& out) {
    const char a = text[at], b = text[at + 1];
    if (a < '0' || a > '9' || b < '0' || b > '9') return false;
    out = (a - '0') * 10 + (b - '0');
    return true;
}

std::string number_text(double value) {
    std::array<char, 32> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return std::string(buffer.data(), result.ptr);
}

bool is_leap(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

}  // namespace

std::size_t utf8_length(std::string_view text) {
    std::size_t count = 0;
    for (const char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
    }
    return count;
}

bool is_date_time(std::string_view t) {
    // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM), 'T' and 'Z' in either case (RFC 3339).
    if (t.size() < 20) return false;
    int century = 0, year2 = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!two_digits(t, 0, century) || !two_digits(t, 2, year2) || t[4] != '-' ||
        !two_digits(t, 5, month) || t[7] != '-' || !two_digits(t, 8, day) ||
        (t[10] != 'T' && t[10] != 't' && t[10] != ' ') || !two_digits(t, 11, hour) ||
        t[13] != ':' || !two_digits(t, 14, minute) || t[16] != ':' || !two_digits(t, 17, second)) {
        return false;
    }
    const int year = century * 100 + year2;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1) return false;
    const int month_days = kDays[month - 1] + (month == 2 && is_leap(year) ? 1 : 0);
    if (day > month_days || hour > 23 || minute > 59 || second > 60) return false;
    std::size_t at = 19;
    if (at < t.size() && t[at] == '.') {
        const std::size_t digits_from = ++at;
        while (at < t.size() && t[at] >= '0' && t[at] <= '9')
            ++at;
        if (at == digits_from) return false;
    }
    if (at == t.size()) return false;
    if (t[at] == 'Z' || t[at] == 'z') return at + 1 == t.size();
    if (t[at] != '+' && t[at] != '-') return false;
    int offset_hour = 0, offset_minute = 0;
    return at + 6 == t.size() && two_digits(t, at + 1, offset_hour) && t[at + 3] == ':' &&
           two_digits(t, at + 4, offset_minute) && offset_hour <= 23 && offset_minute <= 59;
}

bool decode_string(simdjson::dom::element el, std::string& out, std::size_t max_length,
                   DecodeContext& ctx) {
    std::string_view text;
    if (!get_text(el, text, ctx) || !check_length(text, max_length, ctx)) return false;
    out.assign(text);
    return true;
}

bool decode_date_time(simdjson::dom::element el, std::string& out, DecodeContext& ctx) {
    std::string_view text;
    if (!get_text(el, text, ctx)) return false;
    if (!is_date_time(text)) {
        return ctx.fail(Violation::Property, "must be an RFC 3339 date-time with an offset");
    }
    out.assign(text);
    return true;
}

bool decode_uri(simdjson::dom::element el, std::string& out, std::size_t max_length,
                DecodeContext& ctx) {
    std::string_view text;
    if (!get_text(el, text, ctx) || !check_length(text, max_length, ctx)) return false;
    // RFC 3986 asks for a scheme: a letter, then letters, digits, '+', '-' or '.', then ':'.
    const auto colon = text.find(':');
    bool scheme_ok = colon != std::string_view::npos && colon > 0 &&
                     std::isalpha(static_cast<unsigned char>(text[0])) != 0;
    for (std::size_t i = 1; scheme_ok && i < colon; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        scheme_ok = std::isalnum(c) != 0 || c == '+' || c == '-' || c == '.';
    }
    if (!scheme_ok) return ctx.fail(Violation::Property, "must be an absolute URI");
    out.assign(text);
    return true;
}

bool decode_integer(simdjson::dom::element el, std::int64_t& out, DecodeContext& ctx) {
    switch (el.type()) {
        case simdjson::dom::element_type::INT64:
            out = el.get_int64().value_unsafe();
            return true;
        case simdjson::dom::element_type::UINT64:
            return ctx.fail(Violation::Property, "is too large");
        case simdjson::dom::element_type::DOUBLE: {
            // JSON does not tell 5 from 5.0, and JSON Schema calls both integers.
            const double value = el.get_double().value_unsafe();
            if (value != std::floor(value)) return ctx.fail(Violation::Type, "must be an integer");
            if (std::fabs(value) >= 9.2e18) return ctx.fail(Violation::Property, "is too large");
            out = static_cast<std::int64_t>(value);
            return true;
        }
        default:
            return ctx.fail(Violation::Type, "must be an integer");
    }
}

bool decode_number(simdjson::dom::element el, double& out, DecodeContext& ctx) {
    switch (el.type()) {
        case simdjson::dom::element_type::INT64:
            out = static_cast<double>(el.get_int64().value_unsafe());
            return true;
        case simdjson::dom::element_type::UINT64:
            out = static_cast<double>(el.get_uint64().value_unsafe());
            return true;
        case simdjson::dom::element_type::DOUBLE:
            out = el.get_double().value_unsafe();
            return true;
        default:
            return ctx.fail(Violation::Type, "must be a number");
    }
}

bool decode_boolean(simdjson::dom::element el, bool& out, DecodeContext& ctx) {
    if (el.get_bool().get(out)) return ctx.fail(Violation::Type, "must be true or false");
    return true;
}

void decode_any(simdjson::dom::element el, RawJson& out) {
    out.json = simdjson::minify(el);
}

bool get_object(simdjson::dom::element el, simdjson::dom::object& out, DecodeContext& ctx) {
    if (el.get_object().get(out)) return ctx.fail(Violation::Type, "must be an object");
    return true;
}

bool get_array(simdjson::dom::element el, simdjson::dom::array& out, DecodeContext& ctx) {
    if (el.get_array().get(out)) return ctx.fail(Violation::Type, "must be an array");
    return true;
}

bool check_minimum(double value, double minimum, DecodeContext& ctx) {
    if (value < minimum) {
        return ctx.fail(Violation::Property, "must be at least " + number_text(minimum));
    }
    return true;
}

bool check_maximum(double value, double maximum, DecodeContext& ctx) {
    if (value > maximum) {
        return ctx.fail(Violation::Property, "must be at most " + number_text(maximum));
    }
    return true;
}

bool check_multiple_of(double value, double factor, DecodeContext& ctx) {
    // Decimal steps such as 0.1 have no exact double; compare the quotient with a tolerance.
    const double quotient = value / factor;
    if (std::fabs(quotient - std::round(quotient)) > 1e-6) {
        return ctx.fail(Violation::Property, "must be a multiple of " + number_text(factor));
    }
    return true;
}

bool check_item_count(std::size_t count, std::size_t min_items, std::size_t max_items,
                      DecodeContext& ctx) {
    if (count < min_items) {
        return ctx.fail(Violation::Occurrence,
                        "must have at least " + std::to_string(min_items) + " items");
    }
    if (max_items != 0 && count > max_items) {
        return ctx.fail(Violation::Occurrence,
                        "must have at most " + std::to_string(max_items) + " items");
    }
    return true;
}

bool unknown_property(std::string_view name, DecodeContext& ctx) {
    ctx.fail(Violation::Formation, "property is not allowed by the schema");
    return ctx.in(name);
}

void keep_extra_member(std::string_view name, simdjson::dom::element el, ExtraMembers& out) {
    out.emplace_back(std::string(name), simdjson::minify(el));
}

}  // namespace iskra::ocpp
