// Private: exact decimals in JSON, so OCPI's prices and quantities pass through as digits and never
// through floating-point arithmetic.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>

#include <nlohmann/json.hpp>

namespace iskra::tariff::detail {

__extension__ using Wide = __int128;  // products of prices and rates stay exact

inline constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

// Half away from zero; den > 0.
std::int64_t round_wide(Wide num, Wide den);

bool digit(char c);

// value × 10^decimals, exactly, from a JSON number's digits. A float is read from the shortest
// text that reads back as the same double (what dump() writes), which is the text the sender wrote
// whenever it had at most 15 significant digits: no digit comes from binary rounding. Nothing when
// it is not a number, has digits finer than 10^-decimals, or does not fit in 64 bits.
std::optional<std::int64_t> scaled_number(const nlohmann::json& value, int decimals);

// scaled ÷ 10^decimals as a JSON number, written digit by digit ("0.9675") and only then parsed:
// the double nlohmann keeps is the one nearest that text, and dump() writes the text back.
nlohmann::json decimal_number(std::int64_t scaled, int decimals);

}  // namespace iskra::tariff::detail
