// Why a schema-valid OCPP message could not become a session event (or the reverse), named by the
// field at fault so the gateway can log it and answer the station with a precise reason.
#pragma once

#include <string>

namespace iskra::session {

struct MappingError {
    // A JSON pointer into the message ("/meterValue/0/sampledValue/1/value"), or, for the
    // reverse direction, the event member ("transaction").
    std::string field;
    std::string message;  // e.g. "'12,5' is not a decimal number"

    // "/meterValue/0/sampledValue/1/value: '12,5' is not a decimal number"
    std::string describe() const;

    bool operator==(const MappingError&) const = default;
};

}  // namespace iskra::session
