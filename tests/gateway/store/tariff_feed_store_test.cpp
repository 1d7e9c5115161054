#include "iskra/gateway/store/tariff_feed_store.hpp"

#include <gtest/gtest.h>

#include "store_test_support.hpp"

namespace iskra::gateway {
namespace {

using testing::at;
using testing::ok;

class TariffFeedStoreTest : public testing::LedgerTest {};

TEST_F(TariffFeedStoreTest, NothingUntilAFeedIsSaved) {
    EXPECT_EQ(ok(load_tariff_feed(*db_)), std::nullopt);
}

TEST_F(TariffFeedStoreTest, TheLastFeedSavedIsKept) {
    ok(save_tariff_feed(*db_, R"({"tariffs":[],"stations":[]})", at("2026-11-28T12:00:00Z")));
    ok(save_tariff_feed(*db_, R"({"tariffs":[{"id":"std"}],"stations":[]})",
                        at("2026-11-28T12:05:00Z")));
    const auto stored = ok(load_tariff_feed(*db_));
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->body, R"({"tariffs":[{"id":"std"}],"stations":[]})");
    EXPECT_EQ(stored->fetched_at, at("2026-11-28T12:05:00Z"));
}

TEST_F(TariffFeedStoreTest, ItOutlivesAReopen) {
    ok(save_tariff_feed(*db_, R"({"tariffs":[],"stations":[]})", at("2026-11-28T12:00:00Z")));
    db_.reset();
    auto reopened = testing::open_migrated(dir_.file("gateway.db"));
    const auto stored = ok(load_tariff_feed(*reopened));
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->body, R"({"tariffs":[],"stations":[]})");
}

}  // namespace
}  // namespace iskra::gateway
