#include "iskra/gateway/uplink/central_authorizer.hpp"

#include <future>

#include <gtest/gtest.h>

#include "support/fake_central.hpp"

namespace iskra::gateway {
namespace {

using namespace std::chrono_literals;
using Decision = std::optional<session::AuthorizationDecision>;

const session::Token kCard{"04A2", session::TokenType::ISO14443};

struct Asked {
    std::future<Decision> answer;
    std::chrono::steady_clock::time_point asked_at = std::chrono::steady_clock::now();
};

Asked ask(CentralAuthorizer& authorizer) {
    auto promise = std::make_shared<std::promise<Decision>>();
    Asked asked{promise->get_future()};
    authorizer.ask("ST-1", kCard, [promise](Decision decision) { promise->set_value(decision); });
    return asked;
}

CentralEndpoint endpoint(const test::FakeCentral& central) {
    return *parse_central_url(central.url());
}

TEST(CentralAuthorizer, AsksCentralAndHandsBackItsDecision) {
    test::FakeCentral central("gw-1.s3cret");
    central.with([](test::FakeCentral& c) {
        c.authorize_answer = session::AuthorizationDecision{session::AuthorizationStatus::Blocked,
                                                            std::nullopt, std::nullopt};
    });
    UplinkStatusBoard board(central.url());
    CentralAuthorizer authorizer(endpoint(central), "gw-1.s3cret", 1500ms, board);
    auto asked = ask(authorizer);
    ASSERT_EQ(asked.answer.wait_for(5s), std::future_status::ready);
    const Decision decision = asked.answer.get();
    ASSERT_TRUE(decision);
    EXPECT_EQ(decision->status, session::AuthorizationStatus::Blocked);
    central.with([](test::FakeCentral& c) {
        ASSERT_EQ(c.authorize_requests.size(), 1u);
        EXPECT_EQ(c.authorize_requests[0].station_id, "ST-1");
        EXPECT_EQ(c.authorize_requests[0].token, kCard);
    });
    EXPECT_EQ(board.snapshot().authorizations_online, 1u);
}

TEST(CentralAuthorizer, SlowCentralFallsBackToAnOfflineDecisionInTime) {
    test::FakeCentral central("gw-1.s3cret");
    central.with([](test::FakeCentral& c) {
        c.authorize_answer = session::AuthorizationDecision{session::AuthorizationStatus::Accepted,
                                                            std::nullopt, std::nullopt};
        c.authorize_delay = 1500ms;
    });
    UplinkStatusBoard board(central.url());
    CentralAuthorizer authorizer(endpoint(central), "gw-1.s3cret", 300ms, board);
    auto asked = ask(authorizer);
    ASSERT_EQ(asked.answer.wait_for(5s), std::future_status::ready);
    const auto waited = std::chrono::steady_clock::now() - asked.asked_at;
    EXPECT_FALSE(asked.answer.get()) << "a late Accepted must not count";
    EXPECT_LT(waited, 1200ms);
    EXPECT_EQ(board.snapshot().authorizations_fallen_back, 1u);
}

TEST(CentralAuthorizer, UnreachableCentralFallsBackAndRefusalsToo) {
    test::FakeCentral central("gw-1.s3cret");
    const CentralEndpoint where = endpoint(central);
    central.down();
    UplinkStatusBoard board(where.origin);
    CentralAuthorizer authorizer(where, "gw-1.s3cret", 500ms, board);
    auto first = ask(authorizer);
    auto second = ask(authorizer);
    ASSERT_EQ(first.answer.wait_for(5s), std::future_status::ready);
    ASSERT_EQ(second.answer.wait_for(5s), std::future_status::ready);
    EXPECT_FALSE(first.answer.get());
    EXPECT_FALSE(second.answer.get());
}

TEST(CentralAuthorizer, StopAnswersWhatIsQueued) {
    test::FakeCentral central("gw-1.s3cret");
    central.with([](test::FakeCentral& c) { c.authorize_delay = 300ms; });
    UplinkStatusBoard board(central.url());
    auto authorizer =
        std::make_unique<CentralAuthorizer>(endpoint(central), "gw-1.s3cret", 1000ms, board);
    std::vector<Asked> asked;
    for (int i = 0; i < 3; ++i)
        asked.push_back(ask(*authorizer));
    authorizer->stop();
    for (auto& one : asked) {
        ASSERT_EQ(one.answer.wait_for(5s), std::future_status::ready);
        EXPECT_FALSE(one.answer.get());
    }
}

}  // namespace
}  // namespace iskra::gateway
