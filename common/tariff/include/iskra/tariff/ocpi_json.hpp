// Tariffs as JSON, in two forms. Iskra's own form holds exactly what the engine holds (unit prices
// as integers in 1/10,000 grosz, durations in ms, net or gross entry, the operator's fees): central
// stores it and sends it to the gateway, which prices the running session from it. The OCPI 2.2.1
// form is what roaming partners exchange: prices excluding VAT as decimal numbers, which are built
// from integers and read back into integers by their digits, never by floating-point arithmetic.
// Pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "iskra/tariff/tariff.hpp"

namespace iskra::tariff {

// Iskra's form:
//   {"entry": "net"|"gross", "time_zone": {"utc_offset_min", "eu_summer_time"},
//    "elements": [{"price_components": [{"type", "price_micro", "vat", "step_size"}],
//                  "restrictions": {...}}],
//    "parking_after_ms"?, "subscription_monthly"?: {"price_micro", "vat"}, "card_issuing"?: ...}
// price_micro is millionths of a złoty (= 1/10,000 grosz, UnitPrice's unit); vat is "23", "8",
// "5", "0" or "exempt". Restrictions use OCPI's names with exact units: start_time/end_time
// "HH:MM", start_date/end_date "YYYY-MM-DD", min_wh/max_wh, min_current_ma/max_current_ma,
// min_power_w/max_power_w, min_duration_ms/max_duration_ms, day_of_week ["MONDAY", ...],
// reservation "RESERVATION"|"RESERVATION_EXPIRES".
nlohmann::json tariff_to_json(const Tariff& tariff);

// Reads Iskra's form back. Errors name the field as validate() does
// ("elements/2/price_components/0/price_micro"); an unknown key is an error, since a misspelt
// restriction silently dropped would change a price. The result is not validate()d. Errors of
// shape carry the code of the part they are in: kBadRestriction, kBadVatRate, kBadStepSize,
// kNegativePrice (a price that is not an integer), kEmptyElement (an element or component that
// is not an object, or lacks its list), kEmptyTariff (anything else at the top).
tl::expected<Tariff, TariffError> tariff_from_json(const nlohmann::json& json);

// The OCPI 2.2.1 TariffElement list of a tariff. Prices are excluding VAT with OCPI's four
// decimals: a gross-entered price becomes gross ÷ (1 + rate) and a net price finer than
// 0.0001 zł is rounded there, half up (the export's one rounding). An exempt component has no
// `vat`. Energy, power and current bounds become kWh, kW and A (exact to three decimals),
// durations whole seconds (rounded half up). OCPI has no place for the operator's extensions
// (parking_after, subscription and card fees, the time zone): they are not exported.
nlohmann::json to_ocpi_elements(const Tariff& tariff);

// Reads an OCPI 2.2.1 TariffElement list into a net-entered tariff in Warsaw time. Numbers must
// be exact in the engine's units (prices to 1/10,000 grosz, kWh/kW/A to three decimals,
// durations whole seconds); `vat` absent means exempt. Errors name the field like
// tariff_from_json's, under "elements/". Not validate()d.
tl::expected<Tariff, TariffError> from_ocpi_elements(const nlohmann::json& elements);

// The vocabulary both forms and central's API share.
std::string_view component_type_name(ComponentType type);  // "ENERGY", "TIME", ...
std::optional<ComponentType> parse_component_type(std::string_view name);
std::string_view vat_name(VatRate rate);  // "23", "8", "5", "0", "exempt"
std::optional<VatRate> parse_vat_name(std::string_view name);

}  // namespace iskra::tariff
