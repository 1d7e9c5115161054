// Test support for central/sync and central/charging: a database migrated to versions 1-4
// (a stand-in for identity's users table, the real stations, sync and charging migrations) on
// either backend, both modules' routes behind a real Dispatcher, a fake authenticator (a staff
// user by cookie; a gateway named by its bearer id, no secret checked), and event builders in
// the gateway's outbox shape.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "iskra/central/charging/charging_module.hpp"
#include "iskra/central/http/dispatcher.hpp"
#include "iskra/central/http/router.hpp"
#include "iskra/central/stations/command_queue.hpp"
#include "iskra/central/storage/migrations.hpp"
#include "iskra/central/sync/sync_module.hpp"
#include "storage_test_support.hpp"

namespace iskra::central::sync::testing {

// Signs in `signed_in` for a request with the session cookie, and a gateway known to
// `gateways` for "Authorization: Bearer <gateway_id>.<anything>". Identity is not the point of
// the tests that use it; enrolment_test uses the real GatewayAuthenticator.
class FakeAuthenticator final : public http::Authenticator {
public:
    std::optional<http::UserPrincipal> signed_in;
    std::map<std::string, std::string> gateways;  // gateway id → site id
    std::optional<http::UserPrincipal> user(const http::Request& request) override;
    std::optional<http::GatewayPrincipal> gateway(const http::Request& request) override;
};

inline constexpr const char* kStaffId = "0b7e9d1c-2f3a-4b5c-8d6e-7f8091a2b3c4";
inline constexpr const char* kDriverId = "1c8f0e2d-3a4b-4c5d-9e6f-8091a2b3c4d5";

nlohmann::json body_of(const http::Response& response);

// The gateway's outbox payloads (gateway/store/src/event_json.cpp) wrapped as batch events.
nlohmann::json event(std::int64_t seq, const std::string& type, nlohmann::json payload,
                     const std::string& at = "2026-11-28T10:00:00.000Z");
nlohmann::json session_started(std::int64_t seq, const std::string& uuid,
                               const std::string& station, std::int64_t meter_start_wh,
                               const std::string& token = "04A2B3C4");
nlohmann::json meter_values(std::int64_t seq, const std::string& uuid, const std::string& station,
                            std::int64_t energy_wh, std::int64_t at_s);
nlohmann::json session_ended(std::int64_t seq, const std::string& uuid, const std::string& station,
                             std::int64_t meter_stop_wh);
nlohmann::json status_changed(std::int64_t seq, const std::string& station,
                              const std::string& status);

class SyncTest : public storage::testing::BothBackends {
protected:
    void SetUp() override;
    void TearDown() override;
    // Migrations of further modules a suite mounts (tariffs), applied with the others.
    virtual std::vector<storage::Migration> more_migrations() const { return {}; }

    http::Response call(const std::string& method, const std::string& path,
                        const std::optional<nlohmann::json>& body = std::nullopt);
    http::Response call_raw(const std::string& method, const std::string& path,
                            const std::string& body, const std::string& content_type);
    // As the gateway: Authorization: Bearer <gateway_id>.secret.
    http::Response gateway_call(const std::string& gateway_id, const std::string& method,
                                const std::string& path,
                                const std::optional<nlohmann::json>& body = std::nullopt);
    http::Response post_events(const std::string& gateway_id, const nlohmann::json& events);
    void sign_in_as(http::Role role, const std::string& user_id = kStaffId);

    // Seeded straight into the tables, as other modules would have written them.
    std::string create_site();
    std::string create_gateway(const std::string& site_id, bool enabled = true);
    std::int64_t count(const std::string& sql);
    std::string text(const std::string& sql);

    std::unique_ptr<stations::CommandQueue> queue;
    http::Router router;
    FakeAuthenticator authenticator;
    std::unique_ptr<http::Dispatcher> dispatcher;

private:
    std::unique_ptr<SyncModule> sync_;
    std::unique_ptr<charging::ChargingModule> charging_;
};

}  // namespace iskra::central::sync::testing
