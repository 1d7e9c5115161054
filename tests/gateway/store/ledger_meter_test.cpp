// Meter readings: stored as sent, repeats stored once, and the anomalies (meter regression,
// clock jumps, impossible power) flagged on the session with what the back office needs to judge.
#include <gtest/gtest.h>

#include "iskra/gateway/store/outbox.hpp"
#include "iskra/gateway/store/session_ledger.hpp"
#include "store_test_support.hpp"

namespace iskra::gateway {
namespace {

using testing::at;
using testing::ok;
using testing::sample;

class LedgerMeterTest : public testing::LedgerTest {
protected:
    void SetUp() override {
        started_ = in_transaction([&](Database& db) {
            return ledger_.record_session_started(
                db, testing::start_v16("CP-1", 1, "TAG-1", 50'000, "2026-05-04T08:00:00Z"),
                at("2026-05-04T08:00:00Z"));
        });
    }
    MeterValuesRecorded meter(std::vector<session::MeterSample> samples, std::string_view received,
                              SessionLedger* ledger = nullptr) {
        SessionLedger& use = ledger ? *ledger : ledger_;
        return in_transaction([&](Database& db) {
            return use.record_meter_values(
                db, testing::meter_v16("CP-1", 1, *started_.transaction_id, std::move(samples)),
                at(received));
        });
    }
    SessionView view() { return session_view(started_.session_uuid); }

    SessionStartRecorded started_;
};

TEST_F(LedgerMeterTest, PlausibleReadingsRaiseNoFlag) {
    // 22 kW for 15 minutes: 5 500 Wh.
    meter({sample("2026-05-04T08:15:00Z", 55'500)}, "2026-05-04T08:15:00Z");
    meter({sample("2026-05-04T08:30:00Z", 61'000)}, "2026-05-04T08:30:00Z");
    EXPECT_TRUE(view().flags.empty());
    EXPECT_EQ(view().last_meter_wh, 61'000);
    EXPECT_EQ(view().last_meter_at, at("2026-05-04T08:30:00Z"));
}

TEST_F(LedgerMeterTest, MeterRegressionIsFlaggedAndTheReadingKeptAsSent) {
    meter({sample("2026-05-04T08:15:00Z", 55'500)}, "2026-05-04T08:15:00Z");
    meter({sample("2026-05-04T08:30:00Z", 54'000)}, "2026-05-04T08:30:00Z");
    const auto flags = flags_of_kind(view(), flag::kMeterRegression);
    ASSERT_EQ(flags.size(), 1u);
    EXPECT_EQ(flags[0].detail,
              "reading 54000 Wh at 2026-05-04T08:30:00.000Z is 1500 Wh below the previous "
              "reading 55500 Wh at 2026-05-04T08:15:00.000Z");
    EXPECT_EQ(count("SELECT COUNT(*) FROM meter_samples WHERE energy_wh = 54000"), 1);
    EXPECT_EQ(view().last_meter_wh, 54'000);
}

TEST_F(LedgerMeterTest, AClockRunningBackwardsIsFlagged) {
    meter({sample("2026-05-04T08:15:00Z", 55'500)}, "2026-05-04T08:15:00Z");
    meter({sample("2026-05-04T07:15:00Z", 56'000)}, "2026-05-04T08:30:00Z");
    const auto flags = flags_of_kind(view(), flag::kClockJump);
    ASSERT_EQ(flags.size(), 1u);
    EXPECT_EQ(flags[0].detail,
              "reading 56000 Wh at 2026-05-04T07:15:00.000Z is earlier than the previous reading "
              "55500 Wh at 2026-05-04T08:15:00.000Z");
    EXPECT_EQ(view().last_meter_wh, 55'500);  // the last reading in time is still the last
}

TEST_F(LedgerMeterTest, AReadingFarInTheFutureIsFlagged) {
    meter({sample("2026-05-04T10:15:00Z", 55'500)}, "2026-05-04T08:15:00Z");
    const auto flags = flags_of_kind(view(), flag::kClockJump);
    ASSERT_EQ(flags.size(), 1u);
    EXPECT_EQ(flags[0].detail,
              "reading 55500 Wh at 2026-05-04T10:15:00.000Z is 7200 s ahead of its receipt at "
              "2026-05-04T08:15:00.000Z");
}

TEST_F(LedgerMeterTest, ImpossiblePowerIsFlagged) {
    // 10 kWh in one minute would be 600 kW.
    meter({sample("2026-05-04T08:01:00Z", 60'000)}, "2026-05-04T08:01:00Z");
    const auto flags = flags_of_kind(view(), flag::kImpossiblePower);
    ASSERT_EQ(flags.size(), 1u);
    EXPECT_EQ(flags[0].detail,
              "10000 Wh in 60 s (600000 W average) up to 60000 Wh at 2026-05-04T08:01:00.000Z "
              "exceeds the maximum connector power of 400000 W");
}

TEST_F(LedgerMeterTest, TheMaximumPowerIsConfigurable) {
    LedgerConfig config;
    config.max_connector_power_w = 22'000;  // an AC site
    SessionLedger ac_site(config, ids_);
    meter({sample("2026-05-04T08:15:00Z", 57'000)}, "2026-05-04T08:15:00Z", &ac_site);  // 28 kW
    const auto flags = flags_of_kind(view(), flag::kImpossiblePower);
    ASSERT_EQ(flags.size(), 1u);
    EXPECT_NE(flags[0].detail.find("7000 Wh in 900 s (28000 W average)"), std::string::npos)
        << flags[0].detail;
}

TEST_F(LedgerMeterTest, ARepeatedMeterValuesMessageIsStoredOnce) {
    const auto first = meter({sample("2026-05-04T08:15:00Z", 55'500)}, "2026-05-04T08:15:00Z");
    const auto again = meter({sample("2026-05-04T08:15:00Z", 55'500)}, "2026-05-04T08:15:30Z");
    EXPECT_EQ(first.samples_stored, 1u);
    EXPECT_EQ(again.samples_stored, 0u);
    EXPECT_EQ(again.session_uuid, started_.session_uuid);
    EXPECT_EQ(count("SELECT COUNT(*) FROM meter_samples"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE event_type = 'MeterValuesReported'"), 1);
    EXPECT_TRUE(view().flags.empty());
}

TEST_F(LedgerMeterTest, EveryQuantityOfASampleIsStored) {
    auto full = sample("2026-05-04T08:15:00Z", 55'500);
    full.power_w = 21'800;
    full.current_a = 31.6;
    full.voltage_v = 230.1;
    full.soc_percent = 64.0;
    full.measurands = {session::Measurand::EnergyActiveImportRegister,
                       session::Measurand::PowerActiveImport, session::Measurand::CurrentImport,
                       session::Measurand::Voltage, session::Measurand::SoC};
    meter({full}, "2026-05-04T08:15:00Z");
    auto query = ok(db_->prepare(
        "SELECT power_w, current_a, voltage_v, soc_percent, measurands, context, session_uuid "
        "FROM meter_samples"));
    ASSERT_TRUE(ok(query.step()));
    EXPECT_EQ(query.int64(0), 21'800);
    EXPECT_DOUBLE_EQ(query.real(1), 31.6);
    EXPECT_DOUBLE_EQ(query.real(2), 230.1);
    EXPECT_DOUBLE_EQ(query.real(3), 64.0);
    EXPECT_EQ(query.text(4),
              "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC");
    EXPECT_EQ(query.text(5), "Sample.Periodic");
    EXPECT_EQ(query.text(6), started_.session_uuid);
}

TEST_F(LedgerMeterTest, ReadingsOutsideATransactionBelongToTheConnector) {
    auto event = testing::meter_v16("CP-1", 2, 0, {sample("2026-05-04T08:15:00Z", 901'000)});
    event.transaction.reset();
    const auto recorded = in_transaction([&](Database& db) {
        return ledger_.record_meter_values(db, event, at("2026-05-04T08:15:00Z"));
    });
    EXPECT_FALSE(recorded.session_uuid.has_value());
    EXPECT_EQ(count("SELECT COUNT(*) FROM meter_samples WHERE session_uuid IS NULL AND "
                    "evse_id = 2"),
              1);
}

TEST_F(LedgerMeterTest, ReadingsForAnUnknownTransactionCreateAFlaggedSession) {
    const auto recorded = in_transaction([&](Database& db) {
        return ledger_.record_meter_values(
            db, testing::meter_v16("CP-1", 2, 4242, {sample("2026-05-04T08:15:00Z", 7'000)}),
            at("2026-05-04T08:15:00Z"));
    });
    ASSERT_TRUE(recorded.session_uuid.has_value());
    const auto created = session_view(*recorded.session_uuid);
    EXPECT_TRUE(created.open);
    EXPECT_EQ(created.transaction_id_v16, 4242);
    EXPECT_EQ(created.meter_start_wh, 7'000);
    EXPECT_EQ(flags_of_kind(created, flag::kUnknownTransaction).size(), 1u);
    EXPECT_EQ(flags_of_kind(created, flag::kMeterStartFromSample).size(), 1u);
}

}  // namespace
}  // namespace iskra::gateway
