#include "iskra/rpc/rpc_error.hpp"

#include <gtest/gtest.h>

namespace iskra::rpc {
namespace {

using ocpp::Version;

TEST(RpcErrorTest, WireNamesFollowEachVersionsSpecification) {
    struct Row {
        RpcErrorCode code;
        std::string_view v16;
        std::string_view v201;
    };
    const Row rows[] = {
        {RpcErrorCode::NotImplemented, "NotImplemented", "NotImplemented"},
        {RpcErrorCode::NotSupported, "NotSupported", "NotSupported"},
        {RpcErrorCode::InternalError, "InternalError", "InternalError"},
        {RpcErrorCode::ProtocolError, "ProtocolError", "ProtocolError"},
        {RpcErrorCode::SecurityError, "SecurityError", "SecurityError"},
        {RpcErrorCode::FormatViolation, "FormationViolation", "FormatViolation"},
        {RpcErrorCode::PropertyConstraintViolation, "PropertyConstraintViolation",
         "PropertyConstraintViolation"},
        {RpcErrorCode::OccurrenceConstraintViolation, "OccurenceConstraintViolation",
         "OccurrenceConstraintViolation"},
        {RpcErrorCode::TypeConstraintViolation, "TypeConstraintViolation",
         "TypeConstraintViolation"},
        {RpcErrorCode::GenericError, "GenericError", "GenericError"},
        {RpcErrorCode::RpcFrameworkError, "FormationViolation", "RpcFrameworkError"},
        {RpcErrorCode::MessageTypeNotSupported, "NotSupported", "MessageTypeNotSupported"},
    };
    for (const auto& row : rows) {
        EXPECT_EQ(wire_name(row.code, Version::v16), row.v16);
        EXPECT_EQ(wire_name(row.code, Version::v201), row.v201);
    }
}

TEST(RpcErrorTest, EveryNameWeSendReadsBackToItsCodeOrItsOneSixSubstitute) {
    for (int i = 0; i <= static_cast<int>(RpcErrorCode::MessageTypeNotSupported); ++i) {
        const auto code = static_cast<RpcErrorCode>(i);
        EXPECT_EQ(parse_error_code(wire_name(code, Version::v201)), code);
    }
    EXPECT_EQ(parse_error_code(wire_name(RpcErrorCode::RpcFrameworkError, Version::v16)),
              RpcErrorCode::FormatViolation);
}

TEST(RpcErrorTest, AcceptsEverySpellingOnReceive) {
    EXPECT_EQ(parse_error_code("FormationViolation"), RpcErrorCode::FormatViolation);
    EXPECT_EQ(parse_error_code("FormatViolation"), RpcErrorCode::FormatViolation);
    EXPECT_EQ(parse_error_code("OccurenceConstraintViolation"),
              RpcErrorCode::OccurrenceConstraintViolation);
    EXPECT_EQ(parse_error_code("OccurrenceConstraintViolation"),
              RpcErrorCode::OccurrenceConstraintViolation);
    EXPECT_EQ(parse_error_code("RpcFrameworkError"), RpcErrorCode::RpcFrameworkError);
    EXPECT_EQ(parse_error_code("MessageTypeNotSupported"), RpcErrorCode::MessageTypeNotSupported);
}

TEST(RpcErrorTest, RejectsUnknownAndNearMissNames) {
    EXPECT_EQ(parse_error_code(""), std::nullopt);
    EXPECT_EQ(parse_error_code("notimplemented"), std::nullopt);
    EXPECT_EQ(parse_error_code("NotImplemented "), std::nullopt);
    EXPECT_EQ(parse_error_code("SomethingElse"), std::nullopt);
}

TEST(RpcErrorTest, MapsEachViolationKind) {
    EXPECT_EQ(from_violation(ocpp::Violation::Formation), RpcErrorCode::FormatViolation);
    EXPECT_EQ(from_violation(ocpp::Violation::Type), RpcErrorCode::TypeConstraintViolation);
    EXPECT_EQ(from_violation(ocpp::Violation::Occurrence),
              RpcErrorCode::OccurrenceConstraintViolation);
    EXPECT_EQ(from_violation(ocpp::Violation::Property), RpcErrorCode::PropertyConstraintViolation);
}

}  // namespace
}  // namespace iskra::rpc
