// Private: the Polish and English text of a priced session, and the totals step shared by every
// pricing function.
#pragma once

#include <string>
#include <vector>

#include "iskra/tariff/price.hpp"

namespace iskra::tariff {

// Sums the lines into the total (the only place a total is made) and, if asked, explains.
Price finish_price(std::vector<Line> lines, bool explain);

namespace detail {
void explain(Price& price);
std::string format_grosz(Grosz amount, char decimal_mark);  // "12,34" / "12.34"
}  // namespace detail
}  // namespace iskra::tariff
