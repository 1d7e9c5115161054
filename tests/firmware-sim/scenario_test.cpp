// Scenario files: what parses, and that everything wrong is named by file, JSON path and reason.
#include <gtest/gtest.h>

#include <filesystem>

#include "iskra/sim/scenario/message_log.hpp"
#include "iskra/sim/scenario/scenario.hpp"

namespace iskra::sim::scenario {
namespace {

using namespace std::chrono_literals;

tl::expected<Scenario, ScenarioError> parse(const std::string& text) {
    return parse_scenario(text, "test.json", ScenarioDefaults{});
}

std::string error_of(const std::string& text) {
    auto s = parse(text);
    EXPECT_FALSE(s.has_value());
    return s ? std::string() : s.error().describe();
}

TEST(Duration, Forms) {
    EXPECT_EQ(parse_duration("90s"), 90s);
    EXPECT_EQ(parse_duration("5m"), 5min);
    EXPECT_EQ(parse_duration("1h30m"), 90min);
    EXPECT_EQ(parse_duration("250ms"), 250ms);
    EXPECT_EQ(parse_duration("01:02:03"), 3723s);
    EXPECT_EQ(parse_duration("-300s"), -300s);
    EXPECT_EQ(parse_duration("42"), 42s);
    EXPECT_FALSE(parse_duration("soon"));
    EXPECT_FALSE(parse_duration("5 minutes"));
    EXPECT_FALSE(parse_duration(""));
    EXPECT_FALSE(parse_duration("1:99:00"));
}

TEST(Scenario, ParsesStationsTimelineAndDefaults) {
    auto s = parse(R"({
        "name": "t", "seed": 5, "acceleration": 60, "start": "2026-03-02T08:00:00Z",
        "stations": [{"id": "A", "protocol": "ocpp2.0.1", "connectors": [{"type": "DC"}],
                      "ev": {"capacity_wh": 40000, "soc": 25},
                      "settings": {"sample_interval_s": 30, "sampled": "SoC"}},
                     {"id_prefix": "S-", "count": 12, "connectors": 2}],
        "timeline": [{"at": "2m", "station": "A", "action": "unplug"},
                     {"at": "1m", "station": "A", "action": "plug", "when_full": "stop"},
                     {"at": "1m", "station": "*", "action": "offline", "duration": "30s"}]})");
    ASSERT_TRUE(s) << s.error().describe();
    EXPECT_EQ(s->seed, 5u);
    EXPECT_EQ(s->acceleration, 60);
    ASSERT_EQ(s->stations.size(), 13u);
    const auto& a = s->stations[0];
    EXPECT_EQ(a.version, ocpp::Version::v201);
    ASSERT_EQ(a.evses.size(), 1u);
    EXPECT_EQ(a.evses[0].connectors[0].spec.supply, model::Supply::DC);
    EXPECT_EQ(a.evses[0].connectors[0].spec.max_power_w, 150'000);
    EXPECT_EQ(connector_type(a.evses[0].connectors[0]), "cCCS2");
    EXPECT_EQ(a.default_ev.capacity_wh, 40'000);
    EXPECT_EQ(a.settings.sample_interval_s, 30);
    EXPECT_EQ(a.settings.sampled, MeasurandList{session::Measurand::SoC});
    EXPECT_EQ(s->stations[1].identity.id, "S-01");
    EXPECT_EQ(s->stations[12].identity.id, "S-12");
    EXPECT_EQ(s->stations[12].evses.size(), 2u);
    EXPECT_EQ(s->stations[12].version, ocpp::Version::v16);  // the command line's
    // Sorted by time, file order kept for equal times.
    ASSERT_EQ(s->timeline.size(), 3u);
    EXPECT_EQ(s->timeline[0].kind, ActionKind::Plug);
    EXPECT_EQ(s->timeline[0].when_full, WhenFull::Stop);
    EXPECT_EQ(s->timeline[1].kind, ActionKind::Offline);
    EXPECT_EQ(s->timeline[1].duration, 30s);
    EXPECT_EQ(s->timeline[2].at, 2min);
    EXPECT_EQ(s->duration, 3min);  // a minute after the last action
}

TEST(Scenario, EvsesWithSeveralConnectors) {
    auto s = parse(R"({
        "stations": [{"id": "DC", "protocol": "ocpp2.0.1",
                      "evses": [{"connectors": [{"type": "cCCS2", "max_power_w": 150000},
                                                {"type": "cG105", "max_power_w": 50000}]},
                                {"connectors": 2}]},
                     {"id": "AC", "protocol": "ocpp2.0.1", "evses": 3}],
        "timeline": [{"at": "1m", "station": "DC", "action": "plug", "evse": 1, "connector": 2},
                     {"at": "2m", "station": "DC", "action": "unplug", "evse": 1},
                     {"at": "3m", "station": "DC", "action": "tap", "token": "T", "evse": 2},
                     {"at": "4m", "station": "DC", "action": "plug", "connector": 2}]})");
    ASSERT_TRUE(s) << s.error().describe();
    const auto& dc = s->stations[0];
    ASSERT_EQ(dc.evses.size(), 2u);
    ASSERT_EQ(dc.evses[0].connectors.size(), 2u);
    EXPECT_EQ(dc.evses[0].connectors[1].type, "cG105");
    EXPECT_EQ(dc.evses[0].connectors[1].spec.supply, model::Supply::DC);
    EXPECT_EQ(dc.evses[0].connectors[1].spec.max_power_w, 50'000);
    EXPECT_EQ(dc.evses[1].connectors.size(), 2u);
    EXPECT_EQ(connector_type(dc.evses[1].connectors[0]), "cType2");
    EXPECT_EQ(s->stations[1].evses.size(), 3u);
    const auto& t = s->timeline;
    EXPECT_EQ(t[0].connector, 1);
    EXPECT_EQ(t[0].evse_connector, 2);
    EXPECT_EQ(t[1].connector, 1);
    EXPECT_EQ(t[1].evse_connector, 0);
    EXPECT_EQ(t[2].connector, 2);
    EXPECT_EQ(t[3].connector, 2);  // without "evse": the EVSE, any of its connectors
    EXPECT_EQ(t[3].evse_connector, 0);
}

TEST(Scenario, EvseErrorsNameTheField) {
    const std::string dc = R"("stations": [{"id": "DC", "protocol": "ocpp2.0.1",
        "evses": [{"connectors": [{"type": "cCCS2"}, {"type": "cG105"}]}]}])";
    auto with_action = [&](const std::string& action) {
        return error_of("{" + dc + R"(, "timeline": [)" + action + "]}");
    };
    EXPECT_EQ(with_action(R"({"at": "1m", "action": "plug", "evse": 2})"),
              "test.json: $.timeline[0].evse: station DC has 1 EVSE(s)");
    EXPECT_EQ(with_action(R"({"at": "1m", "action": "plug", "evse": 1, "connector": 3})"),
              "test.json: $.timeline[0].connector: EVSE 1 of station DC has 2 connector(s)");
    EXPECT_EQ(with_action(R"({"at": "1m", "action": "plug", "connector": 2})"),
              "test.json: $.timeline[0].connector: station DC has 1 EVSE(s); a connector of an "
              "EVSE is named with \"evse\" and \"connector\"");
    EXPECT_EQ(
        with_action(R"({"at": "1m", "action": "tap", "token": "T", "evse": 1, "connector": 1})"),
        "test.json: $.timeline[0].connector: names a connector of an EVSE, which only plug "
        "and unplug do; this action applies to the whole EVSE");
    EXPECT_EQ(with_action(R"({"at": "1m", "action": "offline", "duration": "1m", "evse": 1})"),
              "test.json: $.timeline[0].evse: is not used by this action");
    EXPECT_EQ(error_of(R"({"stations": [{"id": "A", "evses": [{"connectors": 2}]}]})"),
              "test.json: $.stations[0].evses[0].connectors: several connectors on one EVSE need "
              "protocol ocpp2.0.1 (1.6 connectors are flat: list them under \"connectors\")");
    EXPECT_EQ(error_of(R"({"stations": [{"id": "A", "evses": [{"connectors": 2}], "connectors": 1,
                         "protocol": "ocpp2.0.1"}]})"),
              "test.json: $.stations[0].evses: give either \"connectors\" or \"evses\"");
    EXPECT_EQ(error_of(R"({"stations": [{"id": "A", "protocol": "ocpp2.0.1",
                         "evses": [{"connectors": 9}]}]})"),
              "test.json: $.stations[0].evses[0].connectors: must be a count (1-8) or a list of "
              "1 to 8 connectors");
    EXPECT_EQ(error_of(R"({"stations": [{"id": "A", "protocol": "ocpp2.0.1", "evses": [{}]}]})"),
              "test.json: $.stations[0].evses[0].connectors: is required");
    EXPECT_EQ(error_of(R"({"stations": [{"id": "A", "protocol": "ocpp2.0.1",
                         "evses": [{"connectors": 1, "plugs": 2}]}]})"),
              "test.json: $.stations[0].evses[0].plugs: unknown member");
    EXPECT_EQ(error_of(R"({"stations": [{"id": "A", "protocol": "ocpp1.6"}],
                         "timeline": [{"at": "1m", "action": "plug", "evse": 1}]})"),
              "test.json: $.timeline[0].evse: station A speaks ocpp1.6, which has no EVSEs; name "
              "its connector");
}

