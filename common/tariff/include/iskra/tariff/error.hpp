// Why a tariff or a session could not be priced, named by the field at fault so the central API can
// answer with a precise 400 and the gateway can log it. Errors are values, never exceptions.
#pragma once

#include <cstdint>
#include <string>

namespace iskra::tariff {

enum class ErrorCode : std::uint8_t {
    kNegativePrice,
    kBadStepSize,
    kBadVatRate,
    kBadRestriction,  // a range whose minimum is not below its maximum, a time outside the day
    kOverlappingElements,
    kEmptyTariff,
    kEmptyElement,
    kBadSession,     // stop before start, samples out of order, an energy register going back
    kNotApplicable,  // e.g. an RFID card fee for a customer who is not a subscriber
};

struct TariffError {
    ErrorCode code = ErrorCode::kBadSession;
    std::string field;    // "elements/2/restrictions/start_time", "samples/7/energy_wh"
    std::string message;  // "element 2 overlaps element 0: both price ENERGY at Mon 22:00"

    std::string describe() const { return field + ": " + message; }
    bool operator==(const TariffError&) const = default;
};

}  // namespace iskra::tariff
