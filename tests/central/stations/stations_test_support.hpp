// Test support for central/stations: a migrated database on either backend (the storage
// tests' TestDatabase), the module's routes behind a real Dispatcher with a fake
// authenticator, and helpers that make requests and seed rows the way other modules would.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "iskra/central/http/dispatcher.hpp"
#include "iskra/central/http/router.hpp"
#include "iskra/central/stations/command_queue.hpp"
#include "iskra/central/stations/stations_module.hpp"
#include "iskra/central/storage/ids.hpp"
#include "iskra/central/storage/sql.hpp"
#include "storage_test_support.hpp"

namespace iskra::central::stations::testing {

// Signs in `signed_in` for any request that carries the session cookie; the real one is
// central/identity. Its CSRF token is "csrf-test".
class FakeAuthenticator final : public http::Authenticator {
public:
    std::optional<http::UserPrincipal> signed_in;
    std::optional<http::UserPrincipal> user(const http::Request& request) override {
        if (!request.cookie("iskra_session")) return std::nullopt;
        return signed_in;
    }
    std::optional<http::GatewayPrincipal> gateway(const http::Request&) override {
        return std::nullopt;
    }
};

inline constexpr const char* kStaffId = "7f3c2a10-5b6d-4e8f-9a0b-1c2d3e4f5a6b";

// A migrated database (migration 2 plus stand-ins for the users, tokens and sessions tables
// of identity and charging that this module reads), the module's routes and a dispatcher.
class StationsTest : public storage::testing::BothBackends {
protected:
    void SetUp() override;
    void TearDown() override;

    // A request as the signed-in super admin (or `role`), with the CSRF token and, for a body,
    // the JSON content type.
    http::Response call(const std::string& method, const std::string& path,
                        const std::optional<nlohmann::json>& body = std::nullopt);
    http::Response call_raw(const std::string& method, const std::string& path,
                            const std::string& body, const std::string& content_type);
    void sign_in_as(http::Role role);

    // Seeds through the API or, for what sync creates, straight into the tables.
    std::string create_site(const std::string& name = "Depot");
    std::string add_gateway(const std::string& site_id, std::int64_t enrolled_at_ms,
                            bool enabled = true);
    void create_station(const std::string& id, const std::string& site_id,
                        const std::optional<std::string>& protocol = "ocpp1.6");
    std::int64_t count_rows(const std::string& table);

    std::unique_ptr<CommandQueue> queue;
    http::Router router;
    FakeAuthenticator authenticator;
    std::unique_ptr<http::Dispatcher> dispatcher;

private:
    std::unique_ptr<StationsModule> module_;
};

nlohmann::json body_of(const http::Response& response);

}  // namespace iskra::central::stations::testing

#define ISKRA_STATIONS_BACKENDS(Suite) ISKRA_STORAGE_BACKENDS(Suite)
