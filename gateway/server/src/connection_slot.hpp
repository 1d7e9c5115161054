// What libwebsockets keeps per connection (zero-filled C memory): the admission decided at the
// upgrade, then the connection it became. Private to the server's source files.
#pragma once

#include <string>

#include "iskra/gateway/station_connection.hpp"
#include "iskra/ocpp/version.hpp"

namespace iskra::gateway::detail {

struct Pending {
    std::string station_id;
    ocpp::Version version;
};

struct Slot {
    Pending* pending;
    StationConnection* connection;
};

}  // namespace iskra::gateway::detail
