// What a session costs as central prices it (GET /api/v1/sessions/{uuid}/cost and the driver's
// /api/v1/me/...): sessions fed through the real sync route, tariffs through the real tariff
// routes, figures computed by hand.
#include "iskra/central/storage/migrations.hpp"
#include "iskra/central/storage/sql.hpp"
#include "iskra/central/tariffs/migrations.hpp"
#include "iskra/central/tariffs/tariffs_module.hpp"
#include "sync_test_support.hpp"

namespace iskra::central::sync::testing {
namespace {

using nlohmann::json;
using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::now;

constexpr std::int64_t kBaseMs = 1795860000LL * 1000;  // 2026-11-28T10:00:00Z, the events' clock

// Energy 2.00 zł/kWh and time 6.00 zł/h, gross, VAT 23 %.
json energy_and_time(std::int64_t energy_micro, const std::string& valid_from) {
    return {
        {"name", "Standard"},
        {"entry", "gross"},
        {"valid_from", valid_from},
        {"elements",
         json::array(
             {{{"price_components",
                json::array({{{"type", "ENERGY"}, {"price_micro", energy_micro}, {"vat", "23"}},
                             {{"type", "TIME"}, {"price_micro", 6'000'000}, {"vat", "23"}}})}}})}};
}

class SessionCostTest : public SyncTest {
protected:
    std::vector<storage::Migration> more_migrations() const override {
        return tariffs::migrations();
    }
    void SetUp() override {
        SyncTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        tariffs::TariffsOptions options;
        options.now_ms = [this] { return now_ms; };
        tariffs_ = std::make_unique<tariffs::TariffsModule>(db(), options);
        tariffs_->add_routes(router);

        site = create_site();
        gateway = create_gateway(site);
        for (const char* station : {"ST-1", "ST-2"}) {
            db().transaction([&](Poco::Data::Session& s) {
                storage::sql(s,
                             "INSERT INTO stations (id, site_id, allowed, created_at_ms, "
                             "updated_at_ms) VALUES (?, ?, 1, 0, 0)"),
                    bind(std::string(station)), bind(site), now;
            });
        }
        ASSERT_EQ(call("POST", "/api/v1/tokens",
                       json{{"id", "DRIVER1"}, {"type", "ISO14443"}, {"user_id", kDriverId}})
                      .status,
                  201);
        // The tariff exists an hour before the sessions start.
        now_ms = kBaseMs - 3'600'000;
        const auto created =
            call("POST", "/api/v1/tariffs", energy_and_time(2'000'000, "2026-11-28T09:00:00Z"));
        ASSERT_EQ(created.status, 201) << created.body;
        tariff_id = body_of(created)["id"];
        const auto assigned = call("POST", "/api/v1/tariff-assignments",
                                   json{{"tariff_id", tariff_id}, {"scope", "default"}});
        ASSERT_EQ(assigned.status, 201) << assigned.body;

        // s-driver: DRIVER1 at ST-1 from 10:00, 1,000 Wh; 13,170 Wh at 10:30. Open.
        const auto r =
            post_events(gateway, json::array({
                                     session_started(1, "s-driver", "ST-1", 1'000, "DRIVER1"),
                                     meter_values(2, "s-driver", "ST-1", 13'170, 1800),
                                     session_started(3, "s-other", "ST-2", 0, "STRANGER"),
                                 }));
        ASSERT_EQ(r.status, 200) << r.body;
    }

    std::int64_t now_ms = kBaseMs;
    std::string site, gateway, tariff_id;

private:
    std::unique_ptr<tariffs::TariffsModule> tariffs_;
};

TEST_P(SessionCostTest, AnOpenSessionIsPricedUpToNowFromItsSyncedSamples) {
    now_ms = kBaseMs + 2'700'000;  // 10:45
    const auto response = call("GET", "/api/v1/sessions/s-driver/cost");
    ASSERT_EQ(response.status, 200) << response.body;
    const json cost = body_of(response);
    // Energy 13,170 − 1,000 = 12,170 Wh × 2.00 zł/kWh = 24.34 zł; time 10:00–10:45 = 0.75 h ×
    // 6.00 zł/h = 4.50 zł; 28.84 zł gross.
    EXPECT_EQ(cost["total"]["gross_grosz"], 2884);
    EXPECT_EQ(cost["state"], "open");
    EXPECT_EQ(cost["provisional"], true);
    EXPECT_EQ(cost["priced_until"], "2026-11-28T10:45:00.000Z");
    EXPECT_EQ(cost["tariff"]["id"], tariff_id);
    EXPECT_EQ(cost["tariff"]["version"], 1);
    EXPECT_EQ(cost["tariff"]["currency"], "PLN");
    ASSERT_EQ(cost["lines"].size(), 2u);
    std::int64_t gross = 0;
    for (const auto& line : cost["lines"]) {
        gross += line["gross_grosz"].get<std::int64_t>();
        EXPECT_EQ(line["net_grosz"].get<std::int64_t>() + line["vat_grosz"].get<std::int64_t>(),
                  line["gross_grosz"].get<std::int64_t>());
        EXPECT_FALSE(line["explain"]["pl"].get<std::string>().empty());
    }
    EXPECT_EQ(gross, 2884);
    EXPECT_EQ(cost["lines"][0]["what"], "energy");
    EXPECT_EQ(cost["lines"][0]["quantity"], 12'170);
    EXPECT_EQ(cost["lines"][0]["gross_grosz"], 2434);
}

TEST_P(SessionCostTest, AClosedSessionIsPricedToItsEndWhateverTheHour) {
    const auto r =
        post_events(gateway, json::array({session_ended(4, "s-driver", "ST-1", 20'000)}));
    ASSERT_EQ(r.status, 200) << r.body;
    now_ms = kBaseMs + 5 * 3'600'000;
    const json cost = body_of(call("GET", "/api/v1/sessions/s-driver/cost"));
    // Energy 20,000 − 1,000 = 19 kWh × 2.00 = 38.00 zł; time 10:00–11:00 = 6.00 zł; 44.00 zł.
    EXPECT_EQ(cost["total"]["gross_grosz"], 4400);
    EXPECT_EQ(cost["state"], "closed");
    EXPECT_EQ(cost["provisional"], false);
    EXPECT_EQ(cost["priced_until"], "2026-11-28T11:00:00.000Z");
}

TEST_P(SessionCostTest, APriceChangeAfterTheStartDoesNotReachTheSession) {
    now_ms = kBaseMs + 600'000;  // 10:10: a dearer version from 10:20
    json version = energy_and_time(3'000'000, "2026-11-28T10:20:00Z");
    version.erase("name");
    const auto added = call("POST", "/api/v1/tariffs/" + tariff_id + "/versions", version);
    ASSERT_EQ(added.status, 201) << added.body;
    now_ms = kBaseMs + 2'700'000;
    const json cost = body_of(call("GET", "/api/v1/sessions/s-driver/cost"));
    // Still version 1's 2.00 zł/kWh: 24.34 + 4.50 = 28.84 zł.
    EXPECT_EQ(cost["tariff"]["version"], 1);
    EXPECT_EQ(cost["total"]["gross_grosz"], 2884);
}

TEST_P(SessionCostTest, ADriverSeesTheCostOfTheirOwnSessionsOnly) {
    now_ms = kBaseMs + 1'800'000;
    sign_in_as(http::Role::Driver, kDriverId);
    const auto own = call("GET", "/api/v1/me/sessions/s-driver/cost");
    ASSERT_EQ(own.status, 200) << own.body;
    // 24.34 zł energy + 0.5 h × 6.00 = 3.00 zł time.
    EXPECT_EQ(body_of(own)["total"]["gross_grosz"], 2734);
    EXPECT_EQ(call("GET", "/api/v1/me/sessions/s-other/cost").status, 404);
    EXPECT_EQ(call("GET", "/api/v1/sessions/s-driver/cost").status, 403);
}

TEST_P(SessionCostTest, UnknownSessionOrNoTariffIsA404SayingWhich) {
    EXPECT_EQ(call("GET", "/api/v1/sessions/no-such/cost").status, 404);
    db().transaction(
        [](Poco::Data::Session& s) { storage::sql(s, "DELETE FROM tariff_assignments"), now; });
    const auto response = call("GET", "/api/v1/sessions/s-driver/cost");
    EXPECT_EQ(response.status, 404);
    EXPECT_EQ(body_of(response)["error"]["code"], "no_tariff");
}

ISKRA_STORAGE_BACKENDS(SessionCostTest);

}  // namespace
}  // namespace iskra::central::sync::testing
