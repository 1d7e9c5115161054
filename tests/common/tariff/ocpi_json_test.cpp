// Both JSON forms of a tariff: Iskra's exact one round-trips everything the engine holds; the
// OCPI 2.2.1 one writes and reads decimals by their digits, exactly, and round-trips its elements.
#include "iskra/tariff/ocpi_json.hpp"

#include <gtest/gtest.h>

#include "tariff_builders.hpp"

namespace iskra::tariff {
namespace {

using namespace testing;
using CT = ComponentType;
using nlohmann::json;

// Every field of Iskra's form set at least once.
Tariff everything() {
    Restrictions night;
    night.start_time = 22h;
    night.end_time = 6h + 30min;
    night.start_date = 2026y / 12 / 1d;
    night.end_date = 2027y / 1 / 1d;
    night.days_of_week = 0b0011111;  // Monday to Friday
    Restrictions tier;
    tier.min_wh = 20'000;
    tier.max_wh = 50'500;
    tier.min_current_ma = 16'000;
    tier.max_current_ma = 32'500;
    tier.min_power_w = 11'000;
    tier.max_power_w = 22'000;
    tier.min_duration = 30min;
    tier.max_duration = 2h;
    Restrictions reserved;
    reserved.reservation = ReservationKind::kReservationExpires;
    Tariff t = tariff(
        {element({comp(CT::kEnergy, gr(119), VatRate::k23, 1000), comp(CT::kFlat, gr(200))}, night),
         element({comp(CT::kTime, UnitPrice{1'234'567}, VatRate::k8, 60)}, tier),
         element({comp(CT::kFlat, gr(1000), VatRate::kExempt)}, reserved),
         element({comp(CT::kParkingTime, gr(1200), VatRate::k5, 300), comp(CT::kEnergy, gr(150))})},
        PriceEntry::kGross);
    t.zone = TimeZone::warsaw();
    t.parking_after = 2h;
    t.subscription_monthly = Fee{gr(3000), VatRate::k23};
    t.card_issuing = Fee{gr(2000), VatRate::k0};
    return t;
}

TEST(IskraJson, RoundTripsEverything) {
    const json first = tariff_to_json(everything());
    auto back = tariff_from_json(first);
    ASSERT_TRUE(back) << back.error().describe();
    EXPECT_EQ(tariff_to_json(*back), first);
    EXPECT_TRUE(validate(*back));
}

TEST(IskraJson, WritesExactUnits) {
    const json j = tariff_to_json(everything());
    EXPECT_EQ(j["entry"], "gross");
    EXPECT_EQ(j["time_zone"], (json{{"utc_offset_min", 60}, {"eu_summer_time", true}}));
    // 1.19 zł is 1,190,000 millionths of a złoty.
    EXPECT_EQ(
        j["elements"][0]["price_components"][0],
        (json{{"type", "ENERGY"}, {"price_micro", 1'190'000}, {"vat", "23"}, {"step_size", 1000}}));
    const json& night = j["elements"][0]["restrictions"];
    EXPECT_EQ(night["start_time"], "22:00");
    EXPECT_EQ(night["end_time"], "06:30");
    EXPECT_EQ(night["start_date"], "2026-12-01");
    EXPECT_EQ(night["day_of_week"], (json{"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"}));
    EXPECT_EQ(j["elements"][1]["restrictions"]["max_duration_ms"], 7'200'000);
    EXPECT_EQ(j["elements"][2]["price_components"][0]["vat"], "exempt");
    EXPECT_EQ(j["elements"][2]["restrictions"]["reservation"], "RESERVATION_EXPIRES");
    EXPECT_FALSE(j["elements"][3].contains("restrictions"));
    EXPECT_EQ(j["parking_after_ms"], 7'200'000);
    EXPECT_EQ(j["card_issuing"], (json{{"price_micro", 20'000'000}, {"vat", "0"}}));
}

TEST(IskraJson, StepSizeDefaultsToOneAndTimeZoneToWarsaw) {
    auto t = tariff_from_json(json::parse(R"({"entry": "net", "elements": [
        {"price_components": [{"type": "ENERGY", "price_micro": 1000000, "vat": "23"}]}]})"));
    ASSERT_TRUE(t) << t.error().describe();
    EXPECT_EQ(t->elements.at(0).components.at(0).step_size, 1);
    EXPECT_EQ(t->zone.standard_offset, 60min);
    EXPECT_TRUE(t->zone.eu_summer_time);
}

struct BadIskra {
    const char* document;
    const char* field;
    ErrorCode code;
};

class IskraJsonErrors : public ::testing::TestWithParam<BadIskra> {};

TEST_P(IskraJsonErrors, NameTheField) {
    auto t = tariff_from_json(json::parse(GetParam().document));
    ASSERT_FALSE(t) << GetParam().document;
    EXPECT_EQ(t.error().field, GetParam().field) << t.error().describe();
    EXPECT_EQ(t.error().code, GetParam().code) << t.error().describe();
}

constexpr const char* kEnergy = R"({"type": "ENERGY", "price_micro": 1, "vat": "23"})";

std::string with_element(const std::string& element) {
    return R"({"entry": "net", "elements": [)" + element + "]}";
}

const std::string kUnknownRestriction = with_element(
    std::string(R"({"price_components": [)") + kEnergy + R"(], "restrictions": {"min_kwh": 20}})");
const std::string kBadTime = with_element(std::string(R"({"price_components": [)") + kEnergy +
                                          R"(], "restrictions": {"start_time": "24:00"}})");
const std::string kBadDate = with_element(std::string(R"({"price_components": [)") + kEnergy +
                                          R"(], "restrictions": {"end_date": "2026-02-30"}})");
const std::string kBadDay = with_element(std::string(R"({"price_components": [)") + kEnergy +
                                         R"(], "restrictions": {"day_of_week": ["MON"]}})");
const std::string kFloatPrice =
    with_element(R"({"price_components": [{"type": "ENERGY", "price_micro": 1.5, "vat": "23"}]})");
const std::string kBadVat =
    with_element(R"({"price_components": [{"type": "ENERGY", "price_micro": 1, "vat": "22"}]})");
const std::string kBadType =
    with_element(R"({"price_components": [{"type": "KWH", "price_micro": 1, "vat": "23"}]})");
const std::string kStepText = with_element(
    R"({"price_components": [{"type": "TIME", "price_micro": 1, "vat": "23", "step_size": "60"}]})");

INSTANTIATE_TEST_SUITE_P(
    Cases, IskraJsonErrors,
    ::testing::Values(
        BadIskra{R"({"elements": []})", "entry", ErrorCode::kEmptyTariff},
        BadIskra{R"({"entry": "brutto", "elements": []})", "entry", ErrorCode::kEmptyTariff},
        BadIskra{R"({"entry": "net"})", "elements", ErrorCode::kEmptyTariff},
        BadIskra{R"({"entry": "net", "elements": {}})", "elements", ErrorCode::kEmptyTariff},
        BadIskra{R"({"entry": "net", "elements": [], "parking_afer_ms": 1})", "parking_afer_ms",
                 ErrorCode::kEmptyTariff},
        BadIskra{R"({"entry": "net", "elements": [], "time_zone": {"utc_offset_min": 900,
                 "eu_summer_time": false}})",
                 "time_zone/utc_offset_min", ErrorCode::kEmptyTariff},
        BadIskra{R"({"entry": "net", "elements": [{}]})", "elements/0/price_components",
                 ErrorCode::kEmptyElement},
        BadIskra{kUnknownRestriction.c_str(), "elements/0/restrictions/min_kwh",
                 ErrorCode::kBadRestriction},
        BadIskra{kBadTime.c_str(), "elements/0/restrictions/start_time",
                 ErrorCode::kBadRestriction},
        BadIskra{kBadDate.c_str(), "elements/0/restrictions/end_date", ErrorCode::kBadRestriction},
        BadIskra{kBadDay.c_str(), "elements/0/restrictions/day_of_week/0",
                 ErrorCode::kBadRestriction},
        BadIskra{kFloatPrice.c_str(), "elements/0/price_components/0/price_micro",
                 ErrorCode::kNegativePrice},
        BadIskra{kBadVat.c_str(), "elements/0/price_components/0/vat", ErrorCode::kBadVatRate},
        BadIskra{kBadType.c_str(), "elements/0/price_components/0/type", ErrorCode::kEmptyElement},
        BadIskra{kStepText.c_str(), "elements/0/price_components/0/step_size",
                 ErrorCode::kBadStepSize},
        BadIskra{R"({"entry": "net", "elements": [], "card_issuing": {"price_micro": 1}})",
                 "card_issuing/vat", ErrorCode::kBadVatRate}));

