// FrameParser and the frame writers, and what a peer receives for every kind of broken frame.
#include "iskra/rpc/frame.hpp"

#include <string>

#include <gtest/gtest.h>

#include "capturing_sender.hpp"
#include "iskra/rpc/rpc_endpoint.hpp"

namespace iskra::rpc {
namespace {

using ocpp::Version;
using testing::at_seconds;
using testing::CapturingSender;

std::string nested_arrays(std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

TEST(FrameParserTest, ParsesACall) {
    FrameParser parser;
    auto frame = parser.parse(R"([2, "19223201", "BootNotification", {"reason": "PowerUp"}])");
    ASSERT_TRUE(frame);
    const auto* call = std::get_if<Call>(&*frame);
    ASSERT_NE(call, nullptr);
    EXPECT_EQ(call->message_id, "19223201");
    EXPECT_EQ(call->action, "BootNotification");
    EXPECT_EQ(simdjson::minify(call->payload), R"({"reason":"PowerUp"})");
}

TEST(FrameParserTest, ParsesACallResult) {
    FrameParser parser;
    auto frame = parser.parse(R"([3,"abc",{"currentTime":"2024-01-01T00:00:00Z"}])");
    ASSERT_TRUE(frame);
    const auto* result = std::get_if<CallResult>(&*frame);
    ASSERT_NE(result, nullptr);
    EXPECT_EQ(result->message_id, "abc");
    EXPECT_EQ(simdjson::minify(result->payload), R"({"currentTime":"2024-01-01T00:00:00Z"})");
}

TEST(FrameParserTest, ParsesACallError) {
    FrameParser parser;
    auto frame = parser.parse(R"([4,"abc","NotSupported","no thanks",{"why":1}])");
    ASSERT_TRUE(frame);
    const auto* error = std::get_if<CallError>(&*frame);
    ASSERT_NE(error, nullptr);
    EXPECT_EQ(error->message_id, "abc");
    EXPECT_EQ(error->error_code, "NotSupported");
    EXPECT_EQ(error->error_description, "no thanks");
    EXPECT_EQ(simdjson::minify(error->error_details), R"({"why":1})");
}

TEST(FrameParserTest, AcceptsAnIdOfExactlyThirtySixCharacters) {
    FrameParser parser;
    const std::string id(36, 'x');
    auto frame = parser.parse("[2,\"" + id + "\",\"Heartbeat\",{}]");
    ASSERT_TRUE(frame);
    EXPECT_EQ(std::get<Call>(*frame).message_id, id);
}

TEST(FrameParserTest, AcceptsNestingJustUnderTheLimitAndRefusesItAbove) {
    FrameParser parser(FrameLimits{.max_frame_bytes = 1 << 20, .max_depth = 64});
    // The frame array and payload object are two levels; 62 more arrays reach exactly 64.
    auto ok = parser.parse(R"([2,"a","DataTransfer",{"x":)" + nested_arrays(62) + "}]");
    EXPECT_TRUE(ok);
    auto deep = parser.parse(R"([2,"a","DataTransfer",{"x":)" + nested_arrays(63) + "}]");
    ASSERT_FALSE(deep);
    EXPECT_EQ(deep.error().code, RpcErrorCode::RpcFrameworkError);
    EXPECT_EQ(deep.error().message, "JSON nested deeper than 64 levels");
}

TEST(FrameParserTest, ResponsesThatAreBrokenAreNeverAnswerableButKeepTheirId) {
    FrameParser parser;
    auto result = parser.parse(R"([3,"abc",[]])");
    ASSERT_FALSE(result);
    EXPECT_FALSE(result.error().answerable);
    EXPECT_EQ(result.error().message_id, "abc");
    auto error = parser.parse(R"([4,"abc","NotSupported",{}])");
    ASSERT_FALSE(error);
    EXPECT_FALSE(error.error().answerable);
    EXPECT_EQ(error.error().message, "CALLERROR must have 5 elements");
}

TEST(FrameParserTest, KeepsWorkingAfterRefusingAFrame) {
    FrameParser parser;
    EXPECT_FALSE(parser.parse(std::string(2 << 20, ' ')));
    EXPECT_FALSE(parser.parse("[2,"));
    EXPECT_TRUE(parser.parse(R"([2,"1","Heartbeat",{}])"));
}

TEST(FrameWriterTest, WritesEachFrameShape) {
    EXPECT_EQ(write_call("1", "Heartbeat", "{}"), R"([2,"1","Heartbeat",{}])");
    EXPECT_EQ(write_call_result("1", R"({"a":1})"), R"([3,"1",{"a":1}])");
    EXPECT_EQ(write_call_error("1", RpcErrorCode::FormatViolation, Version::v16, "bad"),
              R"([4,"1","FormationViolation","bad",{}])");
    EXPECT_EQ(
        write_call_error("1", RpcErrorCode::FormatViolation, Version::v201, "bad", R"({"k":"v"})"),
        R"([4,"1","FormatViolation","bad",{"k":"v"}])");
}

TEST(FrameWriterTest, EscapesIdsAndDescriptions) {
    EXPECT_EQ(write_call_error("a\"b", RpcErrorCode::GenericError, Version::v201, "line\nbreak"),
              R"([4,"a\"b","GenericError","line\nbreak",{}])");
}

TEST(FrameWriterTest, CutsLongDescriptionsOnACharacterBoundary) {
    // 254 ASCII bytes then a two-byte character: keeping 255 bytes would split it.
    const std::string description = std::string(254, 'a') + "\xC5\x82" + "tail";
    const std::string frame =
        write_call_error("1", RpcErrorCode::GenericError, Version::v201, description);
    EXPECT_EQ(frame, R"([4,"1","GenericError",")" + std::string(254, 'a') + R"(",{}])");
}

// What the peer receives for a broken frame, per version.
struct MalformedCase {
    std::string name;
    std::string text;
    std::string v201_answer;  // "" when the frame must not be answered
    std::string v16_answer;

