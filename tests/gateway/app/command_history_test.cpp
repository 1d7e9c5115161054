// The status API's command log: Pending and durable before the command is sent, settled after,
// and a Pending row outlives a gateway that dies in between.
#include "command_history.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>

#include "iskra/gateway/store/command_log.hpp"
#include "iskra/gateway/store/migrations.hpp"
#include "iskra/gateway/store/outbox.hpp"

namespace iskra::gateway {
namespace {

// Completions run on the store thread itself: the tests only wait on futures.
class InlineSink final : public CompletionSink {
public:
    void post(std::function<void()> completion) override { completion(); }
};

Timestamp fixed_now() {
    return session::parse_timestamp("2026-11-28T12:00:00.000Z").value();
}

class CommandHistoryTest : public ::testing::Test {
protected:
    CommandHistoryTest() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "iskra-commands-XXXXXX").string();
        if (::mkdtemp(pattern.data()) != nullptr) dir_ = pattern;
        file_ = dir_ / "gateway.db";
    }
    ~CommandHistoryTest() override {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    std::unique_ptr<StoreThread> open_store() {
        auto db = open_gateway_database(file_);
        EXPECT_TRUE(db);
        return std::make_unique<StoreThread>(std::move(*db), sink_);
    }
    // What another connection (or the gateway after a restart) finds in the file.
    std::optional<CommandRecord> read_back(std::int64_t id) {
        auto db = Database::open(file_);
        EXPECT_TRUE(db);
        auto found = find_command(**db, id);
        EXPECT_TRUE(found);
        return *found;
    }

    InlineSink sink_;
    std::filesystem::path dir_;
    std::filesystem::path file_;
};

TEST_F(CommandHistoryTest, TheCommandIsPendingAndDurableBeforeItIsSent) {
    auto store = open_store();
    CommandHistory history(*store, fixed_now);
    const auto id = history.begin("CP-1", "Reset", R"({"type":"Soft"})");
    ASSERT_TRUE(id) << id.error();
    // Begin has returned: this is the moment the command goes to the station.
    const auto pending = read_back(*id);
    ASSERT_TRUE(pending);
    EXPECT_EQ(pending->status, CommandStatus::Pending);
    EXPECT_EQ(pending->action, "Reset");

    const auto answered = CommandOutcome::answered(R"({"status":"Accepted"})");
    ASSERT_TRUE(history.finish(*id, answered));
    const auto settled = read_back(*id);
    ASSERT_TRUE(settled);
    EXPECT_EQ(settled->status, CommandStatus::Accepted);
    EXPECT_EQ(settled->response, R"({"status":"Accepted"})");
}

TEST_F(CommandHistoryTest, APendingRowSurvivesAGatewayThatStopsMidCommand) {
    std::int64_t id = 0;
    {
        auto store = open_store();
        CommandHistory history(*store, fixed_now);
        const auto begun = history.begin("CP-1", "RemoteStopTransaction", R"({"transactionId":7})");
        ASSERT_TRUE(begun);
        id = *begun;
        // ... and the gateway goes before the station answers: no finish().
    }
    auto db = open_gateway_database(file_);
    ASSERT_TRUE(db);
    const auto pending = pending_commands(**db);
    ASSERT_TRUE(pending);
    ASSERT_EQ(pending->size(), 1u);
    EXPECT_EQ(pending->front().id, id);
    EXPECT_EQ(pending->front().station_id, "CP-1");
}

TEST_F(CommandHistoryTest, AFailureSettlesTheRowAndReachesTheOutbox) {
    auto store = open_store();
    CommandHistory history(*store, fixed_now);
    const auto id = history.begin("CP-1", "Reset", R"({"type":"Hard"})");
    ASSERT_TRUE(id);
    const auto timed_out =
        CommandOutcome::refused(CommandOutcome::Kind::Failed, "no answer within 30000 ms");
    ASSERT_TRUE(history.finish(*id, timed_out));
    EXPECT_EQ(read_back(*id)->status, CommandStatus::Timeout);
    // A second settlement (a late answer) does not rewrite it.
    EXPECT_FALSE(history.finish(*id, CommandOutcome::answered("{}")));
    store->stop();
    auto db = Database::open(file_);
    ASSERT_TRUE(db);
    const auto outbox = outbox_after(**db, 0, 100);
    ASSERT_TRUE(outbox);
    EXPECT_EQ(outbox->size(), 1u);
}

}  // namespace
}  // namespace iskra::gateway
