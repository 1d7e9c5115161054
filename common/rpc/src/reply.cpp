#include "iskra/rpc/reply.hpp"

#include <utility>

#include "iskra/rpc/rpc_endpoint.hpp"

namespace iskra::rpc {

RawReply::RawReply(std::weak_ptr<detail::EndpointLink> link, std::string message_id,
                   const ocpp::ActionInfo* action)
    : link_(std::move(link)), message_id_(std::move(message_id)), action_(action), pending_(true) {}

RawReply::RawReply(RawReply&& other) noexcept
    : link_(std::move(other.link_)),
      message_id_(std::move(other.message_id_)),
      action_(other.action_),
      pending_(std::exchange(other.pending_, false)) {}

RawReply& RawReply::operator=(RawReply&& other) noexcept {
    if (this != &other) {
        // The reply being overwritten still owes its peer an answer.
        if (pending_) error(RpcErrorCode::InternalError, "the call was dropped without an answer");
        link_ = std::move(other.link_);
        message_id_ = std::move(other.message_id_);
        action_ = other.action_;
        pending_ = std::exchange(other.pending_, false);
    }
    return *this;
}

RawReply::~RawReply() {
    // A destructor must not throw; if even the error cannot be sent, the peer's timeout is all
    // that is left, and the connection's owner hears of the send failure on its next send.
    try {
        if (pending_) error(RpcErrorCode::InternalError, "the call was dropped without an answer");
    } catch (...) {  // NOLINT(bugprone-empty-catch)
    }
}

void RawReply::ok(std::string_view payload_json) {
    if (!pending_) return;
    pending_ = false;
    if (const auto link = link_.lock(); link && link->endpoint) {
        link->endpoint->answer(message_id_, action_, payload_json);
    }
}

void RawReply::error(RpcErrorCode code, std::string_view description) {
    if (!pending_) return;
    pending_ = false;
    if (const auto link = link_.lock(); link && link->endpoint) {
        link->endpoint->answer_error(message_id_, code, description);
    }
}

}  // namespace iskra::rpc
