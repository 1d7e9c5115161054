// The technician's changes to the site without central: the station allow-list with
// passwords, and the gateway's local authorisation list. Called on a status-page HTTP thread;
// each change is one store job, waited for, then mirrored into the service thread's registry.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "iskra/gateway/ocpp_server.hpp"
#include "iskra/gateway/station_registry.hpp"
#include "iskra/gateway/store/store_thread.hpp"

namespace iskra::gateway {

class SiteAdmin {
public:
    using Now = std::function<session::Timestamp()>;
    SiteAdmin(StoreThread& store, OcppServer& server, StationRegistry& registry, Now now)
        : store_(store), server_(server), registry_(registry), now_(std::move(now)) {}

    // An error for the caller, or nullopt once the change is stored and in force.
    std::optional<std::string> set_station(const std::string& station_id,
                                           const std::string& allow_state,
                                           const std::optional<std::string>& password);
    std::optional<std::string> update_local_list(std::int64_t version, bool full,
                                                 const nlohmann::json& entries);

private:
    StoreThread& store_;
    OcppServer& server_;
    StationRegistry& registry_;
    Now now_;
};

}  // namespace iskra::gateway
