// What an installer or technician sees: file values, environment overrides, and one-line
// errors that name the line or the variable.
#include <map>

#include <gtest/gtest.h>

#include "iskra/config/config.hpp"

namespace iskra::config {
namespace {

const std::vector<KeySpec> kKeys = {
    text_key("data_dir", "/var/lib/iskra", "where the database lives"),
    integer_key("ocpp.port", 9000, 1, 65535, "OCPP WebSocket port"),
    text_key("ocpp.path_prefix", "/ocpp", "path before the station id"),
    flag_key("accept_unknown_stations", false, "accept any station id"),
    choice_key("offline_unknown_tokens", "reject", {"accept", "reject"},
               "answer for unknown tokens offline"),
};

Environment fake_environment(std::map<std::string, std::string> values) {
    return [values](const std::string& name) -> std::optional<std::string> {
        const auto it = values.find(name);
        if (it == values.end()) return std::nullopt;
        return it->second;
    };
}

TEST(Config, DefaultsWhenNothingIsSet) {
    const auto config = Config::parse(kKeys, "gateway", "", "gw.ini", fake_environment({}));
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->integer("ocpp.port"), 9000);
    EXPECT_EQ(config->text("data_dir"), "/var/lib/iskra");
    EXPECT_FALSE(config->flag("accept_unknown_stations"));
    EXPECT_EQ(config->origin("ocpp.port"), "default");
}

TEST(Config, FileValuesWithSectionsCommentsAndQuotes) {
    const auto config = Config::parse(kKeys, "gateway",
                                      "# site Gdańsk\n"
                                      "data_dir = \"/srv/iskra data\"\n"
                                      "accept_unknown_stations = yes\n"
                                      "\n"
                                      "[ocpp]\n"
                                      "  port = 9443  \n"
                                      "; legacy firmware wants a different path\n"
                                      "path_prefix = /steve/websocket/CentralSystemService\n",
                                      "gw.ini", fake_environment({}));
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->text("data_dir"), "/srv/iskra data");
    EXPECT_EQ(config->integer("ocpp.port"), 9443);
    EXPECT_EQ(config->origin("ocpp.port"), "gw.ini:6");
    EXPECT_TRUE(config->flag("accept_unknown_stations"));
    EXPECT_EQ(config->text("ocpp.path_prefix"), "/steve/websocket/CentralSystemService");
}

TEST(Config, EnvironmentOverridesTheFile) {
    const auto config =
        Config::parse(kKeys, "gateway", "[ocpp]\nport = 9443\n", "gw.ini",
                      fake_environment({{"ISKRA_GATEWAY_OCPP_PORT", "19000"},
                                        {"ISKRA_GATEWAY_DATA_DIR", "/tmp/gw"},
                                        {"ISKRA_GATEWAY_OFFLINE_UNKNOWN_TOKENS", "accept"}}));
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->integer("ocpp.port"), 19000);
    EXPECT_EQ(config->origin("ocpp.port"), "ISKRA_GATEWAY_OCPP_PORT");
    EXPECT_EQ(config->text("data_dir"), "/tmp/gw");
    EXPECT_EQ(config->text("offline_unknown_tokens"), "accept");
}

TEST(Config, ErrorsNameTheLineOrVariableAndWhatIsWrong) {
    const auto expect_error = [](std::string_view text, std::map<std::string, std::string> env,
                                 const std::string& message) {
        const auto config =
            Config::parse(kKeys, "gateway", text, "gw.ini", fake_environment(std::move(env)));
        ASSERT_FALSE(config) << text;
        EXPECT_EQ(config.error().message, message);
    };
    expect_error("[ocpp]\nprot = 9000\n", {}, "gw.ini:2: unknown key 'ocpp.prot'");
    expect_error("[ocp]\n", {}, "gw.ini:1: unknown section [ocp]");
    expect_error("[ocpp\n", {}, "gw.ini:1: a section header must end with ']'");
    expect_error("port 9000\n", {}, "gw.ini:1: expected 'key = value', got 'port 9000'");
    expect_error("[ocpp]\nport = 70000\n", {},
                 "gw.ini:2: ocpp.port must be an integer from 1 to 65535, not '70000'");
    expect_error("[ocpp]\nport = 90a\n", {},
                 "gw.ini:2: ocpp.port must be an integer from 1 to 65535, not '90a'");
    expect_error("", {{"ISKRA_GATEWAY_ACCEPT_UNKNOWN_STATIONS", "maybe"}},
                 "ISKRA_GATEWAY_ACCEPT_UNKNOWN_STATIONS: accept_unknown_stations must be 1 or 0 "
                 "(true/false, yes/no), not 'maybe'");
    expect_error("offline_unknown_tokens = allow\n", {},
                 "gw.ini:1: offline_unknown_tokens must be one of accept, reject, not 'allow'");
}

TEST(Config, MissingFileIsAClearError) {
    const auto config =
        Config::load(kKeys, "gateway", std::string("/nonexistent/gw.ini"), fake_environment({}));
    ASSERT_FALSE(config);
    EXPECT_EQ(config.error().message, "/nonexistent/gw.ini: cannot be read");
}

TEST(Config, DocumentedDefaultsParseBackToTheDefaults) {
    const std::string text = documented_defaults(kKeys, "gateway");
    EXPECT_NE(
        text.find("# OCPP WebSocket port (environment: ISKRA_GATEWAY_OCPP_PORT)\nport = 9000"),
        std::string::npos);
    const auto config = Config::parse(kKeys, "gateway", text, "defaults.ini", fake_environment({}));
    ASSERT_TRUE(config) << config.error().message;
    for (const auto& spec : kKeys)
        EXPECT_EQ(config->text(spec.name), spec.default_value);
    EXPECT_EQ(config->origin("ocpp.port").substr(0, 13), "defaults.ini:");
}

}  // namespace
}  // namespace iskra::config
