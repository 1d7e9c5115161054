#include "iskra/gateway/uplink/uplink_status.hpp"

namespace iskra::gateway {
namespace {

nlohmann::json optional_time(const std::optional<session::Timestamp>& at) {
    return at ? nlohmann::json(session::format_timestamp(*at)) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json to_json(const UplinkStatus& s) {
    return nlohmann::json{
        {"central_url", s.central_url},
        {"connected", s.connected},
        {"last_error", s.last_error ? nlohmann::json(*s.last_error) : nlohmann::json(nullptr)},
        {"last_error_at", optional_time(s.last_error_at)},
        {"last_ack_at", optional_time(s.last_ack_at)},
        {"acknowledged", s.acknowledged},
        {"backlog", s.backlog},
        {"command_cursor", s.command_cursor},
        {"local_list_version", s.local_list_version},
        {"stations_version", s.stations_version},
        {"events_sent", s.events_sent},
        {"commands_received", s.commands_received},
        {"authorizations_online", s.authorizations_online},
        {"authorizations_fallen_back", s.authorizations_fallen_back}};
}

UplinkStatus UplinkStatusBoard::snapshot() const {
    std::lock_guard lock(mutex_);
    return status_;
}

void UplinkStatusBoard::succeeded() {
    std::lock_guard lock(mutex_);
    status_.connected = true;
}

void UplinkStatusBoard::failed(std::string error, session::Timestamp at) {
    std::lock_guard lock(mutex_);
    status_.connected = false;
    status_.last_error = std::move(error);
    status_.last_error_at = at;
}

}  // namespace iskra::gateway
