// One OCPP-J connection's RPC state: answers received CALLs through the Router, correlates our
// own CALLs with their results, and keeps OCPP's rule of one outstanding CALL per direction.
//
// Transport-agnostic and single-threaded: the thread that owns the socket feeds it text and the
// time (`now`), and receives frames to send through the send function. It reads no clock and
// starts no timer; the owner calls tick() (next_deadline() says when it is next needed).
// Every payload in and out is validated against the official schema of its version.
// Handlers and callbacks may call, answer and close() from inside, but must not destroy the
// endpoint there: its owner does that once on_text(), tick() or call() has returned.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include <simdjson.h>
#include <tl/expected.hpp>

#include "iskra/ocpp/action_info.hpp"
#include "iskra/ocpp/codec.hpp"
#include "iskra/ocpp/version.hpp"
#include "iskra/rpc/frame.hpp"
#include "iskra/rpc/reply.hpp"
#include "iskra/rpc/router.hpp"
#include "iskra/rpc/rpc_error.hpp"
#include "iskra/rpc/shared_router.hpp"

namespace iskra::rpc {

// Why one of our CALLs did not produce a valid result.
struct CallFailure {
    enum class Kind {
        Timeout,          // no answer within the call timeout
        CallError,        // the peer answered CALLERROR: `code` and `description` are its own
        InvalidResponse,  // the peer's CALLRESULT broke the response schema
        InvalidRequest,   // our own payload broke the request schema; nothing was sent
        Closed,           // the connection closed first
    };
    Kind kind = Kind::Closed;
    RpcErrorCode code = RpcErrorCode::GenericError;
    std::string description;
};

struct EndpointOptions {
    std::chrono::milliseconds call_timeout{std::chrono::seconds(30)};
    FrameLimits frame_limits;
    // Put before the counter that numbers our CALLs; an owner that reconnects can pass a
    // per-connection prefix so ids never repeat towards the same peer.
    std::string message_id_prefix;
};

// The two JSON parsers an endpoint works with, which keep capacity for the largest message
// they have seen (several bytes per byte of input). Endpoints that one thread owns and that
// never feed each other synchronously may share one pair: use_shared_parsers().
struct EndpointParsers {
    explicit EndpointParsers(FrameLimits limits = {}) : frames(limits) {}
    FrameParser frames;              // received frames
    simdjson::dom::parser payloads;  // our outgoing payloads, checked before they are sent
};

// Counters for the status page and for tests; what was refused is never silent.
struct EndpointStats {
    std::uint64_t frames_received = 0;
    std::uint64_t frame_errors = 0;  // malformed or unsupported frames
    std::uint64_t calls_received = 0;
    std::uint64_t calls_rejected = 0;  // answered with CALLERROR before any handler ran
    std::uint64_t handler_exceptions = 0;
    std::uint64_t unmatched_responses = 0;  // results or errors for no call of ours in flight
    std::uint64_t invalid_replies = 0;      // our handler's response broke its schema
    std::uint64_t calls_sent = 0;
    std::uint64_t call_timeouts = 0;
};

class RpcEndpoint {
public:
    using Clock = std::chrono::steady_clock;
    using SendFn = std::function<void(std::string)>;
    // The payload element is valid only during the callback.
    using CallCallback = std::function<void(tl::expected<simdjson::dom::element, CallFailure>)>;
    template <class Request>
    using TypedCallback =
        std::function<void(tl::expected<typename Request::Response, CallFailure>)>;

    // `role` is our side: Initiator::Csms in the gateway, Initiator::Station in the simulator.
    // `send` must not call back into this endpoint's on_text() (queue instead).
    RpcEndpoint(ocpp::Version version, ocpp::Initiator role, SendFn send,
                EndpointOptions options = {});
    ~RpcEndpoint();
    RpcEndpoint(const RpcEndpoint&) = delete;
    RpcEndpoint& operator=(const RpcEndpoint&) = delete;

    Router& router() { return router_; }
    // CALLs no handler of router() serves go to `shared` (of this endpoint's version), its
    // handlers given `context`. Both must outlive the endpoint.
    void use_shared_router(const SharedRouterBase& shared, void* context);
    // Parses with `shared` instead of a pair of its own (which then never allocate). Safe when
    // every endpoint using `shared` is driven by one thread and no endpoint's send function
    // calls another's on_text(): a received frame's elements stay valid only until the next
    // frame parsed. `shared` must outlive the endpoint.
    void use_shared_parsers(EndpointParsers& shared) { parsers_ = &shared; }

