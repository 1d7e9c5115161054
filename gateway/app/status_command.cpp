#include "status_command.hpp"

#include <httplib.h>

#include <cstdio>
#include <nlohmann/json.hpp>

namespace iskra::gateway {
namespace {

std::string field(const nlohmann::json& object, const char* key) {
    if (!object.contains(key) || object[key].is_null()) return "-";
    return object[key].is_string() ? object[key].get<std::string>() : object[key].dump();
}

}  // namespace

std::string format_status_text(const std::string& status_json) {
    const auto status = nlohmann::json::parse(status_json, nullptr, false);
    if (status.is_discarded() || !status.is_object())
        return "the gateway sent no readable status\n";
    std::string out;
    out += "uplink: " + field(status, "uplink") +
           ", outbox backlog: " + field(status, "outbox_backlog") + "\n";
    const auto& connected = status.value("connected", nlohmann::json::array());
    out += "connected stations: " + std::to_string(connected.size()) + "\n";
    for (const auto& station : connected) {
        out += "  " + field(station, "station_id") + "  " + field(station, "protocol") + "  from " +
               field(station, "remote_address") + "  idle " + field(station, "idle_s") +
               "s  last " + field(station, "last_action") + "\n";
    }
    const auto& connectors = status.value("connectors", nlohmann::json::array());
    out += "connectors: " + std::to_string(connectors.size()) + "\n";
    for (const auto& c : connectors) {
        out += "  " + field(c, "station_id") + "/" + field(c, "connector_id") + "  " +
               field(c, "status") + "\n";
    }
    const auto& sessions = status.value("open_sessions", nlohmann::json::array());
    out += "open sessions: " + std::to_string(sessions.size()) + "\n";
    for (const auto& s : sessions) {
        out += "  " + field(s, "session_id") + "  " + field(s, "station_id") + "/" +
               field(s, "connector_id") + "  token " + field(s, "token") + "  since " +
               field(s, "started_at") + "\n";
    }
    return out;
}

int run_status_command(const GatewaySettings& settings) {
    const std::string host = settings.status_host == "0.0.0.0" ? "127.0.0.1" : settings.status_host;
    httplib::Client client(host, settings.status_port);
    client.set_connection_timeout(3);
    client.set_read_timeout(10);
    const auto response = client.Get("/api/v1/status");
    if (!response || response->status != 200) {
        std::fprintf(stderr, "iskra-gateway status: no gateway answers on %s:%u (is it running?)\n",
                     host.c_str(), static_cast<unsigned>(settings.status_port));
        return 1;
    }
    std::fputs(format_status_text(response->body).c_str(), stdout);
    return 0;
}

}  // namespace iskra::gateway
