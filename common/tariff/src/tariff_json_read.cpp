// Reading a tariff document; see tariff_json_read.hpp.
#include "tariff_json_read.hpp"

#include <algorithm>

#include "iskra/tariff/ocpi_json.hpp"
#include "json_decimal.hpp"

namespace iskra::tariff::detail {

using nlohmann::json;

namespace {

std::string path_of(const std::string& parent, std::string_view key) {
    return parent.empty() ? std::string(key) : parent + "/" + std::string(key);
}

std::string path_of(const std::string& parent, std::size_t index) {
    return parent + "/" + std::to_string(index);
}

}  // namespace

[[noreturn]] void fail(ErrorCode code, std::string field, std::string message) {
    throw Failure{TariffError{code, std::move(field), std::move(message)}};
}

void check_keys(const json& object, const std::string& path, ErrorCode code,
                std::initializer_list<std::string_view> allowed) {
    if (!object.is_object()) fail(code, path, "must be an object");
    for (const auto& item : object.items())
        if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end())
            fail(code, path_of(path, item.key()), "unknown field");
}

const json* member(const json& object, std::string_view key) {
    const auto found = object.find(std::string(key));
    if (found == object.end() || found->is_null()) return nullptr;
    return &*found;
}

std::int64_t integer_of(const json& value, const std::string& path, ErrorCode code) {
    if (!value.is_number_integer() ||
        (value.is_number_unsigned() && value.get<std::uint64_t>() > std::uint64_t{kInt64Max}))
        fail(code, path, "must be an integer");
    return value.get<std::int64_t>();
}

std::string string_of(const json& value, const std::string& path, ErrorCode code) {
    if (!value.is_string()) fail(code, path, "must be a string");
    return value.get<std::string>();
}

