// Tariffs through the dispatcher: create with a first version, read, list, rename, delete; every
// bad body a 4xx naming its field, with nothing written.
#include "tariffs_test_support.hpp"

namespace iskra::central::tariffs {
namespace {

using nlohmann::json;
using testing::body_of;
using testing::energy_tariff;

class TariffRoutesTest : public testing::TariffsTest {};

json night_and_day_elements() {
    return json::parse(R"([
      {"price_components": [{"type": "ENERGY", "price_micro": 800000, "vat": "23",
                             "step_size": 1}],
       "restrictions": {"start_time": "22:00", "end_time": "06:00"}},
      {"price_components": [{"type": "ENERGY", "price_micro": 1200000, "vat": "23",
                             "step_size": 1},
                            {"type": "FLAT", "price_micro": 2000000, "vat": "23", "step_size": 1}]}
    ])");
}

TEST_P(TariffRoutesTest, CreateReadRenameDelete) {
    json body = {{"name", "Miasto"},
                 {"entry", "gross"},
                 {"elements", night_and_day_elements()},
                 {"parking_after_ms", 7'200'000},
                 {"subscription_monthly", {{"price_micro", 30'000'000}, {"vat", "23"}}},
                 {"card_issuing", {{"price_micro", 20'000'000}, {"vat", "23"}}}};
    auto created = call("POST", "/api/v1/tariffs", body);
    ASSERT_EQ(created.status, 201) << created.body;
    const json tariff = body_of(created);
    EXPECT_EQ(tariff["name"], "Miasto");
    EXPECT_EQ(tariff["currency"], "PLN");
    EXPECT_EQ(tariff["version_in_force"], 1);
    EXPECT_EQ(tariff["next_version"], nullptr);
    ASSERT_EQ(tariff["versions"].size(), 1u);
    const json& v1 = tariff["versions"][0];
    EXPECT_EQ(v1["version"], 1);
    EXPECT_EQ(v1["status"], "in_force");
    EXPECT_EQ(v1["valid_from"], "2026-11-10T12:00:00.000Z");  // now: no valid_from given
    EXPECT_EQ(v1["created_by"], testing::kStaffId);
    EXPECT_EQ(v1["entry"], "gross");
    EXPECT_EQ(v1["elements"], night_and_day_elements());
    EXPECT_EQ(v1["parking_after_ms"], 7'200'000);
    EXPECT_EQ(v1["subscription_monthly"]["price_micro"], 30'000'000);
    EXPECT_EQ(v1["time_zone"]["utc_offset_min"], 60);
    EXPECT_EQ(tariff["assignments"], json::array());

    const std::string path = "/api/v1/tariffs/" + tariff["id"].get<std::string>();
    EXPECT_EQ(body_of(call("GET", path)), tariff);

    now_ms += 1000;
    auto renamed = call("PATCH", path, json{{"name", "Miasto 2027"}});
    ASSERT_EQ(renamed.status, 200) << renamed.body;
    EXPECT_EQ(body_of(renamed)["name"], "Miasto 2027");
    EXPECT_EQ(body_of(renamed)["updated_at"], "2026-11-10T12:00:01.000Z");
    EXPECT_EQ(body_of(renamed)["versions"], tariff["versions"]);

    EXPECT_EQ(call("DELETE", path).status, 204);
    EXPECT_EQ(call("GET", path).status, 404);
    EXPECT_EQ(call("DELETE", path).status, 404);
    EXPECT_EQ(count_rows("tariff_versions"), 0);
}

TEST_P(TariffRoutesTest, ListPagesAndSearches) {
    for (const char* name : {"Dom", "Autostrada", "Miasto", "miasto nocne"})
        create_tariff(energy_tariff(1'000'000, "gross", {{"name", name}}));
    auto page = body_of(call("GET", "/api/v1/tariffs?limit=2&offset=1"));
    EXPECT_EQ(page["total"], 4);
    EXPECT_EQ(page["limit"], 2);
    ASSERT_EQ(page["items"].size(), 2u);
    EXPECT_EQ(page["items"][0]["name"], "Dom");
    EXPECT_EQ(page["items"][0]["version_in_force"], 1);
    EXPECT_FALSE(page["items"][0].contains("versions"));
    auto found = body_of(call("GET", "/api/v1/tariffs?q=MIASTO"));
    EXPECT_EQ(found["total"], 2);
    EXPECT_EQ(body_of(call("GET", "/api/v1/tariffs?q=100%25"))["total"], 0);
    EXPECT_EQ(call("GET", "/api/v1/tariffs?limit=0").status, 400);
}

TEST_P(TariffRoutesTest, OverlappingRestrictionsAreA400NamingTheElement) {
    // 20:00–23:00 and 22:00–06:00 both price ENERGY at 22:30.
    json body = energy_tariff(1, "gross");
    body["elements"] = json::parse(R"([
      {"price_components": [{"type": "ENERGY", "price_micro": 1000000, "vat": "23"}]},
      {"price_components": [{"type": "TIME", "price_micro": 1000000, "vat": "23"}]},
      {"price_components": [{"type": "ENERGY", "price_micro": 800000, "vat": "23"}],
       "restrictions": {"start_time": "20:00", "end_time": "23:00"}},
      {"price_components": [{"type": "ENERGY", "price_micro": 700000, "vat": "23"}],
       "restrictions": {"start_time": "22:00", "end_time": "06:00"}}
    ])");
    // The first element is unrestricted and hides element 2 already.
    auto hidden = call("POST", "/api/v1/tariffs", body);
    ASSERT_EQ(hidden.status, 400) << hidden.body;
    EXPECT_EQ(body_of(hidden)["error"]["code"], "overlapping_restrictions");
    EXPECT_EQ(body_of(hidden)["error"]["field"], "elements[2].restrictions");
    // Without it, element 3 overlaps element 2.
    body["elements"].erase(0);
    auto overlap = call("POST", "/api/v1/tariffs", body);
    ASSERT_EQ(overlap.status, 400) << overlap.body;
    EXPECT_EQ(body_of(overlap)["error"]["field"], "elements[2].restrictions");
    EXPECT_NE(body_of(overlap)["error"]["message"].get<std::string>().find("overlaps element 1"),
              std::string::npos);
    EXPECT_EQ(count_rows("tariffs"), 0);
    EXPECT_EQ(count_rows("tariff_versions"), 0);
}

