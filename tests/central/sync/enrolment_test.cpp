// Enrolment codes are one-time and expire; the secret is stored only as Argon2id; the real
// GatewayAuthenticator accepts the secret, refuses a wrong one and a disabled gateway.
#include <regex>

#include "iskra/central/storage/sql.hpp"
#include "iskra/central/sync/gateway_authenticator.hpp"
#include "sync_test_support.hpp"

namespace iskra::central::sync::testing {
namespace {

using nlohmann::json;

class EnrolmentTest : public SyncTest {
protected:
    json new_code(const std::string& site_id) {
        const auto response = call("POST", "/api/v1/sites/" + site_id + "/enrolment-codes");
        EXPECT_EQ(response.status, 201) << response.body;
        return body_of(response);
    }
    http::Response enroll(const std::string& code) {
        return call("POST", "/api/gateway/v1/enroll",
                    json{{"code", code}, {"name", "site-gw"}, {"software_version", "1.0"}});
    }
    // A request through a dispatcher that checks secrets for real.
    http::Response with_secret(GatewayAuthenticator& real, const std::string& bearer) {
        http::Dispatcher checked(router, real);
        http::Request request;
        request.method = "GET";
        request.path = "/api/gateway/v1/commands";
        request.query = {{"wait", "0"}};
        request.headers["authorization"] = "Bearer " + bearer;
        return checked.handle(request);
    }
};

TEST_P(EnrolmentTest, ACodeIsTradedOnceForAnIdentityWhoseSecretIsStoredHashed) {
    const std::string site = create_site();
    const json code = new_code(site);
    EXPECT_TRUE(std::regex_match(code["code"].get<std::string>(),
                                 std::regex("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")));
    EXPECT_EQ(count("SELECT COUNT(*) FROM enrolment_codes WHERE code_hash = '" +
                    code["code"].get<std::string>() + "'"),
              0);

    const auto enrolled = enroll(code["code"]);
    ASSERT_EQ(enrolled.status, 201) << enrolled.body;
    const json identity = body_of(enrolled);
    EXPECT_EQ(identity["site_id"], site);
    EXPECT_EQ(identity["secret"].get<std::string>().size(), 43u);
    const std::string gateway_id = identity["gateway_id"];
    const std::string hash =
        text("SELECT secret_hash FROM gateways WHERE id = '" + gateway_id + "'");
    EXPECT_TRUE(hash.starts_with("$argon2id$"));
    EXPECT_EQ(hash.find(identity["secret"].get<std::string>()), std::string::npos);

    const auto again = enroll(code["code"]);
    EXPECT_EQ(again.status, 401);
    EXPECT_EQ(body_of(again)["error"]["code"], "enrolment_code_invalid");
    EXPECT_EQ(count("SELECT COUNT(*) FROM gateways"), 1);
}

TEST_P(EnrolmentTest, ExpiredAndUnknownCodesCreateNothing) {
    const std::string site = create_site();
    const json code = new_code(site);
    db().transaction([](Poco::Data::Session& s) {
        storage::sql(s, "UPDATE enrolment_codes SET expires_at_ms = 1"), Poco::Data::Keywords::now;
    });
    EXPECT_EQ(enroll(code["code"]).status, 401);
    EXPECT_EQ(enroll("AAAA-BBBB-CCCC-DDDD").status, 401);
    EXPECT_EQ(enroll("").status, 400);
    EXPECT_EQ(count("SELECT COUNT(*) FROM gateways"), 0);
    EXPECT_EQ(call("POST", "/api/v1/sites/no-such-site/enrolment-codes").status, 404);
}

TEST_P(EnrolmentTest, TheSecretAuthenticatesAndAWrongOneOrADisabledGatewayDoesNot) {
    const json identity = body_of(enroll(new_code(create_site())["code"]));
    const std::string id = identity["gateway_id"];
    const std::string secret = identity["secret"];
    GatewayAuthenticator real(db(), nullptr, std::chrono::milliseconds(0));

    EXPECT_EQ(with_secret(real, id + "." + secret).status, 200);
    EXPECT_EQ(with_secret(real, id + "." + secret).status, 200);  // the cached path
    const auto wrong = with_secret(real, id + "." + secret.substr(1) + "x");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(body_of(wrong)["error"]["code"], "gateway_unauthorized");
    EXPECT_EQ(with_secret(real, "no-dot-here").status, 401);
    EXPECT_EQ(with_secret(real, "unknown." + secret).status, 401);

    db().transaction([](Poco::Data::Session& s) {
        storage::sql(s, "UPDATE gateways SET enabled = 0"), Poco::Data::Keywords::now;
    });
    EXPECT_EQ(with_secret(real, id + "." + secret).status, 401);
}

ISKRA_STORAGE_BACKENDS(EnrolmentTest);

}  // namespace
}  // namespace iskra::central::sync::testing
