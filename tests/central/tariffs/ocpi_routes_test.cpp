// OCPI 2.2.1 Tariff objects: export of the version in force with prices excluding VAT written
// exactly, import as a new tariff or a new version, the round trip, and bad objects refused.
#include "tariffs_test_support.hpp"

namespace iskra::central::tariffs {
namespace {

using nlohmann::json;
using testing::body_of;
using testing::energy_tariff;

class OcpiRoutesTest : public testing::TariffsTest {
protected:
    // Gross: 0.80 zł/kWh on Monday and Friday nights for the first 1.5 kWh; from 1.5 kWh 1.19
    // zł/kWh, 24 zł/h charging and an exempt 2.00 zł start fee; otherwise 1.00 zł/kWh.
    std::string city() {
        return create_tariff(json::parse(R"({"name": "Miasto", "entry": "gross", "elements": [
          {"price_components": [{"type": "ENERGY", "price_micro": 800000, "vat": "23"}],
           "restrictions": {"start_time": "22:00", "end_time": "06:00",
                            "day_of_week": ["MONDAY", "FRIDAY"], "max_wh": 1500}},
          {"price_components": [
             {"type": "ENERGY", "price_micro": 1190000, "vat": "23"},
             {"type": "TIME", "price_micro": 24000000, "vat": "23", "step_size": 60},
             {"type": "FLAT", "price_micro": 2000000, "vat": "exempt"}],
           "restrictions": {"min_wh": 1500}},
          {"price_components": [{"type": "ENERGY", "price_micro": 1000000, "vat": "23"}]}]})"));
    }
};

json partner_tariff() {
    return json::parse(R"({
      "country_code": "DE", "party_id": "ABC", "id": "partner-12", "currency": "PLN",
      "type": "REGULAR",
      "tariff_alt_text": [{"language": "en", "text": "Partner standard"},
                          {"language": "pl", "text": "Taryfa partnera"}],
      "elements": [
        {"price_components": [{"type": "FLAT", "price": 0.50, "vat": 23, "step_size": 1}]},
        {"price_components": [{"type": "ENERGY", "price": 0.25, "vat": 23, "step_size": 1}]},
        {"price_components": [{"type": "PARKING_TIME", "price": 2.00, "vat": 23,
                               "step_size": 900}],
         "restrictions": {"max_duration": 7200}}],
      "energy_mix": {"is_green_energy": true},
      "last_updated": "2026-11-01T08:00:00Z"
    })");
}

TEST_P(OcpiRoutesTest, ExportsTheVersionInForceExcludingVat) {
    const std::string id = city();
    assign(id, "default", std::nullopt, "ad_hoc");
    auto response = call("GET", "/api/v1/tariffs/" + id + "/ocpi");
    ASSERT_EQ(response.status, 200) << response.body;
    const json t = body_of(response);
    EXPECT_EQ(t["country_code"], "PL");
    EXPECT_EQ(t["party_id"], "ISK");
    EXPECT_EQ(t["id"], id);
    EXPECT_EQ(t["currency"], "PLN");
    EXPECT_EQ(t["type"], "AD_HOC_PAYMENT");  // assigned to ad-hoc customers only
    EXPECT_EQ(t["tariff_alt_text"][0]["text"], "Miasto");
    EXPECT_EQ(t["start_date_time"], "2026-11-10T12:00:00.000Z");
    EXPECT_EQ(t["last_updated"], "2026-11-10T12:00:00.000Z");
    EXPECT_FALSE(t.contains("end_date_time"));
    // Net of gross: 1.19 / 1.23 = 0.96747… → 0.9675; 24 / 1.23 = 19.512195… → 19.5122; the exempt
    // 2.00 stays 2 with no vat; 0.80 / 1.23 = 0.650406… → 0.6504. Written as those digits.
    EXPECT_NE(response.body.find(R"("price":0.9675)"), std::string::npos) << response.body;
    EXPECT_NE(response.body.find(R"("price":19.5122)"), std::string::npos) << response.body;
    EXPECT_NE(response.body.find(R"("price":0.6504)"), std::string::npos) << response.body;
    const json& flat = t["elements"][1]["price_components"][2];
    EXPECT_EQ(flat["price"].dump(), "2");
    EXPECT_FALSE(flat.contains("vat"));
    EXPECT_EQ(t["elements"][1]["price_components"][1]["step_size"], 60);
    EXPECT_EQ(t["elements"][1]["restrictions"]["min_kwh"].dump(), "1.5");
    EXPECT_EQ(t["elements"][0]["restrictions"]["day_of_week"], (json{"MONDAY", "FRIDAY"}));
}

