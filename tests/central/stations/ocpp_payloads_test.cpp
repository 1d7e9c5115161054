// The payloads remote control queues, in each OCPP version's words, checked against the
// official schemas by the same check the generic route uses.
#include <gtest/gtest.h>

#include "ocpp_payloads.hpp"

namespace iskra::central::stations::detail {
namespace {

using ocpp::Version;

void expect_valid(Version version, const OcppCommand& command) {
    auto problem = check_command(version, command.action, command.payload);
    EXPECT_FALSE(problem.has_value())
        << command.action << " " << command.payload.dump() << ": " << problem.value_or("");
}

TEST(OcppPayloads, ResetIsSoftOrHardIn16AndOnIdleOrImmediateIn201) {
    EXPECT_EQ(reset_command(Version::v16, false).payload, (nlohmann::json{{"type", "Soft"}}));
    EXPECT_EQ(reset_command(Version::v16, true).payload, (nlohmann::json{{"type", "Hard"}}));
    EXPECT_EQ(reset_command(Version::v201, false).payload, (nlohmann::json{{"type", "OnIdle"}}));
    EXPECT_EQ(reset_command(Version::v201, true).payload, (nlohmann::json{{"type", "Immediate"}}));
    for (auto version : {Version::v16, Version::v201}) {
        expect_valid(version, reset_command(version, true));
        expect_valid(version, reset_command(version, false));
    }
}

TEST(OcppPayloads, AvailabilityNamesTheStationEvseOrConnector) {
    auto station16 = availability_command(Version::v16, {0, std::nullopt}, false);
    EXPECT_EQ(station16.payload, (nlohmann::json{{"connectorId", 0}, {"type", "Inoperative"}}));
    auto evse16 = availability_command(Version::v16, {2, 1}, true);
    EXPECT_EQ(evse16.payload, (nlohmann::json{{"connectorId", 2}, {"type", "Operative"}}));
    auto station201 = availability_command(Version::v201, {0, std::nullopt}, true);
    EXPECT_EQ(station201.payload, (nlohmann::json{{"operationalStatus", "Operative"}}));
    auto connector201 = availability_command(Version::v201, {2, 1}, false);
    EXPECT_EQ(connector201.payload["evse"], (nlohmann::json{{"id", 2}, {"connectorId", 1}}));
    for (const auto* command : {&station16, &evse16})
        expect_valid(Version::v16, *command);
    for (const auto* command : {&station201, &connector201})
        expect_valid(Version::v201, *command);
}

TEST(OcppPayloads, UnlockAndStopAreValidInBothVersions) {
    expect_valid(Version::v16, unlock_command(Version::v16, 2, 1));
    expect_valid(Version::v201, unlock_command(Version::v201, 2, 1));
    auto stop16 = stop_command(Version::v16, 17);
    EXPECT_EQ(stop16.action, "RemoteStopTransaction");
    expect_valid(Version::v16, stop16);
    auto stop201 = stop_command(Version::v201, "tx-abc");
    EXPECT_EQ(stop201.action, "RequestStopTransaction");
    expect_valid(Version::v201, stop201);
}

TEST(OcppPayloads, CheckRefusesStationActionsUnknownActionsAndBadPayloads) {
    EXPECT_TRUE(check_command(Version::v16, "BootNotification", nlohmann::json::object()));
    EXPECT_TRUE(check_command(Version::v16, "NoSuchAction", nlohmann::json::object()));
    EXPECT_TRUE(check_command(Version::v201, "Reset", {{"type", "Soft"}}));  // 1.6's word
    EXPECT_TRUE(check_command(Version::v16, "ChangeConfiguration", {{"key", "X"}}));
    EXPECT_FALSE(check_command(Version::v16, "GetConfiguration", nlohmann::json::object()));
    EXPECT_FALSE(check_command(Version::v16, "DataTransfer", {{"vendorId", "iskra"}}));
    EXPECT_FALSE(check_command(Version::v201, "TriggerMessage",
                               {{"requestedMessage", "StatusNotification"}}));
}

}  // namespace
}  // namespace iskra::central::stations::detail
