#include "stations_test_support.hpp"

#include <chrono>

#include "iskra/central/storage/ids.hpp"
#include "iskra/central/storage/migrations.hpp"
#include "iskra/central/storage/sql.hpp"

namespace iskra::central::stations::testing {
namespace {

// What identity (1) and charging (4) own and this module reads: their contract columns only.
const char* const kIdentityStandIn = "CREATE TABLE users (id TEXT PRIMARY KEY)";
const char* const kChargingStandIn = R"(
CREATE TABLE tokens (
    id_token TEXT NOT NULL, token_type TEXT NOT NULL, user_id TEXT NULL REFERENCES users (id),
    status TEXT NOT NULL, created_at_ms BIGINT NOT NULL, updated_at_ms BIGINT NOT NULL,
    PRIMARY KEY (id_token, token_type));
CREATE TABLE sessions (
    session_uuid TEXT PRIMARY KEY, gateway_id TEXT NOT NULL, station_id TEXT NOT NULL,
    transaction_ref TEXT NULL, state TEXT NOT NULL, updated_at_ms BIGINT NOT NULL))";

}  // namespace

nlohmann::json body_of(const http::Response& response) {
    if (response.body.empty()) return nullptr;
    return nlohmann::json::parse(response.body);
}

void StationsTest::SetUp() {
    BothBackends::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto all = migrations();
    all.push_back({1, "identity", kIdentityStandIn});
    all.push_back({4, "charging", kChargingStandIn});
    auto migrated = storage::migrate(db(), all);
    ASSERT_TRUE(migrated) << migrated.error();
    queue = std::make_unique<CommandQueue>(db(), std::chrono::milliseconds(100));
    module_ = std::make_unique<StationsModule>(db(), *queue);
    module_->add_routes(router);
    dispatcher = std::make_unique<http::Dispatcher>(router, authenticator);
    sign_in_as(http::Role::SuperAdmin);
    db().transaction([](Poco::Data::Session& session) {
        std::string id = kStaffId;
        storage::sql(session, "INSERT INTO users (id) VALUES (?)"), Poco::Data::Keywords::use(id),
            Poco::Data::Keywords::now;
    });
}

void StationsTest::TearDown() {
    if (queue) queue->shutdown();
}

void StationsTest::sign_in_as(http::Role role) {
    authenticator.signed_in =
        http::UserPrincipal{kStaffId, "staff@example.com", role, "s-1", "csrf-test"};
}

http::Response StationsTest::call(const std::string& method, const std::string& path,
                                  const std::optional<nlohmann::json>& body) {
    return call_raw(method, path, body ? body->dump() : "", body ? "application/json" : "");
}

http::Response StationsTest::call_raw(const std::string& method, const std::string& path,
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

std::string StationsTest::create_site(const std::string& name) {
    auto response = call("POST", "/api/v1/sites", nlohmann::json{{"name", name}});
    EXPECT_EQ(response.status, 201) << response.body;
    return body_of(response)["id"];
}

std::string StationsTest::add_gateway(const std::string& site_id, std::int64_t enrolled_at_ms,
                                      bool enabled) {
    std::string id = storage::new_uuid();
    db().transaction([&](Poco::Data::Session& session) {
        std::string site = site_id;
        std::string hash = "$argon2id$stand-in";
        Poco::Int64 enrolled = enrolled_at_ms;
        Poco::Int64 on = enabled ? 1 : 0;
        using Poco::Data::Keywords::use;
        storage::sql(session,
                     "INSERT INTO gateways (id, site_id, name, secret_hash, enabled, "
                     "enrolled_at_ms) VALUES (?, ?, 'gw', ?, ?, ?)"),
            use(id), use(site), use(hash), use(on), use(enrolled), Poco::Data::Keywords::now;
    });
    return id;
}

void StationsTest::create_station(const std::string& id, const std::string& site_id,
                                  const std::optional<std::string>& protocol) {
    nlohmann::json body = {{"id", id}, {"site_id", site_id}};
    if (protocol) body["protocol"] = *protocol;
    auto response = call("POST", "/api/v1/stations", body);
    ASSERT_EQ(response.status, 201) << response.body;
}

std::int64_t StationsTest::count_rows(const std::string& table) {
    auto session = db().session();
    Poco::Int64 n = 0;
    session << "SELECT COUNT(*) FROM " + table, Poco::Data::Keywords::into(n),
        Poco::Data::Keywords::now;
    return n;
}

}  // namespace iskra::central::stations::testing
