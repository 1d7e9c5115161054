// A gateway's events per outbox epoch (a wiped gateway starts again at seq 1 and is not taken
// for a repeat), StationMessage events kept, a batch's connector statuses written together,
// and the READ COMMITTED transactions batches run in on PostgreSQL.
#include <thread>

#include "iskra/central/charging/migrations.hpp"
#include "iskra/central/stations/migrations.hpp"
#include "iskra/central/storage/migrations.hpp"
#include "iskra/central/storage/sql.hpp"
#include "iskra/central/sync/migrations.hpp"
#include "sync_test_support.hpp"

namespace iskra::central::sync::testing {
namespace {

using nlohmann::json;

constexpr const char* kEpochA = "5f0c8e1a2b3d4c5e6f708192a3b4c5d6";
constexpr const char* kEpochB = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

class StreamsTest : public SyncTest {
protected:
    void SetUp() override {
        SyncTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        site = create_site();
        gateway = create_gateway(site);
    }

    http::Response post(const std::string& gw, const json& events,
                        const std::optional<std::string>& epoch) {
        json body{{"events", events}};
        if (epoch) body["epoch"] = *epoch;
        return gateway_call(gw, "POST", "/api/gateway/v1/events", body);
    }

    std::int64_t acknowledged(const http::Response& response) {
        EXPECT_EQ(response.status, 200) << response.body;
        return body_of(response).value("acknowledged", std::int64_t{-1});
    }

    // start, one meter reading, end: 3 events from `seq`, 500 Wh.
    static json session(std::int64_t seq, const std::string& uuid) {
        return json::array({session_started(seq, uuid, "ST-1", 1000),
                            meter_values(seq + 1, uuid, "ST-1", 1200, 60),
                            session_ended(seq + 2, uuid, "ST-1", 1500)});
    }

