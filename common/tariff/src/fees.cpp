// Fees outside any session: the monthly subscription (pro rata in the month of signing, by that
// month's days) and the RFID card issuing fee (subscribers only).
#include <string>

#include "explain.hpp"
#include "iskra/tariff/price.hpp"

namespace iskra::tariff {
namespace {

tl::unexpected<TariffError> not_applicable(std::string field, std::string message) {
    return tl::unexpected(
        TariffError{ErrorCode::kNotApplicable, std::move(field), std::move(message)});
}

}  // namespace

tl::expected<Price, TariffError> price_subscription(const Tariff& tariff,
                                                    std::chrono::year_month_day signed_on,
                                                    std::chrono::year_month month) {
    using namespace std::chrono;
    if (!tariff.subscription_monthly)
        return not_applicable("subscription_monthly", "the tariff has no subscription");
    if (!signed_on.ok() || !month.ok()) return not_applicable("signed_on", "not a calendar date");
    if (auto ok = validate(tariff); !ok) return tl::unexpected(ok.error());
    const year_month signed_month = signed_on.year() / signed_on.month();
    if (month < signed_month) return not_applicable("month", "before the contract was signed");
    const auto days_in_month =
        static_cast<std::int64_t>(static_cast<unsigned>(year_month_day_last{month / last}.day()));
    const std::int64_t days =
        month == signed_month
            ? days_in_month - static_cast<std::int64_t>(static_cast<unsigned>(signed_on.day())) + 1
            : days_in_month;
    Line line;
    line.what = LineKind::kSubscription;
    line.quantity = days;
    line.unit = QuantityUnit::kDay;
    line.divisor = days_in_month;
    line.unit_price = tariff.subscription_monthly->price;
    line.vat_rate = tariff.subscription_monthly->vat;
    line.amounts =
        line_amounts(line.quantity, line.divisor, line.unit_price, line.vat_rate, tariff.entry);
    return finish_price({line}, true);
}

tl::expected<Price, TariffError> price_card_issuing(const Tariff& tariff, CustomerKind customer) {
    if (!tariff.card_issuing) return not_applicable("card_issuing", "the tariff has no card fee");
    if (customer != CustomerKind::kSubscriber)
        return not_applicable("customer", "an RFID card fee is charged to subscribers only");
    if (auto ok = validate(tariff); !ok) return tl::unexpected(ok.error());
    Line line;
    line.what = LineKind::kCard;
    line.quantity = 1;
    line.unit = QuantityUnit::kPiece;
    line.unit_price = tariff.card_issuing->price;
    line.vat_rate = tariff.card_issuing->vat;
    line.amounts = line_amounts(1, 1, line.unit_price, line.vat_rate, tariff.entry);
    return finish_price({line}, true);
}

}  // namespace iskra::tariff
