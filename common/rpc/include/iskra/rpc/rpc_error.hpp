// The CALLERROR codes of OCPP-J and the one table of how each version spells them on the wire.
// Pure functions; any thread.
#pragma once

#include <optional>
#include <string_view>

#include "iskra/ocpp/validation_error.hpp"
#include "iskra/ocpp/version.hpp"

namespace iskra::rpc {

// Version-neutral codes. The union of 1.6's and 2.0.1's lists; wire_name() maps the ones a
// version lacks onto its nearest code, so callers never branch on the version themselves.
enum class RpcErrorCode {
    NotImplemented,
    NotSupported,
    InternalError,
    ProtocolError,
    SecurityError,
    FormatViolation,
    PropertyConstraintViolation,
    OccurrenceConstraintViolation,
    TypeConstraintViolation,
    GenericError,
    RpcFrameworkError,
    MessageTypeNotSupported,
};

// The errorCode string `version` puts in a CALLERROR. OCPP 1.6 says "FormationViolation" and
// "OccurenceConstraintViolation" (its own spellings) and has neither RpcFrameworkError nor
// MessageTypeNotSupported.
std::string_view wire_name(RpcErrorCode code, ocpp::Version version);

// Reads a received errorCode in any spelling either version (or 1.6's errata) uses.
std::optional<RpcErrorCode> parse_error_code(std::string_view text);

// The code a schema violation is answered with.
RpcErrorCode from_violation(ocpp::Violation violation);

}  // namespace iskra::rpc