TEST_P(OcpiRoutesTest, AScheduledReplacementIsTheEndDate) {
    const std::string id = city();
    json next = energy_tariff(1'000'000, "gross", {{"valid_from", "2026-12-01T00:00:00.000Z"}});
    next.erase("name");
    ASSERT_EQ(call("POST", "/api/v1/tariffs/" + id + "/versions", next).status, 201);
    const json t = body_of(call("GET", "/api/v1/tariffs/" + id + "/ocpi"));
    EXPECT_EQ(t["end_date_time"], "2026-12-01T00:00:00.000Z");
    EXPECT_EQ(t["type"], "REGULAR");
}

TEST_P(OcpiRoutesTest, ExportImportExportKeepsTheElements) {
    const std::string id = city();
    const json first = body_of(call("GET", "/api/v1/tariffs/" + id + "/ocpi"));
    now_ms += 60'000;
    // The same id: a new version of the same tariff, net-entered, in force from now.
    auto again = call("POST", "/api/v1/tariffs/ocpi", first);
    ASSERT_EQ(again.status, 201) << again.body;
    EXPECT_EQ(body_of(again)["id"], id);
    EXPECT_EQ(body_of(again)["version_in_force"], 2);
    EXPECT_EQ(body_of(again)["versions"][1]["entry"], "net");
    // Another id: a new tariff.
    json copy = first;
    copy["id"] = "copy-1";
    ASSERT_EQ(call("POST", "/api/v1/tariffs/ocpi", copy).status, 201);
    for (const std::string& which : {id, std::string("copy-1")}) {
        const json exported = body_of(call("GET", "/api/v1/tariffs/" + which + "/ocpi"));
        EXPECT_EQ(exported["elements"], first["elements"]) << which;
        EXPECT_EQ(exported["elements"].dump(), first["elements"].dump()) << which;
    }
    EXPECT_EQ(body_of(call("GET", "/api/v1/tariffs/copy-1"))["name"], "Miasto");
}

