// The status API's JSON, from what the service thread sees (connections) and what the store
// holds (stations, connectors, open sessions, outbox). One place for its shape: the page, the
// `status` command and the integration tests all read these names.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "iskra/gateway/ocpp_server.hpp"
#include "iskra/gateway/store/status_queries.hpp"

namespace iskra::gateway {

nlohmann::json connections_json(const std::vector<ConnectionSummary>& connections);
// stations, connectors, open_sessions, outbox_backlog, outbox_acknowledged.
nlohmann::json site_status_json(const SiteStatus& status);

}  // namespace iskra::gateway
