#include "iskra/gateway/store/store_thread.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <set>
#include <stdexcept>
#include <thread>

#include "store_test_support.hpp"

namespace iskra::gateway {
namespace {

using testing::ok;
using testing::QueueSink;
using testing::TempDir;

std::unique_ptr<Database> open_with_table(const std::filesystem::path& file) {
    auto db = ok(Database::open(file));
    ok(db->execute("CREATE TABLE jobs (k INTEGER PRIMARY KEY)"));
    return db;
}

auto insert_job(std::int64_t k) {
    return [k](Database& db) -> tl::expected<std::int64_t, StoreError> {
        auto inserted = db.execute("INSERT INTO jobs (k) VALUES (?)", k);
        if (!inserted) return tl::unexpected(inserted.error());
        return k;
    };
}

std::set<std::int64_t> committed_keys(const std::filesystem::path& file) {
    DatabaseOptions options;
    options.read_only = true;
    auto reader = ok(Database::open(file, options));
    auto query = ok(reader->prepare("SELECT k FROM jobs ORDER BY k"));
    std::set<std::int64_t> keys;
    while (ok(query.step()))
        keys.insert(query.int64(0));
    return keys;
}

// Holds the store thread inside its first job until released, so what is submitted meanwhile
// lands in one batch.
class Gate {
public:
    auto job() {
        return [this](Database&) -> tl::expected<int, StoreError> {
            entered_.set_value();
            released_.get_future().wait();
            return 0;
        };
    }
    void wait_entered() { entered_.get_future().wait(); }
    void release() { released_.set_value(); }

private:
    std::promise<void> entered_;
    std::promise<void> released_;
};

TEST(StoreThread, ManyJobsFromAnotherThreadAllCommitInOrderWithFewCommits) {
    TempDir dir;
    QueueSink sink;
    constexpr int kJobs = 2000;
    std::vector<std::int64_t> completed;
    {
        StoreThread store(open_with_table(dir.file("s.db")), sink);
        std::thread producer([&] {
            for (int i = 0; i < kJobs; ++i) {
                store.submit(insert_job(i), [&completed](tl::expected<std::int64_t, StoreError> r) {
                    ASSERT_TRUE(r) << r.error().describe();
                    completed.push_back(*r);
                });
            }
        });
        producer.join();
        ASSERT_TRUE(sink.run_until(kJobs));
        const auto stats = store.stats();
        EXPECT_EQ(stats.jobs, static_cast<std::uint64_t>(kJobs));
        EXPECT_EQ(stats.failed_jobs, 0u);
        EXPECT_LT(stats.commits, static_cast<std::uint64_t>(kJobs));  // grouped
    }
    ASSERT_EQ(completed.size(), static_cast<std::size_t>(kJobs));
    for (int i = 0; i < kJobs; ++i)
        EXPECT_EQ(completed[static_cast<std::size_t>(i)], i);
    EXPECT_EQ(committed_keys(dir.file("s.db")).size(), static_cast<std::size_t>(kJobs));
}

// A sink that looks, at the moment each completion is posted, whether the job's row is already
// visible to another connection, i.e. committed.
class CommitCheckingSink final : public CompletionSink {
public:
    explicit CommitCheckingSink(const std::filesystem::path& file) : file_(file) {}
    void post(std::function<void()> completion) override {
        ++posted_;
        if (!reader_) {
            DatabaseOptions options;
            options.read_only = true;
            reader_ = ok(Database::open(file_, options));
        }
        auto query = ok(reader_->prepare("SELECT COUNT(*) FROM jobs"));
        EXPECT_TRUE(ok(query.step()));
        visible_at_post_.push_back(query.int64(0));
        inner_.post(std::move(completion));
    }
    QueueSink inner_;
    std::vector<std::int64_t> visible_at_post_;
    std::atomic<int> posted_{0};

private:
    std::filesystem::path file_;
    std::unique_ptr<Database> reader_;
};

TEST(StoreThread, CompletionsArePostedOnlyAfterTheirCommit) {
    TempDir dir;
    auto db = open_with_table(dir.file("s.db"));
    CommitCheckingSink sink(dir.file("s.db"));
    constexpr int kJobs = 300;
    {
        StoreThread store(std::move(db), sink);
        for (int i = 0; i < kJobs; ++i)
            store.submit(insert_job(i), [](auto) {});
        store.stop();
    }
    ASSERT_EQ(sink.visible_at_post_.size(), static_cast<std::size_t>(kJobs));
    for (int i = 0; i < kJobs; ++i) {
        // The i-th completion's row (and every earlier one) is committed when it is posted.
        EXPECT_GE(sink.visible_at_post_[static_cast<std::size_t>(i)], i + 1);
    }
}

TEST(StoreThread, AFailingJobRollsBackAloneAndTheRestOfItsBatchCommits) {
    TempDir dir;
    QueueSink sink;
    StoreThread store(open_with_table(dir.file("s.db")), sink);
    Gate gate;
    store.submit(gate.job(), [](auto) {});
    gate.wait_entered();

    std::vector<std::string> outcomes(5);
    auto record = [&outcomes](std::size_t i) {
        return [&outcomes, i](auto result) {
            outcomes[i] = result ? "ok" : result.error().describe();
        };
    };
    store.submit(insert_job(1), record(0));
    // Writes, then fails: its write must vanish with it.
    store.submit(
        [](Database& db) -> tl::expected<int, StoreError> {
            auto inserted = db.execute("INSERT INTO jobs (k) VALUES (2)");
            if (!inserted) return tl::unexpected(inserted.error());
            return tl::unexpected(store_error(StoreErrorKind::Conflict, "refused by rule"));
        },
        record(1));
    store.submit(insert_job(1), record(2));  // UNIQUE violation: SQLite's own error
    store.submit(
        [](Database&) -> tl::expected<int, StoreError> { throw std::runtime_error("handler bug"); },
        record(3));
    store.submit(insert_job(3), record(4));
    gate.release();
    ASSERT_TRUE(sink.run_until(6));

    EXPECT_EQ(outcomes[0], "ok");
    EXPECT_EQ(outcomes[1], "conflict: refused by rule");
    EXPECT_NE(outcomes[2].find("UNIQUE constraint failed"), std::string::npos) << outcomes[2];
    EXPECT_EQ(outcomes[3], "exception: handler bug");
    EXPECT_EQ(outcomes[4], "ok");
    EXPECT_EQ(committed_keys(dir.file("s.db")), (std::set<std::int64_t>{1, 3}));
    const auto stats = store.stats();
    EXPECT_EQ(stats.failed_jobs, 3u);
    EXPECT_EQ(stats.commits, 2u);  // the gate's batch, then the five together
}

TEST(StoreThread, StopDrainsEverythingQueued) {
    TempDir dir;
    QueueSink sink;
    int done = 0;
    {
        StoreThread store(open_with_table(dir.file("s.db")), sink);
        for (int i = 0; i < 500; ++i)
            store.submit(insert_job(i), [&done](auto r) { done += r ? 1 : 0; });
        store.stop();
        store.stop();  // idempotent
    }
    sink.run_all();
    EXPECT_EQ(done, 500);
    EXPECT_EQ(committed_keys(dir.file("s.db")).size(), 500u);
}

TEST(StoreThread, SubmitAfterStopFailsWithStopped) {
    TempDir dir;
    QueueSink sink;
    StoreThread store(open_with_table(dir.file("s.db")), sink);
    store.stop();
    std::optional<StoreErrorKind> kind;
    store.submit(insert_job(1),
                 [&kind](auto r) { kind = r ? std::nullopt : std::optional(r.error().kind); });
    sink.run_all();
    EXPECT_EQ(kind, StoreErrorKind::Stopped);
}

TEST(StoreThread, CheckpointsRunBesideTheWriter) {
    TempDir dir;
    QueueSink sink;
    StoreThreadOptions options;
    options.checkpoint_interval = std::chrono::milliseconds(5);
    StoreThread store(open_with_table(dir.file("s.db")), sink, options);
    for (int i = 0; i < 3000; ++i)
        store.submit(insert_job(i), [](auto) {});
    ASSERT_TRUE(sink.run_until(3000));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (store.stats().checkpoints == 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_GT(store.stats().checkpoints, 0u);
    store.stop();
    EXPECT_EQ(committed_keys(dir.file("s.db")).size(), 3000u);
}

// A commit lands while the checkpoint thread copies, so without the store thread finishing the
// copy between batches the WAL was never rewritten from its start and grew with every commit.
TEST(StoreThread, WalIsRewrittenFromItsStartUnderSteadyCommits) {
    TempDir dir;
    QueueSink sink;
    StoreThreadOptions options;
    options.checkpoint_interval = std::chrono::milliseconds(5);
    options.max_batch = 4;  // 1,000 commits back to back, each at least one WAL frame
    StoreThread store(open_with_table(dir.file("s.db")), sink, options);
    for (int i = 0; i < 4000; ++i)
        store.submit(insert_job(i), [](auto) {});
    ASSERT_TRUE(sink.run_until(4000, std::chrono::seconds(60)));
    ASSERT_GE(store.stats().commits, 1000u);
    ASSERT_GT(store.stats().checkpoints, 0u);
    // The file keeps its largest extent; frames are 4 KiB pages plus a 24-byte header.
    const auto wal_frames = std::filesystem::file_size(dir.file("s.db-wal")) / (4096 + 24);
    EXPECT_LT(wal_frames, 600u);
    store.stop();
    EXPECT_EQ(committed_keys(dir.file("s.db")).size(), 4000u);
}

TEST(StoreThread, BatchOfOneCommitsEveryJob) {
    TempDir dir;
    QueueSink sink;
    StoreThreadOptions options;
    options.checkpoint_interval = std::chrono::milliseconds(0);  // SQLite's own checkpoints
    options.max_batch = 1;
    StoreThread store(open_with_table(dir.file("s.db")), sink, options);
    for (int i = 0; i < 50; ++i)
        store.submit(insert_job(i), [](auto) {});
    store.stop();
    EXPECT_EQ(store.stats().commits, 50u);
}

// Jobs submitted one at a time, slower than a commit, each get a commit of their own without a
// window; with one, those arriving within it share a commit, and a lone job still completes
// soon after the window.
TEST(StoreThread, CommitWindowGroupsJobsThatArriveWithinIt) {
    TempDir dir;
    QueueSink sink;
    StoreThreadOptions options;
    options.checkpoint_interval = std::chrono::milliseconds(0);
    options.commit_window = std::chrono::milliseconds(200);
    StoreThread store(open_with_table(dir.file("s.db")), sink, options);
    for (int i = 0; i < 10; ++i) {
        store.submit(insert_job(i), [](auto) {});
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ASSERT_TRUE(sink.run_until(10, std::chrono::seconds(10)));
    EXPECT_LE(store.stats().commits, 2u);  // one, unless the machine stalled past the window

    const auto lone_submitted = std::chrono::steady_clock::now();
    store.submit(insert_job(100), [](auto) {});
    ASSERT_TRUE(sink.run_until(11, std::chrono::seconds(10)));
    EXPECT_GE(std::chrono::steady_clock::now() - lone_submitted, std::chrono::milliseconds(150));
    store.stop();
    EXPECT_EQ(committed_keys(dir.file("s.db")).size(), 11u);
}

TEST(StoreThread, AFullBatchDoesNotWaitForTheWindow) {
    TempDir dir;
    QueueSink sink;
    StoreThreadOptions options;
    options.checkpoint_interval = std::chrono::milliseconds(0);
    options.commit_window = std::chrono::seconds(30);
    options.max_batch = 4;
    StoreThread store(open_with_table(dir.file("s.db")), sink, options);
    for (int i = 0; i < 8; ++i)
        store.submit(insert_job(i), [](auto) {});
    EXPECT_TRUE(sink.run_until(8, std::chrono::seconds(10)));
    store.stop();
}

}  // namespace
}  // namespace iskra::gateway
