// What the per-version handler files share: keeping a move-only Reply inside the ledger's
// std::function callbacks, answering a failure the same way everywhere, and the two shapes most
// handlers have (map, record, answer; or keep as it came, answer).
#pragma once

#include <memory>
#include <string>

#include "iskra/gateway/station_service.hpp"
#include "iskra/log/log.hpp"
#include "iskra/ocpp/codec.hpp"
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

// Registers a handler that maps the message to its event with `map` (session::from_v16 or
// from_v201), records it with `record`, and answers `response` once committed.
template <class Request, class Map, class Event>
void record_then_answer(StationService& service, StationRouter& router, Map map,
                        void (SiteLedger::*record)(Event, Done<Recorded>),
                        typename Request::Response response = {}) {
    router.on<Request>([&service, map, record, response](
                           StationConnection& connection, const std::string&,
                           const Request& request, rpc::Reply<typename Request::Response> reply) {
        connection.note_action(Request::kAction);
        const std::string station = connection.station_id();
        auto event = map(station, request);
        if (!event) return answer_mapping_failure(reply, station, event.error());
        auto shared = share(std::move(reply));
        (service.ledger().*record)(
            std::move(*event),
            [shared, station, response](tl::expected<Recorded, std::string> done) {
                if (!done) return answer_store_failure(shared, station, done.error());
                shared->ok(response);
            });
    });
}

// Registers a handler for a message nothing at the site acts on: kept as it came, for central,
// and answered `response` once committed.
template <class Request>
void keep_and_answer(StationService& service, StationRouter& router,
                     typename Request::Response response = {}) {
    router.on<Request>([&service, response](StationConnection& connection, const std::string&,
                                            const Request& request,
                                            rpc::Reply<typename Request::Response> reply) {
        connection.note_action(Request::kAction);
        auto shared = share(std::move(reply));
        const std::string station = connection.station_id();
        service.ledger().record_station_message(
            station, std::string(Request::kAction), ocpp::encode_payload(request),
            [shared, station, response](tl::expected<Recorded, std::string> done) {
                if (!done) return answer_store_failure(shared, station, done.error());
                shared->ok(response);
            });
    });
}

}  // namespace iskra::gateway::detail
