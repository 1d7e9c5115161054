// The table every dispatcher consults: which actions a version defines, who may send each
// request, and a schema check for its request and response payloads.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "iskra/ocpp/decode_support.hpp"
#include "iskra/ocpp/version.hpp"

namespace iskra::ocpp {

// Which side sends the request of an action (the other side sends the response).
enum class Initiator { Station, Csms };

struct ActionInfo {
    std::string_view name;
    Initiator initiator;
    bool (*check_request)(simdjson::dom::element payload, DecodeContext& ctx);
    bool (*check_response)(simdjson::dom::element payload, DecodeContext& ctx);
    // Decode into the typed struct and encode it again: the canonical JSON of a valid payload
    // (what the store keeps, and what the round-trip tests compare).
    bool (*reencode_request)(simdjson::dom::element payload, std::string& json, DecodeContext& ctx);
    bool (*reencode_response)(simdjson::dom::element payload, std::string& json,
                              DecodeContext& ctx);
};

// Every action of `version`, sorted by name; generated from the official schemas.
std::span<const ActionInfo> actions(Version version);
// nullptr when `version` defines no such action.
const ActionInfo* find_action(Version version, std::string_view name);

}  // namespace iskra::ocpp
