// Helpers the per-version handler files share: keeping a move-only Reply inside the
// std::function callbacks of the ledger, and answering a failure the same way everywhere.
#pragma once

#include <memory>
#include <string>

#include "iskra/log/log.hpp"
#include "iskra/rpc/reply.hpp"
#include "iskra/session/mapping_error.hpp"

namespace iskra::gateway::detail {

// std::function needs copyable callables; the Reply is shared by the copies, answered once.
template <class Response>
using SharedReply = std::shared_ptr<rpc::Reply<Response>>;

template <class Response>
SharedReply<Response> share(rpc::Reply<Response> reply) {
    return std::make_shared<rpc::Reply<Response>>(std::move(reply));
}

// The store could not commit: the station gets InternalError and, as OCPP asks, tries again.
template <class Response>
void answer_store_failure(const SharedReply<Response>& reply, const std::string& station,
                          const std::string& error) {
    log::error(station, "not answered, the record failed: " + error);
    reply->error(rpc::RpcErrorCode::InternalError, "the gateway could not store this message");
}

// Schema-valid but unusable content (an unreadable meter value, ...): named to the station.
template <class Response>
void answer_mapping_failure(rpc::Reply<Response>& reply, const std::string& station,
                            const session::MappingError& error) {
    log::warn(station, "refused: " + error.describe());
    reply.error(rpc::RpcErrorCode::PropertyConstraintViolation, error.describe());
}

}  // namespace iskra::gateway::detail
