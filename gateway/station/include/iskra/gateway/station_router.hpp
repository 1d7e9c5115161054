// The handlers of one OCPP version, registered once and shared by every connection of that
// version (rpc::SharedRouter): each handler is given the connection the CALL came on and its
// station id. Service thread only.
#pragma once

#include <string>
#include <utility>

#include "iskra/gateway/station_connection.hpp"
#include "iskra/rpc/shared_router.hpp"

namespace iskra::gateway {

class StationRouter {
public:
    explicit StationRouter(ocpp::Version version) : router_(version) {}

    // `handler(StationConnection& connection, const std::string& station, const Request&,
    // rpc::Reply<Request::Response>)`.
    template <class Request, class Handler>
    void on(Handler handler) {
        router_.on<Request>(
            [handler = std::move(handler)](StationConnection& connection, const Request& request,
                                           rpc::Reply<typename Request::Response> reply) mutable {
                handler(connection, connection.station_id(), request, std::move(reply));
            });
    }

    // Gives `connection` these handlers.
    void serve(StationConnection& connection) const {
        connection.endpoint().use_shared_router(router_, &connection);
    }

private:
    rpc::SharedRouter<StationConnection> router_;
};

}  // namespace iskra::gateway
