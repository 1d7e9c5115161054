#include "iskra/gateway/store/command_log.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "iskra/gateway/store/outbox.hpp"
#include "store_test_support.hpp"

namespace iskra::gateway {
namespace {

using testing::at;
using testing::ok;

class CommandLogTest : public testing::LedgerTest {};

TEST_F(CommandLogTest, ACommandIsRecordedPendingAndCompletedOnceWithItsResponse) {
    const auto id =
        ok(record_command(*db_, "CP-1", "RemoteStartTransaction",
                          R"({"connectorId":1,"idTag":"TAG-1"})", at("2026-05-04T08:00:00Z")));
    auto pending = ok(pending_commands(*db_));
    ASSERT_EQ(pending.size(), 1u);
    EXPECT_EQ(pending[0].id, id);
    EXPECT_EQ(pending[0].status, CommandStatus::Pending);

    ok(complete_command(*db_, id, CommandStatus::Accepted, R"({"status":"Accepted"})",
                        at("2026-05-04T08:00:01Z")));
    const auto record = ok(find_command(*db_, id));
    ASSERT_TRUE(record);
    EXPECT_EQ(record->status, CommandStatus::Accepted);
    EXPECT_EQ(record->response, R"({"status":"Accepted"})");
    EXPECT_EQ(record->completed_at, at("2026-05-04T08:00:01Z"));
    EXPECT_TRUE(ok(pending_commands(*db_)).empty());

    const auto outbox = ok(outbox_after(*db_, 0, 10));
    ASSERT_EQ(outbox.size(), 1u);
    EXPECT_EQ(outbox[0].event_type, "CommandCompleted");
    const auto payload = nlohmann::json::parse(outbox[0].payload);
    EXPECT_EQ(payload["command_id"], id);
    EXPECT_EQ(payload["action"], "RemoteStartTransaction");
    EXPECT_EQ(payload["status"], "accepted");
    EXPECT_EQ(payload["response"]["status"], "Accepted");
}

TEST_F(CommandLogTest, ALateAnswerAfterATimeoutDoesNotRewriteIt) {
    const auto id =
        ok(record_command(*db_, "CP-1", "Reset", R"({"type":"Soft"})", at("2026-05-04T08:00:00Z")));
    ok(complete_command(*db_, id, CommandStatus::Timeout, "no answer in 30 s",
                        at("2026-05-04T08:00:30Z")));
    auto late = complete_command(*db_, id, CommandStatus::Accepted, R"({"status":"Accepted"})",
                                 at("2026-05-04T08:00:45Z"));
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().kind, StoreErrorKind::Conflict);
    EXPECT_EQ(ok(find_command(*db_, id))->status, CommandStatus::Timeout);
    const auto payload = nlohmann::json::parse(ok(outbox_after(*db_, 0, 10)).at(0).payload);
    EXPECT_EQ(payload["response"], "no answer in 30 s");
}

TEST_F(CommandLogTest, ACentralCommandIsLoggedOnceByItsUuidAndReportedWithIt) {
    const auto first = ok(record_central_command(*db_, "c-uuid-1", "CP-1", "Reset",
                                                 R"({"type":"Soft"})", at("2026-05-04T08:00:00Z")));
    EXPECT_TRUE(first.fresh);
    const auto again = ok(record_central_command(*db_, "c-uuid-1", "CP-1", "Reset",
                                                 R"({"type":"Soft"})", at("2026-05-04T08:00:05Z")));
    EXPECT_FALSE(again.fresh);
    EXPECT_EQ(again.id, first.id);
    EXPECT_EQ(ok(pending_commands(*db_)).size(), 1u);

    ok(complete_command(*db_, first.id, CommandStatus::Accepted, R"({"status":"Accepted"})",
                        at("2026-05-04T08:00:01Z")));
    const auto payload = nlohmann::json::parse(ok(outbox_after(*db_, 0, 10)).at(0).payload);
    EXPECT_EQ(payload["central_command_id"], "c-uuid-1");
    EXPECT_EQ(payload["command_id"], first.id) << "the gateway's own id stays an integer";
}

TEST_F(CommandLogTest, ALocalCommandsCompletionCarriesNoCentralId) {
    const auto id =
        ok(record_command(*db_, "CP-1", "Reset", R"({"type":"Soft"})", at("2026-05-04T08:00:00Z")));
    ok(complete_command(*db_, id, CommandStatus::Accepted, R"({"status":"Accepted"})",
                        at("2026-05-04T08:00:01Z")));
    EXPECT_EQ(ok(outbox_after(*db_, 0, 10)).at(0).payload,
              R"({"action":"Reset","command_id":1,"completed_at":"2026-05-04T08:00:01.000Z",)"
              R"("response":{"status":"Accepted"},"station_id":"CP-1","status":"accepted"})");
}

TEST_F(CommandLogTest, CompletingAnUnknownCommandIsNotFound) {
    auto missing =
        complete_command(*db_, 99, CommandStatus::Failed, std::nullopt, at("2026-05-04T08:00:00Z"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, StoreErrorKind::NotFound);
}

}  // namespace
}  // namespace iskra::gateway
