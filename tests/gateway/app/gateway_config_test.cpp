// DESIGN.md's command-line contract: the variables ops scripts and tests set.
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "command_line.hpp"
#include "gateway_config.hpp"

namespace iskra::gateway {
namespace {

config::Environment environment(std::map<std::string, std::string> values) {
    return [values](const std::string& name) -> std::optional<std::string> {
        const auto it = values.find(name);
        if (it == values.end()) return std::nullopt;
        return it->second;
    };
}

TEST(GatewayConfig, TheContractsVariablesReachTheirSettings) {
    const auto settings = load_gateway_settings(
        std::nullopt, environment({{"ISKRA_GATEWAY_OCPP_PORT", "19000"},
                                   {"ISKRA_GATEWAY_STATUS_PORT", "19080"},
                                   {"ISKRA_GATEWAY_DATA_DIR", "/tmp/site-7"},
                                   {"ISKRA_GATEWAY_CENTRAL_URL", "https://central.example"},
                                   {"ISKRA_GATEWAY_ACCEPT_UNKNOWN_STATIONS", "1"},
                                   {"ISKRA_GATEWAY_OFFLINE_UNKNOWN_TOKENS", "accept"}}));
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->ocpp_port, 19000);
    EXPECT_EQ(settings->status_port, 19080);
    EXPECT_EQ(settings->data_dir, "/tmp/site-7");
    EXPECT_EQ(settings->central_url, "https://central.example");
    EXPECT_TRUE(settings->accept_unknown_stations);
    EXPECT_TRUE(settings->offline_unknown_tokens_accept);
}

TEST(GatewayConfig, DefaultsAreTheDocumentedOnes) {
    const auto settings = load_gateway_settings(std::nullopt, environment({}));
    ASSERT_TRUE(settings);
    EXPECT_EQ(settings->ocpp_port, 9000);
    EXPECT_EQ(settings->status_port, 9080);
    EXPECT_EQ(settings->ocpp_path_prefix, "/ocpp");
    EXPECT_FALSE(settings->accept_unknown_stations);
    EXPECT_FALSE(settings->offline_unknown_tokens_accept);
    EXPECT_EQ(settings->status_host, "127.0.0.1");
    EXPECT_TRUE(settings->central_url.empty());
}

TEST(GatewayConfig, TlsProfilesNeedTheirFiles) {
    auto settings =
        load_gateway_settings(std::nullopt, environment({{"ISKRA_GATEWAY_SECURITY_PROFILE", "2"}}));
    ASSERT_FALSE(settings);
    EXPECT_EQ(settings.error().message,
              "security.profile 2 needs security.tls_certificate and security.tls_private_key");
    settings = load_gateway_settings(
        std::nullopt, environment({{"ISKRA_GATEWAY_SECURITY_PROFILE", "3"},
                                   {"ISKRA_GATEWAY_SECURITY_TLS_CERTIFICATE", "/etc/gw.pem"},
                                   {"ISKRA_GATEWAY_SECURITY_TLS_PRIVATE_KEY", "/etc/gw.key"}}));
    ASSERT_FALSE(settings);
    EXPECT_EQ(settings.error().message, "security.profile 3 needs security.tls_client_ca");
}

TEST(GatewayConfig, BadValuesNameTheVariable) {
    const auto settings = load_gateway_settings(
        std::nullopt, environment({{"ISKRA_GATEWAY_OFFLINE_UNKNOWN_TOKENS", "maybe"}}));
    ASSERT_FALSE(settings);
    EXPECT_EQ(settings.error().message,
              "ISKRA_GATEWAY_OFFLINE_UNKNOWN_TOKENS: offline_unknown_tokens must be one of "
              "accept, reject, not 'maybe'");
    const auto prefix = load_gateway_settings(
        std::nullopt, environment({{"ISKRA_GATEWAY_OCPP_PATH_PREFIX", "ocpp"}}));
    ASSERT_FALSE(prefix);
    EXPECT_EQ(prefix.error().message, "ocpp.path_prefix must start with '/', not 'ocpp'");
}

TEST(GatewayConfig, ThePrintedDefaultFileLoadsBack) {
    const std::string text = config::documented_defaults(gateway_keys(), "gateway");
    const auto parsed =
        config::Config::parse(gateway_keys(), "gateway", text, "printed", environment({}));
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->integer("ocpp.port"), 9000);
}