namespace {

std::chrono::minutes time_of(const json& value, const std::string& path) {
    const std::string t = string_of(value, path, ErrorCode::kBadRestriction);
    if (t.size() != 5 || !digit(t[0]) || !digit(t[1]) || t[2] != ':' || !digit(t[3]) ||
        !digit(t[4]))
        fail(ErrorCode::kBadRestriction, path, "must be a time of day as HH:MM");
    const int h = (t[0] - '0') * 10 + (t[1] - '0');
    const int m = (t[3] - '0') * 10 + (t[4] - '0');
    if (h > 23 || m > 59) fail(ErrorCode::kBadRestriction, path, "not a time of day");
    return std::chrono::minutes{h * 60 + m};
}

std::chrono::year_month_day date_of(const json& value, const std::string& path) {
    const std::string t = string_of(value, path, ErrorCode::kBadRestriction);
    bool shape = t.size() == 10 && t[4] == '-' && t[7] == '-';
    for (std::size_t i = 0; shape && i < t.size(); ++i)
        shape = i == 4 || i == 7 || digit(t[i]);
    if (!shape) fail(ErrorCode::kBadRestriction, path, "must be a date as YYYY-MM-DD");
    const auto number = [&](std::size_t from, std::size_t count) {
        unsigned n = 0;
        for (std::size_t i = from; i < from + count; ++i)
            n = n * 10 + static_cast<unsigned>(t[i] - '0');
        return n;
    };
    const std::chrono::year_month_day d{std::chrono::year{static_cast<int>(number(0, 4))},
                                        std::chrono::month{number(5, 2)},
                                        std::chrono::day{number(8, 2)}};
    if (!d.ok()) fail(ErrorCode::kBadRestriction, path, "not a calendar date");
    return d;
}

Restrictions restrictions_of(const json& object, const std::string& path, Form form) {
    constexpr ErrorCode kCode = ErrorCode::kBadRestriction;
    const bool ocpi = form == Form::kOcpi;
    if (ocpi) {
        check_keys(object, path, kCode,
                   {"start_time", "end_time", "start_date", "end_date", "min_kwh", "max_kwh",
                    "min_current", "max_current", "min_power", "max_power", "min_duration",
                    "max_duration", "day_of_week", "reservation"});
    } else {
        check_keys(object, path, kCode,
                   {"start_time", "end_time", "start_date", "end_date", "min_wh", "max_wh",
                    "min_current_ma", "max_current_ma", "min_power_w", "max_power_w",
                    "min_duration_ms", "max_duration_ms", "day_of_week", "reservation"});
    }
    Restrictions r;
    if (const json* v = member(object, "start_time"))
        r.start_time = time_of(*v, path_of(path, "start_time"));
    if (const json* v = member(object, "end_time"))
        r.end_time = time_of(*v, path_of(path, "end_time"));
    if (const json* v = member(object, "start_date"))
        r.start_date = date_of(*v, path_of(path, "start_date"));
    if (const json* v = member(object, "end_date"))
        r.end_date = date_of(*v, path_of(path, "end_date"));
    // kWh, A and kW in OCPI are Wh, mA and W here: three decimals, exactly.
    const auto quantity = [&](const char* iskra_key, const char* ocpi_key) {
        const char* key = ocpi ? ocpi_key : iskra_key;
        std::optional<std::int64_t> out;
        if (const json* v = member(object, key)) {
            if (!ocpi) return std::optional(integer_of(*v, path_of(path, key), kCode));
            out = scaled_number(*v, 3);
            if (!out)
                fail(kCode, path_of(path, key), "must be a number with at most three decimals");
        }
        return out;
    };
    r.min_wh = quantity("min_wh", "min_kwh");
    r.max_wh = quantity("max_wh", "max_kwh");
    r.min_current_ma = quantity("min_current_ma", "min_current");
    r.max_current_ma = quantity("max_current_ma", "max_current");
    r.min_power_w = quantity("min_power_w", "min_power");
    r.max_power_w = quantity("max_power_w", "max_power");
    const auto duration = [&](const char* iskra_key, const char* ocpi_key) {
        const char* key = ocpi ? ocpi_key : iskra_key;
        std::optional<Millis> out;
        if (const json* v = member(object, key)) {
            const std::int64_t n = integer_of(*v, path_of(path, key), kCode);
            if (ocpi && (n > kInt64Max / 1000 || n < -kInt64Max / 1000))
                fail(kCode, path_of(path, key), "out of range");
            out = Millis{ocpi ? n * 1000 : n};
        }
        return out;
    };
    r.min_duration = duration("min_duration_ms", "min_duration");
    r.max_duration = duration("max_duration_ms", "max_duration");
    if (const json* v = member(object, "day_of_week")) {
        const std::string at = path_of(path, "day_of_week");
        if (!v->is_array()) fail(kCode, at, "must be a list of days");
        for (std::size_t i = 0; i < v->size(); ++i) {
            const std::string name = string_of((*v)[i], path_of(at, i), kCode);
            const auto found = std::find(kDays.begin(), kDays.end(), name);
            if (found == kDays.end()) fail(kCode, path_of(at, i), "not a day of the week");
            r.days_of_week =
                static_cast<std::uint8_t>(r.days_of_week | (1u << (found - kDays.begin())));
        }
    }
    if (const json* v = member(object, "reservation")) {
        const std::string at = path_of(path, "reservation");
        const std::string kind = string_of(*v, at, kCode);
        if (kind == "RESERVATION") {
            r.reservation = ReservationKind::kReservation;
        } else if (kind == "RESERVATION_EXPIRES") {
            r.reservation = ReservationKind::kReservationExpires;
        } else {
            fail(kCode, at, "must be RESERVATION or RESERVATION_EXPIRES");
        }
    }
    return r;
}

VatRate vat_of(const json* value, const std::string& path, Form form) {
    constexpr ErrorCode kCode = ErrorCode::kBadVatRate;
    if (form == Form::kIskra) {
        if (!value) fail(kCode, path, "is required");
        const auto rate = parse_vat_name(string_of(*value, path, kCode));
        if (!rate) fail(kCode, path, "must be \"23\", \"8\", \"5\", \"0\" or \"exempt\"");
        return *rate;
    }
    // OCPI: a percentage; none at all means no VAT applies, which is what exempt is.
    if (!value) return VatRate::kExempt;
    const auto percent = scaled_number(*value, 0);
    if (percent == 23) return VatRate::k23;
    if (percent == 8) return VatRate::k8;
    if (percent == 5) return VatRate::k5;
    if (percent == 0) return VatRate::k0;
    fail(kCode, path,
         "VAT rate " + (value->is_number() ? value->dump() : std::string("?")) +
             "% is not one of 23, 8, 5, 0 (or absent: exempt)");
}

PriceComponent component_of(const json& object, const std::string& path, Form form) {
    const bool ocpi = form == Form::kOcpi;
    if (ocpi) {
        check_keys(object, path, ErrorCode::kEmptyElement, {"type", "price", "vat", "step_size"});
    } else {
        check_keys(object, path, ErrorCode::kEmptyElement,
                   {"type", "price_micro", "vat", "step_size"});
    }
    PriceComponent c;
    const json* type = member(object, "type");
    if (!type) fail(ErrorCode::kEmptyElement, path_of(path, "type"), "is required");
    const auto parsed =
        parse_component_type(string_of(*type, path_of(path, "type"), ErrorCode::kEmptyElement));
    if (!parsed)
        fail(ErrorCode::kEmptyElement, path_of(path, "type"),
             "must be ENERGY, TIME, PARKING_TIME or FLAT");
    c.type = *parsed;
    const char* price_key = ocpi ? "price" : "price_micro";
    const json* price = member(object, price_key);
    if (!price) fail(ErrorCode::kNegativePrice, path_of(path, price_key), "is required");
    if (ocpi) {
        // OCPI prices are in złoty; UnitPrice holds millionths of one.
        const auto micro = scaled_number(*price, 6);
        if (!micro)
            fail(ErrorCode::kNegativePrice, path_of(path, price_key),
                 "must be a number with at most six decimals");
        c.price.value = *micro;
    } else {
        c.price.value = integer_of(*price, path_of(path, price_key), ErrorCode::kNegativePrice);
    }
    c.vat = vat_of(member(object, "vat"), path_of(path, "vat"), form);
    if (const json* step = member(object, "step_size")) {
        c.step_size = integer_of(*step, path_of(path, "step_size"), ErrorCode::kBadStepSize);
    } else if (ocpi) {
        fail(ErrorCode::kBadStepSize, path_of(path, "step_size"), "is required");
    }
    return c;
}

}  // namespace

