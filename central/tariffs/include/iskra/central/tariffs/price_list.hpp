// What a driver is shown before charging, as the EU's AFIR (Regulation 2023/1804, art. 5) asks:
// the price of a kWh, of a minute and of a session, from the elements that apply at the start of
// a session begun at a given moment. Pure; safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "iskra/tariff/tariff.hpp"

namespace iskra::central::tariffs {

struct DisplayPrice {
    std::int64_t net_micro = 0;     // millionths of a złoty (1/10,000 grosz), rounded half up
    std::int64_t gross_micro = 0;   // likewise
    tariff::Grosz gross_grosz = 0;  // the figure to display, rounded half up once
    tariff::VatRate vat = tariff::VatRate::k23;
    std::optional<std::size_t> element;  // the element it comes from; nothing: not charged
    bool varies = false;  // other elements price it too, at other times or conditions
};

struct DisplayPrices {
    DisplayPrice per_kwh;             // ENERGY
    DisplayPrice per_minute;          // TIME (charging)
    DisplayPrice per_session;         // FLAT
    DisplayPrice parking_per_minute;  // PARKING_TIME
};

// For each dimension, the first element (in OCPI's order) whose restrictions hold at the first
// moment of a session begun at `at_ms`: its local time, date and weekday, no energy and no
// duration yet, no reservation. Power and current bounds are not known before charging and are
// not checked, so an element that depends on them is shown with `varies`.
DisplayPrices display_prices(const tariff::Tariff& tariff, std::int64_t at_ms);

nlohmann::json display_prices_json(const DisplayPrices& prices);

// One line per charged dimension, in Polish ("Energia: 1,23 zł/kWh brutto (VAT 23%)") or
// English.
std::string explain_prices(const DisplayPrices& prices, bool polish);

}  // namespace iskra::central::tariffs