    friend void PrintTo(const MalformedCase& c, std::ostream* os) { *os << c.name; }
};

std::vector<MalformedCase> malformed_cases() {
    const std::string long_id(10'000, 'i');
    const std::string big_payload = R"([2,"big","DataTransfer",{"vendorId":"x","data":")" +
                                    std::string(10 << 20, 'x') + R"("}])";
    const std::string deep = R"([2,"deep","DataTransfer",{"data":)" + nested_arrays(70) + "}]";
    const std::string big_limit = std::to_string(std::size_t{1} << 20);
    return {
        {"EmptyArray", "[]", R"([4,"-1","RpcFrameworkError","frame is an empty array",{}])",
         R"([4,"-1","FormationViolation","frame is an empty array",{}])"},
        {"Object", R"({"a":1})", R"([4,"-1","RpcFrameworkError","frame is not a JSON array",{}])",
         R"([4,"-1","FormationViolation","frame is not a JSON array",{}])"},
        {"Number", "42", R"([4,"-1","RpcFrameworkError","frame is not a JSON array",{}])",
         R"([4,"-1","FormationViolation","frame is not a JSON array",{}])"},
        {"CallTooShort", R"([2,"abc","Heartbeat"])",
         R"([4,"abc","RpcFrameworkError","CALL must have 4 elements",{}])",
         R"([4,"abc","FormationViolation","CALL must have 4 elements",{}])"},
        {"CallTooLong", R"([2,"abc","Heartbeat",{},{}])",
         R"([4,"abc","RpcFrameworkError","CALL must have 4 elements",{}])",
         R"([4,"abc","FormationViolation","CALL must have 4 elements",{}])"},
        {"TypeOnly", "[2]", R"([4,"-1","RpcFrameworkError","CALL must have 4 elements",{}])",
         R"([4,"-1","FormationViolation","CALL must have 4 elements",{}])"},
        {"IdAsNumber", R"([2,123,"Heartbeat",{}])",
         R"([4,"-1","RpcFrameworkError","message id is not a string",{}])",
         R"([4,"-1","FormationViolation","message id is not a string",{}])"},
        {"TypeAsString", R"(["2","abc","Heartbeat",{}])",
         R"([4,"abc","RpcFrameworkError","message type id is not a number",{}])",
         R"([4,"abc","FormationViolation","message type id is not a number",{}])"},
        {"ActionAsNumber", R"([2,"abc",7,{}])",
         R"([4,"abc","RpcFrameworkError","action is not a string",{}])",
         R"([4,"abc","FormationViolation","action is not a string",{}])"},
        {"PayloadArray", R"([2,"abc","Heartbeat",[]])",
         R"([4,"abc","RpcFrameworkError","payload is not a JSON object",{}])",
         R"([4,"abc","FormationViolation","payload is not a JSON object",{}])"},
        {"PayloadNull", R"([2,"abc","Heartbeat",null])",
         R"([4,"abc","RpcFrameworkError","payload is not a JSON object",{}])",
         R"([4,"abc","FormationViolation","payload is not a JSON object",{}])"},
        {"TenThousandCharId", "[2,\"" + long_id + "\",\"Heartbeat\",{}]",
         R"([4,"-1","RpcFrameworkError","message id is longer than 36 characters",{}])",
         R"([4,"-1","FormationViolation","message id is longer than 36 characters",{}])"},
        {"ThirtySevenCharId", "[2,\"" + std::string(37, 'x') + "\",\"Heartbeat\",{}]",
         R"([4,"-1","RpcFrameworkError","message id is longer than 36 characters",{}])",
         R"([4,"-1","FormationViolation","message id is longer than 36 characters",{}])"},
        {"SeventyLevelsDeep", deep,
         R"([4,"-1","RpcFrameworkError","JSON nested deeper than 64 levels",{}])",
         R"([4,"-1","FormationViolation","JSON nested deeper than 64 levels",{}])"},
        {"TenMegabytes", big_payload,
         R"([4,"-1","RpcFrameworkError","frame of )" + std::to_string(big_payload.size()) +
             " bytes exceeds the limit of " + big_limit + R"(",{}])",
         R"([4,"-1","FormationViolation","frame of )" + std::to_string(big_payload.size()) +
             " bytes exceeds the limit of " + big_limit + R"(",{}])"},
        {"TypeFiveIsAResponseAndUnanswered", R"([5,"abc",{}])", "", ""},
        {"TypeSix", R"([6,"abc","Heartbeat",{}])",
         R"([4,"abc","MessageTypeNotSupported","message type 6 is not supported",{}])",
         R"([4,"abc","NotSupported","message type 6 is not supported",{}])"},
        {"TypeSeven", R"([7,"abc"])",
         R"([4,"abc","MessageTypeNotSupported","message type 7 is not supported",{}])",
         R"([4,"abc","NotSupported","message type 7 is not supported",{}])"},
        {"TypeFraction", R"([2.5,"abc","Heartbeat",{}])",
         R"([4,"abc","MessageTypeNotSupported","message type 2.5 is not supported",{}])",
         R"([4,"abc","NotSupported","message type 2.5 is not supported",{}])"},
        {"TypeBeyondInt64", R"([18446744073709551615,"abc"])",
         R"([4,"abc","MessageTypeNotSupported","message type 18446744073709551615 is not supported",{}])",
         R"([4,"abc","NotSupported","message type 18446744073709551615 is not supported",{}])"},
        {"ResultWithoutPayload", R"([3,"abc"])", "", ""},
        {"ResultWithArrayPayload", R"([3,"abc",[]])", "", ""},
        {"ErrorWithoutDetails", R"([4,"abc","GenericError","x"])", "", ""},
        {"ErrorCodeNotString", R"([4,"abc",1,"x",{}])", "", ""},
    };
}

