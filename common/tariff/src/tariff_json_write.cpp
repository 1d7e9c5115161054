// Writing a tariff's elements and fees; see tariff_json_write.hpp.
#include "tariff_json_write.hpp"

#include <string>

#include "iskra/tariff/ocpi_json.hpp"
#include "json_decimal.hpp"

namespace iskra::tariff::detail {

using nlohmann::json;

namespace {

std::string two_digits(std::int64_t v) {
    return (v < 10 ? "0" : "") + std::to_string(v);
}

std::string time_text(std::chrono::minutes m) {
    return two_digits(m.count() / 60) + ":" + two_digits(m.count() % 60);
}

std::string date_text(const std::chrono::year_month_day& d) {
    std::string year = std::to_string(static_cast<int>(d.year()));
    year.insert(0, year.size() < 4 ? 4 - year.size() : 0, '0');
    return year + "-" + two_digits(static_cast<unsigned>(d.month())) + "-" +
           two_digits(static_cast<unsigned>(d.day()));
}

json restrictions_json(const Restrictions& r, Form form) {
    const bool ocpi = form == Form::kOcpi;
    json out = json::object();
    if (r.start_time) out["start_time"] = time_text(*r.start_time);
    if (r.end_time) out["end_time"] = time_text(*r.end_time);
    if (r.start_date) out["start_date"] = date_text(*r.start_date);
    if (r.end_date) out["end_date"] = date_text(*r.end_date);
    const auto quantity = [&](const char* iskra_key, const char* ocpi_key,
                              const std::optional<std::int64_t>& v) {
        if (!v) return;
        if (ocpi) {
            out[ocpi_key] = decimal_number(*v, 3);
        } else {
            out[iskra_key] = *v;
        }
    };
    quantity("min_wh", "min_kwh", r.min_wh);
    quantity("max_wh", "max_kwh", r.max_wh);
    quantity("min_current_ma", "min_current", r.min_current_ma);
    quantity("max_current_ma", "max_current", r.max_current_ma);
    quantity("min_power_w", "min_power", r.min_power_w);
    quantity("max_power_w", "max_power", r.max_power_w);
    const auto duration = [&](const char* iskra_key, const char* ocpi_key,
                              const std::optional<Millis>& v) {
        if (!v) return;
        if (ocpi) {
            out[ocpi_key] = round_wide(v->count(), 1000);  // OCPI counts whole seconds
        } else {
            out[iskra_key] = v->count();
        }
    };
    duration("min_duration_ms", "min_duration", r.min_duration);
    duration("max_duration_ms", "max_duration", r.max_duration);
    if (r.days_of_week != 0) {
        json days = json::array();
        for (std::size_t d = 0; d < kDays.size(); ++d)
            if ((r.days_of_week & (1u << d)) != 0) days.push_back(kDays[d]);
        out["day_of_week"] = std::move(days);
    }
    if (r.reservation)
        out["reservation"] =
            *r.reservation == ReservationKind::kReservation ? "RESERVATION" : "RESERVATION_EXPIRES";
    return out;
}

// OCPI 2.2.1's price is excluding VAT with four decimals: 1/100 of UnitPrice's millionths.
json ocpi_price(const PriceComponent& c, PriceEntry entry) {
    const Wide value = c.price.value;
    const Wide bp = vat_basis_points(c.vat);
    const std::int64_t net_e4 = entry == PriceEntry::kNet
                                    ? round_wide(value, 100)
                                    : round_wide(value * 10'000, (10'000 + bp) * 100);
    return decimal_number(net_e4, 4);
}

json component_json(const PriceComponent& c, Form form, PriceEntry entry) {
    json out = {{"type", component_type_name(c.type)}};
    if (form == Form::kOcpi) {
        out["price"] = ocpi_price(c, entry);
        if (c.vat != VatRate::kExempt) out["vat"] = vat_basis_points(c.vat) / 100;
    } else {
        out["price_micro"] = c.price.value;
        out["vat"] = vat_name(c.vat);
    }
    out["step_size"] = c.step_size;
    return out;
}

}  // namespace

json elements_json(const Tariff& t, Form form) {
    json list = json::array();
    for (const auto& element : t.elements) {
        json components = json::array();
        for (const auto& c : element.components)
            components.push_back(component_json(c, form, t.entry));
        json out = {{"price_components", std::move(components)}};
        if (!element.restrictions.empty())
            out["restrictions"] = restrictions_json(element.restrictions, form);
        list.push_back(std::move(out));
    }
    return list;
}

json fee_json(const Fee& fee) {
    return {{"price_micro", fee.price.value}, {"vat", vat_name(fee.vat)}};
}

}  // namespace iskra::tariff::detail