std::vector<TariffElement> elements_of(const json& list, const std::string& path, Form form) {
    if (!list.is_array()) fail(ErrorCode::kEmptyTariff, path, "must be a list of elements");
    std::vector<TariffElement> elements;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string at = path_of(path, i);
        check_keys(list[i], at, ErrorCode::kEmptyElement, {"price_components", "restrictions"});
        TariffElement element;
        const json* components = member(list[i], "price_components");
        if (!components || !components->is_array())
            fail(ErrorCode::kEmptyElement, path_of(at, "price_components"),
                 "must be a list of price components");
        for (std::size_t c = 0; c < components->size(); ++c)
            element.components.push_back(
                component_of((*components)[c], path_of(path_of(at, "price_components"), c), form));
        if (const json* r = member(list[i], "restrictions"))
            element.restrictions = restrictions_of(*r, path_of(at, "restrictions"), form);
        elements.push_back(std::move(element));
    }
    return elements;
}

Fee fee_of(const json& object, const std::string& path) {
    check_keys(object, path, ErrorCode::kNegativePrice, {"price_micro", "vat"});
    const json* price = member(object, "price_micro");
    if (!price) fail(ErrorCode::kNegativePrice, path_of(path, "price_micro"), "is required");
    Fee fee;
    fee.price.value = integer_of(*price, path_of(path, "price_micro"), ErrorCode::kNegativePrice);
    fee.vat = vat_of(member(object, "vat"), path_of(path, "vat"), Form::kIskra);
    return fee;
}

TimeZone zone_of(const json& object) {
    constexpr ErrorCode kCode = ErrorCode::kEmptyTariff;
    check_keys(object, "time_zone", kCode, {"utc_offset_min", "eu_summer_time"});
    const json* offset = member(object, "utc_offset_min");
    const json* summer = member(object, "eu_summer_time");
    if (!offset) fail(kCode, "time_zone/utc_offset_min", "is required");
    if (!summer || !summer->is_boolean())
        fail(kCode, "time_zone/eu_summer_time", "must be true or false");
    const std::int64_t minutes = integer_of(*offset, "time_zone/utc_offset_min", kCode);
    // UTC−12:00 to UTC+14:00, the offsets in use anywhere.
    if (minutes < -720 || minutes > 840)
        fail(kCode, "time_zone/utc_offset_min", "must be between -720 and 840");
    return TimeZone{std::chrono::minutes{minutes}, summer->get<bool>()};
}

}  // namespace iskra::tariff::detail
