// Every message type of both versions: a valid example decodes into its typed struct and
// encodes back to the same JSON, member for member.
#include <set>

#include <gtest/gtest.h>
#include <simdjson.h>
#include <nlohmann/json.hpp>

#include "iskra/ocpp/action_info.hpp"
#include "support/schema_examples.hpp"

namespace iskra::ocpp {
namespace {

class RoundTrip : public ::testing::TestWithParam<Version> {};

TEST_P(RoundTrip, EveryExampleSurvivesDecodeAndEncodeUnchanged) {
    const auto examples = test::load_examples(GetParam());
    ASSERT_FALSE(examples.empty());
    simdjson::dom::parser parser;
    for (const auto& example : examples) {
        SCOPED_TRACE(example.action + (example.is_request ? "Request." : "Response.") +
                     example.variant);
        const ActionInfo* info = find_action(GetParam(), example.action);
        ASSERT_NE(info, nullptr);
        const auto reencode = example.is_request ? info->reencode_request : info->reencode_response;
        auto element = parser.parse(example.text);
        ASSERT_FALSE(element.error());
        std::string json;
        DecodeContext ctx;
        ASSERT_TRUE(reencode(element.value_unsafe(), json, ctx)) << ctx.error().describe();
        EXPECT_EQ(nlohmann::json::parse(json), nlohmann::json::parse(example.text));
    }
}

TEST_P(RoundTrip, EveryActionHasARequestAndAResponseExample) {
    std::set<std::string> seen;
    for (const auto& example : test::load_examples(GetParam())) {
        seen.insert(example.action + (example.is_request ? "Request." : "Response.") +
                    example.variant);
    }
    for (const ActionInfo& info : actions(GetParam())) {
        for (const char* part :
             {"Request.full", "Request.minimal", "Response.full", "Response.minimal"}) {
            EXPECT_TRUE(seen.count(std::string(info.name) + part)) << info.name << part;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Ocpp, RoundTrip, ::testing::Values(Version::v16, Version::v201),
                         [](const auto& param) { return test::version_folder(param.param); });

TEST(ActionTable, HoldsEveryActionOfBothVersions) {
    // OCPP 1.6 core and profiles: 28 actions, plus 11 of the security extension.
    EXPECT_EQ(actions(Version::v16).size(), 39u);
    // OCPP 2.0.1 defines 64 actions.
    EXPECT_EQ(actions(Version::v201).size(), 64u);
}

TEST(ActionTable, KnowsWhoSendsEachRequest) {
    EXPECT_EQ(find_action(Version::v16, "BootNotification")->initiator, Initiator::Station);
    EXPECT_EQ(find_action(Version::v16, "RemoteStartTransaction")->initiator, Initiator::Csms);
    EXPECT_EQ(find_action(Version::v16, "SignCertificate")->initiator, Initiator::Station);
    EXPECT_EQ(find_action(Version::v201, "TransactionEvent")->initiator, Initiator::Station);
    EXPECT_EQ(find_action(Version::v201, "RequestStartTransaction")->initiator, Initiator::Csms);
    EXPECT_EQ(find_action(Version::v16, "TransactionEvent"), nullptr);
    EXPECT_EQ(find_action(Version::v201, "StartTransaction"), nullptr);
    EXPECT_EQ(find_action(Version::v16, ""), nullptr);
}

}  // namespace
}  // namespace iskra::ocpp