TEST(OcpiJson, PricesExcludeVatWithFourDecimalsWrittenExactly) {
    // Net 0.25 zł/kWh stays 0.25. Gross 1.19 zł at 23 %: 1.19 / 1.23 = 0.96747967… → 0.9675.
    // Gross 2.00 zł exempt: 2.00. Net 0.123456 zł rounds half up at the fourth decimal: 0.1235.
    auto net = tariff(
        {element({comp(CT::kEnergy, gr(25)), comp(CT::kTime, UnitPrice{123'456}, VatRate::k8)})});
    auto gross =
        tariff({element({comp(CT::kEnergy, gr(119)), comp(CT::kFlat, gr(200), VatRate::kExempt)})},
               PriceEntry::kGross);
    const json n = to_ocpi_elements(net)[0]["price_components"];
    const json g = to_ocpi_elements(gross)[0]["price_components"];
    EXPECT_EQ(n[0]["price"].dump(), "0.25");
    EXPECT_EQ(n[0]["vat"], 23);
    EXPECT_EQ(n[1]["price"].dump(), "0.1235");
    EXPECT_EQ(n[1]["vat"], 8);
    EXPECT_EQ(g[0]["price"].dump(), "0.9675");
    EXPECT_EQ(g[1]["price"].dump(), "2");
    EXPECT_FALSE(g[1].contains("vat"));
    EXPECT_EQ(g[1]["type"], "FLAT");
}

TEST(OcpiJson, LargeAndTinyPricesKeepEveryDigit) {
    // 123,456.7891 zł and 0.0001 zł: fifteen and one significant digits, both exact.
    auto t = tariff({element(
        {comp(CT::kFlat, UnitPrice{123'456'789'100}), comp(CT::kEnergy, UnitPrice{100})})});
    const json c = to_ocpi_elements(t)[0]["price_components"];
    EXPECT_EQ(c[0]["price"].dump(), "123456.7891");
    EXPECT_EQ(c[1]["price"].dump(), "0.0001");
    auto back = from_ocpi_elements(to_ocpi_elements(t));
    ASSERT_TRUE(back) << back.error().describe();
    EXPECT_EQ(back->elements[0].components[0].price.value, 123'456'789'100);
    EXPECT_EQ(back->elements[0].components[1].price.value, 100);
}

TEST(OcpiJson, RestrictionsInOcpiUnits) {
    const json r = to_ocpi_elements(everything())[1]["restrictions"];
    EXPECT_EQ(r["min_kwh"].dump(), "20");
    EXPECT_EQ(r["max_kwh"].dump(), "50.5");
    EXPECT_EQ(r["max_current"].dump(), "32.5");
    EXPECT_EQ(r["min_power"].dump(), "11");
    EXPECT_EQ(r["min_duration"], 1800);
    EXPECT_EQ(r["max_duration"], 7200);
}

TEST(OcpiJson, ReadsTheSpecificationsComplexExample) {
    // Modelled on OCPI 2.2.1's complex example: a 2.50 start fee at 15 % (not a Polish rate, so
    // 23 here), TIME under 32 A per 15 min, over 32 A on weekdays per 10 min, parking on Saturday
    // 10:00–17:00.
    const json elements = json::parse(R"([
      {"price_components": [{"type": "FLAT", "price": 2.50, "vat": 23.0, "step_size": 1}]},
      {"price_components": [{"type": "TIME", "price": 1.00, "vat": 23, "step_size": 900}],
       "restrictions": {"max_current": 32.00}},
      {"price_components": [{"type": "TIME", "price": 2.00, "vat": 23, "step_size": 600}],
       "restrictions": {"min_current": 32.00,
                        "day_of_week": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"]}},
      {"price_components": [{"type": "PARKING_TIME", "price": 6.00, "step_size": 300}],
       "restrictions": {"start_time": "10:00", "end_time": "17:00", "day_of_week": ["SATURDAY"]}}
    ])");
    auto t = from_ocpi_elements(elements);
    ASSERT_TRUE(t) << t.error().describe();
    EXPECT_EQ(t->entry, PriceEntry::kNet);
    ASSERT_EQ(t->elements.size(), 4u);
    EXPECT_EQ(t->elements[0].components[0].price.value, 2'500'000);
    EXPECT_EQ(t->elements[1].restrictions.max_current_ma, 32'000);
    EXPECT_EQ(t->elements[2].restrictions.days_of_week, 0b0011111);
    EXPECT_EQ(t->elements[3].components[0].vat, VatRate::kExempt);
    EXPECT_EQ(t->elements[3].restrictions.start_time, 10h);
    EXPECT_TRUE(validate(*t));
}

TEST(OcpiJson, ExportImportExportKeepsTheElements) {
    for (const Tariff& t : {everything(), tariff({element({comp(CT::kEnergy, gr(119))})})}) {
        const json first = to_ocpi_elements(t);
        auto imported = from_ocpi_elements(first);
        ASSERT_TRUE(imported) << imported.error().describe();
        EXPECT_EQ(to_ocpi_elements(*imported), first);
    }
}

TEST(OcpiJson, ExponentNotationIsReadByItsDigits) {
    // 0.00001 zł is 10 millionths; nlohmann writes it back as 1e-05.
    auto t = from_ocpi_elements(json::parse(
        R"([{"price_components": [{"type": "ENERGY", "price": 0.00001, "step_size": 1}]}])"));
    ASSERT_TRUE(t) << t.error().describe();
    EXPECT_EQ(t->elements[0].components[0].price.value, 10);
}

struct BadOcpi {
    const char* elements;
    const char* field;
};

class OcpiJsonErrors : public ::testing::TestWithParam<BadOcpi> {};

TEST_P(OcpiJsonErrors, NameTheField) {
    auto t = from_ocpi_elements(json::parse(GetParam().elements));
    ASSERT_FALSE(t) << GetParam().elements;
    EXPECT_EQ(t.error().field, GetParam().field) << t.error().describe();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, OcpiJsonErrors,
    ::testing::Values(
        BadOcpi{R"({"price_components": []})", "elements"},
        BadOcpi{R"([{"price_components": [{"type": "ENERGY", "price": 0.1234567,
                 "step_size": 1}]}])",
                "elements/0/price_components/0/price"},
        BadOcpi{R"([{"price_components": [{"type": "ENERGY", "price": "0.25", "step_size": 1}]}])",
                "elements/0/price_components/0/price"},
        BadOcpi{R"([{"price_components": [{"type": "ENERGY", "price": 0.25, "vat": 10,
                 "step_size": 1}]}])",
                "elements/0/price_components/0/vat"},
        BadOcpi{R"([{"price_components": [{"type": "ENERGY", "price": 0.25}]}])",
                "elements/0/price_components/0/step_size"},
        BadOcpi{R"([{"price_components": [{"type": "ENERGY", "price": 0.25, "step_size": 1}],
                 "restrictions": {"min_kwh": 0.0005}}])",
                "elements/0/restrictions/min_kwh"},
        BadOcpi{R"([{"price_components": [{"type": "ENERGY", "price": 0.25, "step_size": 1}],
                 "restrictions": {"min_duration": 1.5}}])",
                "elements/0/restrictions/min_duration"},
        BadOcpi{R"([{"price_components": [{"type": "ENERGY", "price": 0.25, "step_size": 1}],
                 "restrictions": {"min_wh": 5}}])",
                "elements/0/restrictions/min_wh"},
        BadOcpi{R"([{"price_components": [{"type": "ENERGY", "price": 0.25, "step_size": 1}],
                 "restrictions": {"reservation": "YES"}}])",
                "elements/0/restrictions/reservation"}));

TEST(Vocabulary, NamesRoundTrip) {
    for (const VatRate r : {VatRate::k23, VatRate::k8, VatRate::k5, VatRate::k0, VatRate::kExempt})
        EXPECT_EQ(parse_vat_name(vat_name(r)), r);
    for (const CT t : {CT::kEnergy, CT::kTime, CT::kParkingTime, CT::kFlat})
        EXPECT_EQ(parse_component_type(component_type_name(t)), t);
    EXPECT_FALSE(parse_vat_name("zw"));
    EXPECT_FALSE(parse_component_type("energy"));
}

}  // namespace
}  // namespace iskra::tariff
