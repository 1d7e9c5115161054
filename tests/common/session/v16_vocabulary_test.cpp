// Every 1.6 enum value mapped to the neutral model and back, and every neutral value to 1.6.
#include "iskra/session/v16_vocabulary.hpp"

#include <gtest/gtest.h>

#include "session_test_support.hpp"

namespace iskra::session {
namespace {

namespace v16 = ocpp::v16;
using test::expect_mapped_both_ways;

TEST(V16Vocabulary, ConnectorStatus) {
    expect_mapped_both_ways<ConnectorStatus, v16::ChargePointStatus>(
        [](v16::ChargePointStatus s) { return from_v16(s); },
        [](ConnectorStatus s) { return to_v16(s); }, {{"Occupied", "Preparing"}});
}

TEST(V16Vocabulary, AuthorizationStatus) {
    expect_mapped_both_ways<AuthorizationStatus, v16::AuthorizationStatus>(
        [](v16::AuthorizationStatus s) { return from_v16(s); },
        [](AuthorizationStatus s) { return to_v16(s); },
        {{"NoCredit", "Invalid"},
         {"NotAllowedTypeEVSE", "Invalid"},
         {"NotAtThisLocation", "Invalid"},
         {"NotAtThisTime", "Invalid"},
         {"Unknown", "Invalid"}});
}

TEST(V16Vocabulary, StopReason) {
    expect_mapped_both_ways<StopReason, v16::Reason>([](v16::Reason r) { return from_v16(r); },
                                                     [](StopReason r) { return to_v16(r); },
                                                     {{"ImmediateReset", "HardReset"},
                                                      {"LocalOutOfCredit", "Local"},
                                                      {"MasterPass", "Local"},
                                                      {"EnergyLimitReached", "Other"},
                                                      {"TimeLimitReached", "Other"},
                                                      {"SOCLimitReached", "Other"},
                                                      {"GroundFault", "Other"},
                                                      {"OvercurrentFault", "Other"},
                                                      {"PowerQuality", "Other"},
                                                      {"StoppedByEV", "Other"},
                                                      {"Timeout", "Other"}});
}

TEST(V16Vocabulary, ReadingContext) {
    expect_mapped_both_ways<ReadingContext, v16::ReadingContext>(
        [](v16::ReadingContext c) { return from_v16(c); },
        [](ReadingContext c) { return to_v16(c); }, {});
}

TEST(V16Vocabulary, MeasurandsOnlyTwoZeroOneDefinesHaveNoCounterpart) {
    for (const auto measurand : test::all_values<v16::Measurand>()) {
        EXPECT_EQ(to_string(from_v16(measurand)), v16::to_string(measurand));
        EXPECT_EQ(to_v16(from_v16(measurand)), measurand);
    }
    std::vector<std::string_view> missing;
    for (const auto measurand : test::all_values<Measurand>()) {
        if (!to_v16(measurand)) missing.push_back(to_string(measurand));
    }
    EXPECT_EQ(missing, (std::vector<std::string_view>{
                           "Energy.Active.Net", "Energy.Reactive.Net", "Energy.Apparent.Net",
                           "Energy.Apparent.Import", "Energy.Apparent.Export"}));
}

TEST(V16Vocabulary, ConnectorZeroIsTheStationAndConnectorNIsEvseN) {
    EXPECT_EQ(connector_from_v16(0), (ConnectorRef{0, 0}));
    EXPECT_TRUE(connector_from_v16(0).is_station());
    EXPECT_EQ(connector_from_v16(3), (ConnectorRef{3, 1}));
    EXPECT_EQ(v16_connector_id(ConnectorRef{3, 1}), 3);
    EXPECT_EQ(v16_connector_id(ConnectorRef{0, 0}), 0);
}

}  // namespace
}  // namespace iskra::session