TEST(Scenario, SeedDecidesJitterAndRanges) {
    const std::string text = R"({"seed": SEED, "stations": [{"id": "A", "ev": {"soc": [10, 90]}}],
        "timeline": [{"at": "1m", "action": "plug", "jitter": "10m"}]})";
    auto with = [&](const char* seed) {
        std::string t = text;
        t.replace(t.find("SEED"), 4, seed);
        return parse(t);
    };
    auto a = with("1");
    auto b = with("1");
    auto c = with("2");
    ASSERT_TRUE(a && b && c);
    EXPECT_EQ(a->timeline[0].at, b->timeline[0].at);
    EXPECT_EQ(a->stations[0].default_ev.initial_soc_percent,
              b->stations[0].default_ev.initial_soc_percent);
    EXPECT_NE(a->timeline[0].at, c->timeline[0].at);
    EXPECT_GE(a->timeline[0].at, 1min);
    EXPECT_LE(a->timeline[0].at, 11min);
}

TEST(Scenario, ErrorsNameFileAndPath) {
    EXPECT_EQ(error_of("{"), error_of("{"));
    EXPECT_NE(error_of("{").find("test.json: $: not valid JSON"), std::string::npos);
    EXPECT_EQ(error_of("[]"), "test.json: $: must be an object");
    EXPECT_EQ(error_of("{}"), "test.json: $.stations: is required");
    EXPECT_EQ(error_of(R"({"stations": []})"), "test.json: $.stations: must be a non-empty list");
    EXPECT_EQ(error_of(R"({"stations": [{"id": "A", "colour": "red"}]})"),
              "test.json: $.stations[0].colour: unknown member");
    EXPECT_EQ(error_of(R"({"stations": [{"id": "A", "protocol": "ocpp3"}]})"),
              "test.json: $.stations[0].protocol: must be ocpp1.6 or ocpp2.0.1");
    EXPECT_EQ(error_of(R"({"stations": [{"id": "A", "connectors": [{"type": "XX"}]}]})"),
              "test.json: $.stations[0].connectors[0].type: must be \"AC\", \"DC\" or a 2.0.1 "
              "ConnectorEnumType (cType2, cCCS2, cG105 for CHAdeMO, cType1, cCCS1, sType2, ...), "
              "not \"XX\"");
    EXPECT_EQ(error_of(R"({"stations": [{"id": "A", "ev": {"soc": 120}}]})"),
              "test.json: $.stations[0].ev.soc: must be a percentage or [low, high]");
    EXPECT_EQ(error_of(R"({"stations": [{"id": "A"}, {"id": "A"}]})"),
              "test.json: $.stations[1]: repeats station id A");
    EXPECT_EQ(error_of(R"({"acceleration": "fast", "stations": [{"id": "A"}]})"),
              "test.json: $.acceleration: must be a number");
    EXPECT_EQ(error_of(R"({"stations": [{"id": "A"}], "timeline": [{"action": "plug"}]})"),
              "test.json: $.timeline[0].at: is required");
    EXPECT_EQ(
        error_of(R"({"stations": [{"id": "A"}], "timeline": [{"at": "1m", "action": "dance"}]})")
            .substr(0, 55),
        "test.json: $.timeline[0].action: unknown action \"dance\"");
    EXPECT_EQ(error_of(R"({"stations": [{"id": "A"}, {"id": "B"}],
                         "timeline": [{"at": "1m", "action": "plug"}]})"),
              "test.json: $.timeline[0].station: is required with several stations");
    EXPECT_EQ(error_of(R"({"stations": [{"id": "A"}],
                         "timeline": [{"at": "1m", "station": "Z", "action": "plug"}]})"),
              "test.json: $.timeline[0].station: names no station (\"Z\")");
    EXPECT_EQ(
        error_of(R"({"stations": [{"id": "A"}], "timeline": [{"at": "1m", "action": "tap"}]})"),
        "test.json: $.timeline[0].token: is required for tap");
    EXPECT_EQ(error_of(R"({"stations": [{"id": "A"}],
                         "timeline": [{"at": "1m", "action": "offline"}]})"),
              "test.json: $.timeline[0].duration: is required for offline (e.g. \"120s\")");
    EXPECT_EQ(error_of(R"({"stations": [{"id": "A"}], "duration": "1m",
                         "timeline": [{"at": "2m", "action": "plug"}]})"),
              "test.json: $.duration: ends before the last action of the timeline");
    EXPECT_NE(
        error_of(R"({"stations": [{"id": "A"}], "timeline": [{"at": "soon", "action": "plug"}]})")
            .find("$.timeline[0].at: is not a duration (\"soon\")"),
        std::string::npos);
}

TEST(Scenario, ShippedExamplesParse) {
    const std::filesystem::path dir =
        std::filesystem::path(ISKRA_SOURCE_DIR) / "firmware-sim" / "scenarios";
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        auto s = load_scenario(entry.path().string(), ScenarioDefaults{});
        EXPECT_TRUE(s) << s.error().describe();
        ++count;
    }
    EXPECT_GE(count, 5);
}

TEST(MessageLog, GroupsByStationInDeclaredOrder) {
    MessageLog log;
    log.declare("B");
    log.declare("A");
    log.frame("A", MessageSink::Direction::Sent, "[2,\"1\",\"Heartbeat\",{}]");
    log.frame("B", MessageSink::Direction::Received, "[3,\"1\",{}]");
    log.frame("A", MessageSink::Direction::Received, "[3,\"1\",{}]");
    std::ostringstream out;
    log.write(out);
    EXPECT_EQ(out.str(), "B <- [3,\"1\",{}]\nA -> [2,\"1\",\"Heartbeat\",{}]\nA <- [3,\"1\",{}]\n");
}

}  // namespace
}  // namespace iskra::sim::scenario