TEST_P(OcpiRoutesTest, ImportsAPartnersTariff) {
    auto response = call("POST", "/api/v1/tariffs/ocpi", partner_tariff());
    ASSERT_EQ(response.status, 201) << response.body;
    const json t = body_of(response);
    EXPECT_EQ(t["id"], "partner-12");
    EXPECT_EQ(t["name"], "Taryfa partnera");
    const json& v = t["versions"][0];
    EXPECT_EQ(v["valid_from"], "2026-11-10T12:00:00.000Z");  // no start: from now
    EXPECT_EQ(v["entry"], "net");
    EXPECT_EQ(v["elements"][1]["price_components"][0]["price_micro"], 250'000);
    EXPECT_EQ(v["elements"][2]["price_components"][0]["step_size"], 900);
    EXPECT_EQ(v["elements"][2]["restrictions"]["max_duration_ms"], 7'200'000);
    // A start in the future schedules the version; one in the past means from now.
    json later = partner_tariff();
    later["start_date_time"] = "2027-01-01T00:00:00Z";
    ASSERT_EQ(call("POST", "/api/v1/tariffs/ocpi", later).status, 201);
    EXPECT_EQ(body_of(call("GET", "/api/v1/tariffs/partner-12"))["next_version"], 2);
}

struct BadOcpi {
    const char* what;
    json body;
    const char* field;
    const char* code;
};

TEST_P(OcpiRoutesTest, BadObjectsAre400sNamingTheFieldAndChangeNothing) {
    const auto with = [](json patch) {
        json body = partner_tariff();
        body.merge_patch(patch);
        return body;
    };
    json fine_price = partner_tariff()["elements"];
    fine_price[1]["price_components"][0]["price"] = 0.1234567;
    json vat_ten = partner_tariff()["elements"];
    vat_ten[1]["price_components"][0]["vat"] = 10;
    json iskra_name = partner_tariff()["elements"];
    iskra_name[1]["restrictions"] = {{"min_wh", 5}};
    json overlapping = partner_tariff()["elements"];
    overlapping.push_back(overlapping[2]);
    overlapping.back()["restrictions"] = {{"min_duration", 3600}};
    const std::vector<BadOcpi> cases = {
        {"no country", with({{"country_code", nullptr}}), "country_code", "invalid_field"},
        {"lower-case country", with({{"country_code", "pl"}}), "country_code", "invalid_field"},
        {"short party", with({{"party_id", "AB"}}), "party_id", "invalid_field"},
        {"id with a space", with({{"id", "a b"}}), "id", "invalid_field"},
        {"id too long", with({{"id", std::string(37, 'x')}}), "id", "invalid_field"},
        {"euro", with({{"currency", "EUR"}}), "currency", "invalid_field"},
        {"odd type", with({{"type", "CHEAP"}}), "type", "invalid_field"},
        {"min price", with({{"min_price", {{"excl_vat", 1.0}}}}), "min_price", "unsupported"},
        {"no elements", with({{"elements", nullptr}}), "elements", "invalid_field"},
        {"elements not a list", with({{"elements", {{"a", 1}}}}), "elements", "invalid_field"},
        {"seven decimals", with({{"elements", fine_price}}),
         "elements[1].price_components[0].price", "invalid_field"},
        {"vat 10 %", with({{"elements", vat_ten}}), "elements[1].price_components[0].vat",
         "invalid_field"},
        {"Iskra's restriction name", with({{"elements", iskra_name}}),
         "elements[1].restrictions.min_wh", "invalid_field"},
        {"overlapping", with({{"elements", overlapping}}), "elements[3].restrictions",
         "overlapping_restrictions"},
        {"no last_updated", with({{"last_updated", nullptr}}), "last_updated", "invalid_field"},
        {"bad start", with({{"start_date_time", "soon"}}), "start_date_time", "invalid_field"},
        {"unknown field", with({{"owner", "me"}}), "owner", "unknown_field"},
        {"alt text not a list", with({{"tariff_alt_text", "x"}}), "tariff_alt_text",
         "invalid_field"},
    };
    for (const auto& c : cases) {
        auto response = call("POST", "/api/v1/tariffs/ocpi", c.body);
        EXPECT_EQ(response.status, 400) << c.what << ": " << response.body;
        const json error = body_of(response)["error"];
        EXPECT_EQ(error["field"], c.field) << c.what << ": " << response.body;
        EXPECT_EQ(error["code"], c.code) << c.what << ": " << response.body;
    }
    EXPECT_EQ(count_rows("tariffs"), 0);
    EXPECT_EQ(count_rows("tariff_versions"), 0);
}

TEST_P(OcpiRoutesTest, ExportNeedsAVersionInForce) {
    EXPECT_EQ(call("GET", "/api/v1/tariffs/no-such/ocpi").status, 404);
    const std::string id = create_tariff(
        energy_tariff(1'000'000, "gross", {{"valid_from", "2026-12-01T00:00:00.000Z"}}));
    auto scheduled = call("GET", "/api/v1/tariffs/" + id + "/ocpi");
    EXPECT_EQ(scheduled.status, 404);
    EXPECT_EQ(body_of(scheduled)["error"]["code"], "no_version_in_force");
}

ISKRA_STORAGE_BACKENDS(OcpiRoutesTest);

}  // namespace
}  // namespace iskra::central::tariffs