TEST(GatewayConfig, TheShippedConfigFileIsTheDocumentedDefaults) {
    std::ifstream in(std::string(ISKRA_SOURCE_DIR) + "/packaging/config/gateway.ini");
    ASSERT_TRUE(in) << "packaging/config/gateway.ini is missing";
    std::stringstream shipped;
    shipped << in.rdbuf();
    const std::string printed = config::documented_defaults(gateway_keys(), "gateway");
    EXPECT_TRUE(shipped.str().ends_with(printed))
        << "regenerate it: iskra-gateway print-config (after its two comment lines)";
    const auto parsed = config::Config::parse(gateway_keys(), "gateway", shipped.str(),
                                              "gateway.ini", environment({}));
    EXPECT_TRUE(parsed) << parsed.error().message;
}

TEST(CommandLine, RunStatusAndConfigFile) {
    auto line = parse_command_line({});
    ASSERT_TRUE(line);
    EXPECT_EQ(line->command, CommandLine::Command::Run);
    line = parse_command_line({"--config", "/etc/iskra/gateway.ini", "status"});
    ASSERT_TRUE(line);
    EXPECT_EQ(line->command, CommandLine::Command::Status);
    EXPECT_EQ(line->config_file, "/etc/iskra/gateway.ini");
    line = parse_command_line({"--config=/x.ini"});
    ASSERT_TRUE(line);
    EXPECT_EQ(line->config_file, "/x.ini");
}

TEST(CommandLine, MistakesAreNamed) {
    EXPECT_EQ(parse_command_line({"--config"}).error(), "--config needs a file name");
    EXPECT_EQ(parse_command_line({"stauts"}).error(), "unknown command 'stauts'");
    EXPECT_EQ(parse_command_line({"status", "extra"}).error(), "unexpected argument 'extra'");
    EXPECT_EQ(parse_command_line({"--verbose"}).error(), "unexpected argument '--verbose'");
}

TEST(CommandLine, EnrollTakesCentralCodeAndForce) {
    auto line = parse_command_line({"enroll", "--central", "https://c.example", "--code", "K7QF"});
    ASSERT_TRUE(line) << line.error();
    EXPECT_EQ(line->command, CommandLine::Command::Enroll);
    EXPECT_EQ(line->central_url, "https://c.example");
    EXPECT_EQ(line->code, "K7QF");
    EXPECT_FALSE(line->force);
    line = parse_command_line({"enroll", "--force", "--code", "K", "--central", "http://c"});
    ASSERT_TRUE(line) << line.error();
    EXPECT_TRUE(line->force);
    EXPECT_EQ(parse_command_line({"enroll", "--code", "K"}).error(),
              "enroll needs --central URL and --code CODE");
    EXPECT_EQ(parse_command_line({"enroll", "--central"}).error(), "--central needs a value");
    EXPECT_EQ(parse_command_line({"status", "--force"}).error(),
              "--central, --code and --force belong to enroll");
}

TEST(GatewayConfig, CentralKeysHaveDefaultsAndEnvironmentOverrides) {
    auto defaults = load_gateway_settings(std::nullopt, environment({}));
    ASSERT_TRUE(defaults) << defaults.error().message;
    EXPECT_EQ(defaults->central_authorize_timeout, std::chrono::milliseconds(1500));
    EXPECT_EQ(defaults->central_batch_size, 500u);
    EXPECT_EQ(defaults->central_poll_wait, std::chrono::seconds(25));
    auto set = load_gateway_settings(
        std::nullopt, environment({{"ISKRA_GATEWAY_CENTRAL_AUTHORIZE_TIMEOUT_MS", "800"},
                                   {"ISKRA_GATEWAY_CENTRAL_BATCH_SIZE", "50"},
                                   {"ISKRA_GATEWAY_CENTRAL_POLL_WAIT_S", "5"}}));
    ASSERT_TRUE(set) << set.error().message;
    EXPECT_EQ(set->central_authorize_timeout, std::chrono::milliseconds(800));
    EXPECT_EQ(set->central_batch_size, 50u);
    EXPECT_EQ(set->central_poll_wait, std::chrono::seconds(5));
    EXPECT_FALSE(load_gateway_settings(std::nullopt,
                                       environment({{"ISKRA_GATEWAY_CENTRAL_BATCH_SIZE", "5000"}})))
        << "a batch above the protocol's 1,000 events is refused";
}

}  // namespace
}  // namespace iskra::gateway
