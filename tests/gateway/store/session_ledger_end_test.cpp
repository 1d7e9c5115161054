// Ends of sessions: the whole 1.6 session as the back office sees it, stops applied once,
// transactionData, offline stops for sessions never seen to start, and meter stop below start.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "iskra/gateway/store/outbox.hpp"
#include "iskra/gateway/store/session_ledger.hpp"
#include "store_test_support.hpp"

namespace iskra::gateway {
namespace {

using session::ReadingContext;
using testing::at;
using testing::ok;
using testing::sample;

class SessionLedgerEndTest : public testing::LedgerTest {
protected:
    SessionStartRecorded start(const session::SessionStarted& event, std::string_view received) {
        return in_transaction(
            [&](Database& db) { return ledger_.record_session_started(db, event, at(received)); });
    }
    SessionEndRecorded end(const session::SessionEnded& event, std::string_view received) {
        return in_transaction(
            [&](Database& db) { return ledger_.record_session_ended(db, event, at(received)); });
    }
    void meter(const session::MeterValuesReported& event, std::string_view received) {
        in_transaction(
            [&](Database& db) { return ledger_.record_meter_values(db, event, at(received)); });
    }
    std::vector<std::string> outbox_types() {
        std::vector<std::string> types;
        for (const auto& e : ok(outbox_after(*db_, 0, 1000)))
            types.push_back(e.event_type);
        return types;
    }
};

TEST_F(SessionLedgerEndTest, AWholeV16SessionEndsWithItsEnergyToTheWh) {
    in_transaction([&](Database& db) {
        return ledger_.record_boot(db, testing::boot("CP-1"), at("2026-05-04T07:00:00Z"));
    });
    const auto started =
        start(testing::start_v16("CP-1", 1, "TAG-1", 1'234'567, "2026-05-04T08:00:00Z"),
              "2026-05-04T08:00:00.250Z");
    const auto tx = *started.transaction_id;
    meter(testing::meter_v16("CP-1", 1, tx, {sample("2026-05-04T08:15:00Z", 1'237'321)}),
          "2026-05-04T08:15:00.2Z");
    meter(testing::meter_v16("CP-1", 1, tx, {sample("2026-05-04T08:30:00Z", 1'240'118)}),
          "2026-05-04T08:30:00.2Z");
    const auto ended = end(testing::stop_v16("CP-1", tx, 1'241'003, "2026-05-04T08:33:20Z",
                                             session::StopReason::EVDisconnected),
                           "2026-05-04T08:33:20.4Z");
    EXPECT_TRUE(ended.applied);
    EXPECT_EQ(ended.session_uuid, started.session_uuid);

    const auto sessions = ok(sessions_of_station(*db_, "CP-1"));
    ASSERT_EQ(sessions.size(), 1u);
    const auto view = session_view(started.session_uuid);
    EXPECT_FALSE(view.open);
    EXPECT_EQ(view.closed_by, "station");
    EXPECT_EQ(view.energy_wh(), 6'436);
    EXPECT_EQ(view.stop_reason, "EVDisconnected");
    EXPECT_EQ(view.started_at, at("2026-05-04T08:00:00Z"));
    EXPECT_EQ(view.ended_at, at("2026-05-04T08:33:20Z"));
    EXPECT_TRUE(view.flags.empty());

    EXPECT_EQ(outbox_types(),
              (std::vector<std::string>{"StationBooted", "SessionStarted", "MeterValuesReported",
                                        "MeterValuesReported", "SessionEnded"}));
    const auto last = ok(outbox_after(*db_, 4, 1));
    const auto payload = nlohmann::json::parse(last.at(0).payload);
    EXPECT_EQ(payload["session_uuid"], started.session_uuid);
    EXPECT_EQ(payload["meter_stop_wh"], 1'241'003);
    EXPECT_EQ(payload["reason"], "EVDisconnected");
}

TEST_F(SessionLedgerEndTest, AStopSentTwiceIsAppliedOnce) {
    const auto started = start(testing::start_v16("CP-1", 1, "TAG-1", 100, "2026-05-04T08:00:00Z"),
                               "2026-05-04T08:00:00Z");
    const auto stop =
        testing::stop_v16("CP-1", *started.transaction_id, 7'100, "2026-05-04T09:00:00Z");
    EXPECT_TRUE(end(stop, "2026-05-04T09:00:00Z").applied);
    const auto again = end(stop, "2026-05-04T09:00:40Z");
    EXPECT_FALSE(again.applied);
    EXPECT_EQ(again.session_uuid, started.session_uuid);
    const auto view = session_view(started.session_uuid);
    EXPECT_EQ(view.energy_wh(), 7'000);
    EXPECT_TRUE(view.flags.empty());  // an identical repeat is no anomaly
    const auto types = outbox_types();
    EXPECT_EQ(std::count(types.begin(), types.end(), "SessionEnded"), 1);
}

TEST_F(SessionLedgerEndTest, ASecondStopThatDisagreesIsFlaggedAndTheFirstStands) {
    const auto started = start(testing::start_v16("CP-1", 1, "TAG-1", 100, "2026-05-04T08:00:00Z"),
                               "2026-05-04T08:00:00Z");
    end(testing::stop_v16("CP-1", *started.transaction_id, 7'100, "2026-05-04T09:00:00Z"),
        "2026-05-04T09:00:00Z");
    EXPECT_FALSE(
        end(testing::stop_v16("CP-1", *started.transaction_id, 7'400, "2026-05-04T09:05:00Z"),
            "2026-05-04T09:05:00Z")
            .applied);
    const auto view = session_view(started.session_uuid);
    EXPECT_EQ(view.meter_stop_wh, 7'100);
    const auto flags = flags_of_kind(view, flag::kConflictingStop);
    ASSERT_EQ(flags.size(), 1u);
    EXPECT_EQ(flags[0].detail,
              "a second stop says 7400 Wh at 2026-05-04T09:05:00.000Z; the first, which stands, "
              "said 7100 Wh at 2026-05-04T09:00:00.000Z");
}

TEST_F(SessionLedgerEndTest, TransactionDataSamplesAreStoredWithTheStop) {
    const auto started = start(testing::start_v16("CP-1", 1, "TAG-1", 0, "2026-05-04T08:00:00Z"),
                               "2026-05-04T08:00:00Z");
    auto stop = testing::stop_v16("CP-1", *started.transaction_id, 3'000, "2026-05-04T08:30:00Z");
    stop.samples = {sample("2026-05-04T08:00:00Z", 0, ReadingContext::TransactionBegin),
                    sample("2026-05-04T08:10:00Z", 1'000), sample("2026-05-04T08:20:00Z", 2'000),
                    sample("2026-05-04T08:30:00Z", 3'000, ReadingContext::TransactionEnd)};
    end(stop, "2026-05-04T08:30:01Z");
    EXPECT_EQ(count("SELECT COUNT(*) FROM meter_samples WHERE session_uuid = 'session-1' AND "
                    "source = 'SessionEnded'"),
              4);
    const auto view = session_view(started.session_uuid);
    EXPECT_EQ(view.energy_wh(), 3'000);
    EXPECT_TRUE(view.flags.empty()) << view.flags[0].kind << ": " << view.flags[0].detail;
}

TEST_F(SessionLedgerEndTest, AnOfflineStopForASessionNeverSeenIsReassembledAndFlagged) {
    // Offline for hours: the station's queue brings a stop whose start the gateway never got.
    auto stop = testing::stop_v16("CP-3", 77, 52'600, "2026-05-04T05:00:00Z");
    stop.token = session::Token{"TAG-7"};
    stop.samples = {sample("2026-05-04T03:00:00Z", 40'000, ReadingContext::TransactionBegin),
                    sample("2026-05-04T04:00:00Z", 46'300),
                    sample("2026-05-04T05:00:00Z", 52'600, ReadingContext::TransactionEnd)};
    const auto ended = end(stop, "2026-05-04T09:12:00Z");
    EXPECT_TRUE(ended.applied);
    EXPECT_TRUE(ended.reassembled);
    const auto view = session_view(ended.session_uuid);
    EXPECT_FALSE(view.open);
    EXPECT_TRUE(view.offline);
    EXPECT_EQ(view.transaction_id_v16, 77);
    EXPECT_EQ(view.token_id, "TAG-7");
    EXPECT_EQ(view.started_at, at("2026-05-04T03:00:00Z"));
    EXPECT_EQ(view.energy_wh(), 12'600);
    const auto flags = flags_of_kind(view, flag::kStopWithoutStart);
    ASSERT_EQ(flags.size(), 1u);
    EXPECT_EQ(flags[0].detail,
              "stop for transaction 77, which the gateway never saw start; reassembled from the "
              "stop (52600 Wh at 2026-05-04T05:00:00.000Z) and its 3 readings");
    EXPECT_EQ(view.flags.size(), 1u);

    // The same stop again, once the gateway's answer was lost: still one session.
    EXPECT_FALSE(end(stop, "2026-05-04T09:12:30Z").applied);
    EXPECT_EQ(count("SELECT COUNT(*) FROM sessions"), 1);
}

TEST_F(SessionLedgerEndTest, MeterStopBelowStartIsFlaggedNotFixed) {
    const auto started =
        start(testing::start_v16("CP-1", 1, "TAG-1", 9'000, "2026-05-04T08:00:00Z"),
              "2026-05-04T08:00:00Z");
    end(testing::stop_v16("CP-1", *started.transaction_id, 8'500, "2026-05-04T08:30:00Z"),
        "2026-05-04T08:30:00Z");
    const auto view = session_view(started.session_uuid);
    EXPECT_EQ(view.meter_stop_wh, 8'500);
    EXPECT_EQ(view.energy_wh(), -500);
    const auto below = flags_of_kind(view, flag::kMeterStopBelowStart);
    ASSERT_EQ(below.size(), 1u);
    EXPECT_EQ(below[0].detail, "meter stop 8500 Wh is 500 Wh below meter start 9000 Wh");
    EXPECT_EQ(flags_of_kind(view, flag::kMeterRegression).size(), 1u);
}

TEST_F(SessionLedgerEndTest, V201EndedSentTwiceIsAppliedOnce) {
    const auto started =
        start(testing::start_v201("CS-1", "tx-1", 1, 20'000, "2026-05-04T08:00:00Z"),
              "2026-05-04T08:00:00Z");
    in_transaction([&](Database& db) {
        return ledger_.record_session_updated(
            db, testing::update_v201("CS-1", "tx-1", 1, 25'000, "2026-05-04T08:30:00Z"),
            at("2026-05-04T08:30:00Z"));
    });
    const auto ended = testing::end_v201("CS-1", "tx-1", 2, 27'345, "2026-05-04T08:40:00Z");
    EXPECT_TRUE(end(ended, "2026-05-04T08:40:00Z").applied);
    EXPECT_FALSE(end(ended, "2026-05-04T08:40:30Z").applied);
    const auto view = session_view(started.session_uuid);
    EXPECT_EQ(view.energy_wh(), 7'345);
    EXPECT_EQ(view.stop_reason, "EVDisconnected");
    EXPECT_TRUE(view.flags.empty());
    EXPECT_EQ(count("SELECT COUNT(*) FROM meter_samples"), 3);
}

TEST_F(SessionLedgerEndTest, V201EndedWithoutAMeterStopTakesTheLastReadingVisibly) {
    const auto started =
        start(testing::start_v201("CS-1", "tx-1", 1, 20'000, "2026-05-04T08:00:00Z"),
              "2026-05-04T08:00:00Z");
    in_transaction([&](Database& db) {
        return ledger_.record_session_updated(
            db, testing::update_v201("CS-1", "tx-1", 1, 25'000, "2026-05-04T08:30:00Z"),
            at("2026-05-04T08:30:00Z"));
    });
    auto ended = testing::end_v201("CS-1", "tx-1", 2, 0, "2026-05-04T08:40:00Z");
    ended.meter_stop_wh.reset();
    ended.samples.clear();
    end(ended, "2026-05-04T08:40:00Z");
    const auto view = session_view(started.session_uuid);
    EXPECT_EQ(view.energy_wh(), 5'000);
    const auto flags = flags_of_kind(view, flag::kMeterStopFromSample);
    ASSERT_EQ(flags.size(), 1u);
    EXPECT_EQ(flags[0].detail,
              "no meter stop was sent; taken from the last reading 25000 Wh at "
              "2026-05-04T08:30:00.000Z");
}

}  // namespace
}  // namespace iskra::gateway
