#include "iskra/rpc/rpc_error.hpp"

#include <array>
#include <utility>

namespace iskra::rpc {

std::string_view wire_name(RpcErrorCode code, ocpp::Version version) {
    const bool v16 = version == ocpp::Version::v16;
    switch (code) {
        case RpcErrorCode::NotImplemented:
            return "NotImplemented";
        case RpcErrorCode::NotSupported:
            return "NotSupported";
        case RpcErrorCode::InternalError:
            return "InternalError";
        case RpcErrorCode::ProtocolError:
            return "ProtocolError";
        case RpcErrorCode::SecurityError:
            return "SecurityError";
        // The 1.6 text says FormationViolation; its errata renamed it, but 1.6 peers in the
        // field match on the original, so we send that and accept both.
        case RpcErrorCode::FormatViolation:
            return v16 ? "FormationViolation" : "FormatViolation";
        case RpcErrorCode::PropertyConstraintViolation:
            return "PropertyConstraintViolation";
        case RpcErrorCode::OccurrenceConstraintViolation:
            return v16 ? "OccurenceConstraintViolation" : "OccurrenceConstraintViolation";
        case RpcErrorCode::TypeConstraintViolation:
            return "TypeConstraintViolation";
        case RpcErrorCode::GenericError:
            return "GenericError";
        // 1.6 has no framework error: a broken frame is, in its words, a formation violation.
        case RpcErrorCode::RpcFrameworkError:
            return v16 ? "FormationViolation" : "RpcFrameworkError";
        case RpcErrorCode::MessageTypeNotSupported:
            return v16 ? "NotSupported" : "MessageTypeNotSupported";
    }
    return "GenericError";
}

std::optional<RpcErrorCode> parse_error_code(std::string_view text) {
    static constexpr std::array<std::pair<std::string_view, RpcErrorCode>, 14> kNames{{
        {"NotImplemented", RpcErrorCode::NotImplemented},
        {"NotSupported", RpcErrorCode::NotSupported},
        {"InternalError", RpcErrorCode::InternalError},
        {"ProtocolError", RpcErrorCode::ProtocolError},
        {"SecurityError", RpcErrorCode::SecurityError},
        {"FormatViolation", RpcErrorCode::FormatViolation},
        {"FormationViolation", RpcErrorCode::FormatViolation},
        {"PropertyConstraintViolation", RpcErrorCode::PropertyConstraintViolation},
        {"OccurrenceConstraintViolation", RpcErrorCode::OccurrenceConstraintViolation},
        {"OccurenceConstraintViolation", RpcErrorCode::OccurrenceConstraintViolation},
        {"TypeConstraintViolation", RpcErrorCode::TypeConstraintViolation},
        {"GenericError", RpcErrorCode::GenericError},
        {"RpcFrameworkError", RpcErrorCode::RpcFrameworkError},
        {"MessageTypeNotSupported", RpcErrorCode::MessageTypeNotSupported},
    }};
    for (const auto& [name, code] : kNames) {
        if (name == text) return code;
    }
    return std::nullopt;
}

RpcErrorCode from_violation(ocpp::Violation violation) {
    switch (violation) {
        case ocpp::Violation::Formation:
            return RpcErrorCode::FormatViolation;
        case ocpp::Violation::Type:
            return RpcErrorCode::TypeConstraintViolation;
        case ocpp::Violation::Occurrence:
            return RpcErrorCode::OccurrenceConstraintViolation;
        case ocpp::Violation::Property:
            return RpcErrorCode::PropertyConstraintViolation;
    }
    return RpcErrorCode::FormatViolation;
}

}  // namespace iskra::rpc