struct BadBody {
    const char* what;
    json body;
    const char* field;
    const char* code;
};

TEST_P(TariffRoutesTest, BadBodiesAre400sNamingTheFieldAndChangeNothing) {
    const auto with = [](const json& patch) {
        json body = energy_tariff(1'000'000);
        if (!patch.is_null()) body.update(patch);
        return body;
    };
    json elements_bad_restriction = with({})["elements"];
    elements_bad_restriction[0]["restrictions"] = {{"min_wh", 20'000}, {"max_wh", 10'000}};
    json elements_bad_price = with({})["elements"];
    elements_bad_price[0]["price_components"][0]["price_micro"] = "1.23";
    json elements_negative = with({})["elements"];
    elements_negative[0]["price_components"][0]["price_micro"] = -1;
    json no_name = with({});
    no_name.erase("name");
    const std::vector<BadBody> cases = {
        {"no name", no_name, "name", "invalid_field"},
        {"name not a string", with({{"name", 5}}), "name", "invalid_field"},
        {"unknown field", with({{"colour", "red"}}), "colour", "unknown_field"},
        {"euro", with({{"currency", "EUR"}}), "currency", "invalid_field"},
        {"no entry", with({{"entry", nullptr}}), "entry", "invalid_field"},
        {"entry brutto", with({{"entry", "brutto"}}), "entry", "invalid_field"},
        {"no elements", with({{"elements", nullptr}}), "elements", "invalid_field"},
        {"empty elements", with({{"elements", json::array()}}), "elements", "invalid_field"},
        {"reversed energy range", with({{"elements", elements_bad_restriction}}),
         "elements[0].restrictions.max_wh", "invalid_field"},
        {"price as text", with({{"elements", elements_bad_price}}),
         "elements[0].price_components[0].price_micro", "invalid_field"},
        {"negative price", with({{"elements", elements_negative}}),
         "elements[0].price_components[0].price_micro", "invalid_field"},
        {"negative parking_after", with({{"parking_after_ms", -1}}), "parking_after_ms",
         "invalid_field"},
        {"valid_from not a time", with({{"valid_from", "tomorrow"}}), "valid_from",
         "invalid_field"},
        {"valid_from in the past", with({{"valid_from", "2026-11-10T11:59:59.999Z"}}), "valid_from",
         "invalid_field"},
        {"fee without vat", with({{"card_issuing", {{"price_micro", 1}}}}), "card_issuing.vat",
         "invalid_field"},
    };
    for (const auto& c : cases) {
        auto response = call("POST", "/api/v1/tariffs", c.body);
        EXPECT_EQ(response.status, 400) << c.what << ": " << response.body;
        const json error = body_of(response)["error"];
        EXPECT_EQ(error["field"], c.field) << c.what << ": " << response.body;
        EXPECT_EQ(error["code"], c.code) << c.what << ": " << response.body;
    }
    EXPECT_EQ(call_raw("POST", "/api/v1/tariffs", "{", "application/json").status, 400);
    EXPECT_EQ(call_raw("POST", "/api/v1/tariffs", "name=x", "text/plain").status, 415);
    EXPECT_EQ(call_raw("POST", "/api/v1/tariffs", "[]", "application/json").status, 400);
    EXPECT_EQ(count_rows("tariffs"), 0);
    EXPECT_EQ(count_rows("tariff_versions"), 0);
}

TEST_P(TariffRoutesTest, RenameAndDeleteCheckTheirInput) {
    const std::string id = create_tariff(energy_tariff(1'000'000));
    const std::string path = "/api/v1/tariffs/" + id;
    EXPECT_EQ(call("PATCH", path, json{{"name", ""}}).status, 400);
    EXPECT_EQ(call("PATCH", path, json{{"entry", "net"}}).status, 400);
    EXPECT_EQ(call("PATCH", "/api/v1/tariffs/no-such", json{{"name", "x"}}).status, 404);
    EXPECT_EQ(body_of(call("GET", path))["name"], "Standard");
    EXPECT_EQ(call("GET", "/api/v1/tariffs/" + std::string(100, 'x')).status, 404);
}

TEST_P(TariffRoutesTest, AnAssignedTariffCannotBeDeleted) {
    const std::string id = create_tariff(energy_tariff(1'000'000));
    const std::string assignment = assign(id, "default");
    auto refused = call("DELETE", "/api/v1/tariffs/" + id);
    EXPECT_EQ(refused.status, 409);
    EXPECT_EQ(body_of(refused)["error"]["code"], "in_use");
    EXPECT_EQ(count_rows("tariffs"), 1);
    EXPECT_EQ(count_rows("tariff_versions"), 1);
    EXPECT_EQ(call("DELETE", "/api/v1/tariff-assignments/" + assignment).status, 204);
    EXPECT_EQ(call("DELETE", "/api/v1/tariffs/" + id).status, 204);
}

ISKRA_STORAGE_BACKENDS(TariffRoutesTest);

}  // namespace
}  // namespace iskra::central::tariffs
