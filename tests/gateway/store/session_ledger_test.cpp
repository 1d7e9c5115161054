// Boots and connector status: the station facts, and the sessions a reboot or a connector going
// Available leaves open, closed at their last reading and flagged.
#include "iskra/gateway/store/session_ledger.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "iskra/gateway/store/outbox.hpp"
#include "store_test_support.hpp"

namespace iskra::gateway {
namespace {

using session::ConnectorStatus;
using testing::at;
using testing::ok;
using testing::sample;

class SessionLedgerStationTest : public testing::LedgerTest {
protected:
    // A 1.6 session on connector 1 of CP-1: start at 10 000 Wh, two readings, still charging.
    SessionStartRecorded charging_session() {
        in_transaction([&](Database& db) {
            return ledger_.record_boot(db, testing::boot("CP-1"), at("2026-05-04T07:59:00Z"));
        });
        in_transaction([&](Database& db) {
            return ledger_.record_status(
                db, testing::status("CP-1", 1, ConnectorStatus::Preparing, "2026-05-04T08:00:00Z"),
                at("2026-05-04T08:00:00Z"));
        });
        auto started = in_transaction([&](Database& db) {
            return ledger_.record_session_started(
                db, testing::start_v16("CP-1", 1, "TAG-1", 10'000, "2026-05-04T08:00:05Z"),
                at("2026-05-04T08:00:05Z"));
        });
        in_transaction([&](Database& db) {
            return ledger_.record_status(
                db, testing::status("CP-1", 1, ConnectorStatus::Charging, "2026-05-04T08:00:06Z"),
                at("2026-05-04T08:00:06Z"));
        });
        in_transaction([&](Database& db) {
            return ledger_.record_meter_values(
                db,
                testing::meter_v16("CP-1", 1, *started.transaction_id,
                                   {sample("2026-05-04T08:15:00Z", 12'750)}),
                at("2026-05-04T08:15:01Z"));
        });
        in_transaction([&](Database& db) {
            return ledger_.record_meter_values(
                db,
                testing::meter_v16("CP-1", 1, *started.transaction_id,
                                   {sample("2026-05-04T08:30:00Z", 15'500)}),
                at("2026-05-04T08:30:01Z"));
        });
        return started;
    }
};

TEST_F(SessionLedgerStationTest, FirstBootStoresTheStationPendingAndTellsCentral) {
    auto booted = in_transaction([&](Database& db) {
        return ledger_.record_boot(db, testing::boot("CP-1"), at("2026-05-04T07:00:00Z"));
    });
    EXPECT_TRUE(booted.first_boot);
    EXPECT_EQ(booted.allow_state, StationAllowState::Pending);
    EXPECT_TRUE(booted.closed_sessions.empty());

    auto stations = ok(station_overview(*db_));
    ASSERT_EQ(stations.size(), 1u);
    EXPECT_EQ(stations[0].protocol, "ocpp1.6");
    EXPECT_EQ(stations[0].vendor, "Ekoenergetyka");
    EXPECT_EQ(stations[0].firmware_version, "1.4.2");
    EXPECT_EQ(stations[0].last_boot_at, at("2026-05-04T07:00:00Z"));

    auto outbox = ok(outbox_after(*db_, 0, 10));
    ASSERT_EQ(outbox.size(), 1u);
    EXPECT_EQ(outbox[0].event_type, "StationBooted");
    EXPECT_EQ(nlohmann::json::parse(outbox[0].payload)["serial_number"], "SN-0042");
}

TEST_F(SessionLedgerStationTest, BootKeepsTheAllowListStateAndUpdatesFirmware) {
    ok(set_station_allow_state(*db_, "CP-1", StationAllowState::Allowed,
                               at("2026-05-01T00:00:00Z")));
    auto rebooted = testing::boot("CP-1");
    rebooted.firmware_version = "1.5.0";
    auto booted = in_transaction([&](Database& db) {
        return ledger_.record_boot(db, rebooted, at("2026-05-04T07:00:00Z"));
    });
    EXPECT_FALSE(booted.first_boot);
    EXPECT_EQ(booted.allow_state, StationAllowState::Allowed);
    EXPECT_EQ(ok(station_overview(*db_))[0].firmware_version, "1.5.0");
}

TEST_F(SessionLedgerStationTest, UnknownStationsGetTheConfiguredState) {
    LedgerConfig config;
    config.unknown_station_state = StationAllowState::Allowed;  // commissioning: auto-accept
    SessionLedger ledger(config, ids_);
    auto booted = in_transaction([&](Database& db) {
        return ledger.record_boot(db, testing::boot("CP-9"), at("2026-05-04T07:00:00Z"));
    });
    EXPECT_EQ(booted.allow_state, StationAllowState::Allowed);
}

TEST_F(SessionLedgerStationTest, RebootClosesOpenSessionsAtTheirLastReadingWithAFlag) {
    const auto started = charging_session();
    auto booted = in_transaction([&](Database& db) {
        return ledger_.record_boot(db, testing::boot("CP-1"), at("2026-05-04T09:00:00Z"));
    });
    ASSERT_EQ(booted.closed_sessions, std::vector<std::string>{started.session_uuid});

    const auto view = session_view(started.session_uuid);
    EXPECT_FALSE(view.open);
    EXPECT_EQ(view.closed_by, "reboot");
    EXPECT_EQ(view.stop_reason, "Reboot");
    EXPECT_EQ(view.meter_stop_wh, 15'500);
    EXPECT_EQ(view.energy_wh(), 5'500);
    EXPECT_EQ(view.ended_at, at("2026-05-04T08:30:00Z"));  // the last reading, not the boot
    const auto flags = flags_of_kind(view, flag::kClosedByReboot);
    ASSERT_EQ(flags.size(), 1u);
    EXPECT_EQ(flags[0].detail,
              "the station rebooted at 2026-05-04T09:00:00.000Z with this session open; closed "
              "at its last reading 15500 Wh at 2026-05-04T08:30:00.000Z");
    EXPECT_EQ(view.flags.size(), 1u);

    // Central hears of the close as a SessionEnded marked as the gateway's.
    const auto outbox = ok(outbox_after(*db_, 0, 100));
    const auto ended = std::find_if(outbox.begin(), outbox.end(), [](const OutboxEntry& e) {
        return e.event_type == "SessionEnded";
    });
    ASSERT_NE(ended, outbox.end());
    const auto payload = nlohmann::json::parse(ended->payload);
    EXPECT_EQ(payload["session_uuid"], started.session_uuid);
    EXPECT_EQ(payload["closed_by"], "reboot");
    EXPECT_EQ(payload["meter_stop_wh"], 15'500);
    EXPECT_EQ(payload["transaction"], *started.transaction_id);
}

TEST_F(SessionLedgerStationTest, TheStationsOwnStopAfterARebootCloseIsAppliedAndFlagged) {
    const auto started = charging_session();
    in_transaction([&](Database& db) {
        return ledger_.record_boot(db, testing::boot("CP-1"), at("2026-05-04T09:00:00Z"));
    });
    auto ended = in_transaction([&](Database& db) {
        return ledger_.record_session_ended(
            db,
            testing::stop_v16("CP-1", *started.transaction_id, 16'020, "2026-05-04T08:34:10Z",
                              session::StopReason::PowerLoss),
            at("2026-05-04T09:00:02Z"));
    });
    EXPECT_TRUE(ended.applied);
    EXPECT_FALSE(ended.reassembled);
    const auto view = session_view(started.session_uuid);
    EXPECT_EQ(view.closed_by, "station");
    EXPECT_EQ(view.stop_reason, "PowerLoss");
    EXPECT_EQ(view.energy_wh(), 6'020);
    EXPECT_EQ(view.ended_at, at("2026-05-04T08:34:10Z"));
    const auto flags = flags_of_kind(view, flag::kStoppedAfterGatewayClose);
    ASSERT_EQ(flags.size(), 1u);
    EXPECT_NE(flags[0].detail.find("(reboot) at 15500 Wh"), std::string::npos) << flags[0].detail;
    EXPECT_NE(flags[0].detail.find("16020 Wh at 2026-05-04T08:34:10.000Z"), std::string::npos);
}

TEST_F(SessionLedgerStationTest, ConnectorGoingAvailableClosesAnUnstoppedSession) {
    const auto started = charging_session();
    auto recorded = in_transaction([&](Database& db) {
        return ledger_.record_status(
            db, testing::status("CP-1", 1, ConnectorStatus::Available, "2026-05-04T08:41:00Z"),
            at("2026-05-04T08:41:00Z"));
    });
    ASSERT_EQ(recorded.closed_sessions, std::vector<std::string>{started.session_uuid});
    const auto view = session_view(started.session_uuid);
    EXPECT_EQ(view.closed_by, "status");
    EXPECT_EQ(view.meter_stop_wh, 15'500);
    EXPECT_EQ(view.energy_wh(), 5'500);
    EXPECT_EQ(view.ended_at, at("2026-05-04T08:41:00Z"));
    const auto flags = flags_of_kind(view, flag::kClosedByStatus);
    ASSERT_EQ(flags.size(), 1u);
    EXPECT_EQ(flags[0].detail,
              "connector went Available at 2026-05-04T08:41:00.000Z (was Charging) with no stop "
              "for this session; closed at its last reading 15500 Wh at "
              "2026-05-04T08:30:00.000Z");
    EXPECT_TRUE(ok(open_sessions(*db_)).empty());
}

TEST_F(SessionLedgerStationTest, OtherConnectorsAndRepeatedAvailableLeaveSessionsOpen) {
    const auto started = charging_session();
    in_transaction([&](Database& db) {
        return ledger_.record_status(
            db, testing::status("CP-1", 2, ConnectorStatus::Available, "2026-05-04T08:41:00Z"),
            at("2026-05-04T08:41:00Z"));
    });
    session::ConnectorStatusChanged station_wide =
        testing::status("CP-1", 0, ConnectorStatus::Available, "2026-05-04T08:42:00Z");
    station_wide.connector = {0, 0};
    in_transaction([&](Database& db) {
        return ledger_.record_status(db, station_wide, at("2026-05-04T08:42:00Z"));
    });
    EXPECT_TRUE(session_view(started.session_uuid).open);

    // 2.0.1 may start a transaction at authorisation, on an Available connector: a repeated
    // Available is no transition.
    auto v201 = testing::start_v201("CS-2", "tx-1", 1, 0, "2026-05-04T10:00:00Z");
    in_transaction([&](Database& db) {
        return ledger_.record_status(
            db, testing::status("CS-2", 1, ConnectorStatus::Available, "2026-05-04T09:59:00Z"),
            at("2026-05-04T09:59:00Z"));
    });
    auto authorised = in_transaction([&](Database& db) {
        return ledger_.record_session_started(db, v201, at("2026-05-04T10:00:00Z"));
    });
    in_transaction([&](Database& db) {
        return ledger_.record_status(
            db, testing::status("CS-2", 1, ConnectorStatus::Available, "2026-05-04T10:00:01Z"),
            at("2026-05-04T10:00:01Z"));
    });
    EXPECT_TRUE(session_view(authorised.session_uuid).open);
}

TEST_F(SessionLedgerStationTest, KeepsEveryStatusInTheHistoryAndTheLatestOnTheConnector) {
    charging_session();
    auto faulted = testing::status("CP-1", 1, ConnectorStatus::Faulted, "2026-05-04T08:35:00Z");
    faulted.error_code = "GroundFailure";
    faulted.info = "RCD tripped";
    in_transaction([&](Database& db) {
        return ledger_.record_status(db, faulted, at("2026-05-04T08:35:01Z"));
    });
    EXPECT_EQ(count("SELECT COUNT(*) FROM connector_status_history WHERE station_id = 'CP-1'"), 3);
    const auto stations = ok(station_overview(*db_));
    ASSERT_EQ(stations[0].connectors.size(), 1u);
    EXPECT_EQ(stations[0].connectors[0].status, "Faulted");
    EXPECT_EQ(stations[0].connectors[0].error_code, "GroundFailure");
    EXPECT_EQ(stations[0].connectors[0].info, "RCD tripped");
}

}  // namespace
}  // namespace iskra::gateway
