// Both JSON forms of a tariff; see ocpi_json.hpp. Reading walks the document once and stops at
// the first fault, thrown inside this file as a Failure and returned as a TariffError at the edge.
#include "iskra/tariff/ocpi_json.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>
#include <limits>
#include <string>

namespace iskra::tariff {
namespace {

using nlohmann::json;
__extension__ using Wide = __int128;  // products of prices and rates stay exact

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
constexpr std::array<const char*, 7> kDays{"MONDAY", "TUESDAY",  "WEDNESDAY", "THURSDAY",
                                           "FRIDAY", "SATURDAY", "SUNDAY"};

enum class Form : std::uint8_t { kIskra, kOcpi };

struct Failure {
    TariffError error;
};

[[noreturn]] void fail(ErrorCode code, std::string field, std::string message) {
    throw Failure{TariffError{code, std::move(field), std::move(message)}};
}

std::string path_of(const std::string& parent, std::string_view key) {
    return parent.empty() ? std::string(key) : parent + "/" + std::string(key);
}

std::string path_of(const std::string& parent, std::size_t index) {
    return parent + "/" + std::to_string(index);
}

// Half away from zero; den > 0.
std::int64_t round_wide(Wide num, Wide den) {
    if (num >= 0) return static_cast<std::int64_t>((2 * num + den) / (2 * den));
    return -static_cast<std::int64_t>((-2 * num + den) / (2 * den));
}

bool digit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// value × 10^decimals, exactly, from a JSON number's digits. A float is read from the shortest
// text that reads back as the same double (what dump() writes), which is the text the sender wrote
// whenever it had at most 15 significant digits: no digit comes from binary rounding. Nothing when
// it is not a number, has digits finer than 10^-decimals, or does not fit in 64 bits.
std::optional<std::int64_t> scaled_number(const json& value, int decimals) {
    if (!value.is_number()) return std::nullopt;
    const std::string text = value.dump();
    std::size_t i = 0;
    const bool negative = !text.empty() && text[0] == '-';
    if (negative) ++i;
    std::string digits;
    int exponent = decimals;
    while (i < text.size() && digit(text[i]))
        digits += text[i++];
    if (i < text.size() && text[i] == '.') {
        for (++i; i < text.size() && digit(text[i]); ++i, --exponent)
            digits += text[i];
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool negative_exponent = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-'))
            negative_exponent = text[i++] == '-';
        const std::size_t start = i;
        int e = 0;
        while (i < text.size() && digit(text[i]) && e < 10'000)
            e = e * 10 + (text[i++] - '0');
        if (i == start) return std::nullopt;
        exponent += negative_exponent ? -e : e;
    }
    if (i != text.size() || digits.empty()) return std::nullopt;
    digits.erase(0, digits.find_first_not_of('0'));
    if (digits.empty()) return 0;
    while (exponent < 0 && digits.back() == '0') {
        digits.pop_back();
        ++exponent;
    }
    if (exponent < 0 || exponent > 18) return std::nullopt;
    Wide v = 0;
    for (const char c : digits) {
        v = v * 10 + (c - '0');
        if (v > kInt64Max) return std::nullopt;
    }
    for (int k = 0; k < exponent; ++k) {
        v *= 10;
        if (v > kInt64Max) return std::nullopt;
    }
    return negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
}

// scaled ÷ 10^decimals as a JSON number, written digit by digit ("0.9675") and only then parsed:
// the double nlohmann keeps is the one nearest that text, and dump() writes the text back.
json decimal_number(std::int64_t scaled, int decimals) {
    const bool negative = scaled < 0;
    const std::uint64_t magnitude =
        negative ? 0 - static_cast<std::uint64_t>(scaled) : static_cast<std::uint64_t>(scaled);
    std::uint64_t unit = 1;
    for (int i = 0; i < decimals; ++i)
        unit *= 10;
    std::string fraction;
    if (decimals > 0) {
        fraction = std::to_string(magnitude % unit);
        fraction.insert(0, static_cast<std::size_t>(decimals) - fraction.size(), '0');
        while (!fraction.empty() && fraction.back() == '0')
            fraction.pop_back();
    }
    std::string text = (negative ? "-" : "") + std::to_string(magnitude / unit);
    if (!fraction.empty()) text += "." + fraction;
    return json::parse(text);
}

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

// --- reading

void check_keys(const json& object, const std::string& path, ErrorCode code,
                std::initializer_list<std::string_view> allowed) {
    if (!object.is_object()) fail(code, path, "must be an object");
    for (const auto& item : object.items())
        if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end())
            fail(code, path_of(path, item.key()), "unknown field");
}

// The member, or nothing when absent or null.
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

// --- writing

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

template <typename F>
tl::expected<Tariff, TariffError> reading(F&& read) {
    try {
        return read();
    } catch (const Failure& failure) {
        return tl::unexpected(failure.error);
    } catch (const json::exception& e) {
        // Every access above is type-checked first; this is only a safety net.
        return tl::unexpected(TariffError{ErrorCode::kEmptyTariff, "", e.what()});
    }
}

}  // namespace

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
