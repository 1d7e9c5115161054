#include "command_history.hpp"

#include <nlohmann/json.hpp>

#include "iskra/gateway/store/command_log.hpp"

namespace iskra::gateway {
namespace {

// Most commands answer {"status": "Accepted" | "Rejected" | ...}; anything else the station
// answered counts as accepted, and what it said is kept beside the status.
CommandStatus status_of(const CommandOutcome& outcome) {
    if (outcome.kind != CommandOutcome::Kind::Answered) {
        return outcome.error.find("timed out") != std::string::npos ||
                       outcome.error.find("timeout") != std::string::npos
                   ? CommandStatus::Timeout
                   : CommandStatus::Failed;
    }
    const auto response = nlohmann::json::parse(outcome.response_json, nullptr, false);
    if (response.is_object() && response.contains("status") && response["status"].is_string()) {
        const std::string status = response["status"];
        if (status != "Accepted" && status != "Unlocked" && status != "Scheduled") {
            return CommandStatus::Rejected;
        }
    }
    return CommandStatus::Accepted;
}

}  // namespace

tl::expected<std::int64_t, StoreError> record_finished_command(
    Database& db, const std::string& station_id, const std::string& action,
    const std::string& request_json, const CommandOutcome& outcome, Timestamp now) {
    auto id = record_command(db, station_id, action, request_json, now);
    if (!id) return id;
    const std::string response = outcome.kind == CommandOutcome::Kind::Answered
                                     ? outcome.response_json
                                     : nlohmann::json({{"error", outcome.error}}).dump();
    auto completed = complete_command(db, *id, status_of(outcome), response, now);
    if (!completed) return tl::unexpected(completed.error());
    return id;
}

}  // namespace iskra::gateway
