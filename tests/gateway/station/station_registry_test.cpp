// Who may connect and what Boot answers, per security profile.
#include <gtest/gtest.h>

#include "iskra/crypto/password_hash.hpp"
#include "iskra/gateway/offline_authoriser.hpp"
#include "iskra/gateway/station_registry.hpp"

namespace iskra::gateway {
namespace {

StationEntry with_password(const std::string& password) {
    return StationEntry{StationStanding::Allowed,
                        crypto::hash_password(password, crypto::kMachineSecretCost).value()};
}

TEST(StationRegistry, ProfileZeroAdmitsKnownStationsOnly) {
    StationRegistry registry(0, false);
    registry.set("CP-1", StationEntry{});
    EXPECT_TRUE(registry.admit("CP-1", ocpp::Version::v16, std::nullopt, false).accepted);
    const auto unknown = registry.admit("CP-2", ocpp::Version::v16, std::nullopt, false);
    EXPECT_FALSE(unknown.accepted);
    EXPECT_EQ(unknown.reason, "unknown station (not on the allow-list)");
}

TEST(StationRegistry, CommissioningModeAdmitsAnyone) {
    StationRegistry registry(0, true);
    EXPECT_TRUE(registry.admit("CP-new", ocpp::Version::v201, std::nullopt, false).accepted);
    EXPECT_EQ(registry.boot_answer("CP-new"), BootAnswer::Accepted);
}

TEST(StationRegistry, BasicAuthChecksUserAndPassword) {
    StationRegistry registry(1, false);
    registry.set("CP-1", with_password("s3cret-Stacja-01"));
    const BasicCredentials right{"CP-1", "s3cret-Stacja-01"};
    EXPECT_TRUE(registry.admit("CP-1", ocpp::Version::v16, right, false).accepted);
    // Remembered: the second check of the same password is a lookup.
    EXPECT_TRUE(registry.admit("CP-1", ocpp::Version::v16, right, false).accepted);
    EXPECT_EQ(
        registry.admit("CP-1", ocpp::Version::v16, BasicCredentials{"CP-1", "wrong"}, false).reason,
        "wrong password");
    EXPECT_FALSE(registry.admit("CP-1", ocpp::Version::v16, std::nullopt, false).accepted);
    EXPECT_FALSE(
        registry
            .admit("CP-1", ocpp::Version::v16, BasicCredentials{"CP-2", "s3cret-Stacja-01"}, false)
            .accepted);
}

TEST(StationRegistry, ANewPasswordReplacesTheRememberedOne) {
    StationRegistry registry(2, false);
    registry.set("CP-1", with_password("old-password-123"));
    EXPECT_TRUE(
        registry
            .admit("CP-1", ocpp::Version::v16, BasicCredentials{"CP-1", "old-password-123"}, false)
            .accepted);
    registry.set("CP-1", with_password("new-password-456"));
    EXPECT_FALSE(
        registry
            .admit("CP-1", ocpp::Version::v16, BasicCredentials{"CP-1", "old-password-123"}, false)
            .accepted);
}

TEST(StationRegistry, ProfileThreeNeedsACertificateNamingTheStation) {
    StationRegistry registry(3, false);
    registry.set("CP-1", StationEntry{});
    const auto wrong_name = registry.admit("CP-1", ocpp::Version::v201, std::nullopt, false);
    EXPECT_FALSE(wrong_name.accepted);
    // A genuine certificate naming another station: forbidden (403), not a request for basic
    // authentication (401).
    EXPECT_EQ(wrong_name.refusal, Refusal::Forbidden);
    EXPECT_TRUE(registry.admit("CP-1", ocpp::Version::v201, std::nullopt, true).accepted);
}

TEST(StationRegistry, StandingDecidesTheBootAnswer) {
    StationRegistry registry(0, false);
    registry.set("CP-p", StationEntry{StationStanding::Pending, ""});
    registry.set("CP-r", StationEntry{StationStanding::Rejected, ""});
    EXPECT_EQ(registry.boot_answer("CP-p"), BootAnswer::Pending);
    EXPECT_EQ(registry.boot_answer("CP-r"), BootAnswer::Rejected);
    EXPECT_FALSE(registry.admit("CP-r", ocpp::Version::v16, std::nullopt, false).accepted);
    EXPECT_EQ(registry.boot_answer("CP-x"), BootAnswer::Rejected);
}

session::Timestamp at(const char* text) {
    return session::parse_timestamp(text).value();
}

TEST(OfflineAuthoriser, LocalListThenCacheThenPolicy) {
    const auto now = at("2026-11-28T12:00:00Z");
    const KnownToken blocked_on_list{AuthSource::LocalList,
                                     {session::AuthorizationStatus::Blocked, {}, {}}};
    const KnownToken accepted_in_cache{AuthSource::Cache,
                                       {session::AuthorizationStatus::Accepted, {}, {}}};
    auto outcome = decide_offline(blocked_on_list, accepted_in_cache, true, now);
    EXPECT_EQ(outcome.source, AuthSource::LocalList);
    EXPECT_EQ(outcome.decision.status, session::AuthorizationStatus::Blocked);
    EXPECT_TRUE(outcome.needs_recheck);

    outcome = decide_offline(std::nullopt, accepted_in_cache, false, now);
    EXPECT_EQ(outcome.source, AuthSource::Cache);
    EXPECT_EQ(outcome.decision.status, session::AuthorizationStatus::Accepted);

    outcome = decide_offline(std::nullopt, std::nullopt, false, now);
    EXPECT_EQ(outcome.source, AuthSource::OfflinePolicy);
    EXPECT_EQ(outcome.decision.status, session::AuthorizationStatus::Unknown);
    outcome = decide_offline(std::nullopt, std::nullopt, true, now);
    EXPECT_EQ(outcome.decision.status, session::AuthorizationStatus::Accepted);
}

TEST(OfflineAuthoriser, ExpiredEntries) {
    const auto now = at("2026-11-28T12:00:00Z");
    KnownToken cached{AuthSource::Cache,
                      {session::AuthorizationStatus::Accepted, at("2026-11-28T11:00:00Z"), {}}};
    // An expired cache entry is no answer: the policy decides.
    auto outcome = decide_offline(std::nullopt, cached, false, now);
    EXPECT_EQ(outcome.source, AuthSource::OfflinePolicy);
    // An expired local-list entry is central's word that the token expired.
    KnownToken listed{AuthSource::LocalList, cached.decision};
    outcome = decide_offline(listed, std::nullopt, true, now);
    EXPECT_EQ(outcome.decision.status, session::AuthorizationStatus::Expired);
}

}  // namespace
}  // namespace iskra::gateway
