// RpcEndpoint sending our own CALLs: correlation, one outstanding call, timeouts driven by the
// passed `now`, validation of both our requests and the peer's responses, and close().
#include <string>
#include <vector>

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
using Kind = CallFailure::Kind;
using HeartbeatOutcome = tl::expected<v16::HeartbeatResponse, CallFailure>;

class StationCallsTest : public ::testing::Test {
protected:
    // Makes a typed Heartbeat call whose outcome lands in outcomes_[index].
    void heartbeat(long second) {
        const std::size_t index = outcomes_.size();
        outcomes_.emplace_back();
        endpoint_.call(
            v16::HeartbeatRequest{},
            [this, index](HeartbeatOutcome outcome) { outcomes_[index] = std::move(outcome); },
            at_seconds(second));
    }

    CapturingSender sender_;
    RpcEndpoint endpoint_{Version::v16, Initiator::Station, sender_.fn()};
    std::vector<std::optional<HeartbeatOutcome>> outcomes_;
};

TEST_F(StationCallsTest, SendsTheCallAndDeliversTheDecodedResult) {
    heartbeat(0);
    EXPECT_EQ(sender_.frames(), std::vector<std::string>{R"([2,"1","Heartbeat",{}])"});
    endpoint_.on_text(R"([3,"1",{"currentTime":"2024-05-01T10:00:00.000Z"}])", at_seconds(1));
    ASSERT_TRUE(outcomes_[0]);
    ASSERT_TRUE(*outcomes_[0]);
    EXPECT_EQ((*outcomes_[0])->currentTime, "2024-05-01T10:00:00.000Z");
    EXPECT_FALSE(endpoint_.call_in_flight());
    EXPECT_EQ(sender_.count(), 1u);  // a result is never answered
}

TEST_F(StationCallsTest, KeepsOneCallOutstandingAndQueuesTheRestInOrder) {
    heartbeat(0);
    heartbeat(0);
    heartbeat(0);
    EXPECT_EQ(sender_.count(), 1u);
    EXPECT_EQ(endpoint_.queued_calls(), 2u);
    endpoint_.on_text(R"([3,"1",{"currentTime":"2024-05-01T10:00:00Z"}])", at_seconds(1));
    EXPECT_EQ(sender_.last(), R"([2,"2","Heartbeat",{}])");
    endpoint_.on_text(R"([4,"2","InternalError","busy",{}])", at_seconds(2));
    EXPECT_EQ(sender_.last(), R"([2,"3","Heartbeat",{}])");
    EXPECT_EQ(endpoint_.queued_calls(), 0u);
    ASSERT_TRUE(outcomes_[1]);
    ASSERT_FALSE(*outcomes_[1]);
    EXPECT_EQ(outcomes_[1]->error().kind, Kind::CallError);
    EXPECT_EQ(outcomes_[1]->error().code, RpcErrorCode::InternalError);
    EXPECT_EQ(outcomes_[1]->error().description, "busy");
    EXPECT_FALSE(outcomes_[2]);
}

TEST_F(StationCallsTest, ACallMadeFromACallbackQueuesBehindEarlierCalls) {
    std::vector<std::string> order;
    endpoint_.call(
        v16::HeartbeatRequest{},
        [&](const HeartbeatOutcome&) {
            order.push_back("first done");
            endpoint_.call(
                v16::HeartbeatRequest{}, [&](const HeartbeatOutcome&) { order.push_back("third"); },
                at_seconds(1));
        },
        at_seconds(0));
    endpoint_.call(
        v16::HeartbeatRequest{}, [&](const HeartbeatOutcome&) { order.push_back("second"); },
        at_seconds(0));
    endpoint_.on_text(R"([3,"1",{"currentTime":"2024-05-01T10:00:00Z"}])", at_seconds(1));
    endpoint_.on_text(R"([3,"2",{"currentTime":"2024-05-01T10:00:00Z"}])", at_seconds(1));
    endpoint_.on_text(R"([3,"3",{"currentTime":"2024-05-01T10:00:00Z"}])", at_seconds(1));
    EXPECT_EQ(order, (std::vector<std::string>{"first done", "second", "third"}));
}

