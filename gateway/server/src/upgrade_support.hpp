// The WebSocket upgrade's pieces OcppServer needs beyond libwebsockets: reading headers and basic
// credentials, checking a station id, and the plain HTTP answers to a refused upgrade.
// Service thread only (they take the connection's lws*).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <libwebsockets.h>

#include "iskra/gateway/ocpp_server.hpp"

namespace iskra::gateway::detail {

std::string header(lws* wsi, lws_token_indexes token);
std::optional<BasicCredentials> basic_credentials(lws* wsi);
// "%2F"-style escapes are not allowed in a station id we accept: ids are printable identifiers.
bool valid_station_id(std::string_view id);
// A plain HTTP answer to an upgrade we refuse, so the station's log says why.
void reply_http(lws* wsi, unsigned int status, const std::string& text, bool ask_for_basic_auth);
// OCPP-J (1.6 and 2.0.1, section 3.1.2): when no offered subprotocol is acceptable, complete
// the WebSocket handshake without naming one and close at once.
void answer_handshake_then_close(lws* wsi);
// The first subprotocol the station offers that we speak, as libwebsockets will pick it.
std::optional<ocpp::Version> chosen_version(const std::string& offered);

}  // namespace iskra::gateway::detail