class MalformedFrameTest : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedFrameTest, PeerReceivesTheRightAnswerAndTheConnectionLivesOn) {
    for (const Version version : {Version::v201, Version::v16}) {
        CapturingSender sender;
        RpcEndpoint endpoint(version, ocpp::Initiator::Csms, sender.fn());
        endpoint.on_text(GetParam().text, at_seconds(0));
        const std::string& expected =
            version == Version::v201 ? GetParam().v201_answer : GetParam().v16_answer;
        if (expected.empty()) {
            EXPECT_EQ(sender.count(), 0u) << sender.last();
        } else {
            ASSERT_EQ(sender.count(), 1u);
            EXPECT_EQ(sender.last(), expected);
        }
        EXPECT_EQ(endpoint.stats().frame_errors, 1u);
        // The next good frame is served as usual.
        endpoint.on_text(R"([2,"next","Heartbeat",{}])", at_seconds(0));
        EXPECT_EQ(sender.last(), R"([4,"next","NotSupported","no handler for Heartbeat",{}])");
    }
}

INSTANTIATE_TEST_SUITE_P(Frames, MalformedFrameTest, ::testing::ValuesIn(malformed_cases()),
                         [](const auto& test) { return test.param.name; });

// Frames simdjson refuses; the answer names its reason, so only the fixed part is asserted.
class InvalidJsonTest : public ::testing::TestWithParam<std::string> {};

TEST_P(InvalidJsonTest, IsAFrameworkErrorAnsweredToIdMinusOne) {
    for (const Version version : {Version::v201, Version::v16}) {
        CapturingSender sender;
        RpcEndpoint endpoint(version, ocpp::Initiator::Csms, sender.fn());
        endpoint.on_text(GetParam(), at_seconds(0));
        ASSERT_EQ(sender.count(), 1u);
        const std::string prefix = version == Version::v201
                                       ? R"([4,"-1","RpcFrameworkError","not valid JSON: )"
                                       : R"([4,"-1","FormationViolation","not valid JSON: )";
        EXPECT_EQ(sender.last().substr(0, prefix.size()), prefix) << sender.last();
        EXPECT_EQ(sender.last().substr(sender.last().size() - 5), R"(",{}])");
    }
}

INSTANTIATE_TEST_SUITE_P(
    Frames, InvalidJsonTest,
    ::testing::Values(std::string(), std::string("not json"),
                      std::string("[2,\"a\",\"Heartbeat\",{}"),
                      std::string(R"([2,"a","Heartbeat",{}] trailing)"),
                      std::string(R"([2,"a","Heartbeat",{}][3])"),
                      std::string("[2,\"a\xff\",\"Heartbeat\",{}]"),
                      std::string("[2,\"a\",\"DataTransfer\",{\"vendorId\":\"\xc3\x28\"}]"),
                      std::string("[2,\"a\",\"Heartbeat\",{}\0]", 23)));

}  // namespace
}  // namespace iskra::rpc
