// Exact decimals in JSON; see json_decimal.hpp.
#include "json_decimal.hpp"

#include <cctype>
#include <string>

namespace iskra::tariff::detail {

using nlohmann::json;

std::int64_t round_wide(Wide num, Wide den) {
    if (num >= 0) return static_cast<std::int64_t>((2 * num + den) / (2 * den));
    return -static_cast<std::int64_t>((-2 * num + den) / (2 * den));
}

bool digit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

std::optional<std::int64_t> scaled_number(const json& value, int decimals) {
    if (!value.is_number()) return std::nullopt;
    const std::string text = value.dump();
    std::size_t i = 0;
    const bool negative = !text.empty() && text[0] == '-';
    if (negative) ++i;
    std::string digits;
    int exponent = decimals;
    while (i < text.size() && digit(text[i]))
        digits += text[i++];
    if (i < text.size() && text[i] == '.') {
        for (++i; i < text.size() && digit(text[i]); ++i, --exponent)
            digits += text[i];
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool negative_exponent = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-'))
            negative_exponent = text[i++] == '-';
        const std::size_t start = i;
        int e = 0;
        while (i < text.size() && digit(text[i]) && e < 10'000)
            e = e * 10 + (text[i++] - '0');
        if (i == start) return std::nullopt;
        exponent += negative_exponent ? -e : e;
    }
    if (i != text.size() || digits.empty()) return std::nullopt;
    digits.erase(0, digits.find_first_not_of('0'));
    if (digits.empty()) return 0;
    while (exponent < 0 && digits.back() == '0') {
        digits.pop_back();
        ++exponent;
    }
    if (exponent < 0 || exponent > 18) return std::nullopt;
    Wide v = 0;
    for (const char c : digits) {
        v = v * 10 + (c - '0');
        if (v > kInt64Max) return std::nullopt;
    }
    for (int k = 0; k < exponent; ++k) {
        v *= 10;
        if (v > kInt64Max) return std::nullopt;
    }
    return negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
}

json decimal_number(std::int64_t scaled, int decimals) {
    const bool negative = scaled < 0;
    const std::uint64_t magnitude =
        negative ? 0 - static_cast<std::uint64_t>(scaled) : static_cast<std::uint64_t>(scaled);
    std::uint64_t unit = 1;
    for (int i = 0; i < decimals; ++i)
        unit *= 10;
    std::string fraction;
    if (decimals > 0) {
        fraction = std::to_string(magnitude % unit);
        fraction.insert(0, static_cast<std::size_t>(decimals) - fraction.size(), '0');
        while (!fraction.empty() && fraction.back() == '0')
            fraction.pop_back();
    }
    std::string text = (negative ? "-" : "") + std::to_string(magnitude / unit);
    if (!fraction.empty()) text += "." + fraction;
    return json::parse(text);
}

}  // namespace iskra::tariff::detail
