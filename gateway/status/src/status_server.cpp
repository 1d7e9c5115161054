#include "iskra/gateway/status_server.hpp"

#include <httplib.h>

#include "iskra/log/log.hpp"

namespace iskra::gateway {
namespace {

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

void send_error(httplib::Response& res, int status, std::string code, std::string message,
                std::string field = "") {
    nlohmann::json error = {{"code", std::move(code)}, {"message", std::move(message)}};
    if (!field.empty()) error["field"] = std::move(field);
    send_json(res, status, {{"error", std::move(error)}});
}

// The answer to POST .../commands/{Action} once the outcome is known and logged.
void send_command_outcome(httplib::Response& res, std::int64_t id, const CommandOutcome& outcome) {
    switch (outcome.kind) {
        case CommandOutcome::Kind::Answered:
            send_json(res, 200,
                      {{"command_id", id},
                       {"outcome", "answered"},
                       {"response", nlohmann::json::parse(outcome.response_json)}});
            return;
        case CommandOutcome::Kind::NotConnected:
            send_error(res, 404, "not_connected", outcome.error);
            return;
        case CommandOutcome::Kind::UnknownAction:
            send_error(res, 404, "unknown_action", outcome.error);
            return;
        case CommandOutcome::Kind::InvalidRequest:
            // The schema's path of the offending value; the payload as a whole at its root.
            send_error(res, 400, "invalid_payload", outcome.error,
                       outcome.field.empty() ? "payload" : outcome.field);
            return;
        case CommandOutcome::Kind::Failed: {
            nlohmann::json error = {{"code", "station_failed"}, {"message", outcome.error}};
            if (!outcome.station_error_code.empty()) {
                error["station_error_code"] = outcome.station_error_code;
            }
            send_json(res, 502, {{"command_id", id}, {"error", std::move(error)}});
            return;
        }
    }
}

}  // namespace

StatusServer::StatusServer(std::string host, std::uint16_t port, StatusSources sources,
                           StationCommands& commands, std::chrono::milliseconds command_timeout)
    : host_(std::move(host)),
      port_(port),
      sources_(std::move(sources)),
      commands_(commands),
      command_timeout_(command_timeout),
      http_(std::make_unique<httplib::Server>()) {}

StatusServer::~StatusServer() {
    stop();
}

tl::expected<void, std::string> StatusServer::start() {
    routes();
    if (!http_->bind_to_port(host_.c_str(), port_)) {
        return tl::unexpected("cannot listen on " + host_ + ":" + std::to_string(port_) +
                              " for the status page (port in use?)");
    }
    thread_ = std::thread([this] { http_->listen_after_bind(); });
    return {};
}

void StatusServer::stop() {
    if (http_) http_->stop();
    if (thread_.joinable()) thread_.join();
}

void StatusServer::routes() {
    http_->set_payload_max_length(1 << 20);
    // The page refreshes itself every few seconds; a long keep-alive would only hold up stop().
    http_->set_keep_alive_timeout(1);
    http_->Get("/api/v1/status", [this](const httplib::Request&, httplib::Response& res) {
        send_json(res, 200, sources_.status());
    });
    http_->Get("/api/v1/health", [](const httplib::Request&, httplib::Response& res) {
        send_json(res, 200, {{"ok", true}});
    });
    http_->Get("/", [this](const httplib::Request&, httplib::Response& res) {
        res.set_content(render_status_page(sources_.status()), "text/html; charset=utf-8");
    });
    // Any CSMS→station action of the station's OCPP version, its request payload as the body.
    http_->Post(
        R"(/api/v1/stations/([^/]+)/commands/([A-Za-z0-9]+))",
        [this](const httplib::Request& req, httplib::Response& res) {
            const std::string station = req.matches[1];
            const std::string action = req.matches[2];
            const auto body = nlohmann::json::parse(req.body, nullptr, false);
            if (body.is_discarded() || !body.is_object()) {
                send_error(res, 400, "invalid_json",
                           "the body must be the command's JSON payload (an object)");
                return;
            }
            std::int64_t id = 0;
            if (sources_.begin_command) {
                auto begun = sources_.begin_command(station, action, body.dump());
                if (!begun) {
                    send_error(
                        res, 503, "store_unavailable",
                        "the command was not sent: it could not be logged: " + begun.error());
                    return;
                }
                id = *begun;
            }
            auto future = commands_.send(station, action, body.dump());
            CommandOutcome outcome;
            const bool finished = future.wait_for(command_timeout_) == std::future_status::ready;
            if (finished) {
                outcome = future.get();
            } else {
                outcome = CommandOutcome::refused(CommandOutcome::Kind::Failed,
                                                  "timeout: the gateway did not finish the call");
            }
            if (sources_.finish_command && id != 0) {
                if (auto settled = sources_.finish_command(id, outcome); !settled) {
                    log::warn(station, "command " + std::to_string(id) +
                                           " stays pending in the log: " + settled.error());
                }
            }
            log::info(station, "command " + action + ": " + std::string(to_string(outcome.kind)));
            if (!finished) {
                send_error(res, 504, "timeout", "the gateway did not finish the call");
                return;
            }
            send_command_outcome(res, id, outcome);
        });
    // A start on behalf of a driver, with the limits the back office sets (kWh and/or minutes).
    http_->Post(R"(/api/v1/stations/([^/]+)/remote-start)", [this](const httplib::Request& req,
                                                                   httplib::Response& res) {
        const auto body = nlohmann::json::parse(req.body, nullptr, false);
        if (body.is_discarded() || !body.is_object()) {
            return send_error(res, 400, "invalid_json", "the body must be a JSON object");
        }
        StatusSources::RemoteStart start;
        start.station_id = req.matches[1];
        if (!body.contains("id_token") || !body["id_token"].is_string() ||
            body["id_token"].get<std::string>().empty()) {
            return send_error(res, 400, "missing_field", "id_token (a string) is required",
                              "id_token");
        }
        start.id_token = body["id_token"];
        const auto positive = [&](const char* field, std::optional<std::int64_t>& out) {
            if (!body.contains(field) || body[field].is_null()) return true;
            if (!body[field].is_number_integer() || body[field].get<std::int64_t>() <= 0) {
                send_error(res, 400, "invalid_field",
                           std::string(field) + " must be a positive integer", field);
                return false;
            }
            out = body[field].get<std::int64_t>();
            return true;
        };
        std::optional<std::int64_t> evse;
        if (!positive("evse_id", evse) || !positive("max_energy_wh", start.max_energy_wh) ||
            !positive("max_minutes", start.max_minutes)) {
            return;
        }
        start.evse_id = evse.value_or(0);
        const auto answer = sources_.remote_start(start);
        if (!answer) return send_error(res, 502, "station_failed", answer.error());
        send_json(res, 200,
                  {{"outcome", "answered"}, {"response", nlohmann::json::parse(*answer)}});
    });
    // The site's allow-list, for commissioning without central.
    http_->Put(R"(/api/v1/stations/([^/]+))", [this](const httplib::Request& req,
                                                     httplib::Response& res) {
        const std::string station = req.matches[1];
        const auto body = nlohmann::json::parse(req.body, nullptr, false);
        if (body.is_discarded() || !body.is_object()) {
            return send_error(res, 400, "invalid_json", "the body must be a JSON object");
        }
        if (!body.contains("allow_state") || !body["allow_state"].is_string()) {
            return send_error(res, 400, "missing_field",
                              "allow_state (allowed, pending or rejected) is required",
                              "allow_state");
        }
        std::optional<std::string> password;
        if (body.contains("password")) {
            if (!body["password"].is_string() || body["password"].get<std::string>().size() < 16) {
                return send_error(res, 400, "invalid_field",
                                  "password must be a string of at least 16 characters",
                                  "password");
            }
            password = body["password"].get<std::string>();
        }
        if (auto problem = sources_.set_station(station, body["allow_state"], password)) {
            return send_error(res, 400, "invalid_field", *problem, "allow_state");
        }
        send_json(res, 200, {{"station_id", station}, {"allow_state", body["allow_state"]}});
    });
    http_->Post("/api/v1/local-list", [this](const httplib::Request& req, httplib::Response& res) {
        const auto body = nlohmann::json::parse(req.body, nullptr, false);
        if (body.is_discarded() || !body.is_object()) {
            return send_error(res, 400, "invalid_json", "the body must be a JSON object");
        }
        if (!body.contains("version") || !body["version"].is_number_integer() ||
            body["version"].get<std::int64_t>() < 1) {
            return send_error(res, 400, "invalid_field", "version must be a positive integer",
                              "version");
        }
        const std::string update = body.value("update_type", "Full");
        if (update != "Full" && update != "Differential") {
            return send_error(res, 400, "invalid_field", "update_type must be Full or Differential",
                              "update_type");
        }
        if (!body.contains("entries") || !body["entries"].is_array()) {
            return send_error(res, 400, "missing_field", "entries must be a list", "entries");
        }
        if (auto problem = sources_.update_local_list(body["version"].get<std::int64_t>(),
                                                      update == "Full", body["entries"])) {
            // Entry problems name their entry ("entries/3: ..."); anything else is the store
            // refusing a version that is not newer than the one it holds.
            if (problem->starts_with("entries/")) {
                return send_error(res, 400, "invalid_field", *problem,
                                  problem->substr(0, problem->find(':')));
            }
            return send_error(res, 409, "rejected", *problem, "version");
        }
        send_json(res, 200, {{"version", body["version"]}, {"update_type", update}});
    });
    http_->set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.body.empty()) {
            send_error(res, res.status, "not_found", "no such page or API route");
        }
    });
}

}  // namespace iskra::gateway
