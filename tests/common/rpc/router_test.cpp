// Router and Reply: typed dispatch, and replies answered later, twice, never, or too late.
#include "iskra/rpc/router.hpp"

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "capturing_sender.hpp"
#include "iskra/ocpp/v16/messages.hpp"
#include "iskra/ocpp/v201/messages.hpp"
#include "iskra/rpc/rpc_endpoint.hpp"

namespace iskra::rpc {
namespace {

using ocpp::Initiator;
using ocpp::Version;
using testing::at_seconds;
using testing::CapturingSender;
namespace v16 = ocpp::v16;
namespace v201 = ocpp::v201;
using HeartbeatReply = Reply<v16::HeartbeatResponse>;

class ReplyTest : public ::testing::Test {
protected:
    ReplyTest() {
        endpoint_->router().on<v16::HeartbeatRequest>(
            [this](const v16::HeartbeatRequest&, HeartbeatReply reply) {
                held_.push_back(std::move(reply));
            });
    }
    void receive(const std::string& text) { endpoint_->on_text(text, at_seconds(0)); }

    CapturingSender sender_;
    std::unique_ptr<RpcEndpoint> endpoint_ =
        std::make_unique<RpcEndpoint>(Version::v16, Initiator::Csms, sender_.fn());
    std::vector<HeartbeatReply> held_;
};

TEST_F(ReplyTest, CanBeKeptAndAnsweredLater) {
    receive(R"([2,"a","Heartbeat",{}])");
    receive(R"([2,"b","Heartbeat",{}])");
    ASSERT_EQ(held_.size(), 2u);
    EXPECT_EQ(sender_.count(), 0u);
    // Answers may leave in any order: each names its own call.
    held_[1].ok(v16::HeartbeatResponse{"2024-05-01T10:00:02Z"});
    held_[0].ok(v16::HeartbeatResponse{"2024-05-01T10:00:01Z"});
    EXPECT_EQ(sender_.frames(),
              (std::vector<std::string>{R"([3,"b",{"currentTime":"2024-05-01T10:00:02Z"}])",
                                        R"([3,"a",{"currentTime":"2024-05-01T10:00:01Z"}])"}));
}

TEST_F(ReplyTest, DroppedUnansweredSendsInternalError) {
    receive(R"([2,"a","Heartbeat",{}])");
    held_.clear();
    EXPECT_EQ(sender_.frames(),
              std::vector<std::string>{
                  R"([4,"a","InternalError","the call was dropped without an answer",{}])"});
}

TEST_F(ReplyTest, OverwritingAPendingReplyAnswersIt) {
    receive(R"([2,"a","Heartbeat",{}])");
    receive(R"([2,"b","Heartbeat",{}])");
    held_[0] = std::move(held_[1]);
    EXPECT_EQ(sender_.last(),
              R"([4,"a","InternalError","the call was dropped without an answer",{}])");
    held_[0].ok(v16::HeartbeatResponse{"2024-05-01T10:00:00Z"});
    EXPECT_EQ(sender_.last(), R"([3,"b",{"currentTime":"2024-05-01T10:00:00Z"}])");
    EXPECT_EQ(sender_.count(), 2u);
}

TEST_F(ReplyTest, AnswersOnlyOnce) {
    receive(R"([2,"a","Heartbeat",{}])");
    held_[0].error(RpcErrorCode::GenericError, "first");
    held_[0].ok(v16::HeartbeatResponse{"2024-05-01T10:00:00Z"});
    held_[0].error(RpcErrorCode::GenericError, "third");
    held_.clear();
    EXPECT_EQ(sender_.frames(), std::vector<std::string>{R"([4,"a","GenericError","first",{}])"});
}

TEST_F(ReplyTest, ErrorUsesTheVersionsSpelling) {
    receive(R"([2,"a","Heartbeat",{}])");
    held_[0].error(RpcErrorCode::OccurrenceConstraintViolation, "why");
    EXPECT_EQ(sender_.last(), R"([4,"a","OccurenceConstraintViolation","why",{}])");
}

TEST_F(ReplyTest, InvalidResponseIsReplacedByInternalError) {
    receive(R"([2,"a","Heartbeat",{}])");
    held_[0].ok(v16::HeartbeatResponse{"not a time"});
    EXPECT_EQ(
        sender_.frames(),
        std::vector<std::string>{
            R"([4,"a","InternalError","response failed validation: /currentTime: must be an RFC 3339 date-time with an offset",{}])"});
    EXPECT_EQ(endpoint_->stats().invalid_replies, 1u);
}

TEST_F(ReplyTest, OutlivingItsEndpointIsHarmless) {
    receive(R"([2,"a","Heartbeat",{}])");
    receive(R"([2,"b","Heartbeat",{}])");
    endpoint_.reset();
    held_[0].ok(v16::HeartbeatResponse{"2024-05-01T10:00:00Z"});
    held_.clear();  // the other one is dropped unanswered: also nothing to send
    EXPECT_EQ(sender_.count(), 0u);
}

TEST_F(ReplyTest, AfterCloseNothingIsSent) {
    receive(R"([2,"a","Heartbeat",{}])");
    endpoint_->close();
    held_[0].ok(v16::HeartbeatResponse{"2024-05-01T10:00:00Z"});
    EXPECT_EQ(sender_.count(), 0u);
}

TEST(RouterTest, FindsOnlyRegisteredActionsAndTheLatestHandlerWins) {
    Router router(ocpp::Version::v201);
    EXPECT_EQ(router.find("Heartbeat"), nullptr);
    int which = 0;
    router.on<v201::HeartbeatRequest>([&](const auto&, Reply<v201::HeartbeatResponse> reply) {
        which = 1;
        reply.error(RpcErrorCode::GenericError, "");
    });
    router.on<v201::HeartbeatRequest>([&](const auto&, Reply<v201::HeartbeatResponse> reply) {
        which = 2;
        reply.error(RpcErrorCode::GenericError, "");
    });
    const Router::Dispatch* dispatch = router.find("Heartbeat");
    ASSERT_NE(dispatch, nullptr);
    EXPECT_EQ(router.find("BootNotification"), nullptr);

    simdjson::dom::parser parser;
    simdjson::dom::element payload = parser.parse(std::string_view("{}"));
    ocpp::DecodeContext ctx;
    RawReply reply;
    EXPECT_TRUE((*dispatch)(payload, ctx, reply));
    EXPECT_EQ(which, 2);
}

TEST(RouterTest, DispatchLeavesTheReplyUntouchedWhenThePayloadDoesNotDecode) {
    Router router(ocpp::Version::v201);
    bool called = false;
    router.on<v201::HeartbeatRequest>(
        [&](const auto&, Reply<v201::HeartbeatResponse>) { called = true; });
    simdjson::dom::parser parser;
    simdjson::dom::element payload = parser.parse(std::string_view(R"({"unexpected":true})"));
    ocpp::DecodeContext ctx;
    RawReply reply({}, "id", nullptr);
    const Router::Dispatch* dispatch = router.find("Heartbeat");
    ASSERT_NE(dispatch, nullptr);
    EXPECT_FALSE((*dispatch)(payload, ctx, reply));
    EXPECT_FALSE(called);
    EXPECT_FALSE(reply.answered());
    EXPECT_EQ(ctx.error().violation, ocpp::Violation::Formation);
    EXPECT_EQ(ctx.error().path, "/unexpected");
    reply.error(RpcErrorCode::GenericError, "no endpoint behind it: nothing happens");
}

TEST(RouterTest, AHandlerOfTheOtherVersionIsRefusedWhereItIsRegistered) {
    Router router(ocpp::Version::v201);
    EXPECT_THROW(
        router.on<v16::HeartbeatRequest>([](const auto&, Reply<v16::HeartbeatResponse>) {}),
        std::logic_error);
    EXPECT_EQ(router.find("Heartbeat"), nullptr);
}

}  // namespace
}  // namespace iskra::rpc
