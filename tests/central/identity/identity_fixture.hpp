// The identity module on a private database (SQLite here, PostgreSQL in the _postgres binary)
// behind a real Router and Dispatcher, driven by plain http::Requests, with a fake clock and a
// cheap Argon2 cost so dozens of logins stay fast.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "iskra/central/http/dispatcher.hpp"
#include "iskra/central/http/router.hpp"
#include "iskra/central/identity/identity_module.hpp"
#include "storage_test_support.hpp"

namespace iskra::central::identity::testing {

inline constexpr const char* kPassword = "correct horse battery";

// The module's clock, moved by the test. Starts at a fixed instant.
struct FakeClock {
    std::chrono::system_clock::time_point now{std::chrono::milliseconds(1'790'000'000'000)};
    void advance(std::chrono::milliseconds by) { now += by; }
};

// A browser that signed in: its cookie value and the CSRF token the login answered.
struct Browser {
    std::string cookie;
    std::string csrf;
    std::string user_id;
};

class IdentityTest : public storage::testing::BothBackends {
protected:
    void SetUp() override;
    void TearDown() override;

    // Builds the module (again, e.g. with other options) over the same database.
    void start(IdentityOptions options);
    IdentityOptions test_options();

    http::Response call(const std::string& method, const std::string& path,
                        const std::optional<nlohmann::json>& body = std::nullopt,
                        const Browser* as = nullptr, bool with_csrf = true);
    http::Response raw(http::Request request) { return dispatcher_->handle(request); }
    static nlohmann::json json_of(const http::Response& response);
    static std::string error_code(const http::Response& response);
    static std::optional<std::string> header(const http::Response& response,
                                             const std::string& name);

    // A user made through the module's create_user(), returning its id.
    std::string make_user(const std::string& email, http::Role role,
                          const std::string& password = kPassword);
    http::Response login(const std::string& email, const std::string& password = kPassword);
    // Logs in and asserts it worked.
    Browser sign_in(const std::string& email, const std::string& password = kPassword);
    // A user of `role` (made on first use as <role>@example.com), freshly signed in.
    Browser sign_in_as(http::Role role);

    // What the tables hold, to prove a refused request changed nothing.
    std::string snapshot();
    std::int64_t count(const std::string& sql);

    FakeClock clock;
    std::unique_ptr<IdentityModule> module;
    std::unique_ptr<http::Router> router;
    std::unique_ptr<http::Dispatcher> dispatcher_;

private:
    std::map<http::Role, std::string> role_users_;
};

}  // namespace iskra::central::identity::testing
