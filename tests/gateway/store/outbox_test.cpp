#include "iskra/gateway/store/outbox.hpp"

#include <gtest/gtest.h>

#include "store_test_support.hpp"

namespace iskra::gateway {
namespace {

using testing::at;
using testing::ok;

class OutboxTest : public testing::LedgerTest {
protected:
    std::int64_t append(int i) {
        return ok(append_outbox(*db_, "Test", "{\"i\":" + std::to_string(i) + "}",
                                at("2026-05-04T08:00:00Z") + std::chrono::seconds(i)));
    }
};

TEST_F(OutboxTest, RowsComeBackInOrderPageByPage) {
    for (int i = 1; i <= 25; ++i)
        EXPECT_EQ(append(i), i);
    std::vector<std::int64_t> seen;
    std::int64_t after = 0;
    for (;;) {
        const auto page = ok(outbox_after(*db_, after, 10));
        if (page.empty()) break;
        for (const auto& e : page)
            seen.push_back(e.seq);
        after = page.back().seq;
    }
    ASSERT_EQ(seen.size(), 25u);
    for (std::size_t i = 0; i < seen.size(); ++i)
        EXPECT_EQ(seen[i], static_cast<std::int64_t>(i + 1));
    const auto third = ok(outbox_after(*db_, 2, 1));
    EXPECT_EQ(third.at(0).payload, "{\"i\":3}");
    EXPECT_EQ(third.at(0).created_at, at("2026-05-04T08:00:03Z"));
}

TEST_F(OutboxTest, AcknowledgementOnlyMovesForward) {
    for (int i = 1; i <= 10; ++i)
        append(i);
    EXPECT_EQ(ok(acknowledge(*db_, 6, at("2026-05-04T09:00:00Z"))), 6);
    EXPECT_EQ(ok(acknowledge(*db_, 4, at("2026-05-04T09:00:01Z"))), 6);  // a stale ack
    const auto backlog = ok(outbox_backlog(*db_));
    EXPECT_EQ(backlog.acknowledged, 6);
    EXPECT_EQ(backlog.last_seq, 10);
    EXPECT_EQ(backlog.pending, 4);
    EXPECT_EQ(backlog.oldest_pending_at, at("2026-05-04T08:00:07Z"));
}

TEST_F(OutboxTest, AcknowledgingWhatWasNeverAppendedIsRefused) {
    append(1);
    auto refused = acknowledge(*db_, 2, at("2026-05-04T09:00:00Z"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, StoreErrorKind::Invalid);
    EXPECT_EQ(ok(outbox_backlog(*db_)).acknowledged, 0);
}

TEST_F(OutboxTest, EmptyOutboxHasNoBacklog) {
    const auto backlog = ok(outbox_backlog(*db_));
    EXPECT_EQ(backlog.pending, 0);
    EXPECT_EQ(backlog.last_seq, 0);
    EXPECT_FALSE(backlog.oldest_pending_at);
}

TEST_F(OutboxTest, SequenceNumbersAreNeverReusedAfterPruning) {
    for (int i = 1; i <= 5; ++i)
        append(i);
    ok(acknowledge(*db_, 5, at("2026-05-04T09:00:00Z")));
    ok(db_->execute("DELETE FROM outbox WHERE seq <= 5"));
    EXPECT_EQ(append(6), 6);
}

}  // namespace
}  // namespace iskra::gateway
