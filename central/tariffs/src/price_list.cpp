// The AFIR figures; see price_list.hpp. Each figure is one rounding (half up) of the exact
// rational the element's price makes, so the gross grosz shown is what a 1 kWh, 1 minute or one
// session line of that element would bill.
#include "iskra/central/tariffs/price_list.hpp"

#include <cstdlib>

#include "iskra/tariff/local_time.hpp"
#include "iskra/tariff/ocpi_json.hpp"

namespace iskra::central::tariffs {
namespace {

using tariff::ComponentType;
using tariff::Restrictions;
__extension__ using Wide = __int128;

constexpr std::int64_t kDayMs = 86'400'000;

std::int64_t round_wide(Wide num, Wide den) {
    if (num >= 0) return static_cast<std::int64_t>((2 * num + den) / (2 * den));
    return -static_cast<std::int64_t>((-2 * num + den) / (2 * den));
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a >= 0 ? a / b : (a - b + 1) / b;
}

// The engine's restriction rules at the first moment of a session (no energy, no duration), for
// everything but power and current.
bool holds_at_start(const Restrictions& r, const tariff::TimeZone& zone, std::int64_t at_ms) {
    if (r.reservation) return false;
    const std::int64_t local = tariff::to_local_ms(zone, at_ms);
    const std::int64_t day = floor_div(local, kDayMs);
    const std::int64_t ms_of_day = local - day * kDayMs;
    if (r.start_time || r.end_time) {
        const std::int64_t s = r.start_time ? r.start_time->count() * 60'000 : 0;
        const std::int64_t e = r.end_time ? r.end_time->count() * 60'000 : kDayMs;
        if (s < e ? !(ms_of_day >= s && ms_of_day < e) : !(ms_of_day >= s || ms_of_day < e))
            return false;
    }
    const auto day_of = [](const std::chrono::year_month_day& d) {
        return std::chrono::sys_days{d}.time_since_epoch().count();
    };
    if (r.start_date && day < day_of(*r.start_date)) return false;
    if (r.end_date && day >= day_of(*r.end_date)) return false;
    const auto weekday = static_cast<unsigned>(((day % 7) + 7 + 3) % 7);  // 1970-01-01: Thursday
    if (r.days_of_week != 0 && (r.days_of_week & (1u << weekday)) == 0) return false;
    if ((r.min_wh && *r.min_wh > 0) || (r.max_wh && *r.max_wh <= 0)) return false;
    if ((r.min_duration && r.min_duration->count() > 0) ||
        (r.max_duration && r.max_duration->count() <= 0))
        return false;
    return true;
}

bool on_power(const Restrictions& r) {
    return r.min_power_w || r.max_power_w || r.min_current_ma || r.max_current_ma;
}

const tariff::PriceComponent* component_of(const tariff::TariffElement& element,
                                           ComponentType type) {
    for (const auto& c : element.components)
        if (c.type == type) return &c;
    return nullptr;
}

// The figure for one displayed unit, 1/divisor of the component's own (a minute is 1/60 of
// TIME's hour).
DisplayPrice figure(const tariff::Tariff& t, ComponentType type, std::int64_t divisor,
                    std::int64_t at_ms) {
    DisplayPrice out;
    std::size_t pricing = 0;
    for (std::size_t i = 0; i < t.elements.size(); ++i) {
        const auto* c = component_of(t.elements[i], type);
        if (!c) continue;
        ++pricing;
        if (out.element || !holds_at_start(t.elements[i].restrictions, t.zone, at_ms)) continue;
        out.element = i;
        out.vat = c->vat;
        out.varies = on_power(t.elements[i].restrictions);
        const Wide price = c->price.value;
        const Wide rate = 10'000 + tariff::vat_basis_points(c->vat);
        const Wide div = divisor;
        if (t.entry == tariff::PriceEntry::kNet) {
            out.net_micro = round_wide(price, div);
            out.gross_micro = round_wide(price * rate, div * 10'000);
            out.gross_grosz = round_wide(price * rate, div * 10'000 * 10'000);
        } else {
            out.gross_micro = round_wide(price, div);
            out.net_micro = round_wide(price * 10'000, div * rate);
            out.gross_grosz = round_wide(price, div * 10'000);
        }
    }
    out.varies = out.varies || pricing > 1;
    return out;
}

nlohmann::json figure_json(const DisplayPrice& p) {
    return {{"net_micro", p.net_micro},
            {"gross_micro", p.gross_micro},
            {"gross_grosz", p.gross_grosz},
            {"vat", tariff::vat_name(p.vat)},
            {"element", p.element ? nlohmann::json(*p.element) : nlohmann::json(nullptr)},
            {"varies", p.varies}};
}

std::string money(tariff::Grosz grosz, char mark) {
    const std::int64_t a = std::llabs(grosz);
    const std::int64_t cents = a % 100;
    return (grosz < 0 ? "-" : "") + std::to_string(a / 100) + mark + (cents < 10 ? "0" : "") +
           std::to_string(cents);
}

}  // namespace

DisplayPrices display_prices(const tariff::Tariff& tariff, std::int64_t at_ms) {
    DisplayPrices out;
    out.per_kwh = figure(tariff, ComponentType::kEnergy, 1, at_ms);
    out.per_minute = figure(tariff, ComponentType::kTime, 60, at_ms);
    out.per_session = figure(tariff, ComponentType::kFlat, 1, at_ms);
    out.parking_per_minute = figure(tariff, ComponentType::kParkingTime, 60, at_ms);
    return out;
}

nlohmann::json display_prices_json(const DisplayPrices& prices) {
    return {{"per_kwh", figure_json(prices.per_kwh)},
            {"per_minute", figure_json(prices.per_minute)},
            {"per_session", figure_json(prices.per_session)},
            {"parking_per_minute", figure_json(prices.parking_per_minute)}};
}

std::string explain_prices(const DisplayPrices& prices, bool polish) {
    struct Row {
        const DisplayPrice& price;
        const char* pl;
        const char* en;
    };
    const Row rows[] = {
        {prices.per_kwh, "Energia: {} zł/kWh", "Energy: {} zł/kWh"},
        {prices.per_minute, "Czas ładowania: {} zł/min", "Charging time: {} zł/min"},
        {prices.per_session, "Opłata za sesję: {} zł", "Per session: {} zł"},
        {prices.parking_per_minute, "Postój: {} zł/min", "Parking: {} zł/min"},
    };
    const char mark = polish ? ',' : '.';
    std::string out;
    for (const Row& row : rows) {
        if (!row.price.element) continue;
        std::string line = polish ? row.pl : row.en;
        line.replace(line.find("{}"), 2, money(row.price.gross_grosz, mark));
        const bool exempt = row.price.vat == tariff::VatRate::kExempt;
        line += polish ? " brutto (VAT " : " gross (VAT ";
        line +=
            exempt ? (polish ? "zw." : "exempt") : std::string(tariff::vat_label(row.price.vat));
        line += ")";
        if (row.price.varies)
            line += polish ? "; cena zależy od pory i warunków ładowania, zob. elementy taryfy"
                           : "; varies with the time and the charging, see the tariff elements";
        out += (out.empty() ? "" : "\n") + line;
    }
    if (out.empty()) out = polish ? "Bezpłatnie" : "Free of charge";
    return out;
}

}  // namespace iskra::central::tariffs
