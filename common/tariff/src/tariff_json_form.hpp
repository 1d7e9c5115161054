// Private: what reading and writing a tariff must agree on, so a document written reads back the
// same: which of the two forms, and OCPI's day names in the order of Restrictions' weekday bits.
#pragma once

#include <array>
#include <cstdint>

namespace iskra::tariff::detail {

enum class Form : std::uint8_t { kIskra, kOcpi };

inline constexpr std::array<const char*, 7> kDays{"MONDAY", "TUESDAY",  "WEDNESDAY", "THURSDAY",
                                                  "FRIDAY", "SATURDAY", "SUNDAY"};

}  // namespace iskra::tariff::detail
