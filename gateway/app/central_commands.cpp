#include "central_commands.hpp"

#include <future>

#include <nlohmann/json.hpp>

#include "iskra/log/log.hpp"

namespace iskra::gateway {

void CentralCommandRunner::run(const CentralCommandJob& job) {
    const CommandOutcome outcome = outcome_of(job);
    log::info(job.station_id, "central command " + job.action + ": " +
                                  std::string(to_string(outcome.kind)) +
                                  (outcome.error.empty() ? "" : " (" + outcome.error + ")"));
    if (auto settled = history_.finish(job.id, outcome); !settled) {
        log::warn(job.station_id, "central command " + job.central_command_id +
                                      " stays pending: " + settled.error());
    }
}

CommandOutcome CentralCommandRunner::outcome_of(const CentralCommandJob& job) {
    if (job.action == "RemoteStart") return remote_start(job);
    auto future = commands_.send(job.station_id, job.action, job.payload_json);
    if (future.wait_for(timeout_) != std::future_status::ready) {
        return CommandOutcome::refused(CommandOutcome::Kind::Failed,
                                       "no answer within the command timeout");
    }
    return future.get();
}

// {"connector_id", "id_token", "max_energy_wh"?, "max_duration_s"?}
CommandOutcome CentralCommandRunner::remote_start(const CentralCommandJob& job) {
    const auto payload = nlohmann::json::parse(job.payload_json, nullptr, false);
    const auto integer = [&payload](const char* key) -> std::optional<std::int64_t> {
        if (!payload.is_object() || !payload.contains(key) || !payload[key].is_number_integer())
            return std::nullopt;
        return payload[key].get<std::int64_t>();
    };
    if (!payload.is_object() || !payload.contains("id_token") || !payload["id_token"].is_string()) {
        CommandOutcome invalid = CommandOutcome::refused(CommandOutcome::Kind::InvalidRequest,
                                                         "RemoteStart needs an id_token");
        invalid.field = "id_token";
        return invalid;
    }
    StationService::RemoteStart request;
    request.evse_id = integer("connector_id").value_or(0);
    request.token =
        session::Token{payload["id_token"].get<std::string>(), session::TokenType::Central};
    request.limit.max_energy_wh = integer("max_energy_wh");
    if (auto seconds = integer("max_duration_s")) {
        // The gateway enforces whole minutes; round up so a limit never stops a session early.
        request.limit.max_duration =
            std::chrono::ceil<std::chrono::minutes>(std::chrono::seconds(*seconds));
    }
    auto answered = remote_start_(job.station_id, request);
    if (!answered) return CommandOutcome::refused(CommandOutcome::Kind::Failed, answered.error());
    return CommandOutcome::answered(*answered);
}

}  // namespace iskra::gateway
