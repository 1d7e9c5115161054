// RpcEndpoint receiving CALLs: dispatch, role checks and schema validation, as a peer sees them.
// (Our own outgoing calls are in rpc_endpoint_calls_test.cpp.)
#include "iskra/rpc/rpc_endpoint.hpp"

#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "capturing_sender.hpp"
#include "iskra/ocpp/v16/messages.hpp"
#include "iskra/ocpp/v201/messages.hpp"

namespace iskra::rpc {
namespace {

using ocpp::Initiator;
using ocpp::Version;
using testing::at_seconds;
using testing::CapturingSender;
namespace v16 = ocpp::v16;
namespace v201 = ocpp::v201;

constexpr const char* kStartTransaction =
    R"({"connectorId":1,"idTag":"TAG1","meterStart":1200,"timestamp":"2024-05-01T10:00:00.000Z"})";

class GatewayEndpointTest : public ::testing::Test {
protected:
    void receive(const std::string& text) { endpoint_.on_text(text, at_seconds(0)); }

    CapturingSender sender_;
    RpcEndpoint endpoint_{Version::v16, Initiator::Csms, sender_.fn()};
};

TEST_F(GatewayEndpointTest, HandsAValidCallToItsHandlerAndSendsTheResult) {
    std::optional<v16::StartTransactionRequest> seen;
    endpoint_.router().on<v16::StartTransactionRequest>(
        [&](const v16::StartTransactionRequest& request,
            Reply<v16::StartTransactionResponse> reply) {
            seen = request;
            v16::StartTransactionResponse response;
            response.idTagInfo.status = v16::AuthorizationStatus::Accepted;
            response.transactionId = 42;
            reply.ok(response);
        });
    receive(std::string(R"([2,"m1","StartTransaction",)") + kStartTransaction + "]");
    ASSERT_TRUE(seen);
    EXPECT_EQ(seen->idTag, "TAG1");
    EXPECT_EQ(seen->meterStart, 1200);
    EXPECT_EQ(sender_.frames(),
              std::vector<std::string>{
                  R"([3,"m1",{"idTagInfo":{"status":"Accepted"},"transactionId":42}])"});
}

TEST_F(GatewayEndpointTest, UnknownActionIsNotImplemented) {
    receive(R"([2,"m1","MakeCoffee",{}])");
    EXPECT_EQ(sender_.last(), R"([4,"m1","NotImplemented","unknown action MakeCoffee",{}])");
}

TEST_F(GatewayEndpointTest, ActionOnlyTheCsmsSendsIsNotSupportedFromAStation) {
    endpoint_.router().on<v16::RemoteStartTransactionRequest>(
        [](const auto&, Reply<v16::RemoteStartTransactionResponse>) { FAIL(); });
    receive(R"([2,"m1","RemoteStartTransaction",{"idTag":"T"}])");
    EXPECT_EQ(
        sender_.last(),
        R"([4,"m1","NotSupported","RemoteStartTransaction is not sent by a charging station",{}])");
}

TEST_F(GatewayEndpointTest, KnownActionWithoutHandlerIsNotSupported) {
    receive(R"([2,"m1","Heartbeat",{}])");
    EXPECT_EQ(sender_.last(), R"([4,"m1","NotSupported","no handler for Heartbeat",{}])");
    EXPECT_EQ(endpoint_.stats().calls_rejected, 1u);
}

TEST_F(GatewayEndpointTest, DuplicateIdOfACallInProgressIsAFrameworkError) {
    std::vector<Reply<v16::HeartbeatResponse>> held;
    endpoint_.router().on<v16::HeartbeatRequest>(
        [&](const auto&, Reply<v16::HeartbeatResponse> reply) {
            held.push_back(std::move(reply));
        });
    receive(R"([2,"same","Heartbeat",{}])");
    receive(R"([2,"same","Heartbeat",{}])");
    EXPECT_EQ(held.size(), 1u);
    EXPECT_EQ(
        sender_.frames(),
        std::vector<std::string>{
            R"([4,"same","FormationViolation","message id is already used by a call still in progress",{}])"});
    // Once answered, the id may be used again.
    held.front().ok(v16::HeartbeatResponse{"2024-05-01T10:00:00Z"});
    receive(R"([2,"same","Heartbeat",{}])");
    EXPECT_EQ(held.size(), 2u);
    EXPECT_EQ(sender_.last(), R"([3,"same",{"currentTime":"2024-05-01T10:00:00Z"}])");
}

TEST_F(GatewayEndpointTest, HandlerThatThrowsAnswersInternalErrorAndTheConnectionLivesOn) {
    endpoint_.router().on<v16::HeartbeatRequest>(
        [](const auto&, Reply<v16::HeartbeatResponse>) { throw std::runtime_error("boom"); });
    receive(R"([2,"m1","Heartbeat",{}])");
    EXPECT_EQ(sender_.last(),
              R"([4,"m1","InternalError","the call was dropped without an answer",{}])");
    EXPECT_EQ(endpoint_.stats().handler_exceptions, 1u);
    receive(R"([2,"m2","Heartbeat",{}])");
    EXPECT_EQ(sender_.count(), 2u);
}

TEST(StationEndpointTest, ActionOnlyAStationSendsIsNotSupportedFromTheCsms) {
    CapturingSender sender;
    RpcEndpoint endpoint(Version::v201, Initiator::Station, sender.fn());
    endpoint.on_text(R"([2,"m1","Heartbeat",{}])", at_seconds(0));
    EXPECT_EQ(sender.last(), R"([4,"m1","NotSupported","Heartbeat is not sent by the CSMS",{}])");
}

TEST(StationEndpointTest, DataTransferIsAcceptedFromEitherSide) {
    CapturingSender sender;
    RpcEndpoint endpoint(Version::v16, Initiator::Station, sender.fn());
    endpoint.router().on<v16::DataTransferRequest>([](const v16::DataTransferRequest& request,
                                                      Reply<v16::DataTransferResponse> reply) {
        EXPECT_EQ(request.vendorId, "iskra");
        reply.ok(v16::DataTransferResponse{v16::DataTransferResponseStatus::UnknownVendorId, {}});
    });
    endpoint.on_text(R"([2,"m1","DataTransfer",{"vendorId":"iskra"}])", at_seconds(0));
    EXPECT_EQ(sender.last(), R"([3,"m1",{"status":"UnknownVendorId"}])");
}

// A schema-invalid request gets the code its version names, handler or not, and no handler runs.
struct InvalidCall {
    std::string name;
    Version version;
    std::string frame;
    std::string answer;

