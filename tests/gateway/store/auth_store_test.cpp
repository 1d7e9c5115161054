#include "iskra/gateway/store/auth_store.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "iskra/gateway/store/outbox.hpp"
#include "store_test_support.hpp"

namespace iskra::gateway {
namespace {

using session::AuthorizationStatus;
using testing::at;
using testing::ok;

LocalListEntry entry(std::string token, AuthorizationStatus status,
                     std::optional<std::string_view> expires = std::nullopt) {
    session::AuthorizationDecision decision;
    decision.status = status;
    if (expires) decision.expires_at = at(*expires);
    return LocalListEntry{session::Token{std::move(token)}, decision};
}

class AuthStoreTest : public testing::LedgerTest {};

TEST_F(AuthStoreTest, UnknownTokensAreLeftToTheOfflinePolicy) {
    EXPECT_FALSE(ok(lookup_token(*db_, session::Token{"NOBODY"}, at("2026-05-04T08:00:00Z"))));
}

TEST_F(AuthStoreTest, TheLocalListAnswersBeforeTheCache) {
    ok(cache_decision(*db_, session::Token{"TAG-1"}, {AuthorizationStatus::Blocked, {}, {}},
                      at("2026-05-04T07:00:00Z")));
    ok(replace_local_list(*db_, 3, {entry("TAG-1", AuthorizationStatus::Accepted)}));
    const auto found = ok(lookup_token(*db_, session::Token{"TAG-1"}, at("2026-05-04T08:00:00Z")));
    ASSERT_TRUE(found);
    EXPECT_EQ(found->source, AuthorizationSource::LocalList);
    EXPECT_EQ(found->decision.status, AuthorizationStatus::Accepted);
    EXPECT_EQ(ok(local_list_version(*db_)), 3);
}

TEST_F(AuthStoreTest, AnExpiredLocalListEntryAnswersExpired) {
    ok(replace_local_list(*db_, 1,
                          {entry("TAG-1", AuthorizationStatus::Accepted, "2026-05-01T00:00:00Z")}));
    const auto found = ok(lookup_token(*db_, session::Token{"TAG-1"}, at("2026-05-04T08:00:00Z")));
    ASSERT_TRUE(found);
    EXPECT_EQ(found->decision.status, AuthorizationStatus::Expired);
}

TEST_F(AuthStoreTest, ExpiredOrStaleCacheEntriesAreIgnored) {
    session::AuthorizationDecision until_may_1{AuthorizationStatus::Accepted,
                                               at("2026-05-01T00:00:00Z"), std::nullopt};
    ok(cache_decision(*db_, session::Token{"TAG-1"}, until_may_1, at("2026-04-30T00:00:00Z")));
    EXPECT_FALSE(ok(lookup_token(*db_, session::Token{"TAG-1"}, at("2026-05-04T08:00:00Z"))));

    ok(cache_decision(*db_, session::Token{"TAG-2"}, {AuthorizationStatus::Accepted, {}, {}},
                      at("2026-05-04T07:00:00Z")));
    const auto fresh = ok(lookup_token(*db_, session::Token{"TAG-2"}, at("2026-05-04T08:00:00Z"),
                                       std::chrono::hours(2)));
    ASSERT_TRUE(fresh);
    EXPECT_EQ(fresh->source, AuthorizationSource::Cache);
    EXPECT_FALSE(ok(lookup_token(*db_, session::Token{"TAG-2"}, at("2026-05-04T10:00:00Z"),
                                 std::chrono::hours(2))));
}

TEST_F(AuthStoreTest, DifferentialUpdatesAddChangeAndRemove) {
    ok(replace_local_list(*db_, 5,
                          {entry("TAG-1", AuthorizationStatus::Accepted),
                           entry("TAG-2", AuthorizationStatus::Accepted)}));
    LocalListEntry removal{session::Token{"TAG-2"}, std::nullopt};
    ok(update_local_list(*db_, 6,
                         {entry("TAG-1", AuthorizationStatus::Blocked), removal,
                          entry("TAG-3", AuthorizationStatus::Accepted)}));
    const auto now = at("2026-05-04T08:00:00Z");
    EXPECT_EQ(ok(lookup_token(*db_, session::Token{"TAG-1"}, now))->decision.status,
              AuthorizationStatus::Blocked);
    EXPECT_FALSE(ok(lookup_token(*db_, session::Token{"TAG-2"}, now)));
    EXPECT_TRUE(ok(lookup_token(*db_, session::Token{"TAG-3"}, now)));
    EXPECT_EQ(ok(local_list_version(*db_)), 6);
}

TEST_F(AuthStoreTest, AnOldDifferentialUpdateIsRefused) {
    ok(replace_local_list(*db_, 5, {}));
    auto stale = update_local_list(*db_, 5, {entry("TAG-9", AuthorizationStatus::Accepted)});
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().kind, StoreErrorKind::Conflict);
    EXPECT_FALSE(ok(lookup_token(*db_, session::Token{"TAG-9"}, at("2026-05-04T08:00:00Z"))));
}

TEST_F(AuthStoreTest, ReplacingTheListDropsWhatItNoLongerHolds) {
    ok(replace_local_list(*db_, 1, {entry("TAG-1", AuthorizationStatus::Accepted)}));
    ok(replace_local_list(*db_, 2, {entry("TAG-2", AuthorizationStatus::Accepted)}));
    EXPECT_FALSE(ok(lookup_token(*db_, session::Token{"TAG-1"}, at("2026-05-04T08:00:00Z"))));
}

TEST_F(AuthStoreTest, DecisionsAreLoggedSyncedAndCentralsAreCached) {
    session::AuthorizationAnswered answer{
        "CP-1", session::Token{"TAG-1"}, {AuthorizationStatus::Accepted, {}, {}}};
    const auto id = in_transaction([&](Database& db) {
        return ledger_.record_authorization(db, answer, AuthorizationSource::Central, false,
                                            at("2026-05-04T08:00:00Z"));
    });
    const auto cached = ok(lookup_token(*db_, session::Token{"TAG-1"}, at("2026-05-04T09:00:00Z")));
    ASSERT_TRUE(cached);
    EXPECT_EQ(cached->source, AuthorizationSource::Cache);

    // Central unreachable, the offline policy accepts an unknown card: flagged for re-check.
    session::AuthorizationAnswered offline{
        "CP-1", session::Token{"TAG-X"}, {AuthorizationStatus::Accepted, {}, {}}};
    in_transaction([&](Database& db) {
        return ledger_.record_authorization(db, offline, AuthorizationSource::OfflinePolicy, true,
                                            at("2026-05-04T08:05:00Z"));
    });
    EXPECT_FALSE(ok(lookup_token(*db_, session::Token{"TAG-X"}, at("2026-05-04T09:00:00Z"))));
    EXPECT_EQ(count("SELECT COUNT(*) FROM authorization_log WHERE needs_recheck = 1 AND "
                    "source = 'offline_policy' AND token_id = 'TAG-X'"),
              1);

    const auto outbox = ok(outbox_after(*db_, 0, 10));
    ASSERT_EQ(outbox.size(), 2u);
    const auto first = nlohmann::json::parse(outbox[0].payload);
    EXPECT_EQ(first["decision_id"], id);
    EXPECT_EQ(first["source"], "central");
    EXPECT_EQ(first["decision"]["status"], "Accepted");
    const auto second = nlohmann::json::parse(outbox[1].payload);
    EXPECT_EQ(second["needs_recheck"], true);
    EXPECT_EQ(second["source"], "offline_policy");
}

}  // namespace
}  // namespace iskra::gateway
