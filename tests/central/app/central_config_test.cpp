#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "central_config.hpp"

namespace iskra::central {
namespace {

config::Environment environment(std::map<std::string, std::string> values) {
    return [values](const std::string& name) -> std::optional<std::string> {
        auto found = values.find(name);
        if (found == values.end()) return std::nullopt;
        return found->second;
    };
}

TEST(CentralConfig, DefaultsPutTheSqliteDatabaseInTheDataDir) {
    auto settings = load_central_settings(std::nullopt, environment({}));
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->http_port, 8080);
    EXPECT_EQ(settings->database, "sqlite:/var/lib/iskra-central/central.db");
}

TEST(CentralConfig, TheContractsVariablesOverride) {
    auto settings = load_central_settings(
        std::nullopt, environment({{"ISKRA_CENTRAL_HTTP_PORT", "18080"},
                                   {"ISKRA_CENTRAL_DATABASE", "postgresql://u@127.0.0.1/iskra"},
                                   {"ISKRA_CENTRAL_DATA_DIR", "/tmp/c"}}));
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->http_port, 18080);
    EXPECT_EQ(settings->database, "postgresql://u@127.0.0.1/iskra");
    EXPECT_EQ(settings->data_dir, "/tmp/c");
}

TEST(CentralConfig, RefusesHalfATlsConfiguration) {
    auto settings = load_central_settings(
        std::nullopt, environment({{"ISKRA_CENTRAL_HTTP_TLS_CERTIFICATE", "/etc/c.pem"}}));
    ASSERT_FALSE(settings);
    EXPECT_NE(settings.error().message.find("http.tls_private_key"), std::string::npos);
}

TEST(CentralConfig, NamesABadValueAndWhereItCameFrom) {
    auto settings =
        load_central_settings(std::nullopt, environment({{"ISKRA_CENTRAL_HTTP_PORT", "http"}}));
    ASSERT_FALSE(settings);
    EXPECT_NE(settings.error().message.find("ISKRA_CENTRAL_HTTP_PORT"), std::string::npos);
}

}  // namespace
}  // namespace iskra::central

namespace iskra::central {
namespace {

TEST(CentralConfig, TheShippedConfigFileIsTheDocumentedDefaults) {
    std::ifstream in(std::string(ISKRA_SOURCE_DIR) + "/packaging/config/central.ini");
    ASSERT_TRUE(in) << "packaging/config/central.ini is missing";
    std::stringstream shipped;
    shipped << in.rdbuf();
    EXPECT_TRUE(shipped.str().ends_with(config::documented_defaults(central_keys(), "central")))
        << "regenerate it: iskra-central print-config (after its two comment lines)";
    EXPECT_TRUE(config::Config::parse(central_keys(), "central", shipped.str(), "central.ini",
                                      environment({})));
}

}  // namespace
}  // namespace iskra::central