TEST_F(StationCallsTest, TimesOutByThePassedClockAndSendsTheNext) {
    heartbeat(100);
    heartbeat(100);
    EXPECT_EQ(endpoint_.next_deadline(), at_seconds(130));
    endpoint_.tick(at_seconds(129));
    EXPECT_FALSE(outcomes_[0]);
    endpoint_.tick(at_seconds(130));
    ASSERT_TRUE(outcomes_[0]);
    ASSERT_FALSE(*outcomes_[0]);
    EXPECT_EQ(outcomes_[0]->error().kind, Kind::Timeout);
    EXPECT_EQ(sender_.last(), R"([2,"2","Heartbeat",{}])");
    EXPECT_EQ(endpoint_.next_deadline(), at_seconds(160));
    EXPECT_EQ(endpoint_.stats().call_timeouts, 1u);

    // The late answer to the first call is dropped and counted, never answered.
    endpoint_.on_text(R"([3,"1",{"currentTime":"2024-05-01T10:00:00Z"}])", at_seconds(131));
    EXPECT_EQ(endpoint_.stats().unmatched_responses, 1u);
    EXPECT_FALSE(outcomes_[1]);
    EXPECT_EQ(sender_.count(), 2u);
}

TEST_F(StationCallsTest, ResponsesToUnknownIdsAreIgnoredAndCounted) {
    heartbeat(0);
    endpoint_.on_text(R"([3,"nope",{"currentTime":"2024-05-01T10:00:00Z"}])", at_seconds(1));
    endpoint_.on_text(R"([4,"nope","GenericError","",{}])", at_seconds(1));
    EXPECT_EQ(endpoint_.stats().unmatched_responses, 2u);
    EXPECT_FALSE(outcomes_[0]);
    EXPECT_TRUE(endpoint_.call_in_flight());
    EXPECT_EQ(sender_.count(), 1u);
}

TEST_F(StationCallsTest, SchemaInvalidResponseFailsTheCall) {
    heartbeat(0);
    endpoint_.on_text(R"([3,"1",{"currentTime":"yesterday"}])", at_seconds(1));
    ASSERT_TRUE(outcomes_[0]);
    ASSERT_FALSE(*outcomes_[0]);
    EXPECT_EQ(outcomes_[0]->error().kind, Kind::InvalidResponse);
    EXPECT_EQ(outcomes_[0]->error().code, RpcErrorCode::PropertyConstraintViolation);
    EXPECT_EQ(outcomes_[0]->error().description,
              "/currentTime: must be an RFC 3339 date-time with an offset");
    EXPECT_EQ(sender_.count(), 1u);
}

TEST_F(StationCallsTest, MalformedResponseNamingTheCallFailsItAtOnce) {
    heartbeat(0);
    endpoint_.on_text(R"([3,"1",["not","an","object"]])", at_seconds(1));
    ASSERT_TRUE(outcomes_[0]);
    ASSERT_FALSE(*outcomes_[0]);
    EXPECT_EQ(outcomes_[0]->error().kind, Kind::InvalidResponse);
    EXPECT_EQ(outcomes_[0]->error().description, "payload is not a JSON object");
    EXPECT_EQ(sender_.count(), 1u);
}

TEST_F(StationCallsTest, ATypeFiveFrameWithOurIdNeverFailsOurCall) {
    heartbeat(0);
    // A CALLRESULTERROR answers a CALLRESULT of ours: its id is one of the peer's calls.
    endpoint_.on_text(R"([5,"1","GenericError","",{}])", at_seconds(1));
    EXPECT_FALSE(outcomes_[0]);
    EXPECT_TRUE(endpoint_.call_in_flight());
    EXPECT_EQ(sender_.count(), 1u);
}

TEST_F(StationCallsTest, PeerErrorCodesAreReadInEitherSpelling) {
    heartbeat(0);
    endpoint_.on_text(R"([4,"1","OccurenceConstraintViolation","x",{}])", at_seconds(1));
    EXPECT_EQ(outcomes_[0]->error().code, RpcErrorCode::OccurrenceConstraintViolation);
    heartbeat(1);
    endpoint_.on_text(R"([4,"2","SomethingNew","x",{}])", at_seconds(1));
    EXPECT_EQ(outcomes_[1]->error().code, RpcErrorCode::GenericError);
}

