// Online authorisation through the site ledger: central's decision when it answers (logged
// without a recheck flag), the offline decision when it does not, and the caller never waits.
#include "sqlite_site_ledger.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <future>
#include <mutex>

#include "iskra/gateway/store/migrations.hpp"
#include "iskra/gateway/store/session_ids.hpp"

namespace iskra::gateway {
namespace {

using namespace std::chrono_literals;

class InlineSink final : public CompletionSink {
public:
    void post(std::function<void()> completion) override { completion(); }
};

Timestamp fixed_now() {
    return session::parse_timestamp("2026-11-28T12:00:00.000Z").value();
}

// A test double of the uplink's authoriser: keeps each request until the test answers it.
class FakeOnlineAuthorizer final : public OnlineAuthorizer {
public:
    void ask(std::string, session::Token, Reply reply) override {
        std::lock_guard lock(mutex);
        replies.push_back(std::move(reply));
    }
    void answer(std::optional<session::AuthorizationDecision> decision) {
        Reply reply;
        {
            std::lock_guard lock(mutex);
            reply = std::move(replies.front());
            replies.erase(replies.begin());
        }
        reply(decision);
    }
    std::mutex mutex;
    std::vector<Reply> replies;
};

class FixedIds final : public SessionIdGenerator {
public:
    std::string next_session_id() override { return "s-" + std::to_string(++n_); }

private:
    int n_ = 0;
};

class SqliteSiteLedgerTest : public ::testing::Test {
protected:
    SqliteSiteLedgerTest() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "iskra-ledger-XXXXXX").string();
        if (::mkdtemp(pattern.data()) != nullptr) dir_ = pattern;
        auto db = open_gateway_database(dir_ / "gateway.db");
        if (!db) throw std::runtime_error(db.error().describe());
        store_ = std::make_unique<StoreThread>(std::move(*db), sink_);
        site_ = std::make_unique<SqliteSiteLedger>(*store_, ledger_, fixed_now, false);
        site_->set_online_authorizer(&online_);
    }
    ~SqliteSiteLedgerTest() override {
        store_->stop();
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

    std::future<tl::expected<AuthOutcome, std::string>> authorize() {
        auto promise = std::make_shared<std::promise<tl::expected<AuthOutcome, std::string>>>();
        auto future = promise->get_future();
        site_->authorize("ST-1", session::Token{"04A2", session::TokenType::ISO14443},
                         [promise](auto outcome) { promise->set_value(outcome); });
        return future;
    }

    // needs_recheck of the logged decisions, in order.
    std::vector<std::int64_t> logged_rechecks() {
        auto reader = open_gateway_reader(dir_ / "gateway.db");
        auto query = (*reader)->prepare("SELECT needs_recheck FROM authorization_log ORDER BY id");
        std::vector<std::int64_t> flags;
        while (*query->step())
            flags.push_back(query->int64(0));
        return flags;
    }

    std::filesystem::path dir_;
    InlineSink sink_;
    FixedIds ids_;
    SessionLedger ledger_{LedgerConfig{}, ids_};
    FakeOnlineAuthorizer online_;
    std::unique_ptr<StoreThread> store_;
    std::unique_ptr<SqliteSiteLedger> site_;
};

TEST_F(SqliteSiteLedgerTest, CentralsDecisionIsLoggedWithoutARecheck) {
    auto outcome = authorize();
    EXPECT_EQ(outcome.wait_for(100ms), std::future_status::timeout)
        << "authorize() answered before central did: it must not decide without asking";
    online_.answer(session::AuthorizationDecision{session::AuthorizationStatus::Accepted,
                                                  std::nullopt, std::nullopt});
    ASSERT_EQ(outcome.wait_for(5s), std::future_status::ready);
    auto decided = outcome.get();
    ASSERT_TRUE(decided) << decided.error();
    EXPECT_EQ(decided->source, AuthSource::Central);
    EXPECT_EQ(decided->decision.status, session::AuthorizationStatus::Accepted);
    EXPECT_FALSE(decided->needs_recheck);
    EXPECT_EQ(logged_rechecks(), std::vector<std::int64_t>{0});
}

TEST_F(SqliteSiteLedgerTest, NoAnswerFromCentralFallsBackToTheOfflineDecision) {
    auto outcome = authorize();
    online_.answer(std::nullopt);
    ASSERT_EQ(outcome.wait_for(5s), std::future_status::ready);
    auto decided = outcome.get();
    ASSERT_TRUE(decided) << decided.error();
    EXPECT_EQ(decided->source, AuthSource::OfflinePolicy);
    EXPECT_NE(decided->decision.status, session::AuthorizationStatus::Accepted)
        << "the policy here rejects unknown tokens";
    EXPECT_TRUE(decided->needs_recheck);
    EXPECT_EQ(logged_rechecks(), std::vector<std::int64_t>{1});
}

}  // namespace
}  // namespace iskra::gateway
