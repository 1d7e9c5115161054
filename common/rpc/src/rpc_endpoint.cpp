#include "iskra/rpc/rpc_endpoint.hpp"

#include <exception>
#include <stdexcept>
#include <utility>
#include <variant>

namespace iskra::rpc {
namespace {

using Kind = CallFailure::Kind;

// The generator lists DataTransfer as station-initiated, but OCPP lets either side send it.
constexpr std::string_view kBothWaysAction = "DataTransfer";

std::string_view side_name(ocpp::Initiator side) {
    return side == ocpp::Initiator::Csms ? "the CSMS" : "a charging station";
}

ocpp::Initiator other_side(ocpp::Initiator side) {
    return side == ocpp::Initiator::Csms ? ocpp::Initiator::Station : ocpp::Initiator::Csms;
}

}  // namespace

RpcEndpoint::RpcEndpoint(ocpp::Version version, ocpp::Initiator role, SendFn send,
                         EndpointOptions options)
    : version_(version),
      role_(role),
      send_(std::move(send)),
      options_(std::move(options)),
      own_parsers_(options_.frame_limits),
      router_(version),
      link_(std::make_shared<detail::EndpointLink>(detail::EndpointLink{this})) {}

RpcEndpoint::~RpcEndpoint() {
    link_->endpoint = nullptr;
}

void RpcEndpoint::use_shared_router(const SharedRouterBase& shared, void* context) {
    if (shared.version() != version_) {
        throw std::logic_error("a shared router of the other OCPP version");
    }
    shared_router_ = &shared;
    shared_context_ = context;
}

void RpcEndpoint::on_text(std::string_view text, Clock::time_point now) {
    if (closed_) return;
    ++stats_.frames_received;
    auto frame = parsers_->frames.parse(text);
    if (!frame) {
        handle_frame_error(frame.error(), now);
        return;
    }
    if (const auto* call = std::get_if<Call>(&*frame)) {
        handle_call(*call);
    } else if (const auto* result = std::get_if<CallResult>(&*frame)) {
        handle_result(*result, now);
    } else {
        handle_error(std::get<CallError>(*frame), now);
    }
}

void RpcEndpoint::handle_frame_error(const FrameError& error, Clock::time_point now) {
    ++stats_.frame_errors;
    if (error.answerable) {
        send(write_call_error(error.answer_id(), error.code, version_, error.message));
        return;
    }
    // A broken response is never answered, but if it names our call the caller hears now
    // rather than at the timeout. (A type 5 names a CALL of the peer's, never ours.)
    const bool answers_a_call = error.message_type == 3 || error.message_type == 4;
    if (answers_a_call && error.message_id && in_flight_ &&
        in_flight_->message_id == *error.message_id) {
        finish_in_flight(
            tl::unexpected(CallFailure{Kind::InvalidResponse, error.code, error.message}), now);
    }
}

void RpcEndpoint::handle_call(const Call& call) {
    ++stats_.calls_received;
    if (calls_in_progress_.contains(std::string(call.message_id))) {
        reject(call.message_id, RpcErrorCode::RpcFrameworkError,
               "message id is already used by a call still in progress");
        return;
    }
    const ocpp::ActionInfo* action = ocpp::find_action(version_, call.action);
    if (action == nullptr) {
        reject(call.message_id, RpcErrorCode::NotImplemented,
               "unknown action " + std::string(call.action));
        return;
    }
    const ocpp::Initiator peer = other_side(role_);
    if (!may_initiate(*action, peer)) {
        reject(call.message_id, RpcErrorCode::NotSupported,
               std::string(call.action) + " is not sent by " + std::string(side_name(peer)));
        return;
    }
    ocpp::DecodeContext ctx;
    const Router::Dispatch* dispatch = router_.find(call.action);
    const SharedRouterBase::Dispatch* shared = dispatch == nullptr && shared_router_ != nullptr
                                                   ? shared_router_->find(call.action)
                                                   : nullptr;
    if (dispatch == nullptr && shared == nullptr) {
        // Validated anyway: a malformed message deserves its precise error before "unsupported".
        if (!action->check_request(call.payload, ctx)) {
            reject(call.message_id, from_violation(ctx.error().violation), ctx.error().describe());
        } else {
            reject(call.message_id, RpcErrorCode::NotSupported,
                   "no handler for " + std::string(call.action));
        }
        return;
    }

    calls_in_progress_.emplace(call.message_id);
    RawReply reply(link_, std::string(call.message_id), action);
    try {
        // Decoding is the schema check: a handler only ever sees a valid request.
        const bool decoded = dispatch != nullptr
                                 ? (*dispatch)(call.payload, ctx, reply)
                                 : (*shared)(shared_context_, call.payload, ctx, reply);
        if (!decoded) {
            ++stats_.calls_rejected;
            reply.error(from_violation(ctx.error().violation), ctx.error().describe());
        }
    } catch (const std::exception& e) {
        // The peer still gets its answer (InternalError, from the reply if it was dropped) and
        // the connection lives on; a handler's bug must not take the station offline.
        ++stats_.handler_exceptions;
        reply.error(RpcErrorCode::InternalError, e.what());
    } catch (...) {
        ++stats_.handler_exceptions;
        reply.error(RpcErrorCode::InternalError, "handler failed");
    }
}

void RpcEndpoint::handle_result(const CallResult& result, Clock::time_point now) {
    if (!in_flight_ || in_flight_->message_id != result.message_id) {
        ++stats_.unmatched_responses;
        return;
    }
    ocpp::DecodeContext ctx;
    if (!in_flight_->action->check_response(result.payload, ctx)) {
        const auto& violation = ctx.error();
        finish_in_flight(
            tl::unexpected(CallFailure{Kind::InvalidResponse, from_violation(violation.violation),
                                       violation.describe()}),
            now);
        return;
    }
    finish_in_flight(result.payload, now);
}

void RpcEndpoint::handle_error(const CallError& error, Clock::time_point now) {
    if (!in_flight_ || in_flight_->message_id != error.message_id) {
        ++stats_.unmatched_responses;
        return;
    }
    const RpcErrorCode code =
        parse_error_code(error.error_code).value_or(RpcErrorCode::GenericError);
    finish_in_flight(
        tl::unexpected(CallFailure{Kind::CallError, code, std::string(error.error_description)}),
        now);
}

void RpcEndpoint::reject(std::string_view message_id, RpcErrorCode code,
                         std::string_view description) {
    ++stats_.calls_rejected;
    send(write_call_error(message_id, code, version_, description));
}

bool RpcEndpoint::may_initiate(const ocpp::ActionInfo& action, ocpp::Initiator side) const {
    return action.initiator == side || action.name == kBothWaysAction;
}

void RpcEndpoint::answer(const std::string& message_id, const ocpp::ActionInfo* action,
                         std::string_view payload_json) {
    if (closed_) return;
    calls_in_progress_.erase(message_id);
    simdjson::dom::element payload;
    ocpp::DecodeContext ctx;
    if (const auto error =
            parsers_->payloads.parse(payload_json.data(), payload_json.size()).get(payload)) {
        ++stats_.invalid_replies;
        send(write_call_error(
            message_id, RpcErrorCode::InternalError, version_,
            std::string("response is not valid JSON: ") + simdjson::error_message(error)));
        return;
    }
    if (!action->check_response(payload, ctx)) {
        // Our bug, not the peer's: it learns only that we failed, never gets invalid data.
        ++stats_.invalid_replies;
        send(write_call_error(message_id, RpcErrorCode::InternalError, version_,
                              "response failed validation: " + ctx.error().describe()));
        return;
    }
    send(write_call_result(message_id, payload_json));
}

void RpcEndpoint::answer_error(const std::string& message_id, RpcErrorCode code,
                               std::string_view description) {
    if (closed_) return;
    calls_in_progress_.erase(message_id);
    send(write_call_error(message_id, code, version_, description));
}

void RpcEndpoint::call(std::string_view action_name, std::string_view payload_json,
                       CallCallback callback, Clock::time_point now) {
    if (closed_) {
        callback(tl::unexpected(
            CallFailure{Kind::Closed, RpcErrorCode::GenericError, "connection closed"}));
        return;
    }
    const ocpp::ActionInfo* action = ocpp::find_action(version_, action_name);
    if (action == nullptr) {
        callback(tl::unexpected(CallFailure{Kind::InvalidRequest, RpcErrorCode::NotImplemented,
                                            "unknown action " + std::string(action_name)}));
        return;
    }
    if (!may_initiate(*action, role_)) {
        callback(tl::unexpected(CallFailure{
            Kind::InvalidRequest, RpcErrorCode::NotSupported,
            std::string(action_name) + " is not sent by " + std::string(side_name(role_))}));
        return;
    }
    simdjson::dom::element payload;
    ocpp::DecodeContext ctx;
    if (const auto error =
            parsers_->payloads.parse(payload_json.data(), payload_json.size()).get(payload)) {
        callback(tl::unexpected(CallFailure{
            Kind::InvalidRequest, RpcErrorCode::FormatViolation,
            std::string("payload is not valid JSON: ") + simdjson::error_message(error)}));
        return;
    }
    if (!action->check_request(payload, ctx)) {
        callback(tl::unexpected(CallFailure{
            Kind::InvalidRequest, from_violation(ctx.error().violation), ctx.error().describe()}));
        return;
    }
    std::string id = options_.message_id_prefix + std::to_string(next_id_++);
    std::string frame = write_call(id, action->name, payload_json);
    queue_.push_back(PendingCall{std::move(id), action, std::move(frame), std::move(callback)});
    send_next(now);
}

void RpcEndpoint::tick(Clock::time_point now) {
    if (closed_) return;
    if (in_flight_ && now >= deadline_) {
        ++stats_.call_timeouts;
        finish_in_flight(
            tl::unexpected(CallFailure{
                Kind::Timeout, RpcErrorCode::GenericError,
                "no answer within " + std::to_string(options_.call_timeout.count()) + " ms"}),
            now);
    }
    send_next(now);
}

std::optional<RpcEndpoint::Clock::time_point> RpcEndpoint::next_deadline() const {
    if (!in_flight_) return std::nullopt;
    return deadline_;
}

void RpcEndpoint::close() {
    if (closed_) return;
    closed_ = true;
    calls_in_progress_.clear();
    std::deque<PendingCall> failing = std::move(queue_);
    queue_.clear();
    if (in_flight_) {
        failing.push_front(std::move(*in_flight_));
        in_flight_.reset();
    }
    for (auto& pending : failing) {
        pending.callback(tl::unexpected(
            CallFailure{Kind::Closed, RpcErrorCode::GenericError, "connection closed"}));
    }
}

void RpcEndpoint::finish_in_flight(tl::expected<simdjson::dom::element, CallFailure> outcome,
                                   Clock::time_point now) {
    PendingCall done = std::move(*in_flight_);
    in_flight_.reset();
    send_next(now);
    done.callback(std::move(outcome));
}

void RpcEndpoint::send_next(Clock::time_point now) {
    if (closed_ || in_flight_ || queue_.empty()) return;
    in_flight_.emplace(std::move(queue_.front()));
    queue_.pop_front();
    deadline_ = now + options_.call_timeout;
    ++stats_.calls_sent;
    // The frame is no longer needed once handed over; send last, as it may re-enter close().
    send(std::move(in_flight_->frame));
}

void RpcEndpoint::send(std::string frame) {
    send_(std::move(frame));
}

}  // namespace iskra::rpc