TEST_F(StationCallsTest, InvalidOutgoingRequestFailsLocallyAndIsNeverSent) {
    std::optional<tl::expected<v16::StartTransactionResponse, CallFailure>> outcome;
    v16::StartTransactionRequest request;
    request.connectorId = 1;
    request.idTag = std::string(21, 'T');  // the schema allows 20
    request.meterStart = 0;
    request.timestamp = "2024-05-01T10:00:00Z";
    endpoint_.call(
        request, [&](auto result) { outcome = std::move(result); }, at_seconds(0));
    ASSERT_TRUE(outcome);
    ASSERT_FALSE(*outcome);
    EXPECT_EQ(outcome->error().kind, Kind::InvalidRequest);
    EXPECT_EQ(outcome->error().code, RpcErrorCode::PropertyConstraintViolation);
    EXPECT_EQ(outcome->error().description, "/idTag: must be at most 20 characters");
    EXPECT_EQ(sender_.count(), 0u);
}

TEST_F(StationCallsTest, UntypedCallsAreCheckedForActionRoleAndSchema) {
    std::vector<CallFailure> failures;
    auto collect = [&](tl::expected<simdjson::dom::element, CallFailure> outcome) {
        ASSERT_FALSE(outcome);
        failures.push_back(outcome.error());
    };
    endpoint_.call("MakeCoffee", "{}", collect, at_seconds(0));
    endpoint_.call("RemoteStartTransaction", R"({"idTag":"T"})", collect, at_seconds(0));
    endpoint_.call("Heartbeat", R"({"extra":1})", collect, at_seconds(0));
    endpoint_.call("Heartbeat", R"({)", collect, at_seconds(0));
    ASSERT_EQ(failures.size(), 4u);
    EXPECT_EQ(failures[0].code, RpcErrorCode::NotImplemented);
    EXPECT_EQ(failures[1].code, RpcErrorCode::NotSupported);
    EXPECT_EQ(failures[1].description, "RemoteStartTransaction is not sent by a charging station");
    EXPECT_EQ(failures[2].code, RpcErrorCode::FormatViolation);
    EXPECT_EQ(failures[3].code, RpcErrorCode::FormatViolation);
    for (const auto& failure : failures)
        EXPECT_EQ(failure.kind, Kind::InvalidRequest);
    EXPECT_EQ(sender_.count(), 0u);
}

TEST_F(StationCallsTest, CloseFailsTheOutstandingAndQueuedCallsInOrder) {
    std::vector<std::string> order;
    for (const char* name : {"a", "b", "c"}) {
        endpoint_.call(
            v16::HeartbeatRequest{},
            [&order, name](HeartbeatOutcome outcome) {
                EXPECT_EQ(outcome.error().kind, Kind::Closed);
                order.emplace_back(name);
            },
            at_seconds(0));
    }
    endpoint_.close();
    EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "c"}));
    heartbeat(1);
    EXPECT_EQ(outcomes_[0]->error().kind, Kind::Closed);
    endpoint_.on_text(R"([2,"x","Heartbeat",{}])", at_seconds(1));
    endpoint_.tick(at_seconds(100));
    EXPECT_EQ(sender_.count(), 1u);  // only the first CALL ever left
}

TEST(CsmsCallsTest, TypedCallOfVersion201) {
    CapturingSender sender;
    EndpointOptions options;
    options.message_id_prefix = "gw-";
    options.call_timeout = std::chrono::seconds(5);
    RpcEndpoint endpoint(Version::v201, Initiator::Csms, sender.fn(), options);
    std::optional<tl::expected<v201::ResetResponse, CallFailure>> outcome;
    v201::ResetRequest request;
    request.type = v201::ResetEnumType::Immediate;
    endpoint.call(
        request, [&](auto result) { outcome = std::move(result); }, at_seconds(0));
    EXPECT_EQ(sender.last(), R"([2,"gw-1","Reset",{"type":"Immediate"}])");
    EXPECT_EQ(endpoint.next_deadline(), at_seconds(5));
    endpoint.on_text(R"([3,"gw-1",{"status":"Scheduled"}])", at_seconds(1));
    ASSERT_TRUE(outcome && *outcome);
    EXPECT_EQ((*outcome)->status, v201::ResetStatusEnumType::Scheduled);
}

}  // namespace
}  // namespace iskra::rpc
