// The OCPP versions Iskra speaks and the WebSocket subprotocol names that select them.
#pragma once

#include <optional>
#include <string_view>

namespace iskra::ocpp {

enum class Version { v16, v201 };

// The WebSocket subprotocol a station offers for each version ("ocpp1.6", "ocpp2.0.1").
std::string_view subprotocol(Version version);
std::optional<Version> version_from_subprotocol(std::string_view name);

}  // namespace iskra::ocpp
