// Test support for central/tariffs: a database migrated to stations (2) and tariffs (5) on either
// backend, the module's routes behind a real Dispatcher with a fake authenticator (a staff user
// by cookie, a gateway by "Bearer <gateway_id>.<anything>") and a clock the test sets, plus
// seeders for the rows the stations module and sync would have written.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "iskra/central/http/dispatcher.hpp"
#include "iskra/central/http/router.hpp"
#include "iskra/central/tariffs/tariffs_module.hpp"
#include "storage_test_support.hpp"

namespace iskra::central::tariffs::testing {

class FakeAuthenticator final : public http::Authenticator {
public:
    std::optional<http::UserPrincipal> signed_in;
    std::map<std::string, std::string> gateways;  // gateway id → site id
    std::optional<http::UserPrincipal> user(const http::Request& request) override;
    std::optional<http::GatewayPrincipal> gateway(const http::Request& request) override;
};

inline constexpr const char* kStaffId = "5d1e2f30-4a5b-4c6d-8e7f-90a1b2c3d4e5";

// Epoch ms of a UTC wall-clock time.
std::int64_t utc_ms(int y, unsigned mo, unsigned d, int h = 0, int mi = 0);

// 2026-11-10T12:00:00Z, a Tuesday noon: where every test's clock starts.
inline const std::int64_t kNoon = utc_ms(2026, 11, 10, 12);

nlohmann::json body_of(const http::Response& response);

// A one-element tariff body: ENERGY at `price_micro` (millionths of a złoty) with the VAT and
// entry given, plus `extra` fields merged in (name, valid_from, ...).
nlohmann::json energy_tariff(std::int64_t price_micro, const std::string& entry = "gross",
                             nlohmann::json extra = nlohmann::json::object());

class TariffsTest : public storage::testing::BothBackends {
protected:
    void SetUp() override;

    // As the signed-in user (super admin unless sign_in_as said otherwise), with the CSRF token
    // and, for a body, the JSON content type.
    http::Response call(const std::string& method, const std::string& path,
                        const std::optional<nlohmann::json>& body = std::nullopt);
    http::Response call_raw(const std::string& method, const std::string& path,
                            const std::string& body, const std::string& content_type);
    // Without a session cookie: as the public.
    http::Response anonymous(const std::string& method, const std::string& path);
    // As an enrolled gateway.
    http::Response gateway_call(const std::string& gateway_id, const std::string& path);
    void sign_in_as(http::Role role);

    // Rows other modules own, written straight into their tables.
    void add_site(const std::string& id);
    void add_category(const std::string& id);
    void add_station(const std::string& id, const std::string& site_id,
                     const std::optional<std::string>& category = std::nullopt);
    // A gateway of `site_id` the fake authenticator knows.
    void add_gateway(const std::string& id, const std::string& site_id);
    std::int64_t count_rows(const std::string& table);

    // Through the API: a tariff (201 expected) and an assignment; return their ids.
    std::string create_tariff(const nlohmann::json& body);
    std::string assign(const std::string& tariff_id, const std::string& scope,
                       const std::optional<std::string>& target = std::nullopt,
                       const std::optional<std::string>& kind = std::nullopt);

    std::int64_t now_ms = kNoon;
    http::Router router;
    FakeAuthenticator authenticator;
    std::unique_ptr<http::Dispatcher> dispatcher;

private:
    std::unique_ptr<TariffsModule> module_;
};

}  // namespace iskra::central::tariffs::testing
