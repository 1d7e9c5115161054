// The command log as the status API uses it: a command is written Pending, and committed,
// before it is sent, and settled with its outcome after, so a crash mid-command leaves a
// Pending row (pending_commands() lists it after a restart) rather than no trace. Settling also
// queues the outcome for central through the outbox.
//
// Any thread but the store thread: each call waits for its store job's commit.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include <tl/expected.hpp>

#include "iskra/gateway/station_commands.hpp"
#include "iskra/gateway/store/database.hpp"
#include "iskra/gateway/store/store_thread.hpp"

namespace iskra::gateway {

// Runs inside a store job: settles command `id` with what came of it.
tl::expected<void, StoreError> settle_command(Database& db, std::int64_t id,
                                              const CommandOutcome& outcome, Timestamp now);

class CommandHistory {
public:
    using Now = std::function<Timestamp()>;
    CommandHistory(StoreThread& store, Now now,
                   std::chrono::milliseconds wait = std::chrono::seconds(5))
        : store_(store), now_(std::move(now)), wait_(wait) {}

    // The new Pending row's id once it is durable, or why there is none.
    tl::expected<std::int64_t, std::string> begin(const std::string& station_id,
                                                  const std::string& action,
                                                  const std::string& request_json);
    // Settles the row; an error says why it stays Pending.
    tl::expected<void, std::string> finish(std::int64_t id, const CommandOutcome& outcome);

private:
    StoreThread& store_;
    Now now_;
    std::chrono::milliseconds wait_;
};

}  // namespace iskra::gateway
