// The status API's JSON, from what the service thread sees (connections) and what the store
// holds (stations, connectors, open sessions, outbox). One place for its shape: the page, the
// `status` command and the integration tests all read these names.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "iskra/gateway/ocpp_server.hpp"
#include "iskra/gateway/store/status_queries.hpp"
#include "iskra/gateway/uplink/uplink_status.hpp"

namespace iskra::gateway {

nlohmann::json connections_json(const std::vector<ConnectionSummary>& connections);
// stations, connectors, open_sessions, outbox_backlog, outbox_acknowledged. Each open session's
// cost_so_far_grosz is priced at `now` from the stored tariff feed (ad hoc: the gateway does not
// know the token's kind) with its meter start and last reading; null when no tariff is known.
nlohmann::json site_status_json(const SiteStatus& status, session::Timestamp now);
// "uplink": one line a technician reads ("connected to URL", "not connected: why");
// "uplink_detail": every figure of the uplink (connected, last_error, backlog, last_ack_at,
// command_cursor, list versions, ...).
std::string uplink_summary(const UplinkStatus& status);
void add_uplink_status(nlohmann::json& status, const UplinkStatus* uplink);

}  // namespace iskra::gateway
