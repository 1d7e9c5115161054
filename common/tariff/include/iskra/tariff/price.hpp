// Pricing: a session (or a subscription month, or a card) under a tariff becomes line items that
// sum exactly to the total, each explained in Polish and English. Pure functions of their inputs:
// the gateway (running cost) and central (the final bill) get the same answer.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "iskra/tariff/session.hpp"

namespace iskra::tariff {

enum class LineKind : std::uint8_t {
    kFlat,
    kEnergy,
    kTime,
    kParking,
    kReservation,
    kSubscription,
    kCard
};

// How a line's quantity is counted; the price is for `divisor` of these (see line_amounts).
enum class QuantityUnit : std::uint8_t { kWh, kMillisecond, kSession, kDay, kPiece };

struct Line {
    LineKind what = LineKind::kEnergy;
    int element = -1;  // index of the tariff element it comes from; -1 for fees outside elements
    std::int64_t quantity = 0;  // after the element's step_size
    QuantityUnit unit = QuantityUnit::kWh;
    std::int64_t divisor = 1;  // 1000 (per kWh), 3,600,000 (per hour), days of the month, 1
    UnitPrice unit_price;
    VatRate vat_rate = VatRate::k23;
    Amounts amounts;
    std::string explain_pl, explain_en;
};

struct Price {
    std::vector<Line> lines;
    Amounts total;  // the plain sum of the lines
    std::string explain_pl, explain_en;
};

struct PriceOptions {
    bool explain = true;  // the running cost on a gateway may skip the text
};

// Prices one session. The tariff is validated first; its errors and the session's come back as
// values naming the field at fault.
tl::expected<Price, TariffError> price_session(const Tariff& tariff, const Session& session,
                                               PriceOptions options = {});

// The subscription fee for `month`: in the month the contract was signed, the days from the
// signing day to the month's end inclusive over the month's days; after it, the whole fee.
tl::expected<Price, TariffError> price_subscription(const Tariff& tariff,
                                                    std::chrono::year_month_day signed_on,
                                                    std::chrono::year_month month);

// The RFID card issuing fee; only subscribers are charged one.
tl::expected<Price, TariffError> price_card_issuing(const Tariff& tariff, CustomerKind customer);

}  // namespace iskra::tariff
