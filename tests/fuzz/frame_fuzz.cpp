// libFuzzer target: arbitrary bytes into RpcEndpoints of both versions and both roles, through
// frame parsing, schema validation, dispatch to a few typed handlers and call correlation.
//
// An input is split at '\n' into up to 16 frames fed to fresh endpoints, so a crash reproduces
// from its input alone. Besides the sanitizers, it checks one property: everything an endpoint
// sends is a well-formed OCPP-J frame, whatever it was sent.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "iskra/ocpp/v16/messages.hpp"
#include "iskra/ocpp/v201/messages.hpp"
#include "iskra/rpc/rpc_endpoint.hpp"

namespace {

using iskra::ocpp::Initiator;
using iskra::ocpp::Version;
using iskra::rpc::FrameLimits;
using iskra::rpc::FrameParser;
using iskra::rpc::Reply;
using iskra::rpc::RpcEndpoint;
using iskra::rpc::RpcErrorCode;
namespace v16 = iskra::ocpp::v16;
namespace v201 = iskra::ocpp::v201;

constexpr std::size_t kMaxFrames = 16;

void check_sent(std::string_view frame) {
    // Parsed with default limits: anything we send must be a frame our own peer would accept.
    static FrameParser parser;
    if (!parser.parse(frame)) std::abort();
}

// Handlers answer at once, later (at the end of the input) or never, so all reply paths run.
struct Handlers {
    std::vector<Reply<v16::StartTransactionResponse>> deferred16;
    std::vector<Reply<v201::TransactionEventResponse>> deferred201;

    void register_v16(RpcEndpoint& endpoint) {
        auto& router = endpoint.router();
        router.on<v16::BootNotificationRequest>([](const v16::BootNotificationRequest& request,
                                                   Reply<v16::BootNotificationResponse> reply) {
            // The vendor's name becomes the time: usually invalid, so the InternalError path runs.
            reply.ok(v16::BootNotificationResponse{v16::RegistrationStatus::Accepted,
                                                   request.chargePointVendor, 300});
        });
        router.on<v16::HeartbeatRequest>(
            [](const v16::HeartbeatRequest&, Reply<v16::HeartbeatResponse> reply) {
                reply.ok(v16::HeartbeatResponse{"2024-05-01T10:00:00.000Z"});
            });
        router.on<v16::StartTransactionRequest>([this](const v16::StartTransactionRequest&,
                                                       Reply<v16::StartTransactionResponse> reply) {
            deferred16.push_back(std::move(reply));
        });
        router.on<v16::DataTransferRequest>(
            [](const v16::DataTransferRequest& request, Reply<v16::DataTransferResponse> reply) {
                reply.ok(v16::DataTransferResponse{v16::DataTransferResponseStatus::Accepted,
                                                   request.data});
            });
        router.on<v16::StopTransactionRequest>(
            [](const v16::StopTransactionRequest&, Reply<v16::StopTransactionResponse>) {});
    }

    void register_v201(RpcEndpoint& endpoint) {
        auto& router = endpoint.router();
        router.on<v201::BootNotificationRequest>([](const v201::BootNotificationRequest& request,
                                                    Reply<v201::BootNotificationResponse> reply) {
            v201::BootNotificationResponse response;
            response.currentTime = request.chargingStation.model;
            response.interval = 300;
            response.status = v201::RegistrationStatusEnumType::Accepted;
            reply.ok(response);
        });
        router.on<v201::TransactionEventRequest>(
            [this](const v201::TransactionEventRequest&,
                   Reply<v201::TransactionEventResponse> reply) {
                deferred201.push_back(std::move(reply));
            });
        router.on<v201::DataTransferRequest>(
            [](const v201::DataTransferRequest& request, Reply<v201::DataTransferResponse> reply) {
                v201::DataTransferResponse response;
                response.status = v201::DataTransferStatusEnumType::Accepted;
                response.data = request.data;
                reply.ok(response);
            });
        router.on<v201::ResetRequest>(
            [](const v201::ResetRequest&, Reply<v201::ResetResponse> reply) {
                reply.error(RpcErrorCode::NotSupported, "no reset in the fuzzer");
            });
    }

    void answer_deferred() {
        for (auto& reply : deferred16) {
            v16::StartTransactionResponse response;
            response.idTagInfo.status = v16::AuthorizationStatus::Accepted;
            response.transactionId = 1;
            reply.ok(response);
        }
        for (auto& reply : deferred201)
            reply.ok(v201::TransactionEventResponse{});
    }
};

// Puts a call in flight (id "1") and one in the queue (id "2"), so results can correlate.
void make_calls(RpcEndpoint& endpoint, Version version, Initiator role,
                RpcEndpoint::Clock::time_point now) {
    const auto ignore = [](auto) {};
    if (role == Initiator::Station) {
        if (version == Version::v16) {
            endpoint.call(v16::HeartbeatRequest{}, ignore, now);
            endpoint.call("Authorize", R"({"idTag":"TAG"})", ignore, now);
        } else {
            endpoint.call(v201::HeartbeatRequest{}, ignore, now);
            endpoint.call("Authorize", R"({"idToken":{"idToken":"T","type":"ISO14443"}})", ignore,
                          now);
        }
    } else {
        endpoint.call("DataTransfer", R"({"vendorId":"iskra"})", ignore, now);
        endpoint.call(version == Version::v16 ? "ClearCache" : "GetLocalListVersion", "{}", ignore,
                      now);
    }
}

void run(std::string_view input, Version version, Initiator role) {
    auto now = RpcEndpoint::Clock::time_point{};
    iskra::rpc::EndpointOptions options;
    options.call_timeout = std::chrono::seconds(30);
    // Small limits on 1.6 so that the size and depth refusals are within the fuzzer's reach.
    if (version == Version::v16) options.frame_limits = FrameLimits{2048, 16};
    Handlers handlers;
    RpcEndpoint endpoint(
        version, role, [](std::string frame) { check_sent(frame); }, options);
    if (version == Version::v16) {
        handlers.register_v16(endpoint);
    } else {
        handlers.register_v201(endpoint);
    }
    make_calls(endpoint, version, role, now);

    std::size_t frames = 0;
    while (frames++ < kMaxFrames) {
        const std::size_t end = input.find('\n');
        endpoint.on_text(input.substr(0, end), now);
        // Every other frame lets a call time out.
        now += std::chrono::seconds(frames % 2 == 0 ? 31 : 1);
        endpoint.tick(now);
        if (end == std::string_view::npos) break;
        input.remove_prefix(end + 1);
    }
    handlers.answer_deferred();
    endpoint.close();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    for (const Version version : {Version::v16, Version::v201}) {
        for (const Initiator role : {Initiator::Csms, Initiator::Station})
            run(input, version, role);
    }
    return 0;
}
