#include "iskra/gateway/uplink/backoff.hpp"

#include <gtest/gtest.h>

#include "iskra/gateway/uplink/central_client.hpp"

namespace iskra::gateway {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, GrowsExponentiallyWithJitterUpToTheCap) {
    Backoff backoff(milliseconds(100), milliseconds(1000), 42);
    milliseconds base(100);
    for (int i = 0; i < 8; ++i) {
        const milliseconds delay = backoff.next();
        EXPECT_GE(delay, base / 2) << "attempt " << i;
        EXPECT_LE(delay, base) << "attempt " << i;
        base = std::min(base * 2, milliseconds(1000));
    }
    backoff.reset();
    EXPECT_LE(backoff.next(), milliseconds(100));
}

TEST(Backoff, TwoGatewaysDoNotRetryInStep) {
    Backoff a(milliseconds(1000), milliseconds(60000), 1);
    Backoff b(milliseconds(1000), milliseconds(60000), 2);
    int same = 0;
    for (int i = 0; i < 6; ++i)
        same += a.next() == b.next() ? 1 : 0;
    EXPECT_LT(same, 6);
}

TEST(CentralUrl, SplitsOriginAndBasePath) {
    auto plain = parse_central_url("http://127.0.0.1:8080");
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->origin, "http://127.0.0.1:8080");
    EXPECT_EQ(plain->base_path, "");
    auto prefixed = parse_central_url("https://central.example/iskra/");
    ASSERT_TRUE(prefixed);
    EXPECT_EQ(prefixed->origin, "https://central.example");
    EXPECT_EQ(prefixed->base_path, "/iskra");
    EXPECT_FALSE(parse_central_url("ftp://central.example"));
    EXPECT_FALSE(parse_central_url("https:///nohost"));
}

}  // namespace
}  // namespace iskra::gateway
