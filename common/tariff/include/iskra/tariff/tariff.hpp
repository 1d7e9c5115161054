// A tariff as the operator publishes it: OCPI 2.2.1 tariff elements (price components with
// restrictions, evaluated in order) plus what OCPI lacks and the operator uses (a subscription fee,
// an RFID card fee, parking after a set charging time, net or gross entry, the local time zone).
// Pure values; safe to share between threads once built.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include <tl/expected.hpp>

#include "iskra/tariff/error.hpp"
#include "iskra/tariff/local_time.hpp"
#include "iskra/tariff/money.hpp"

namespace iskra::tariff {

using Millis = std::chrono::milliseconds;
using Instant = std::chrono::sys_time<Millis>;

// OCPI TariffDimensionType. ENERGY is priced per kWh, TIME (charging) and PARKING_TIME (not
// charging) per hour, FLAT per session.
enum class ComponentType : std::uint8_t { kEnergy, kTime, kParkingTime, kFlat };

struct PriceComponent {
    ComponentType type = ComponentType::kEnergy;
    UnitPrice price;  // per kWh, per hour or per session, net or gross as Tariff::entry says
    VatRate vat = VatRate::k23;
    // OCPI step_size: Wh for ENERGY, seconds for the times (60 bills started minutes), 1 for FLAT.
    std::int64_t step_size = 1;
};

enum class ReservationKind : std::uint8_t { kReservation, kReservationExpires };

// OCPI TariffRestrictions; every bound optional. Minimums inclusive, maximums exclusive, as OCPI
// says; a time window whose end is before its start wraps past midnight (22:00–06:00).
struct Restrictions {
    std::optional<std::chrono::minutes> start_time, end_time;         // local time of day
    std::optional<std::chrono::year_month_day> start_date, end_date;  // local; end exclusive
    std::optional<std::int64_t> min_wh, max_wh;  // OCPI min_kwh/max_kwh: energy so far
    std::optional<std::int64_t> min_current_ma, max_current_ma;
    std::optional<std::int64_t> min_power_w, max_power_w;
    std::optional<Millis> min_duration, max_duration;  // session time so far
    std::uint8_t days_of_week = 0;  // bit 0 Monday … bit 6 Sunday; 0 means every day
    std::optional<ReservationKind> reservation;

    bool empty() const;
};

struct TariffElement {
    std::vector<PriceComponent> components;
    Restrictions restrictions;
};

// A fee outside any session (subscription, card): price and its VAT rate.
struct Fee {
    UnitPrice price;
    VatRate vat = VatRate::k23;
};

struct Tariff {
    std::vector<TariffElement> elements;
    PriceEntry entry = PriceEntry::kGross;
    TimeZone zone = TimeZone::warsaw();
    // Operator extension: once the session has lasted this long, its time is parking (billed by
    // PARKING_TIME components) even while the car still charges. Time after charging stops while
    // the car is still plugged is parking anyway, as in OCPI.
    std::optional<Millis> parking_after;
    std::optional<Fee> subscription_monthly;  // pro rata by days in the month of signing
    std::optional<Fee> card_issuing;          // subscribers only
};

// Checks prices, steps, restrictions and that no element is hidden by or ambiguous with another:
// two elements pricing the same dimension may overlap only when the later one has no restrictions
// (the fallback OCPI's ordering makes of it).
tl::expected<void, TariffError> validate(const Tariff& tariff);

}  // namespace iskra::tariff
