// What mapping from both OCPP versions shares: above all, folding one timestamp's sampled values
// into a MeterSample, with unit conversion, phase handling and the defaults the specifications
// give. Each version only restates its sampled values as RawReadings.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "iskra/session/events.hpp"
#include "iskra/session/mapping_error.hpp"

namespace iskra::session::detail {

// One sampled value in neutral words, before its value is read.
struct RawReading {
    Measurand measurand = Measurand::EnergyActiveImportRegister;  // both versions' default
    ReadingContext context = ReadingContext::SamplePeriodic;      // both versions' default
    bool phased = false;       // one phase's share, not the total
    bool at_outlet = true;     // location Outlet, the default: what the vehicle received
    bool signed_data = false;  // 1.6 SignedData: the value is an opaque signature, not a number
    std::string value;         // decimal text as the station wrote it
    std::optional<std::string> unit;  // unit name; nullopt when the station left it out
    int multiplier = 0;               // 2.0.1 unitOfMeasure.multiplier (a power of ten)
    std::string value_field;          // JSON pointer of the value, for errors
    std::string unit_field;           // JSON pointer of the unit, for errors
};

tl::expected<MeterSample, MappingError> fold_readings(Timestamp timestamp,
                                                      const std::vector<RawReading>& readings);

// The energy register that opens (or closes) a transaction: the first (or last) sample of the
// wanted context with an energy register, else the first (or last) sample with any.
std::optional<std::int64_t> opening_energy(const std::vector<MeterSample>& samples);
std::optional<std::int64_t> closing_energy(const std::vector<MeterSample>& samples);

// A message's timestamp field, or a MappingError naming it.
tl::expected<Timestamp, MappingError> timestamp_field(const std::string& text, std::string field);

// "/meterValue/3/sampledValue/1" and the like.
std::string pointer(const std::string& parent, const char* member, std::size_t index);

}  // namespace iskra::session::detail
