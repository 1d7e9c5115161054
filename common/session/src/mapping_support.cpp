#include "mapping_support.hpp"

#include <algorithm>
#include <limits>
#include <utility>

#include "iskra/session/decimal.hpp"

namespace iskra::session::detail {
namespace {

// A quantity the model keeps: which measurand carries it, its base unit and, where meters use
// one, the unit a thousand times larger.
struct Quantity {
    Measurand measurand;
    std::string_view base_unit;
    std::string_view kilo_unit;  // empty when there is none
};

constexpr Quantity kEnergy{Measurand::EnergyActiveImportRegister, "Wh", "kWh"};
constexpr Quantity kPower{Measurand::PowerActiveImport, "W", "kW"};
constexpr Quantity kCurrent{Measurand::CurrentImport, "A", ""};
constexpr Quantity kVoltage{Measurand::Voltage, "V", ""};
constexpr Quantity kSoc{Measurand::SoC, "Percent", ""};

// The power of ten that brings a reading to the quantity's base unit. Both specifications make
// "Wh" the default unit for every measurand, which only makes sense for energy; a station that
// leaves the unit out of a power or current reading means W or A, so the base unit is assumed.
tl::expected<int, MappingError> unit_power(const Quantity& quantity, const RawReading& reading) {
    int power = reading.multiplier;
    if (!reading.unit || *reading.unit == quantity.base_unit) return power;
    if (!quantity.kilo_unit.empty() && *reading.unit == quantity.kilo_unit) return power + 3;
    std::string expected = std::string(quantity.base_unit);
    if (!quantity.kilo_unit.empty()) expected += " or " + std::string(quantity.kilo_unit);
    return tl::unexpected(
        MappingError{reading.unit_field, "unit '" + *reading.unit + "' cannot express " +
                                             std::string(to_string(quantity.measurand)) +
                                             " (expected " + expected + ")"});
}

tl::expected<Decimal, MappingError> read_value(const RawReading& reading) {
    auto value = parse_decimal(reading.value);
    if (!value) {
        return tl::unexpected(
            MappingError{reading.value_field, "'" + reading.value + "' is not a decimal number"});
    }
    return *value;
}

// Energy and power add up across phases, so a total is the phase-less value or, failing that,
// the sum of the phases. Of several phase-less values the first at the outlet wins: a meter's
// inlet register also counts the station's own losses, which the driver does not pay for.
// Readings in the wrong unit or with unreadable values are errors.
tl::expected<std::optional<std::int64_t>, MappingError> fold_additive(
    const Quantity& quantity, const std::vector<RawReading>& readings) {
    std::optional<std::int64_t> total;
    bool total_at_outlet = false;
    std::optional<std::int64_t> phase_sum;
    for (const auto& reading : readings) {
        if (reading.measurand != quantity.measurand || reading.signed_data) continue;
        const auto power = unit_power(quantity, reading);
        if (!power) return tl::unexpected(power.error());
        const auto value = read_value(reading);
        if (!value) return tl::unexpected(value.error());
        const auto scaled = scaled_integer(*value, *power);
        if (!scaled) {
            return tl::unexpected(MappingError{
                reading.value_field,
                "'" + reading.value + "' is out of range for " + std::string(quantity.base_unit)});
        }
        if (!reading.phased) {
            if (!total || (reading.at_outlet && !total_at_outlet)) {
                total = *scaled;
                total_at_outlet = reading.at_outlet;
            }
            continue;
        }
        const std::int64_t sum = phase_sum.value_or(0);
        if ((*scaled > 0 && sum > std::numeric_limits<std::int64_t>::max() - *scaled) ||
            (*scaled < 0 && sum < std::numeric_limits<std::int64_t>::min() - *scaled)) {
            return tl::unexpected(
                MappingError{reading.value_field, "the sum of the phases is out of range"});
        }
        phase_sum = sum + *scaled;
    }
    return total ? total : phase_sum;
}

// Current, voltage and SoC do not add up across phases: the phase-less value (preferring the
// outlet, as above) or, failing that, the highest phase, which is the one a limit bites on.
tl::expected<std::optional<double>, MappingError> fold_intensive(
    const Quantity& quantity, const std::vector<RawReading>& readings) {
    std::optional<double> total;
    bool total_at_outlet = false;
    std::optional<double> highest_phase;
    for (const auto& reading : readings) {
        if (reading.measurand != quantity.measurand || reading.signed_data) continue;
        const auto power = unit_power(quantity, reading);
        if (!power) return tl::unexpected(power.error());
        const auto value = read_value(reading);
        if (!value) return tl::unexpected(value.error());
        const double scaled = scaled_double(*value, *power);
        if (!reading.phased) {
            if (!total || (reading.at_outlet && !total_at_outlet)) {
                total = scaled;
                total_at_outlet = reading.at_outlet;
            }
        } else if (!highest_phase || scaled > *highest_phase) {
            highest_phase = scaled;
        }
    }
    return total ? total : highest_phase;
}

}  // namespace

tl::expected<MeterSample, MappingError> fold_readings(Timestamp timestamp,
                                                      const std::vector<RawReading>& readings) {
    MeterSample sample;
    sample.timestamp = timestamp;
    if (!readings.empty()) sample.context = readings.front().context;
    for (const auto& reading : readings) {
        if (std::find(sample.measurands.begin(), sample.measurands.end(), reading.measurand) ==
            sample.measurands.end()) {
            sample.measurands.push_back(reading.measurand);
        }
    }

    auto energy = fold_additive(kEnergy, readings);
    if (!energy) return tl::unexpected(energy.error());
    auto power = fold_additive(kPower, readings);
    if (!power) return tl::unexpected(power.error());
    auto current = fold_intensive(kCurrent, readings);
    if (!current) return tl::unexpected(current.error());
    auto voltage = fold_intensive(kVoltage, readings);
    if (!voltage) return tl::unexpected(voltage.error());
    auto soc = fold_intensive(kSoc, readings);
    if (!soc) return tl::unexpected(soc.error());

    sample.energy_wh = *energy;
    sample.power_w = *power;
    sample.current_a = *current;
    sample.voltage_v = *voltage;
    sample.soc_percent = *soc;
    return sample;
}

namespace {

std::optional<std::int64_t> energy_in_context(auto first, auto last, ReadingContext wanted) {
    for (auto it = first; it != last; ++it) {
        if (it->context == wanted && it->energy_wh) return it->energy_wh;
    }
    for (auto it = first; it != last; ++it) {
        if (it->energy_wh) return it->energy_wh;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> opening_energy(const std::vector<MeterSample>& samples) {
    return energy_in_context(samples.begin(), samples.end(), ReadingContext::TransactionBegin);
}

std::optional<std::int64_t> closing_energy(const std::vector<MeterSample>& samples) {
    return energy_in_context(samples.rbegin(), samples.rend(), ReadingContext::TransactionEnd);
}

tl::expected<Timestamp, MappingError> timestamp_field(const std::string& text, std::string field) {
    auto parsed = parse_timestamp(text);
    if (!parsed) return tl::unexpected(MappingError{std::move(field), parsed.error().reason});
    return *parsed;
}

std::string pointer(const std::string& parent, const char* member, std::size_t index) {
    return parent + "/" + member + "/" + std::to_string(index);
}

}  // namespace iskra::session::detail
