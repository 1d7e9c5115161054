// The neutral vocabulary's names: the specifications' spelling, unique, and parsed back.
#include "iskra/session/vocabulary.hpp"

#include <gtest/gtest.h>

#include <set>

#include "session_test_support.hpp"

namespace iskra::session {
namespace {

using test::all_values;

template <class Enum, class Parse>
void expect_names_round_trip(Parse parse, std::size_t expected_count) {
    const auto values = all_values<Enum>();
    EXPECT_EQ(values.size(), expected_count);
    std::set<std::string_view> names;
    for (const auto value : values) {
        const auto name = to_string(value);
        EXPECT_TRUE(names.insert(name).second) << "duplicate name " << name;
        EXPECT_EQ(parse(name), value) << name;
    }
    EXPECT_FALSE(parse("").has_value());
    EXPECT_FALSE(parse("charging").has_value());  // names are case-sensitive, as in OCPP
}

TEST(Vocabulary, EveryNameParsesBackToItsValue) {
    expect_names_round_trip<ConnectorStatus>(parse_connector_status, 10);
    expect_names_round_trip<AuthorizationStatus>(parse_authorization_status, 10);
    expect_names_round_trip<StopReason>(parse_stop_reason, 22);
    expect_names_round_trip<ReadingContext>(parse_reading_context, 8);
    expect_names_round_trip<Measurand>(parse_measurand, 27);
    expect_names_round_trip<TokenType>(parse_token_type, 9);
    expect_names_round_trip<ChargingState>(parse_charging_state, 5);
}

TEST(Vocabulary, NamesAreTheSpecificationsSpelling) {
    EXPECT_EQ(to_string(ReadingContext::TransactionBegin), "Transaction.Begin");
    EXPECT_EQ(to_string(Measurand::EnergyActiveImportRegister), "Energy.Active.Import.Register");
    EXPECT_EQ(to_string(TokenType::EMAID), "eMAID");
    EXPECT_EQ(to_string(StopReason::EVDisconnected), "EVDisconnected");
}

TEST(ConnectorRef, EvseZeroIsTheStation) {
    EXPECT_TRUE((ConnectorRef{0, 0}.is_station()));
    EXPECT_FALSE((ConnectorRef{1, 1}.is_station()));
}

TEST(TransactionRef, PrintsEitherVersionsReference) {
    EXPECT_EQ(to_string(TransactionRef{std::int64_t{1093}}), "1093");
    EXPECT_EQ(to_string(TransactionRef{std::string("b7e4c1f0")}), "b7e4c1f0");
    EXPECT_NE(TransactionRef{std::int64_t{7}}, TransactionRef{std::string("7")});
}

}  // namespace
}  // namespace iskra::session
