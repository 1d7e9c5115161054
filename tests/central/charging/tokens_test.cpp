// Tokens CRUD: validation names the field, duplicates are 409, and every change moves the local
// list's version (what the gateways' deltas are cut from).
#include "sync_test_support.hpp"

namespace iskra::central::sync::testing {
namespace {

using nlohmann::json;

class TokensTest : public SyncTest {
protected:
    std::int64_t list_version() { return count("SELECT version FROM local_list_state"); }
};

TEST_P(TokensTest, CreateListEditAndDelete) {
    const auto created = call("POST", "/api/v1/tokens",
                              json{{"id", "04A2B3C4"},
                                   {"type", "ISO14443"},
                                   {"user_id", kDriverId},
                                   {"contract_id", "C-1"},
                                   {"expires_at", "2030-01-01T00:00:00.000Z"}});
    ASSERT_EQ(created.status, 201) << created.body;
    const json token = body_of(created);
    EXPECT_EQ(token["id"], "04A2B3C4");
    EXPECT_EQ(token["status"], "Accepted");
    EXPECT_EQ(token["user_id"], kDriverId);
    EXPECT_EQ(token["expires_at"], "2030-01-01T00:00:00.000Z");
    EXPECT_EQ(list_version(), 1);

    const auto listed = body_of(call("GET", "/api/v1/tokens?user_id=" + std::string(kDriverId)));
    EXPECT_EQ(listed["total"], 1);
    EXPECT_EQ(listed["items"][0]["contract_id"], "C-1");

    const auto patched = call("PATCH", "/api/v1/tokens/ISO14443/04A2B3C4",
                              json{{"status", "Blocked"}, {"expires_at", nullptr}});
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(body_of(patched)["status"], "Blocked");
    EXPECT_TRUE(body_of(patched)["expires_at"].is_null());
    EXPECT_EQ(list_version(), 2);

    EXPECT_EQ(call("DELETE", "/api/v1/tokens/ISO14443/04A2B3C4").status, 204);
    EXPECT_EQ(list_version(), 3);
    EXPECT_EQ(count("SELECT COUNT(*) FROM tokens"), 0);
    EXPECT_EQ(call("DELETE", "/api/v1/tokens/ISO14443/04A2B3C4").status, 404);
    EXPECT_EQ(
        call("PATCH", "/api/v1/tokens/ISO14443/04A2B3C4", json{{"status", "Accepted"}}).status,
        404);
    EXPECT_EQ(list_version(), 3);
}

TEST_P(TokensTest, BadInputIs4xxNamingTheFieldAndChangesNothing) {
    ASSERT_EQ(call("POST", "/api/v1/tokens", json{{"id", "A"}, {"type", "ISO14443"}}).status, 201);
    struct Case {
        json body;
        int status;
        std::string field;
    };
    const std::vector<Case> cases = {
        {json{{"type", "ISO14443"}}, 400, "id"},
        {json{{"id", "B"}, {"type", "Bogus"}}, 400, "type"},
        {json{{"id", "B"}, {"type", "ISO14443"}, {"status", "Maybe"}}, 400, "status"},
        {json{{"id", "B"}, {"type", "ISO14443"}, {"expires_at", "soon"}}, 400, "expires_at"},
        {json{{"id", "B"}, {"type", "ISO14443"}, {"user_id", "no-such-user"}}, 400, "user_id"},
        {json{{"id", "A"}, {"type", "ISO14443"}}, 409, "id"},
    };
    for (const auto& c : cases) {
        const auto response = call("POST", "/api/v1/tokens", c.body);
        EXPECT_EQ(response.status, c.status) << c.body.dump() << " " << response.body;
        EXPECT_EQ(body_of(response)["error"]["field"], c.field) << response.body;
    }
    EXPECT_EQ(count("SELECT COUNT(*) FROM tokens"), 1);
    EXPECT_EQ(count("SELECT version FROM local_list_state"), 1);
}

TEST_P(TokensTest, OnlyTokenManagersMayTouchTokens) {
    sign_in_as(http::Role::Driver, kDriverId);
    EXPECT_EQ(call("GET", "/api/v1/tokens").status, 403);
    EXPECT_EQ(call("POST", "/api/v1/tokens", json{{"id", "A"}, {"type", "ISO14443"}}).status, 403);
    EXPECT_EQ(count("SELECT COUNT(*) FROM tokens"), 0);
}

ISKRA_STORAGE_BACKENDS(TokensTest);

}  // namespace
}  // namespace iskra::central::sync::testing
