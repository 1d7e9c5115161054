// The answer to one received CALL, handed to its handler and completed now or later.
//
// The gateway answers money-relevant messages only after a durable commit, so a reply must be
// able to outlive the handler call: it is a movable token that sends exactly one CALLRESULT or
// CALLERROR. A reply that is dropped unanswered sends CALLERROR InternalError, so a station is
// never left waiting for its timeout; a reply that outlives its endpoint (the connection went
// away) does nothing. Used only on the thread that owns the endpoint.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "iskra/ocpp/action_info.hpp"
#include "iskra/ocpp/codec.hpp"
#include "iskra/rpc/rpc_error.hpp"

namespace iskra::rpc {

class RpcEndpoint;

namespace detail {
// Shared by an endpoint and its replies; the endpoint clears it when it is destroyed.
struct EndpointLink {
    RpcEndpoint* endpoint = nullptr;
};
}  // namespace detail

// Untyped: the payload is JSON text, validated against the action's response schema before it
// is sent; an invalid one is replaced by CALLERROR InternalError.
class RawReply {
public:
    RawReply() = default;
    RawReply(std::weak_ptr<detail::EndpointLink> link, std::string message_id,
             const ocpp::ActionInfo* action);
    RawReply(RawReply&& other) noexcept;
    RawReply& operator=(RawReply&& other) noexcept;
    RawReply(const RawReply&) = delete;
    RawReply& operator=(const RawReply&) = delete;
    ~RawReply();

    void ok(std::string_view payload_json);
    void error(RpcErrorCode code, std::string_view description);

    // True once answered (or when moved from): a second answer is ignored.
    bool answered() const { return !pending_; }
    const std::string& message_id() const { return message_id_; }

private:
    std::weak_ptr<detail::EndpointLink> link_;
    std::string message_id_;
    const ocpp::ActionInfo* action_ = nullptr;
    bool pending_ = false;
};

template <class Response>
class Reply {
public:
    explicit Reply(RawReply raw) : raw_(std::move(raw)) {}

    // Encodes `response`; if it fails its own schema (a bug on our side) the peer gets
    // CALLERROR InternalError instead of an invalid CALLRESULT.
    void ok(const Response& response) {
        if (!raw_.answered()) raw_.ok(ocpp::encode_payload(response));
    }
    void error(RpcErrorCode code, std::string_view description) { raw_.error(code, description); }

    bool answered() const { return raw_.answered(); }
    const std::string& message_id() const { return raw_.message_id(); }

private:
    RawReply raw_;
};

}  // namespace iskra::rpc
