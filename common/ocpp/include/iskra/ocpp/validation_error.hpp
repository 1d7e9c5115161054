// What a schema check found wrong in an OCPP payload, before it is named in either version's words.
//
// The kinds follow the JSON Schema keyword that failed; rpc_error.hpp turns a kind into the
// CALLERROR code each version's specification names, so that rule lives in one place.
#pragma once

#include <string>

namespace iskra::ocpp {

enum class Violation {
    Formation,   // not an object where one is required, or a property the schema does not allow
    Type,        // a value of the wrong JSON type ("meterStart": "12")
    Occurrence,  // a required property missing, or too few / too many array items
    Property,  // a value of the right type outside its constraints (enum, maxLength, range, format)
};

struct ValidationError {
    Violation violation = Violation::Formation;
    std::string path;     // JSON pointer to the offending value, e.g. "/idTagInfo/status"
    std::string message;  // human explanation, e.g. "must be one of Accepted, Blocked, ..."

    // "/idTagInfo/status: must be one of ..." (or just the message at the root).
    std::string describe() const;
};

}  // namespace iskra::ocpp
