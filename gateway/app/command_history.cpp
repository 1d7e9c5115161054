#include "command_history.hpp"

#include <future>
#include <memory>

#include <nlohmann/json.hpp>

#include "iskra/gateway/store/command_log.hpp"

namespace iskra::gateway {
namespace {

// Most commands answer {"status": "Accepted" | "Rejected" | ...}; anything else the station
// answered counts as accepted, and what it said is kept beside the status.
CommandStatus status_of(const CommandOutcome& outcome) {
    if (outcome.kind != CommandOutcome::Kind::Answered) {
        return outcome.error.find("timed out") != std::string::npos ||
                       outcome.error.find("timeout") != std::string::npos ||
                       outcome.error.find("no answer within") != std::string::npos
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

// Submits `work` and waits for its commit.
template <class T, class Work>
tl::expected<T, std::string> run_and_wait(StoreThread& store, Work work,
                                          std::chrono::milliseconds wait) {
    auto promise = std::make_shared<std::promise<tl::expected<T, std::string>>>();
    auto future = promise->get_future();
    store.submit(std::move(work), [promise](tl::expected<T, StoreError> done) {
        if (done) {
            promise->set_value(std::move(*done));
        } else {
            promise->set_value(tl::unexpected(done.error().describe()));
        }
    });
    if (future.wait_for(wait) != std::future_status::ready) {
        return tl::unexpected(std::string("the store did not answer in time"));
    }
    return future.get();
}

}  // namespace

tl::expected<void, StoreError> settle_command(Database& db, std::int64_t id,
                                              const CommandOutcome& outcome, Timestamp now) {
    const std::string response = outcome.kind == CommandOutcome::Kind::Answered
                                     ? outcome.response_json
                                     : nlohmann::json({{"error", outcome.error}}).dump();
    return complete_command(db, id, status_of(outcome), response, now);
}

tl::expected<std::int64_t, std::string> CommandHistory::begin(const std::string& station_id,
                                                              const std::string& action,
                                                              const std::string& request_json) {
    return run_and_wait<std::int64_t>(
        store_,
        [station_id, action, request_json, now = now_()](Database& db) {
            return record_command(db, station_id, action, request_json, now);
        },
        wait_);
}

tl::expected<void, std::string> CommandHistory::finish(std::int64_t id,
                                                       const CommandOutcome& outcome) {
    auto settled = run_and_wait<bool>(
        store_,
        [id, outcome, now = now_()](Database& db) -> tl::expected<bool, StoreError> {
            if (auto done = settle_command(db, id, outcome, now); !done) {
                return tl::unexpected(done.error());
            }
            return true;
        },
        wait_);
    if (!settled) return tl::unexpected(settled.error());
    return {};
}

}  // namespace iskra::gateway
