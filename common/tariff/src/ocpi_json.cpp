// Both JSON forms of a tariff; see ocpi_json.hpp. Only the public entry points live here: reading
// is in tariff_json_read.cpp, writing in tariff_json_write.cpp, exact decimals in json_decimal.cpp.
#include "iskra/tariff/ocpi_json.hpp"

#include <string>

#include "tariff_json_read.hpp"
#include "tariff_json_write.hpp"

namespace iskra::tariff {

using detail::check_keys;
using detail::elements_json;
using detail::elements_of;
using detail::fail;
using detail::fee_json;
using detail::fee_of;
using detail::Form;
using detail::integer_of;
using detail::member;
using detail::reading;
using detail::string_of;
using detail::zone_of;
using nlohmann::json;

std::string_view component_type_name(ComponentType type) {
    switch (type) {
        case ComponentType::kEnergy:
            return "ENERGY";
        case ComponentType::kTime:
            return "TIME";
        case ComponentType::kParkingTime:
            return "PARKING_TIME";
        case ComponentType::kFlat:
            return "FLAT";
    }
    return "?";
}

std::optional<ComponentType> parse_component_type(std::string_view name) {
    for (const ComponentType t : {ComponentType::kEnergy, ComponentType::kTime,
                                  ComponentType::kParkingTime, ComponentType::kFlat})
        if (component_type_name(t) == name) return t;
    return std::nullopt;
}

std::string_view vat_name(VatRate rate) {
    switch (rate) {
        case VatRate::k23:
            return "23";
        case VatRate::k8:
            return "8";
        case VatRate::k5:
            return "5";
        case VatRate::k0:
            return "0";
        case VatRate::kExempt:
            return "exempt";
    }
    return "?";
}

std::optional<VatRate> parse_vat_name(std::string_view name) {
    for (const VatRate r : {VatRate::k23, VatRate::k8, VatRate::k5, VatRate::k0, VatRate::kExempt})
        if (vat_name(r) == name) return r;
    return std::nullopt;
}

json tariff_to_json(const Tariff& tariff) {
    json out = {{"entry", tariff.entry == PriceEntry::kNet ? "net" : "gross"},
                {"time_zone",
                 {{"utc_offset_min", tariff.zone.standard_offset.count()},
                  {"eu_summer_time", tariff.zone.eu_summer_time}}},
                {"elements", elements_json(tariff, Form::kIskra)}};
    if (tariff.parking_after) out["parking_after_ms"] = tariff.parking_after->count();
    if (tariff.subscription_monthly)
        out["subscription_monthly"] = fee_json(*tariff.subscription_monthly);
    if (tariff.card_issuing) out["card_issuing"] = fee_json(*tariff.card_issuing);
    return out;
}

tl::expected<Tariff, TariffError> tariff_from_json(const json& document) {
    return reading([&] {
        constexpr ErrorCode kCode = ErrorCode::kEmptyTariff;
        check_keys(document, "", kCode,
                   {"entry", "time_zone", "elements", "parking_after_ms", "subscription_monthly",
                    "card_issuing"});
        Tariff t;
        const json* entry = member(document, "entry");
        if (!entry) fail(kCode, "entry", "is required");
        const std::string e = string_of(*entry, "entry", kCode);
        if (e != "net" && e != "gross") fail(kCode, "entry", "must be \"net\" or \"gross\"");
        t.entry = e == "net" ? PriceEntry::kNet : PriceEntry::kGross;
        if (const json* zone = member(document, "time_zone")) t.zone = zone_of(*zone);
        const json* elements = member(document, "elements");
        if (!elements) fail(kCode, "elements", "is required");
        t.elements = elements_of(*elements, "elements", Form::kIskra);
        if (const json* p = member(document, "parking_after_ms"))
            t.parking_after =
                Millis{integer_of(*p, "parking_after_ms", ErrorCode::kBadRestriction)};
        if (const json* f = member(document, "subscription_monthly"))
            t.subscription_monthly = fee_of(*f, "subscription_monthly");
        if (const json* f = member(document, "card_issuing"))
            t.card_issuing = fee_of(*f, "card_issuing");
        return t;
    });
}

json to_ocpi_elements(const Tariff& tariff) {
    return elements_json(tariff, Form::kOcpi);
}

tl::expected<Tariff, TariffError> from_ocpi_elements(const json& elements) {
    return reading([&] {
        Tariff t;
        t.entry = PriceEntry::kNet;  // OCPI 2.2.1 prices exclude VAT
        t.zone = TimeZone::warsaw();
        t.elements = elements_of(elements, "elements", Form::kOcpi);
        return t;
    });
}

}  // namespace iskra::tariff
