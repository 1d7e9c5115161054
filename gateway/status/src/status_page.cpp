#include <string>

#include "iskra/gateway/status_server.hpp"

namespace iskra::gateway {
namespace {

std::string escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '&':
                out += "&amp;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out.push_back(c);
        }
    }
    return out;
}

std::string text_of(const nlohmann::json& value) {
    if (value.is_string()) return escape(value.get<std::string>());
    if (value.is_null()) return "–";
    return escape(value.dump());
}

// A table of `rows` (objects) with the given columns, or a line saying there are none.
std::string table(const nlohmann::json& rows, std::initializer_list<const char*> columns,
                  const char* empty) {
    if (!rows.is_array() || rows.empty()) return std::string("<p>") + empty + "</p>";
    std::string out = "<table><tr>";
    for (const char* column : columns)
        out += std::string("<th>") + column + "</th>";
    out += "</tr>";
    for (const auto& row : rows) {
        out += "<tr>";
        for (const char* column : columns) {
            out +=
                "<td>" + text_of(row.contains(column) ? row[column] : nlohmann::json()) + "</td>";
        }
        out += "</tr>";
    }
    return out + "</table>";
}

}  // namespace

std::string render_status_page(const nlohmann::json& status) {
    std::string page =
        "<!doctype html><html><head><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width,initial-scale=1'>"
        "<meta http-equiv=refresh content=5><title>Iskra gateway</title><style>"
        "body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #ccc;padding:4px;text-align:left;font-size:14px}"
        "</style></head><body><h1>Iskra gateway</h1>";
    const auto get = [&](const char* key) {
        return status.contains(key) ? status[key] : nlohmann::json();
    };
    page += "<p>Uplink: " + text_of(get("uplink")) +
            " · outbox backlog: " + text_of(get("outbox_backlog")) + "</p>";
    page += "<h2>Connected stations</h2>" + table(get("connected"),
                                                  {"station_id", "protocol", "remote_address",
                                                   "connected_s", "idle_s", "last_action"},
                                                  "No station is connected.");
    page += "<h2>Connectors</h2>" +
            table(get("connectors"),
                  {"station_id", "evse_id", "connector_id", "status", "error_code", "updated_at"},
                  "No connector has reported.");
    page += "<h2>Open sessions</h2>" + table(get("open_sessions"),
                                             {"session_id", "station_id", "connector_id", "token",
                                              "started_at", "meter_start_wh", "last_meter_wh"},
                                             "No session is open.");
    return page + "</body></html>";
}

}  // namespace iskra::gateway