    // One received WebSocket text message.
    void on_text(std::string_view text, Clock::time_point now);

    // Sends a CALL when none of ours is outstanding, else queues it (FIFO). The callback runs
    // exactly once: with the validated result, or a CallFailure (synchronously for an invalid
    // request or a closed endpoint).
    void call(std::string_view action, std::string_view payload_json, CallCallback callback,
              Clock::time_point now);

    template <class Request>
    void call(const Request& request, TypedCallback<Request> callback, Clock::time_point now);

    // Fails the outstanding call if its time is up and sends the next queued one.
    void tick(Clock::time_point now);
    // When tick() next has work; nullopt while no call is outstanding.
    std::optional<Clock::time_point> next_deadline() const;

    // The connection is gone: fails every outstanding and queued call with Kind::Closed, in
    // order, and ignores everything after. Callbacks are not run by the destructor: call
    // close() first if they must hear of it.
    void close();

    bool closed() const { return closed_; }
    bool call_in_flight() const { return in_flight_.has_value(); }
    std::size_t queued_calls() const { return queue_.size(); }
    ocpp::Version version() const { return version_; }
    const EndpointStats& stats() const { return stats_; }

private:
    friend class RawReply;

    struct PendingCall {
        std::string message_id;
        const ocpp::ActionInfo* action = nullptr;
        std::string frame;
        CallCallback callback;
    };

    // From RawReply: answers a CALL we received.
    void answer(const std::string& message_id, const ocpp::ActionInfo* action,
                std::string_view payload_json);
    void answer_error(const std::string& message_id, RpcErrorCode code,
                      std::string_view description);

    void handle_call(const Call& call);
    void handle_result(const CallResult& result, Clock::time_point now);
    void handle_error(const CallError& error, Clock::time_point now);
    void handle_frame_error(const FrameError& error, Clock::time_point now);
    void reject(std::string_view message_id, RpcErrorCode code, std::string_view description);
    bool may_initiate(const ocpp::ActionInfo& action, ocpp::Initiator side) const;

    // Takes the call in flight, sends the next one, then runs the taken call's callback, so a
    // callback that calls again queues behind calls made earlier.
    void finish_in_flight(tl::expected<simdjson::dom::element, CallFailure> outcome,
                          Clock::time_point now);
    void send_next(Clock::time_point now);
    void send(std::string frame);

    ocpp::Version version_;
    ocpp::Initiator role_;
    SendFn send_;
    EndpointOptions options_;
    // Outgoing payloads are checked with a parser other than the frames': a handler or
    // callback may answer or call while the received frame it came from is still in use.
    EndpointParsers own_parsers_;
    EndpointParsers* parsers_ = &own_parsers_;
    Router router_;
    const SharedRouterBase* shared_router_ = nullptr;
    void* shared_context_ = nullptr;
    std::shared_ptr<detail::EndpointLink> link_;

    std::optional<PendingCall> in_flight_;
    Clock::time_point deadline_{};
    std::deque<PendingCall> queue_;
    std::uint64_t next_id_ = 1;
    // Ids of received CALLs whose reply is still pending: a second CALL reusing one is refused.
    std::unordered_set<std::string> calls_in_progress_;
    EndpointStats stats_;
    bool closed_ = false;
};

template <class Request>
void RpcEndpoint::call(const Request& request, TypedCallback<Request> callback,
                       Clock::time_point now) {
    call(
        Request::kAction, ocpp::encode_payload(request),
        [callback =
             std::move(callback)](tl::expected<simdjson::dom::element, CallFailure> outcome) {
            if (!outcome) {
                callback(tl::unexpected(std::move(outcome.error())));
                return;
            }
            auto response = ocpp::decode_payload<typename Request::Response>(*outcome);
            if (!response) {
                callback(tl::unexpected(CallFailure{CallFailure::Kind::InvalidResponse,
                                                    from_violation(response.error().violation),
                                                    response.error().describe()}));
                return;
            }
            callback(std::move(*response));
        },
        now);
}

}  // namespace iskra::rpc
