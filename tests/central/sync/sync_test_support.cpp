#include "sync_test_support.hpp"

#include <chrono>

#include "iskra/central/charging/migrations.hpp"
#include "iskra/central/stations/migrations.hpp"
#include "iskra/central/storage/ids.hpp"
#include "iskra/central/storage/migrations.hpp"
#include "iskra/central/storage/sql.hpp"
#include "iskra/central/sync/migrations.hpp"

namespace iskra::central::sync::testing {
namespace {

using nlohmann::json;
using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

// Identity (migration 1) owns users; these tests need only the key tokens point at.
const char* const kIdentityStandIn = "CREATE TABLE users (id TEXT PRIMARY KEY)";

std::string iso_at(std::int64_t seconds) {
    const std::int64_t base = 1795860000;  // 2026-11-28T10:00:00Z
    std::time_t t = static_cast<std::time_t>(base + seconds);
    char out[32];
    std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%S.000Z", std::gmtime(&t));
    return out;
}

}  // namespace

std::optional<http::UserPrincipal> FakeAuthenticator::user(const http::Request& request) {
    if (!request.cookie("iskra_session")) return std::nullopt;
    return signed_in;
}

std::optional<http::GatewayPrincipal> FakeAuthenticator::gateway(const http::Request& request) {
    auto header = request.header("authorization");
    if (!header || !header->starts_with("Bearer ")) return std::nullopt;
    std::string id(header->substr(7, header->find('.') - 7));
    auto found = gateways.find(id);
    if (found == gateways.end()) return std::nullopt;
    return http::GatewayPrincipal{id, found->second};
}

json body_of(const http::Response& response) {
    if (response.body.empty()) return nullptr;
    return json::parse(response.body);
}

json event(std::int64_t seq, const std::string& type, json payload, const std::string& at) {
    return json{{"seq", seq}, {"type", type}, {"at", at}, {"payload", std::move(payload)}};
}

json session_started(std::int64_t seq, const std::string& uuid, const std::string& station,
                     std::int64_t meter_start_wh, const std::string& token) {
    return event(seq, "SessionStarted",
                 {{"station_id", station},
                  {"session_uuid", uuid},
                  {"transaction", seq},
                  {"connector", {{"evse_id", 1}, {"connector_id", 1}}},
                  {"token", {{"id", token}, {"type", "ISO14443"}}},
                  {"meter_start_wh", meter_start_wh},
                  {"started_at", iso_at(0)},
                  {"samples", json::array()}});
}

json meter_values(std::int64_t seq, const std::string& uuid, const std::string& station,
                  std::int64_t energy_wh, std::int64_t at_s) {
    return event(seq, "MeterValuesReported",
                 {{"station_id", station},
                  {"session_uuid", uuid},
                  {"connector", {{"evse_id", 1}, {"connector_id", 1}}},
                  {"samples", json::array({{{"timestamp", iso_at(at_s)},
                                            {"context", "Sample.Periodic"},
                                            {"energy_wh", energy_wh},
                                            {"power_w", 7400},
                                            {"voltage_v", 230.1},
                                            {"measurands", json::array()}}})}},
                 iso_at(at_s));
}

json session_ended(std::int64_t seq, const std::string& uuid, const std::string& station,
                   std::int64_t meter_stop_wh) {
    return event(seq, "SessionEnded",
                 {{"station_id", station},
                  {"session_uuid", uuid},
                  {"transaction", 1},
                  {"meter_stop_wh", meter_stop_wh},
                  {"ended_at", iso_at(3600)},
                  {"reason", "EVDisconnected"},
                  {"samples", json::array()}});
}

json status_changed(std::int64_t seq, const std::string& station, const std::string& status) {
    return event(seq, "ConnectorStatusChanged",
                 {{"station_id", station},
                  {"connector", {{"evse_id", 1}, {"connector_id", 1}}},
                  {"status", status},
                  {"timestamp", iso_at(seq)}});
}

void SyncTest::SetUp() {
    BothBackends::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto all = stations::migrations();
    for (auto& m : sync::migrations())
        all.push_back(m);
    for (auto& m : charging::migrations())
        all.push_back(m);
    all.push_back({1, "identity", kIdentityStandIn});
    for (auto& m : more_migrations())
        all.push_back(m);
    auto migrated = storage::migrate(db(), all);
    ASSERT_TRUE(migrated) << migrated.error();
    queue = std::make_unique<stations::CommandQueue>(db(), std::chrono::milliseconds(100));
    sync_ = std::make_unique<SyncModule>(db(), *queue);
    charging_ = std::make_unique<charging::ChargingModule>(db());
    sync_->add_routes(router);
    charging_->add_routes(router);
    dispatcher = std::make_unique<http::Dispatcher>(router, authenticator);
    sign_in_as(http::Role::SuperAdmin);
    db().transaction([](Poco::Data::Session& s) {
        storage::sql(s, "INSERT INTO users (id) VALUES (?)"), bind(std::string(kStaffId)), now;
        storage::sql(s, "INSERT INTO users (id) VALUES (?)"), bind(std::string(kDriverId)), now;
    });
}

void SyncTest::TearDown() {
    if (queue) queue->shutdown();
}

void SyncTest::sign_in_as(http::Role role, const std::string& user_id) {
    authenticator.signed_in =
        http::UserPrincipal{user_id, "someone@example.com", role, "s-1", "csrf-test"};
}

http::Response SyncTest::call(const std::string& method, const std::string& path,
                              const std::optional<json>& body) {
    return call_raw(method, path, body ? body->dump() : "", body ? "application/json" : "");
}

http::Response SyncTest::call_raw(const std::string& method, const std::string& path,
                                  const std::string& body, const std::string& content_type) {
    http::Request request;
    request.method = method;
    const auto question = path.find('?');
    request.path = path.substr(0, question);
    if (question != std::string::npos) request.query = http::parse_query(path.substr(question + 1));
    request.headers["cookie"] = "iskra_session=abc";
    request.headers["x-csrf-token"] = "csrf-test";
    if (!content_type.empty()) request.headers["content-type"] = content_type;
    request.body = body;
    return dispatcher->handle(request);
}

http::Response SyncTest::gateway_call(const std::string& gateway_id, const std::string& method,
                                      const std::string& path, const std::optional<json>& body) {
    http::Request request;
    request.method = method;
    const auto question = path.find('?');
    request.path = path.substr(0, question);
    if (question != std::string::npos) request.query = http::parse_query(path.substr(question + 1));
    request.headers["authorization"] = "Bearer " + gateway_id + ".secret";
    if (body) {
        request.headers["content-type"] = "application/json";
        request.body = body->dump();
    }
    return dispatcher->handle(request);
}

http::Response SyncTest::post_events(const std::string& gateway_id, const json& events) {
    return gateway_call(gateway_id, "POST", "/api/gateway/v1/events", json{{"events", events}});
}

std::string SyncTest::create_site() {
    const std::string id = storage::new_uuid();
    db().transaction([&](Poco::Data::Session& s) {
        storage::sql(s,
                     "INSERT INTO sites (id, name, created_at_ms, updated_at_ms) VALUES (?, "
                     "'Depot', 0, 0)"),
            bind(id), now;
    });
    return id;
}

std::string SyncTest::create_gateway(const std::string& site_id, bool enabled) {
    const std::string id = storage::new_uuid();
    db().transaction([&](Poco::Data::Session& s) {
        storage::sql(s,
                     "INSERT INTO gateways (id, site_id, name, secret_hash, enabled, "
                     "enrolled_at_ms) VALUES (?, ?, 'gw', 'stand-in', ?, 0)"),
            bind(id), bind(site_id), bind(Poco::Int64{enabled ? 1 : 0}), now;
    });
    authenticator.gateways[id] = site_id;
    return id;
}

std::int64_t SyncTest::count(const std::string& sql) {
    auto session = db().session();
    Poco::Int64 n = 0;
    storage::sql(session, sql), into(n), now;
    return n;
}

std::string SyncTest::text(const std::string& sql) {
    auto session = db().session();
    std::string out;
    storage::sql(session, sql), into(out), now;
    return out;
}

}  // namespace iskra::central::sync::testing
