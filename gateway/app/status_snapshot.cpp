#include "status_snapshot.hpp"

#include "iskra/gateway/running_cost.hpp"
#include "iskra/gateway/tariff_feed.hpp"
#include "iskra/session/timestamp.hpp"

namespace iskra::gateway {
namespace {

template <class T>
nlohmann::json optional_json(const std::optional<T>& value) {
    if (!value) return nullptr;
    if constexpr (std::is_same_v<T, session::Timestamp>) {
        return session::format_timestamp(*value);
    } else {
        return *value;
    }
}

std::optional<TariffFeed> stored_feed(const SiteStatus& status) {
    if (!status.tariff_feed) return std::nullopt;
    auto feed = parse_tariff_feed_text(*status.tariff_feed);
    if (!feed) return std::nullopt;
    return *std::move(feed);
}

nlohmann::json cost_so_far(const std::optional<TariffFeed>& feed, const SessionView& v,
                           session::Timestamp now) {
    if (!feed || !v.started_at) return nullptr;
    const auto& versions = feed->versions_for(v.station_id, tariff::CustomerKind::kAdHoc);
    if (versions.empty()) return nullptr;
    SessionSoFar so_far{*v.started_at, v.meter_start_wh, {}, tariff::CustomerKind::kAdHoc};
    if (v.last_meter_wh && v.last_meter_at) {
        session::MeterSample last;
        last.timestamp = *v.last_meter_at;
        last.energy_wh = *v.last_meter_wh;
        so_far.samples.push_back(last);
    }
    return optional_json(running_cost_grosz(versions, so_far, now));
}

}  // namespace

nlohmann::json connections_json(const std::vector<ConnectionSummary>& connections) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& c : connections) {
        out.push_back({{"station_id", c.station_id},
                       {"protocol", std::string(ocpp::subprotocol(c.version))},
                       {"remote_address", c.remote_address},
                       {"connected_s", c.connected_for.count()},
                       {"idle_s", c.idle_for.count()},
                       {"last_action", c.last_action},
                       {"calls_received", c.stats.calls_received},
                       {"calls_rejected", c.stats.calls_rejected},
                       {"frame_errors", c.stats.frame_errors}});
    }
    return out;
}

nlohmann::json site_status_json(const SiteStatus& status, session::Timestamp now) {
    const auto feed = stored_feed(status);
    nlohmann::json stations = nlohmann::json::array();
    nlohmann::json connectors = nlohmann::json::array();
    for (const auto& s : status.stations) {
        stations.push_back({{"station_id", s.station_id},
                            {"protocol", optional_json(s.protocol)},
                            {"vendor", optional_json(s.vendor)},
                            {"model", optional_json(s.model)},
                            {"firmware_version", optional_json(s.firmware_version)},
                            {"allow_state", std::string(to_string(s.allow_state))},
                            {"last_seen_at", optional_json(s.last_seen_at)},
                            {"last_boot_at", optional_json(s.last_boot_at)}});
        for (const auto& c : s.connectors) {
            connectors.push_back({{"station_id", s.station_id},
                                  {"evse_id", c.evse_id},
                                  {"connector_id", c.connector_id},
                                  {"status", c.status},
                                  {"error_code", optional_json(c.error_code)},
                                  {"info", optional_json(c.info)},
                                  {"updated_at", optional_json(c.updated_at)}});
        }
    }
    nlohmann::json sessions = nlohmann::json::array();
    for (const auto& v : status.open_sessions) {
        sessions.push_back(
            {{"session_id", v.session_uuid},
             {"station_id", v.station_id},
             {"evse_id", optional_json(v.evse_id)},
             {"connector_id", optional_json(v.connector_id)},
             {"transaction_id", v.transaction_id_v16 ? nlohmann::json(*v.transaction_id_v16)
                                                     : optional_json(v.transaction_id_v201)},
             {"token", optional_json(v.token_id)},
             {"started_at", optional_json(v.started_at)},
             {"meter_start_wh", optional_json(v.meter_start_wh)},
             {"last_meter_wh", optional_json(v.last_meter_wh)},
             {"last_meter_at", optional_json(v.last_meter_at)},
             {"offline", v.offline},
             {"cost_so_far_grosz", cost_so_far(feed, v, now)}});
    }
    return {{"stations", stations},
            {"connectors", connectors},
            {"open_sessions", sessions},
            {"outbox_backlog", status.outbox.pending},
            {"outbox_last_seq", status.outbox.last_seq},
            {"outbox_acknowledged", status.outbox.acknowledged}};
}

std::string uplink_summary(const UplinkStatus& status) {
    if (status.connected) {
        std::string line = "connected to " + status.central_url;
        if (status.last_ack_at) {
            line += ", last acknowledgement " + session::format_timestamp(*status.last_ack_at);
        }
        return line;
    }
    if (status.last_error) return "not connected: " + *status.last_error;
    return "connecting to " + status.central_url;
}

void add_uplink_status(nlohmann::json& status, const UplinkStatus* uplink) {
    if (uplink == nullptr) {
        status["uplink"] = "standalone (no central configured)";
        return;
    }
    status["uplink"] = uplink_summary(*uplink);
    status["uplink_detail"] = to_json(*uplink);
}

}  // namespace iskra::gateway
