#include "tariffs_test_support.hpp"

#include "iskra/central/stations/migrations.hpp"
#include "iskra/central/storage/migrations.hpp"
#include "iskra/central/storage/sql.hpp"
#include "iskra/central/tariffs/migrations.hpp"

namespace iskra::central::tariffs::testing {

using nlohmann::json;
using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::now;

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

std::int64_t utc_ms(int y, unsigned mo, unsigned d, int h, int mi) {
    using namespace std::chrono;
    const auto t = sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi};
    return duration_cast<milliseconds>(t.time_since_epoch()).count();
}

json body_of(const http::Response& response) {
    if (response.body.empty()) return nullptr;
    return json::parse(response.body);
}

json energy_tariff(std::int64_t price_micro, const std::string& entry, json extra) {
    json body = {
        {"name", "Standard"},
        {"entry", entry},
        {"elements", json::array({{{"price_components", json::array({{{"type", "ENERGY"},
                                                                      {"price_micro", price_micro},
                                                                      {"vat", "23"}}})}}})}};
    body.update(extra);
    return body;
}

void TariffsTest::SetUp() {
    BothBackends::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto all = stations::migrations();
    auto mine = migrations();
    all.insert(all.end(), mine.begin(), mine.end());
    auto migrated = storage::migrate(db(), all);
    ASSERT_TRUE(migrated) << migrated.error();
    TariffsOptions options;
    options.now_ms = [this] { return now_ms; };
    module_ = std::make_unique<TariffsModule>(db(), options);
    module_->add_routes(router);
    dispatcher = std::make_unique<http::Dispatcher>(router, authenticator);
    sign_in_as(http::Role::SuperAdmin);
}

void TariffsTest::sign_in_as(http::Role role) {
    authenticator.signed_in =
        http::UserPrincipal{kStaffId, "staff@example.com", role, "s-1", "csrf-test"};
}

http::Response TariffsTest::call(const std::string& method, const std::string& path,
                                 const std::optional<json>& body) {
    return call_raw(method, path, body ? body->dump() : "", body ? "application/json" : "");
}

namespace {

http::Request request_for(const std::string& method, const std::string& path) {
    http::Request request;
    request.method = method;
    const auto question = path.find('?');
    request.path = path.substr(0, question);
    if (question != std::string::npos) request.query = http::parse_query(path.substr(question + 1));
    request.remote_address = "127.0.0.1:40000";
    return request;
}

}  // namespace

http::Response TariffsTest::call_raw(const std::string& method, const std::string& path,
                                     const std::string& body, const std::string& content_type) {
    http::Request request = request_for(method, path);
    request.headers["cookie"] = "iskra_session=abc";
    request.headers["x-csrf-token"] = "csrf-test";
    if (!content_type.empty()) request.headers["content-type"] = content_type;
    request.body = body;
    return dispatcher->handle(request);
}

http::Response TariffsTest::anonymous(const std::string& method, const std::string& path) {
    return dispatcher->handle(request_for(method, path));
}

http::Response TariffsTest::gateway_call(const std::string& gateway_id, const std::string& path) {
    http::Request request = request_for("GET", path);
    request.headers["authorization"] = "Bearer " + gateway_id + ".secret";
    return dispatcher->handle(request);
}

void TariffsTest::add_site(const std::string& id) {
    db().transaction([&](Poco::Data::Session& session) {
        storage::sql(session,
                     "INSERT INTO sites (id, name, created_at_ms, updated_at_ms) "
                     "VALUES (?, ?, ?, ?)"),
            bind(id), bind(std::string("Site ") + id), bind(now_ms), bind(now_ms), now;
    });
}

void TariffsTest::add_category(const std::string& id) {
    db().transaction([&](Poco::Data::Session& session) {
        storage::sql(session,
                     "INSERT INTO station_categories (id, name, created_at_ms) VALUES (?, ?, ?)"),
            bind(id), bind(id), bind(now_ms), now;
    });
}

void TariffsTest::add_station(const std::string& id, const std::string& site_id,
                              const std::optional<std::string>& category) {
    db().transaction([&](Poco::Data::Session& session) {
        Poco::Nullable<std::string> cat;
        if (category) cat = *category;
        storage::sql(session,
                     "INSERT INTO stations (id, site_id, category, allowed, created_at_ms, "
                     "updated_at_ms) VALUES (?, ?, ?, 1, ?, ?)"),
            bind(id), bind(site_id), bind(cat), bind(now_ms), bind(now_ms), now;
    });
}

void TariffsTest::add_gateway(const std::string& id, const std::string& site_id) {
    db().transaction([&](Poco::Data::Session& session) {
        storage::sql(session,
                     "INSERT INTO gateways (id, site_id, secret_hash) VALUES (?, ?, 'stand-in')"),
            bind(id), bind(site_id), now;
    });
    authenticator.gateways[id] = site_id;
}

std::int64_t TariffsTest::count_rows(const std::string& table) {
    auto session = db().session();
    Poco::Int64 n = 0;
    session << "SELECT COUNT(*) FROM " + table, Poco::Data::Keywords::into(n), now;
    return n;
}

std::string TariffsTest::create_tariff(const json& body) {
    auto response = call("POST", "/api/v1/tariffs", body);
    EXPECT_EQ(response.status, 201) << response.body;
    return response.status == 201 ? body_of(response)["id"].get<std::string>() : std::string();
}

std::string TariffsTest::assign(const std::string& tariff_id, const std::string& scope,
                                const std::optional<std::string>& target,
                                const std::optional<std::string>& kind) {
    json body = {{"tariff_id", tariff_id}, {"scope", scope}};
    if (scope == "station" && target) body["station_id"] = *target;
    if (scope == "category" && target) body["category"] = *target;
    if (kind) body["customer_kind"] = *kind;
    auto response = call("POST", "/api/v1/tariff-assignments", body);
    EXPECT_EQ(response.status, 201) << response.body;
    return response.status == 201 ? body_of(response)["id"].get<std::string>() : std::string();
}

}  // namespace iskra::central::tariffs::testing