    std::string site;
    std::string gateway;
};

TEST_P(StreamsTest, AWipedGatewayStartsAgainAtOneUnderANewEpoch) {
    EXPECT_EQ(acknowledged(post(gateway, session(1, "before-wipe"), kEpochA)), 3);
    // Its database is wiped, its identity kept: seq 1 again, with the new database's epoch.
    EXPECT_EQ(acknowledged(post(gateway, session(1, "after-wipe"), kEpochB)), 3);
    EXPECT_EQ(count("SELECT COUNT(*) FROM sessions WHERE state = 'closed'"), 2);
    EXPECT_EQ(count("SELECT SUM(energy_wh) FROM sessions"), 1000);
    // A late repeat of the old database's batch is still a repeat within its own epoch.
    EXPECT_EQ(acknowledged(post(gateway, session(1, "before-wipe"), kEpochA)), 3);
    EXPECT_EQ(count("SELECT COUNT(*) FROM applied_events"), 6);
    EXPECT_EQ(count("SELECT COUNT(*) FROM session_samples"), 6);

    const json status = body_of(call("GET", "/api/v1/gateways/" + gateway + "/sync"));
    EXPECT_EQ(status["epoch"], kEpochB) << status.dump();
    EXPECT_EQ(status["acknowledged_seq"], 3);
    EXPECT_EQ(status["events_applied"], 6);
    EXPECT_EQ(status["streams"].size(), 2u);
}

TEST_P(StreamsTest, ABatchWithoutAnEpochIsAGatewayFromBeforeEpochs) {
    EXPECT_EQ(acknowledged(post(gateway, session(1, "s-1"), std::nullopt)), 3);
    EXPECT_EQ(acknowledged(post(gateway, session(1, "s-1"), std::nullopt)), 3);
    EXPECT_EQ(text("SELECT epoch FROM gateway_sync_streams"), "");
    EXPECT_EQ(count("SELECT COUNT(*) FROM applied_events"), 3);

    for (const json& bad : {json(7), json(""), json("has space"), json(std::string(65, 'a'))}) {
        const auto response = gateway_call(gateway, "POST", "/api/gateway/v1/events",
                                           json{{"events", session(4, "s-2")}, {"epoch", bad}});
        EXPECT_EQ(response.status, 400) << bad.dump();
        EXPECT_EQ(body_of(response)["error"]["field"], "epoch");
    }
    EXPECT_EQ(count("SELECT COUNT(*) FROM applied_events"), 3);
}

TEST_P(StreamsTest, StationMessagesAreKeptNotRejected) {
    const json message = event(2, "StationMessage",
                               {{"station_id", "ST-1"},
                                {"action", "FirmwareStatusNotification"},
                                {"payload", {{"status", "Installed"}, {"requestId", 4}}}},
                               "2026-11-28T10:00:05.000Z");
    EXPECT_EQ(
        acknowledged(
            post(gateway, json::array({status_changed(1, "ST-1", "Available"), message}), kEpochA)),
        2);
    EXPECT_EQ(count("SELECT COUNT(*) FROM sync_rejected_events"), 0);
    EXPECT_EQ(text("SELECT action FROM station_messages WHERE station_id = 'ST-1'"),
              "FirmwareStatusNotification");
    EXPECT_EQ(json::parse(text("SELECT payload FROM station_messages")),
              (json{{"status", "Installed"}, {"requestId", 4}}));
    EXPECT_EQ(count("SELECT at_ms FROM station_messages"), 1795860005000);
    // The station was heard from at the message's time.
    EXPECT_EQ(count("SELECT last_seen_at_ms FROM stations WHERE id = 'ST-1'"), 1795860005000);
}

// Statuses of one batch are written together (one upsert per connector): the result is the
// one applying them in order gives, in the batch and across batches.
TEST_P(StreamsTest, ABatchsStatusesEndWhereApplyingThemInOrderWould) {
    auto status = [](std::int64_t seq, std::int64_t evse, const std::string& value,
                     const std::string& at) {
        return event(seq, "ConnectorStatusChanged",
                     {{"station_id", "ST-1"},
                      {"connector", {{"evse_id", evse}, {"connector_id", evse == 0 ? 0 : 1}}},
                      {"status", value},
                      {"timestamp", at}});
    };
    const std::string t1 = "2026-11-28T10:00:01.000Z";
    const std::string t2 = "2026-11-28T10:00:02.000Z";
    const std::string t3 = "2026-11-28T10:00:03.000Z";
    EXPECT_EQ(acknowledged(post(
                  gateway,
                  json::array({status(1, 1, "Available", t1), status(2, 1, "Charging", t3),
                               status(3, 1, "Faulted", t2),   // late: history only
                               status(4, 1, "Charging", t3),  // a repeat
                               status(5, 2, "Preparing", t2), status(6, 0, "Unavailable", t1)}),
                  kEpochA)),
              6);
    EXPECT_EQ(text("SELECT status FROM connectors WHERE evse_id = 1"), "Charging");
    EXPECT_EQ(count("SELECT status_at_ms FROM connectors WHERE evse_id = 1"), 1795860003000);
    EXPECT_EQ(text("SELECT status FROM connectors WHERE evse_id = 2"), "Preparing");
    EXPECT_EQ(text("SELECT status FROM stations WHERE id = 'ST-1'"), "Unavailable");
    EXPECT_EQ(count("SELECT COUNT(*) FROM connectors"), 2);
    EXPECT_EQ(count("SELECT COUNT(*) FROM connector_status_history"), 5);

    // The next batch: an older status is history only, a newer one is live.
    EXPECT_EQ(
        acknowledged(post(
            gateway, json::array({status(7, 1, "Finishing", t2), status(8, 2, "Charging", t3)}),
            kEpochA)),
        8);
    EXPECT_EQ(text("SELECT status FROM connectors WHERE evse_id = 1"), "Charging");
    EXPECT_EQ(text("SELECT status FROM connectors WHERE evse_id = 2"), "Charging");
    EXPECT_EQ(count("SELECT COUNT(*) FROM connector_status_history"), 7);
}

// Many gateways at once, two of them under two epochs: every event applied once (on
// PostgreSQL this runs the batches in READ COMMITTED side by side).
TEST_P(StreamsTest, ManyGatewaysAndEpochsAtOnceApplyEachEventOnce) {
    std::vector<std::string> gateways{gateway};
    for (int i = 0; i < 5; ++i)
        gateways.push_back(create_gateway(site));
    std::vector<std::thread> threads;
    for (std::size_t g = 0; g < gateways.size(); ++g) {
        for (const char* epoch : {kEpochA, kEpochB}) {
            if (g >= 2 && epoch == kEpochB) continue;
            threads.emplace_back([&, g, epoch] {
                for (std::int64_t round = 0; round < 4; ++round) {
                    // Each batch twice: the second is a repeat to skip.
                    const std::string uuid =
                        "g" + std::to_string(g) + "-" + epoch + "-" + std::to_string(round);
                    const json events = session(1 + 3 * round, uuid);
                    for (int repeat = 0; repeat < 2; ++repeat) {
                        const auto response = post(gateways[g], events, std::string(epoch));
                        EXPECT_EQ(response.status, 200) << response.body;
                    }
                }
            });
        }
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(count("SELECT COUNT(*) FROM applied_events"), 8 * 12);
    EXPECT_EQ(count("SELECT COUNT(*) FROM sessions WHERE state = 'closed'"), 8 * 4);
    EXPECT_EQ(count("SELECT SUM(energy_wh) FROM sessions"), 8 * 4 * 500);
    EXPECT_EQ(count("SELECT COUNT(*) FROM session_samples"), 8 * 4 * 3);
    EXPECT_EQ(count("SELECT COUNT(*) FROM gateway_sync_streams WHERE acknowledged_seq = 12"), 8);
}

TEST_P(StreamsTest, BatchesRunReadCommittedOnPostgresAndOtherTransactionsSerializable) {
    if (db().backend() != storage::Backend::PostgreSQL) GTEST_SKIP() << "PostgreSQL only";
    auto isolation = [&](storage::Isolation level) {
        return db().transaction(
            [](Poco::Data::Session& s) {
                std::string value;
                storage::sql(s, "SELECT current_setting('transaction_isolation')"),
                    Poco::Data::Keywords::into(value), Poco::Data::Keywords::now;
                return value;
            },
            level);
    };
    EXPECT_EQ(isolation(storage::Isolation::Serializable), "serializable");
    EXPECT_EQ(isolation(storage::Isolation::ReadCommitted), "read committed");
}

// Migration 6 moves what migration 3 held into the stream of the empty epoch: a gateway
// that sends no epoch carries on where it was.
TEST_P(StreamsTest, MigrationSixKeepsWhatVersionThreeHeld) {
    // A database of its own, migrated to 4 only, with rows in the old tables.
    auto all = stations::migrations();
    for (auto& m : sync::migrations())
        all.push_back(m);
    for (auto& m : charging::migrations())
        all.push_back(m);
    all.push_back({1, "identity", "CREATE TABLE users (id TEXT PRIMARY KEY)"});
    std::vector<storage::Migration> up_to_4;
    for (const auto& m : all)
        if (m.version <= 4) up_to_4.push_back(m);

    storage::testing::TestDatabase fresh(GetParam());
    ASSERT_TRUE(fresh.unavailable().empty()) << fresh.unavailable();
    auto database = fresh.open();
    ASSERT_TRUE(storage::migrate(*database, up_to_4));
    database->transaction([&](Poco::Data::Session& s) {
        for (const char* statement :
             {"INSERT INTO sites (id, name, created_at_ms, updated_at_ms) VALUES ('s', 'S', 0, 0)",
              "INSERT INTO gateways (id, site_id, secret_hash) VALUES ('gw', 's', 'h')",
              "INSERT INTO gateway_sync_state (gateway_id, acknowledged_seq, last_batch_at_ms, "
              "events_applied, events_rejected) VALUES ('gw', 2, 77, 2, 1)",
              "INSERT INTO applied_events (gateway_id, seq, event_type, applied_at_ms) VALUES "
              "('gw', 1, 'X', 5), ('gw', 2, 'Y', 6)",
              "INSERT INTO sync_rejected_events (gateway_id, seq, event_type, payload, reason, "
              "received_at_ms) VALUES ('gw', 2, 'Y', '{}', 'why', 6)"}) {
            storage::sql(s, statement), Poco::Data::Keywords::now;
        }
    });
    ASSERT_TRUE(storage::migrate(*database, all));
    auto session = database->session();
    std::string epoch = "-";
    Poco::Int64 acknowledged = 0;
    Poco::Int64 applied = 0;
    Poco::Int64 kept = 0;
    storage::sql(session,
                 "SELECT epoch, acknowledged_seq FROM gateway_sync_streams WHERE gateway_id = "
                 "'gw'"),
        Poco::Data::Keywords::into(epoch), Poco::Data::Keywords::into(acknowledged),
        Poco::Data::Keywords::now;
    storage::sql(session, "SELECT COUNT(*) FROM applied_events"),
        Poco::Data::Keywords::into(applied), Poco::Data::Keywords::now;
    storage::sql(session,
                 "SELECT COUNT(*) FROM sync_rejected_events WHERE disposition = 'rejected'"),
        Poco::Data::Keywords::into(kept), Poco::Data::Keywords::now;
    EXPECT_EQ(epoch, "");
    EXPECT_EQ(acknowledged, 2);
    EXPECT_EQ(applied, 2);
    EXPECT_EQ(kept, 1);
}

ISKRA_STORAGE_BACKENDS(StreamsTest);

}  // namespace
}  // namespace iskra::central::sync::testing
