#include "identity_fixture.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

#include "iskra/central/storage/migrations.hpp"
#include "iskra/central/storage/sql.hpp"

namespace iskra::central::identity::testing {

using nlohmann::json;

void IdentityTest::SetUp() {
    BothBackends::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto migrated = storage::migrate(db(), identity::migrations());
    ASSERT_TRUE(migrated) << migrated.error();
    start(test_options());
}

void IdentityTest::TearDown() {
    dispatcher_.reset();
    router.reset();
    module.reset();
}

IdentityOptions IdentityTest::test_options() {
    IdentityOptions options;
    options.hash_cost = {1, 64, 1};  // tests only: Argon2's minimum, so logins cost microseconds
    options.clock = [this] { return clock.now; };
    return options;
}

void IdentityTest::start(IdentityOptions options) {
    dispatcher_.reset();
    router = std::make_unique<http::Router>();
    module = std::make_unique<IdentityModule>(db(), std::move(options));
    module->add_routes(*router);
    dispatcher_ = std::make_unique<http::Dispatcher>(*router, *module);
}

http::Response IdentityTest::call(const std::string& method, const std::string& path,
                                  const std::optional<json>& body, const Browser* as,
                                  bool with_csrf) {
    http::Request request;
    request.method = method;
    const auto question = path.find('?');
    request.path = path.substr(0, question);
    if (question != std::string::npos) request.query = http::parse_query(path.substr(question + 1));
    request.remote_address = "192.0.2.7:50000";
    request.headers["user-agent"] = "identity-test";
    if (body) {
        request.headers["content-type"] = "application/json";
        request.body = body->dump();
    }
    if (as) {
        request.headers["cookie"] = std::string(kSessionCookie) + "=" + as->cookie;
        if (with_csrf) request.headers[http::kCsrfHeader] = as->csrf;
    }
    return dispatcher_->handle(request);
}

json IdentityTest::json_of(const http::Response& response) {
    return response.body.empty() ? json() : json::parse(response.body);
}

std::string IdentityTest::error_code(const http::Response& response) {
    auto body = json::parse(response.body, nullptr, false);
    if (!body.is_object() || !body.contains("error")) return {};
    return body["error"].value("code", "");
}

std::optional<std::string> IdentityTest::header(const http::Response& response,
                                                const std::string& name) {
    for (const auto& [key, value] : response.headers)
        if (key == name) return value;
    return std::nullopt;
}

std::string IdentityTest::make_user(const std::string& email, http::Role role,
                                    const std::string& password) {
    auto id = module->create_user({email, "User " + email, role, password});
    EXPECT_TRUE(id) << (id ? "" : id.error().message);
    return id ? *id : std::string();
}

http::Response IdentityTest::login(const std::string& email, const std::string& password) {
    return call("POST", "/api/v1/auth/login", json{{"email", email}, {"password", password}});
}

Browser IdentityTest::sign_in(const std::string& email, const std::string& password) {
    auto response = login(email, password);
    EXPECT_EQ(response.status, 200) << response.body;
    Browser browser;
    auto cookie = header(response, "Set-Cookie").value_or("");
    const auto start = cookie.find('=') + 1;
    browser.cookie = cookie.substr(start, cookie.find(';') - start);
    auto body = json_of(response);
    browser.csrf = body.value("csrf_token", "");
    browser.user_id = body["user"].value("id", "");
    return browser;
}

Browser IdentityTest::sign_in_as(http::Role role) {
    const std::string email = std::string(http::to_string(role)) + "@example.com";
    if (!role_users_.contains(role)) role_users_[role] = make_user(email, role);
    return sign_in(email);
}

std::int64_t IdentityTest::count(const std::string& sql) {
    auto session = db().session();
    Poco::Int64 n = 0;
    storage::sql(session, sql), Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
    return n;
}

std::string IdentityTest::snapshot() {
    auto session = db().session();
    Poco::Data::Statement users =
        storage::sql(session,
                     "SELECT id, email, display_name, role, password_hash, status, failed_logins, "
                     "locked_until_ms, updated_at_ms, last_login_at_ms FROM users ORDER BY id");
    users.execute();
    Poco::Data::RecordSet rows(users);
    std::string out;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        for (std::size_t column = 0; column < rows.columnCount(); ++column) {
            const auto& value = rows.value(column, row);
            out += value.isEmpty() ? "NULL" : value.convert<std::string>();
            out += '|';
        }
        out += '\n';
    }
    out += "sessions " + std::to_string(count("SELECT COUNT(*) FROM login_sessions"));
    out += " events " + std::to_string(count("SELECT COUNT(*) FROM identity_events"));
    return out;
}

}  // namespace iskra::central::identity::testing
