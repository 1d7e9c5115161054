// Sync ingestion rate (issue 5): N gateways push their outbox at once to a real central over
// 127.0.0.1 — a real http::Server, the real Dispatcher, GatewayAuthenticator (each gateway
// enrolled through the API) and SyncModule — and we count events applied per second, on SQLite
// or PostgreSQL. Bounded: a fixed number of batches per gateway and a wall-clock cap.
//
//   central_sync_bench --database sqlite:/tmp/x.db | postgresql://... [--gateways 100]
//                      [--batches 4] [--batch-size 500] [--max-seconds 120] [--server-threads 256]
//
// The event mix per session is what a gateway's outbox holds for one charge: an authorisation
// answer, a status change to Charging, the start, 20 meter values (energy, power, voltage),
// the end and a status change back to Available: 25 events, 63 sample rows.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "iskra/central/charging/charging_module.hpp"
#include "iskra/central/charging/migrations.hpp"
#include "iskra/central/http/server.hpp"
#include "iskra/central/stations/migrations.hpp"
#include "iskra/central/storage/ids.hpp"
#include "iskra/central/storage/sql.hpp"
#include "iskra/central/sync/gateway_authenticator.hpp"
#include "iskra/central/sync/migrations.hpp"
#include "iskra/central/sync/sync_module.hpp"

namespace {

using nlohmann::json;
namespace central = iskra::central;
using Clock = std::chrono::steady_clock;

struct Options {
    std::string database;
    int gateways = 100;
    int batches = 4;
    int batch_size = 500;
    int max_seconds = 120;
    int server_threads = 256;  // ServerOptions::max_threads: requests served at once
};

// Signs in one staff user for every request (identity is not what is measured here).
class StaffOnly final : public central::http::Authenticator {
public:
    std::optional<central::http::UserPrincipal> user(const central::http::Request&) override {
        return central::http::UserPrincipal{"bench-staff", "bench@example.com",
                                            central::http::Role::SuperAdmin, "s", "csrf"};
    }
    std::optional<central::http::GatewayPrincipal> gateway(const central::http::Request&) override {
        return std::nullopt;
    }
};

std::string iso(std::int64_t seconds) {
    std::time_t t = static_cast<std::time_t>(1795860000 + seconds);
    char out[32];
    std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%S.000Z", std::gmtime(&t));
    return out;
}

// The outbox of one gateway, in the gateway's own payload shape, seq from 1.
class Outbox {
public:
    explicit Outbox(int gateway) : gateway_(gateway) {}

    // Each batch names the outbox's epoch, as a gateway's uplink does.
    json next_batch(int size) {
        json events = json::array();
        while (static_cast<int>(events.size()) < size) {
            if (pending_.empty()) refill();
            events.push_back(std::move(pending_.front()));
            pending_.erase(pending_.begin());
        }
        return json{{"epoch", epoch_}, {"events", std::move(events)}};
    }
    std::int64_t energy_ended_wh = 0;  // what central's closed sessions must add up to

private:
    void add(const std::string& type, json payload, std::int64_t at_s) {
        pending_.push_back(
            {{"seq", ++seq_}, {"type", type}, {"at", iso(at_s)}, {"payload", std::move(payload)}});
    }
    void refill() {
        const int n = session_++;
        const std::string station = "G" + std::to_string(gateway_) + "-ST" + std::to_string(n % 10);
        const std::string uuid = central::storage::new_uuid();
        const json connector{{"evse_id", 1}, {"connector_id", 1}};
        const json token{{"id", "TAG" + std::to_string(n % 50)}, {"type", "ISO14443"}};
        const std::int64_t t0 = n * 3600;
        const std::int64_t start_wh = 1000000 + n * 50000;
        add("AuthorizationAnswered",
            {{"station_id", station},
             {"token", token},
             {"decision", {{"status", "Accepted"}}},
             {"source", "local_list"},
             {"decision_id", n + 1},
             {"decided_at", iso(t0)}},
            t0);
        add("ConnectorStatusChanged",
            {{"station_id", station},
             {"connector", connector},
             {"status", "Charging"},
             {"timestamp", iso(t0)}},
            t0);
        add("SessionStarted",
            {{"station_id", station},
             {"session_uuid", uuid},
             {"transaction", n + 1},
             {"connector", connector},
             {"token", token},
             {"meter_start_wh", start_wh},
             {"started_at", iso(t0)},
             {"samples", json::array()}},
            t0);
        std::int64_t wh = start_wh;
        for (int i = 1; i <= 20; ++i) {
            wh += 611 + i;
            add("MeterValuesReported",
                {{"station_id", station},
                 {"session_uuid", uuid},
                 {"connector", connector},
                 {"transaction", n + 1},
                 {"samples", json::array({{{"timestamp", iso(t0 + 60 * i)},
                                           {"context", "Sample.Periodic"},
                                           {"energy_wh", wh},
                                           {"power_w", 22000 + i},
                                           {"voltage_v", 229.5},
                                           {"measurands", json::array()}}})}},
                t0 + 60 * i);
        }
        add("SessionEnded",
            {{"station_id", station},
             {"session_uuid", uuid},
             {"transaction", n + 1},
             {"meter_stop_wh", wh + 7},
             {"ended_at", iso(t0 + 1300)},
             {"reason", "EVDisconnected"},
             {"samples", json::array()}},
            t0 + 1300);
        add("ConnectorStatusChanged",
            {{"station_id", station},
             {"connector", connector},
             {"status", "Available"},
             {"timestamp", iso(t0 + 1301)}},
            t0 + 1301);
        energy_ended_wh += wh + 7 - start_wh;
    }

