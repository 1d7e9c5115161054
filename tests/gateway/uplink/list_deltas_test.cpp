#include "iskra/gateway/uplink/list_deltas.hpp"

#include <gtest/gtest.h>

#include "iskra/gateway/store/auth_store.hpp"
#include "iskra/gateway/store/station_registry.hpp"
#include "iskra/gateway/store/uplink_state.hpp"
#include "uplink_test_support.hpp"

namespace iskra::gateway {
namespace {

using session::AuthorizationStatus;
using session::Token;
using session::TokenType;
using testing::fixed_now;
using testing::ok;

const Token kA{"A", TokenType::ISO14443};
const Token kB{"B", TokenType::ISO14443};

sync::LocalListEntry accepted(Token token) {
    return sync::LocalListEntry{std::move(token), AuthorizationStatus::Accepted, {}, {}};
}

// Runs `work` as one store job and returns its result.
template <typename Work>
tl::expected<void, StoreError> in_job(testing::StoreFixture& store, Work work) {
    std::promise<tl::expected<bool, StoreError>> done;
    store.store->submit(
        [work](Database& db) -> tl::expected<bool, StoreError> {
            auto result = work(db);
            if (!result) return tl::unexpected(result.error());
            return true;
        },
        [&done](tl::expected<bool, StoreError> result) { done.set_value(result); });
    auto result = done.get_future().get();
    if (!result) return tl::unexpected(result.error());
    return {};
}

TEST(ListDeltas, LocalListFullThenDifferential) {
    testing::StoreFixture store;
    ASSERT_TRUE(in_job(store, [](Database& db) {
        return apply_local_list_delta(db, sync::LocalListDelta{3, true, {accepted(kA)}, {}});
    }));
    ASSERT_TRUE(in_job(store, [](Database& db) {
        return apply_local_list_delta(db, sync::LocalListDelta{5, false, {accepted(kB)}, {kA}});
    }));
    EXPECT_EQ(ok(local_list_version(*store.reader)), 5);
    EXPECT_FALSE(ok(lookup_token(*store.reader, kA, fixed_now())));
    EXPECT_TRUE(ok(lookup_token(*store.reader, kB, fixed_now())));
    // A replayed older delta changes nothing.
    EXPECT_FALSE(in_job(store, [](Database& db) {
        return apply_local_list_delta(db, sync::LocalListDelta{4, false, {accepted(kA)}, {}});
    }));
    EXPECT_FALSE(ok(lookup_token(*store.reader, kA, fixed_now())));
}

// The store job is the transaction: a delta whose job fails after applying leaves the old list
// and the old version, never a mix.
TEST(ListDeltas, AFailedJobLeavesTheOldListWhole) {
    testing::StoreFixture store;
    ASSERT_TRUE(in_job(store, [](Database& db) {
        return apply_local_list_delta(db, sync::LocalListDelta{1, true, {accepted(kA)}, {}});
    }));
    EXPECT_FALSE(in_job(store, [](Database& db) -> tl::expected<void, StoreError> {
        auto applied =
            apply_local_list_delta(db, sync::LocalListDelta{2, true, {accepted(kB)}, {}});
        if (!applied) return applied;
        return tl::unexpected(store_error(StoreErrorKind::Invalid, "fails after applying"));
    }));
    EXPECT_EQ(ok(local_list_version(*store.reader)), 1);
    EXPECT_TRUE(ok(lookup_token(*store.reader, kA, fixed_now())));
    EXPECT_FALSE(ok(lookup_token(*store.reader, kB, fixed_now())));
}

TEST(ListDeltas, StationsFullListRejectsTheOnesLeftOut) {
    testing::StoreFixture store;
    ASSERT_TRUE(in_job(store, [](Database& db) {
        return apply_stations_delta(
            db,
            sync::StationsDelta{1,
                                true,
                                {sync::StationEntry{"ST-1", true, "$argon2id$1", {}},
                                 sync::StationEntry{"ST-2", true, std::nullopt, {}}},
                                {}},
            fixed_now());
    }));
    ASSERT_TRUE(in_job(store, [](Database& db) {
        return apply_stations_delta(
            db, sync::StationsDelta{2, true, {sync::StationEntry{"ST-1", true, {}, {}}}, {}},
            fixed_now());
    }));
    ASSERT_TRUE(in_job(store, [](Database& db) {
        return apply_stations_delta(
            db,
            sync::StationsDelta{3, false, {sync::StationEntry{"ST-3", false, {}, {}}}, {"ST-1"}},
            fixed_now());
    }));
    EXPECT_FALSE(in_job(store, [](Database& db) {
        return apply_stations_delta(db, sync::StationsDelta{3, false, {}, {}}, fixed_now());
    }));
    EXPECT_EQ(ok(uplink_state(*store.reader)).stations_version, 3);
    std::map<std::string, StationAllowState> states;
    for (const auto& station : ok(station_credentials(*store.reader))) {
        states[station.station_id] = station.allow_state;
    }
    EXPECT_EQ(states.at("ST-1"), StationAllowState::Rejected);
    EXPECT_EQ(states.at("ST-2"), StationAllowState::Rejected);
    EXPECT_EQ(states.at("ST-3"), StationAllowState::Rejected);
}

}  // namespace
}  // namespace iskra::gateway
