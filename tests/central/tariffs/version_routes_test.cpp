// Versions: a change of prices is a new version; a version in force or past never changes; a
// session is priced with the version in force at its start.
#include "iskra/central/tariffs/tariff_lookup.hpp"
#include "iskra/tariff/price.hpp"
#include "tariffs_test_support.hpp"

namespace iskra::central::tariffs {
namespace {

using nlohmann::json;
using testing::body_of;
using testing::energy_tariff;
using testing::utc_ms;

class VersionRoutesTest : public testing::TariffsTest {
protected:
    json version(std::int64_t price_micro, const std::string& valid_from) {
        json body = energy_tariff(price_micro, "net", {{"valid_from", valid_from}});
        body.erase("name");
        return body;
    }
};

TEST_P(VersionRoutesTest, ANewVersionIsScheduledThenTakesOver) {
    const std::string id = create_tariff(energy_tariff(1'000'000, "net"));
    const std::string path = "/api/v1/tariffs/" + id;
    auto added = call("POST", path + "/versions", version(1'500'000, "2026-12-01T00:00:00.000Z"));
    ASSERT_EQ(added.status, 201) << added.body;
    EXPECT_EQ(body_of(added)["version"], 2);
    EXPECT_EQ(body_of(added)["status"], "scheduled");
    EXPECT_EQ(body_of(added)["tariff_id"], id);

    json tariff = body_of(call("GET", path));
    EXPECT_EQ(tariff["version_in_force"], 1);
    EXPECT_EQ(tariff["next_version"], 2);
    EXPECT_EQ(tariff["versions"][0]["status"], "in_force");
    EXPECT_EQ(tariff["versions"][1]["status"], "scheduled");

    now_ms = utc_ms(2026, 12, 1);
    tariff = body_of(call("GET", path));
    EXPECT_EQ(tariff["version_in_force"], 2);
    EXPECT_EQ(tariff["next_version"], nullptr);
    EXPECT_EQ(tariff["versions"][0]["status"], "superseded");
    EXPECT_EQ(tariff["versions"][1]["status"], "in_force");
    EXPECT_EQ(tariff["versions"][1]["elements"][0]["price_components"][0]["price_micro"],
              1'500'000);
}

TEST_P(VersionRoutesTest, AVersionInForceIsNeverRewritten) {
    const std::string id = create_tariff(energy_tariff(1'000'000, "net"));
    const std::string path = "/api/v1/tariffs/" + id + "/versions";
    auto past = call("POST", path, version(2'000'000, "2026-11-10T11:00:00.000Z"));
    EXPECT_EQ(past.status, 400);
    EXPECT_EQ(body_of(past)["error"]["field"], "valid_from");
    auto same_instant = call("POST", path, version(2'000'000, "2026-11-10T12:00:00.000Z"));
    EXPECT_EQ(same_instant.status, 409);
    EXPECT_EQ(body_of(same_instant)["error"]["field"], "valid_from");
    auto withdraw_current = call("DELETE", path + "/1");
    EXPECT_EQ(withdraw_current.status, 409);
    EXPECT_EQ(body_of(withdraw_current)["error"]["code"], "version_in_force");
    EXPECT_EQ(count_rows("tariff_versions"), 1);
}

TEST_P(VersionRoutesTest, AScheduledVersionMayBeWithdrawn) {
    const std::string id = create_tariff(
        energy_tariff(1'000'000, "net", {{"valid_from", "2026-12-01T00:00:00.000Z"}}));
    const std::string path = "/api/v1/tariffs/" + id + "/versions";
    auto last = call("DELETE", path + "/1");
    EXPECT_EQ(last.status, 409);
    EXPECT_EQ(body_of(last)["error"]["code"], "last_version");
    ASSERT_EQ(call("POST", path, version(900'000, "2027-01-01T00:00:00.000Z")).status, 201);
    EXPECT_EQ(call("DELETE", path + "/2").status, 204);
    EXPECT_EQ(call("DELETE", path + "/2").status, 404);
    EXPECT_EQ(call("DELETE", path + "/x").status, 404);
    EXPECT_EQ(call("DELETE", "/api/v1/tariffs/no-such/versions/1").status, 404);
    // A version number is never reused (a gateway may hold the withdrawn one): the next is 3.
    EXPECT_EQ(body_of(call("POST", path, version(800'000, "2027-02-01T00:00:00.000Z")))["version"],
              3);
}

TEST_P(VersionRoutesTest, BadVersionBodiesChangeNothing) {
    const std::string id = create_tariff(energy_tariff(1'000'000, "net"));
    const std::string path = "/api/v1/tariffs/" + id + "/versions";
    json named = version(1, "2026-12-01T00:00:00.000Z");
    named["name"] = "x";
    EXPECT_EQ(body_of(call("POST", path, named))["error"]["field"], "name");
    json no_elements = version(1, "2026-12-01T00:00:00.000Z");
    no_elements.erase("elements");
    EXPECT_EQ(body_of(call("POST", path, no_elements))["error"]["field"], "elements");
    EXPECT_EQ(
        call("POST", "/api/v1/tariffs/no-such/versions", version(1, "2026-12-01T00:00:00.000Z"))
            .status,
        404);
    EXPECT_EQ(count_rows("tariff_versions"), 1);
}

TEST_P(VersionRoutesTest, ASessionIsPricedWithTheVersionInForceAtItsStart) {
    add_site("S1");
    add_station("ST-1", "S1");
    const std::string id = create_tariff(energy_tariff(1'000'000, "net"));
    assign(id, "station", "ST-1");
    ASSERT_EQ(call("POST", "/api/v1/tariffs/" + id + "/versions",
                   version(1'500'000, "2026-12-01T00:00:00.000Z"))
                  .status,
              201);
    now_ms = utc_ms(2026, 12, 2);  // billing runs after both sessions
    auto session = db().session();
    const auto before = tariff_for_session(session, "ST-1", tariff::CustomerKind::kAdHoc,
                                           utc_ms(2026, 11, 30, 23, 30));
    const auto after = tariff_for_session(session, "ST-1", tariff::CustomerKind::kAdHoc,
                                          utc_ms(2026, 12, 1, 0, 0));
    ASSERT_TRUE(before && after);
    EXPECT_EQ(before->version, 1);
    EXPECT_EQ(after->version, 2);
    EXPECT_EQ(before->assigned_by, Scope::kStation);
    // 30 Nov 23:30 → 1 Dec 00:30, 4 kWh: version 1 for all of it, 4 × 1.00 = 400 net + 92 VAT =
    // 492; a session starting at 00:00 pays version 2's 4 × 1.50 = 600 + 138 = 738.
    tariff::Session charged;
    charged.start = tariff::Instant{std::chrono::milliseconds{utc_ms(2026, 11, 30, 23, 30)}};
    charged.stop = charged.start + std::chrono::hours{1};
    charged.samples = {{charged.start, 0}, {charged.stop, 4000}};
    EXPECT_EQ(tariff::price_session(before->tariff, charged)->total,
              (tariff::Amounts{400, 92, 492}));
    EXPECT_EQ(tariff::price_session(after->tariff, charged)->total,
              (tariff::Amounts{600, 138, 738}));
    EXPECT_FALSE(tariff_for_session(session, "ST-1", tariff::CustomerKind::kAdHoc,
                                    utc_ms(2026, 11, 10, 11)));  // before version 1
    EXPECT_FALSE(tariff_for_session(session, "ST-9", tariff::CustomerKind::kAdHoc, now_ms));
}

ISKRA_STORAGE_BACKENDS(VersionRoutesTest);

}  // namespace
}  // namespace iskra::central::tariffs