    int gateway_;
    std::string epoch_ = "bench" + std::to_string(gateway_);
    int session_ = 0;
    std::int64_t seq_ = 0;
    std::vector<json> pending_;
};

std::optional<Options> parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const std::string value = argv[i + 1];
        if (key == "--database")
            o.database = value;
        else if (key == "--gateways")
            o.gateways = std::stoi(value);
        else if (key == "--batches")
            o.batches = std::stoi(value);
        else if (key == "--batch-size")
            o.batch_size = std::stoi(value);
        else if (key == "--max-seconds")
            o.max_seconds = std::stoi(value);
        else if (key == "--server-threads")
            o.server_threads = std::stoi(value);
        else
            return std::nullopt;
    }
    if (o.database.empty()) return std::nullopt;
    return o;
}

std::int64_t scalar(central::storage::Database& db, const std::string& sql) {
    auto session = db.session();
    Poco::Int64 n = 0;
    central::storage::sql(session, sql), Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
    return n;
}

}  // namespace

int main(int argc, char** argv) {
    const auto options = parse(argc, argv);
    if (!options) {
        std::fprintf(stderr,
                     "usage: central_sync_bench --database URL [--gateways N] [--batches N] "
                     "[--batch-size N] [--max-seconds N]\n");
        return 2;
    }
    auto url = central::storage::parse_database_url(options->database);
    if (!url) return std::fprintf(stderr, "%s\n", url.error().c_str()), 2;
    central::storage::DatabaseOptions db_options;
    db_options.pool_size = 16;
    auto opened = central::storage::Database::open(*url, db_options);
    if (!opened) return std::fprintf(stderr, "%s\n", opened.error().c_str()), 1;
    auto& db = **opened;
    auto all = central::stations::migrations();
    for (auto& m : central::sync::migrations())
        all.push_back(m);
    for (auto& m : central::charging::migrations())
        all.push_back(m);
    all.push_back({1, "identity", "CREATE TABLE users (id TEXT PRIMARY KEY)"});  // stand-in
    if (auto migrated = central::storage::migrate(db, all); !migrated) {
        return std::fprintf(stderr, "migrate: %s\n", migrated.error().c_str()), 1;
    }

    central::stations::CommandQueue queue(db);
    central::sync::SyncModule sync(db, queue);
    central::charging::ChargingModule charging(db);
    central::http::Router router;
    sync.add_routes(router);
    charging.add_routes(router);
    StaffOnly staff;
    central::sync::GatewayAuthenticator authenticator(db, &staff);
    central::http::Dispatcher dispatcher(router, authenticator);
    central::http::ServerOptions server_options;
    server_options.host = "127.0.0.1";
    server_options.port = 0;
    server_options.max_threads = options->server_threads;
    central::http::Server server(dispatcher, server_options);
    server.start();
    const int port = server.port();

    // One site; every gateway enrolled through the API, as a technician would.
    const std::string site = central::storage::new_uuid();
    db.transaction([&](Poco::Data::Session& s) {
        central::storage::sql(
            s,
            "INSERT INTO sites (id, name, created_at_ms, updated_at_ms) VALUES (?, 'Bench', 0, 0)"),
            Poco::Data::Keywords::bind(site), Poco::Data::Keywords::now;
    });
    std::vector<std::string> bearers;
    httplib::Client admin("127.0.0.1", port);
    for (int g = 0; g < options->gateways; ++g) {
        auto code = admin.Post(("/api/v1/sites/" + site + "/enrolment-codes").c_str(),
                               {{"X-CSRF-Token", "csrf"}, {"Cookie", "iskra_session=x"}}, "",
                               "application/json");
        if (!code || code->status != 201) return std::fprintf(stderr, "enrolment code failed\n"), 1;
        auto enrolled =
            admin.Post("/api/gateway/v1/enroll",
                       json{{"code", json::parse(code->body)["code"]}, {"name", "gw"}}.dump(),
                       "application/json");
        if (!enrolled || enrolled->status != 201) return std::fprintf(stderr, "enroll failed\n"), 1;
        const json identity = json::parse(enrolled->body);
        bearers.push_back(identity["gateway_id"].get<std::string>() + "." +
                          identity["secret"].get<std::string>());
    }

    // Bodies are built before the clock starts: we measure central, not the generator.
    std::vector<std::vector<std::string>> bodies(static_cast<std::size_t>(options->gateways));
    std::int64_t expected_wh = 0;
    for (int g = 0; g < options->gateways; ++g) {
        Outbox outbox(g);
        for (int b = 0; b < options->batches; ++b)
            bodies[static_cast<std::size_t>(g)].push_back(
                outbox.next_batch(options->batch_size).dump());
        expected_wh += outbox.energy_ended_wh;  // sessions ended within the batches sent: see below
    }

    std::atomic<std::int64_t> sent{0};
    std::atomic<int> failures{0};
    std::atomic<int> retries{0};
    const auto deadline = Clock::now() + std::chrono::seconds(options->max_seconds);
    const auto started = Clock::now();
    std::vector<std::thread> threads;
    for (int g = 0; g < options->gateways; ++g) {
        threads.emplace_back([&, g] {
            httplib::Client client("127.0.0.1", port);
            client.set_keep_alive(true);
            client.set_read_timeout(120, 0);
            const httplib::Headers headers{
                {"Authorization", "Bearer " + bearers[static_cast<std::size_t>(g)]}};
            for (const auto& body : bodies[static_cast<std::size_t>(g)]) {
                if (Clock::now() > deadline) return;
                auto response =
                    client.Post("/api/gateway/v1/events", headers, body, "application/json");
                // 503 is central asking to come back later: the uplink retries after a pause.
                while (response && response->status == 503 && Clock::now() < deadline) {
                    if (retries++ == 0)
                        std::fprintf(stderr, "first 503: %s\n", response->body.c_str());
                    std::this_thread::sleep_for(std::chrono::milliseconds(200));
                    response =
                        client.Post("/api/gateway/v1/events", headers, body, "application/json");
                }
                if (!response || response->status != 200) {
                    ++failures;
                    std::fprintf(stderr, "batch failed: %s\n",
                                 response ? response->body.c_str() : "no answer");
                    return;
                }
                sent += options->batch_size;
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    server.stop(std::chrono::seconds(5));
    queue.shutdown();

    const std::int64_t applied = scalar(db, "SELECT COUNT(*) FROM applied_events");
    const std::int64_t rejected = scalar(db, "SELECT COUNT(*) FROM sync_rejected_events");
    const std::int64_t closed_wh =
        scalar(db, "SELECT COALESCE(SUM(energy_wh), 0) FROM sessions WHERE state = 'closed'");
    const std::int64_t samples = scalar(db, "SELECT COUNT(*) FROM session_samples");
    const std::int64_t decisions = scalar(db, "SELECT COUNT(*) FROM authorizations");
    const std::int64_t linked =
        scalar(db, "SELECT COUNT(*) FROM authorizations WHERE session_uuid IS NOT NULL");
    std::printf("backend=%s gateways=%d batches=%d batch_size=%d\n",
                std::string(central::storage::backend_name(db.backend())).c_str(),
                options->gateways, options->batches, options->batch_size);
    std::printf(
        "events sent=%lld applied=%lld rejected=%lld failures=%d retries(503)=%d samples=%lld\n",
        static_cast<long long>(sent.load()), static_cast<long long>(applied),
        static_cast<long long>(rejected), failures.load(), retries.load(),
        static_cast<long long>(samples));
    std::printf("authorisations logged=%lld linked to their session=%lld\n",
                static_cast<long long>(decisions), static_cast<long long>(linked));
    std::printf(
        "closed sessions' energy: %lld Wh (generator: %lld Wh incl. sessions cut by the last "
        "batch)\n",
        static_cast<long long>(closed_wh), static_cast<long long>(expected_wh));
    std::printf("wall %.2f s -> %.0f events/s applied\n", seconds,
                static_cast<double>(applied) / seconds);
    return failures.load() == 0 && applied == sent.load() ? 0 : 1;
}