    friend void PrintTo(const InvalidCall& c, std::ostream* os) { *os << c.name; }
};

class InvalidCallTest : public ::testing::TestWithParam<std::tuple<InvalidCall, bool>> {};

TEST_P(InvalidCallTest, IsAnsweredWithTheViolationItsVersionNames) {
    const auto& [invalid, with_handler] = GetParam();
    CapturingSender sender;
    RpcEndpoint endpoint(invalid.version, Initiator::Csms, sender.fn());
    if (with_handler && invalid.version == Version::v16) {
        endpoint.router().on<v16::StartTransactionRequest>(
            [](const auto&, Reply<v16::StartTransactionResponse>) { FAIL() << "handler ran"; });
        endpoint.router().on<v16::StatusNotificationRequest>(
            [](const auto&, Reply<v16::StatusNotificationResponse>) { FAIL() << "handler ran"; });
    } else if (with_handler) {
        endpoint.router().on<v201::BootNotificationRequest>(
            [](const auto&, Reply<v201::BootNotificationResponse>) { FAIL() << "handler ran"; });
    }
    endpoint.on_text(invalid.frame, at_seconds(0));
    ASSERT_EQ(sender.count(), 1u);
    EXPECT_EQ(sender.last(), invalid.answer);
}

std::vector<InvalidCall> invalid_calls() {
    const std::string boot201 = R"({"chargingStation":{"model":"M","vendorName":"V"}})";
    return {
        {"V16MeterStartAsString", Version::v16,
         R"([2,"1","StartTransaction",{"connectorId":1,"idTag":"T","meterStart":"1200","timestamp":"2024-05-01T10:00:00Z"}])",
         R"([4,"1","TypeConstraintViolation","/meterStart: must be an integer",{}])"},
        {"V16MissingIdTag", Version::v16,
         R"([2,"1","StartTransaction",{"connectorId":1,"meterStart":1200,"timestamp":"2024-05-01T10:00:00Z"}])",
         R"([4,"1","OccurenceConstraintViolation","/idTag: required property is missing",{}])"},
        {"V16UnknownStatus", Version::v16,
         R"([2,"1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Sleeping"}])",
         R"([4,"1","PropertyConstraintViolation","/status: must be one of Available, Preparing, Charging, SuspendedEVSE, SuspendedEV, Finishing, Reserved, Unavailable, Faulted",{}])"},
        {"V16ExtraProperty", Version::v16,
         R"([2,"1","StartTransaction",{"connectorId":1,"idTag":"T","meterStart":1,"timestamp":"2024-05-01T10:00:00Z","colour":"red"}])",
         R"([4,"1","FormationViolation","/colour: property is not allowed by the schema",{}])"},
        {"V201ReasonAsNumber", Version::v201,
         R"([2,"1","BootNotification",{"reason":5,"chargingStation":{"model":"M","vendorName":"V"}}])",
         R"([4,"1","TypeConstraintViolation","/reason: must be a string",{}])"},
        {"V201MissingReason", Version::v201, R"([2,"1","BootNotification",)" + boot201 + "]",
         R"([4,"1","OccurrenceConstraintViolation","/reason: required property is missing",{}])"},
        {"V201UnknownReason", Version::v201,
         R"([2,"1","BootNotification",{"reason":"Bored","chargingStation":{"model":"M","vendorName":"V"}}])",
         R"([4,"1","PropertyConstraintViolation","/reason: must be one of ApplicationReset, FirmwareUpdate, LocalReset, PowerUp, RemoteReset, ScheduledReset, Triggered, Unknown, Watchdog",{}])"},
        {"V201ExtraProperty", Version::v201,
         R"([2,"1","BootNotification",{"reason":"PowerUp","chargingStation":{"model":"M","vendorName":"V","colour":"red"}}])",
         R"([4,"1","FormatViolation","/chargingStation/colour: property is not allowed by the schema",{}])"},
    };
}

INSTANTIATE_TEST_SUITE_P(Payloads, InvalidCallTest,
                         ::testing::Combine(::testing::ValuesIn(invalid_calls()),
                                            ::testing::Bool()),
                         [](const auto& test) {
                             return std::get<0>(test.param).name +
                                    (std::get<1>(test.param) ? "_WithHandler" : "_WithoutHandler");
                         });

}  // namespace
}  // namespace iskra::rpc
