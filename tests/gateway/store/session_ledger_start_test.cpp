// Starts and updates: repeated 1.6 StartTransaction, transactionIds, late starts, a new session
// over an unstopped one, 2.0.1 sequence numbers and transactions first heard of mid-way.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "iskra/gateway/store/outbox.hpp"
#include "iskra/gateway/store/session_ledger.hpp"
#include "store_test_support.hpp"

namespace iskra::gateway {
namespace {

using testing::at;
using testing::ok;
using testing::sample;

class SessionLedgerStartTest : public testing::LedgerTest {
protected:
    SessionStartRecorded start(const session::SessionStarted& event, std::string_view received) {
        return in_transaction(
            [&](Database& db) { return ledger_.record_session_started(db, event, at(received)); });
    }
    SessionUpdateRecorded update(const session::SessionUpdated& event, std::string_view received) {
        return in_transaction(
            [&](Database& db) { return ledger_.record_session_updated(db, event, at(received)); });
    }
    std::int64_t outbox_rows(std::string_view type) {
        std::int64_t n = 0;
        for (const auto& e : ok(outbox_after(*db_, 0, 1000)))
            n += e.event_type == type ? 1 : 0;
        return n;
    }
};

TEST_F(SessionLedgerStartTest, V16StartGetsAGatewayTransactionIdAndAnOpenSession) {
    const auto started =
        start(testing::start_v16("CP-1", 2, "TAG-1", 4'711, "2026-05-04T08:00:00Z"),
              "2026-05-04T08:00:00.300Z");
    EXPECT_EQ(started.session_uuid, "session-1");
    EXPECT_EQ(started.transaction_id, 1);
    EXPECT_FALSE(started.repeated);
    const auto view = session_view(started.session_uuid);
    EXPECT_TRUE(view.open);
    EXPECT_EQ(view.evse_id, 2);
    EXPECT_EQ(view.token_id, "TAG-1");
    EXPECT_EQ(view.meter_start_wh, 4'711);
    EXPECT_FALSE(view.offline);
    EXPECT_TRUE(view.flags.empty());

    const auto outbox = ok(outbox_after(*db_, 0, 10));
    ASSERT_EQ(outbox.size(), 1u);
    const auto payload = nlohmann::json::parse(outbox[0].payload);
    EXPECT_EQ(payload["transaction"], 1);  // the id the station was answered with
    EXPECT_EQ(payload["session_uuid"], "session-1");
    EXPECT_EQ(payload["meter_start_wh"], 4'711);
}

TEST_F(SessionLedgerStartTest, RepeatedStartTransactionGetsTheSameIdAndCreatesNothing) {
    const auto event = testing::start_v16("CP-1", 1, "TAG-1", 4'711, "2026-05-04T08:00:00Z");
    const auto first = start(event, "2026-05-04T08:00:00.300Z");
    // The answer was lost; the station tries again, twice.
    const auto second = start(event, "2026-05-04T08:00:30Z");
    const auto third = start(event, "2026-05-04T08:01:00Z");
    EXPECT_EQ(second.transaction_id, first.transaction_id);
    EXPECT_EQ(third.transaction_id, first.transaction_id);
    EXPECT_EQ(second.session_uuid, first.session_uuid);
    EXPECT_TRUE(second.repeated);
    EXPECT_EQ(count("SELECT COUNT(*) FROM sessions"), 1);
    EXPECT_EQ(outbox_rows("SessionStarted"), 1);
    EXPECT_TRUE(session_view(first.session_uuid).flags.empty());
}

TEST_F(SessionLedgerStartTest, TransactionIdsAreUniqueAcrossTheGateway) {
    const auto a = start(testing::start_v16("CP-1", 1, "TAG-1", 0, "2026-05-04T08:00:00Z"),
                         "2026-05-04T08:00:00Z");
    const auto b = start(testing::start_v16("CP-2", 1, "TAG-1", 0, "2026-05-04T08:00:00Z"),
                         "2026-05-04T08:00:00Z");
    const auto c = start(testing::start_v16("CP-1", 2, "TAG-2", 0, "2026-05-04T08:00:00Z"),
                         "2026-05-04T08:00:00Z");
    EXPECT_EQ(a.transaction_id, 1);
    EXPECT_EQ(b.transaction_id, 2);
    EXPECT_EQ(c.transaction_id, 3);
}

TEST_F(SessionLedgerStartTest, AllocationSkipsIdsAStationReportedOnItsOwn) {
    // A stop for transaction 1 the gateway never handed out (its database was replaced).
    in_transaction([&](Database& db) {
        return ledger_.record_session_ended(
            db, testing::stop_v16("CP-1", 1, 900, "2026-05-04T07:00:00Z"),
            at("2026-05-04T07:00:01Z"));
    });
    const auto started = start(testing::start_v16("CP-1", 1, "TAG-1", 900, "2026-05-04T08:00:00Z"),
                               "2026-05-04T08:00:00Z");
    EXPECT_EQ(started.transaction_id, 2);
}

TEST_F(SessionLedgerStartTest, ANewStartOverAnUnstoppedSessionClosesTheOldOne) {
    const auto old_session =
        start(testing::start_v16("CP-1", 1, "TAG-1", 1'000, "2026-05-04T08:00:00Z"),
              "2026-05-04T08:00:00Z");
    in_transaction([&](Database& db) {
        return ledger_.record_meter_values(
            db,
            testing::meter_v16("CP-1", 1, *old_session.transaction_id,
                               {sample("2026-05-04T08:20:00Z", 3'000)}),
            at("2026-05-04T08:20:00Z"));
    });
    const auto new_session =
        start(testing::start_v16("CP-1", 1, "TAG-2", 3'100, "2026-05-04T09:00:00Z"),
              "2026-05-04T09:00:00Z");
    EXPECT_NE(new_session.transaction_id, old_session.transaction_id);
    const auto old_view = session_view(old_session.session_uuid);
    EXPECT_EQ(old_view.closed_by, "new_session");
    EXPECT_EQ(old_view.energy_wh(), 2'000);
    const auto flags = flags_of_kind(old_view, flag::kClosedByNewSession);
    ASSERT_EQ(flags.size(), 1u);
    EXPECT_NE(flags[0].detail.find("session-2 started on the same connector"), std::string::npos);
    EXPECT_TRUE(session_view(new_session.session_uuid).open);
}

TEST_F(SessionLedgerStartTest, ALateV16StartIsRecordedAsOfflineAndFlagged) {
    const auto started = start(testing::start_v16("CP-1", 1, "TAG-1", 500, "2026-05-04T06:00:00Z"),
                               "2026-05-04T08:00:00Z");
    const auto view = session_view(started.session_uuid);
    EXPECT_TRUE(view.offline);
    const auto flags = flags_of_kind(view, flag::kLateStart);
    ASSERT_EQ(flags.size(), 1u);
    EXPECT_EQ(flags[0].detail,
              "started at 2026-05-04T06:00:00.000Z, received at 2026-05-04T08:00:00.000Z: "
              "recorded as an offline session");
}

TEST_F(SessionLedgerStartTest, V201RepeatedStartedIsTheSameSession) {
    const auto event = testing::start_v201("CS-1", "c0ffee-01", 1, 20'000, "2026-05-04T08:00:00Z");
    const auto first = start(event, "2026-05-04T08:00:00Z");
    const auto again = start(event, "2026-05-04T08:00:40Z");
    EXPECT_FALSE(first.transaction_id.has_value());
    EXPECT_EQ(again.session_uuid, first.session_uuid);
    EXPECT_TRUE(again.repeated);
    EXPECT_EQ(count("SELECT COUNT(*) FROM sessions"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM meter_samples"), 1);
    EXPECT_EQ(outbox_rows("SessionStarted"), 1);
}

TEST_F(SessionLedgerStartTest, V201SequenceGapIsFlaggedWithTheMissingNumbers) {
    const auto started =
        start(testing::start_v201("CS-1", "tx-7", 1, 20'000, "2026-05-04T08:00:00Z"),
              "2026-05-04T08:00:00Z");
    update(testing::update_v201("CS-1", "tx-7", 1, 21'000, "2026-05-04T08:05:00Z"),
           "2026-05-04T08:05:00Z");
    const auto applied =
        update(testing::update_v201("CS-1", "tx-7", 4, 24'000, "2026-05-04T08:20:00Z"),
               "2026-05-04T08:20:00Z");
    EXPECT_TRUE(applied.applied);
    auto flags = flags_of_kind(session_view(started.session_uuid), flag::kSequenceGap);
    ASSERT_EQ(flags.size(), 1u);
    EXPECT_EQ(flags[0].detail, "missing seqNo 2, 3 before seqNo 4");

    // One of the lost ones turns up late: applied (its reading stored), flagged, no new gap.
    update(testing::update_v201("CS-1", "tx-7", 2, 22'000, "2026-05-04T08:10:00Z"),
           "2026-05-04T08:21:00Z");
    const auto view = session_view(started.session_uuid);
    EXPECT_EQ(flags_of_kind(view, flag::kSequenceGap).size(), 1u);
    flags = flags_of_kind(view, flag::kLateSequence);
    ASSERT_EQ(flags.size(), 1u);
    EXPECT_EQ(flags[0].detail, "seqNo 2 arrived after seqNo 4");
    EXPECT_TRUE(flags_of_kind(view, flag::kClockJump).empty());  // late, not a clock fault
    EXPECT_EQ(view.last_meter_wh, 24'000);
    EXPECT_EQ(count("SELECT COUNT(*) FROM meter_samples"), 4);
}

TEST_F(SessionLedgerStartTest, V201RepeatedUpdateIsAppliedOnce) {
    start(testing::start_v201("CS-1", "tx-7", 1, 20'000, "2026-05-04T08:00:00Z"),
          "2026-05-04T08:00:00Z");
    const auto event = testing::update_v201("CS-1", "tx-7", 1, 21'000, "2026-05-04T08:05:00Z");
    EXPECT_TRUE(update(event, "2026-05-04T08:05:00Z").applied);
    EXPECT_FALSE(update(event, "2026-05-04T08:05:30Z").applied);
    EXPECT_EQ(count("SELECT COUNT(*) FROM meter_samples"), 2);
    EXPECT_EQ(outbox_rows("SessionUpdated"), 1);
}

TEST_F(SessionLedgerStartTest, AnUpdateForAnUnknownTransactionCreatesItAndTheStartFillsItIn) {
    auto offline_update = testing::update_v201("CS-1", "tx-9", 1, 31'000, "2026-05-04T08:05:00Z");
    offline_update.offline = true;
    offline_update.token = session::Token{"04A2B3C4D5", session::TokenType::ISO14443};
    const auto created = update(offline_update, "2026-05-04T09:00:00Z");
    EXPECT_TRUE(created.created);
    auto view = session_view(created.session_uuid);
    EXPECT_TRUE(view.open);
    EXPECT_TRUE(view.offline);
    EXPECT_EQ(view.token_id, "04A2B3C4D5");
    const auto unknown = flags_of_kind(view, flag::kUnknownTransaction);
    ASSERT_EQ(unknown.size(), 1u);
    EXPECT_EQ(unknown[0].detail,
              "transaction tx-9 was never seen to start; created from its update seqNo 1 "
              "(MeterValuePeriodic) at 2026-05-04T08:05:00.000Z");
    const auto gap = flags_of_kind(view, flag::kSequenceGap);
    ASSERT_EQ(gap.size(), 1u);
    EXPECT_EQ(gap[0].detail, "missing seqNo 0 before seqNo 1");

    // The Started arrives after all: same session, its start facts fill in.
    auto late_start = testing::start_v201("CS-1", "tx-9", 1, 30'000, "2026-05-04T08:00:00Z");
    late_start.offline = true;
    const auto filled = start(late_start, "2026-05-04T09:00:01Z");
    EXPECT_EQ(filled.session_uuid, created.session_uuid);
    EXPECT_FALSE(filled.repeated);
    view = session_view(created.session_uuid);
    EXPECT_EQ(view.started_at, at("2026-05-04T08:00:00Z"));
    EXPECT_EQ(view.meter_start_wh, 30'000);
    EXPECT_EQ(view.last_meter_wh, 31'000);
    EXPECT_EQ(count("SELECT COUNT(*) FROM sessions"), 1);
}

}  // namespace
}  // namespace iskra::gateway
