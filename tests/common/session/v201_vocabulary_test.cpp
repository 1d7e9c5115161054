// Every 2.0.1 enum value mapped to the neutral model and back, and every neutral value to 2.0.1.
#include "iskra/session/v201_vocabulary.hpp"

#include <gtest/gtest.h>

#include "session_test_support.hpp"

namespace iskra::session {
namespace {

namespace v201 = ocpp::v201;
using test::expect_mapped_both_ways;

TEST(V201Vocabulary, ConnectorStatus) {
    expect_mapped_both_ways<ConnectorStatus, v201::ConnectorStatusEnumType>(
        [](v201::ConnectorStatusEnumType s) { return from_v201(s); },
        [](ConnectorStatus s) { return to_v201(s); },
        {{"Preparing", "Occupied"},
         {"Charging", "Occupied"},
         {"SuspendedEV", "Occupied"},
         {"SuspendedEVSE", "Occupied"},
         {"Finishing", "Occupied"}});
}

TEST(V201Vocabulary, AuthorizationStatus) {
    expect_mapped_both_ways<AuthorizationStatus, v201::AuthorizationStatusEnumType>(
        [](v201::AuthorizationStatusEnumType s) { return from_v201(s); },
        [](AuthorizationStatus s) { return to_v201(s); }, {});
}

TEST(V201Vocabulary, StopReason) {
    expect_mapped_both_ways<StopReason, v201::ReasonEnumType>(
        [](v201::ReasonEnumType r) { return from_v201(r); },
        [](StopReason r) { return to_v201(r); },
        {{"HardReset", "ImmediateReset"},
         {"SoftReset", "ImmediateReset"},
         {"UnlockCommand", "Remote"}});
}

TEST(V201Vocabulary, TokenType) {
    expect_mapped_both_ways<TokenType, v201::IdTokenEnumType>(
        [](v201::IdTokenEnumType t) { return from_v201(t); },
        [](TokenType t) { return to_v201(t); }, {{"IdTag", "ISO14443"}});
}

TEST(V201Vocabulary, ChargingState) {
    expect_mapped_both_ways<ChargingState, v201::ChargingStateEnumType>(
        [](v201::ChargingStateEnumType s) { return from_v201(s); },
        [](ChargingState s) { return to_v201(s); }, {});
}

TEST(V201Vocabulary, ReadingContext) {
    expect_mapped_both_ways<ReadingContext, v201::ReadingContextEnumType>(
        [](v201::ReadingContextEnumType c) { return from_v201(c); },
        [](ReadingContext c) { return to_v201(c); }, {});
}

TEST(V201Vocabulary, MeasurandsOnlyOneSixDefinesHaveNoCounterpart) {
    for (const auto measurand : test::all_values<v201::MeasurandEnumType>()) {
        EXPECT_EQ(to_string(from_v201(measurand)), v201::to_string(measurand));
        EXPECT_EQ(to_v201(from_v201(measurand)), measurand);
    }
    std::vector<std::string_view> missing;
    for (const auto measurand : test::all_values<Measurand>()) {
        if (!to_v201(measurand)) missing.push_back(to_string(measurand));
    }
    EXPECT_EQ(missing, (std::vector<std::string_view>{"RPM", "Temperature"}));
}

TEST(V201Vocabulary, EvseAndConnector) {
    v201::EVSEType evse;
    evse.id = 2;
    EXPECT_EQ(connector_from_v201(evse), (ConnectorRef{2, 0}));
    evse.connectorId = 1;
    EXPECT_EQ(connector_from_v201(evse), (ConnectorRef{2, 1}));
    EXPECT_EQ(to_v201(ConnectorRef{2, 1}), evse);
    EXPECT_FALSE(to_v201(ConnectorRef{2, 0}).connectorId.has_value());
}

}  // namespace
}  // namespace iskra::session
