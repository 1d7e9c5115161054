// The store thread: owns the writer connection and runs every durable write, group-committed.
// submit() may be called from any thread (in the gateway: the libwebsockets service thread) and
// never blocks on SQLite; the answer comes back through a CompletionSink after the COMMIT.
//
// Why group commit: synchronous=FULL costs one fsync per COMMIT, so the thread takes every job
// queued (up to max_batch), runs each in its own SAVEPOINT, then commits them together: one
// fsync for the whole batch. A job that fails rolls back to its savepoint alone and reports its
// error; the others commit. No completion is delivered before the COMMIT that made it durable
// has returned, so an answer sent on it survives power loss and kill -9.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>

#include <tl/expected.hpp>

#include "iskra/gateway/store/database.hpp"
#include "iskra/gateway/store/store_error.hpp"

namespace iskra::gateway {

namespace detail {
template <typename T>
struct IsStoreResult : std::false_type {};
template <typename T>
struct IsStoreResult<tl::expected<T, StoreError>> : std::true_type {};
}  // namespace detail

// Where completions go. The store thread calls post() once per job, in submission order, after
// the commit; the implementation runs the function on the thread that should see the answer
// (the gateway: a locked queue drained by the service thread after lws_cancel_service).
class CompletionSink {
public:
    virtual ~CompletionSink() = default;
    // Called on the store thread; must not block for long.
    virtual void post(std::function<void()> completion) = 0;
};

struct StoreThreadOptions {
    // Most jobs in one transaction; 1 means one commit per job (the slow baseline).
    std::size_t max_batch = 512;
    // WAL checkpoints run on a thread of their own at this interval, so a commit never waits
    // for one (SQLite's automatic checkpoint would copy megabytes inside whichever commit
    // crosses its threshold). Zero leaves checkpoints to SQLite.
    std::chrono::milliseconds checkpoint_interval{1000};
    // How long the oldest queued job may wait for company before its batch starts. A COMMIT
    // costs the store thread about the same for one job as for fifty (the fsync, the WAL
    // frame headers, the wake-ups), so under load a short wait makes fewer, larger groups;
    // a lone job waits at most this long. Zero: start at once (the batch is what queued
    // during the previous commit).
    std::chrono::microseconds commit_window{0};
};

struct StoreThreadStats {
    std::uint64_t jobs = 0;
    std::uint64_t failed_jobs = 0;
    std::uint64_t commits = 0;
    std::uint64_t checkpoints = 0;
};

class StoreThread {
public:
    // Takes the writer (already migrated) and starts the thread.
    StoreThread(std::unique_ptr<Database> database, CompletionSink& sink,
                StoreThreadOptions options = {});
    // Stops (draining the queue) if stop() was not called.
    ~StoreThread();
    StoreThread(const StoreThread&) = delete;
    StoreThread& operator=(const StoreThread&) = delete;

    // Any thread. `work(Database&)` runs on the store thread inside the batch's transaction and
    // returns tl::expected<T, StoreError>; `done(tl::expected<T, StoreError>)` is posted to the
    // sink after the commit (with the commit's error if it failed). A job that throws fails
    // with StoreErrorKind::Exception. After stop(), done gets StoreErrorKind::Stopped at once.
    template <typename Work, typename Done>
    void submit(Work work, Done done) {
        using Result = std::invoke_result_t<Work&, Database&>;
        static_assert(detail::IsStoreResult<Result>::value,
                      "store work must return tl::expected<T, StoreError>");
        enqueue(std::make_unique<TypedJob<Result, Work, Done>>(std::move(work), std::move(done)));
    }

    // Any thread but the store thread. Runs everything already queued, then joins. Idempotent.
    void stop();

    StoreThreadStats stats() const;

private:
    // A queued job, type-erased. run() executes it and keeps its result; fail() replaces the
    // result with an error (the commit failed); complete() hands the result to done.
    class Job {
    public:
        virtual ~Job() = default;
        std::chrono::steady_clock::time_point queued_at{};
        virtual bool run(Database& database) = 0;
        virtual void fail(StoreError error) = 0;
        virtual void complete() = 0;
    };

    template <typename Result, typename Work, typename Done>
    class TypedJob final : public Job {
    public:
        TypedJob(Work work, Done done) : work_(std::move(work)), done_(std::move(done)) {}
        bool run(Database& database) override {
            try {
                result_.emplace(work_(database));
            } catch (const std::exception& thrown) {
                result_.emplace(
                    tl::unexpected(store_error(StoreErrorKind::Exception, thrown.what())));
            } catch (...) {
                result_.emplace(tl::unexpected(store_error(StoreErrorKind::Exception, "unknown")));
            }
            return result_->has_value();
        }
        void fail(StoreError error) override { result_.emplace(tl::unexpected(std::move(error))); }
        void complete() override { done_(std::move(*result_)); }

    private:
        Work work_;
        Done done_;
        std::optional<Result> result_;
    };

    void enqueue(std::unique_ptr<Job> job);
    void loop();
    void run_batch(std::deque<std::unique_ptr<Job>>& batch);
    void deliver(std::deque<std::unique_ptr<Job>>& batch);
    void checkpoint_loop();
    void finish_checkpoint();

    std::unique_ptr<Database> database_;  // store thread only
    CompletionSink& sink_;
    const StoreThreadOptions options_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;             // the store thread's
    std::condition_variable checkpoint_wake_;  // the checkpoint thread's
    std::deque<std::unique_ptr<Job>> queue_;   // guarded by mutex_
    bool stopping_ = false;                    // guarded by mutex_
    bool finish_checkpoint_ = false;           // guarded by mutex_
    StoreThreadStats stats_;                   // guarded by mutex_
    std::mutex stop_mutex_;                    // one stop() joins; the others wait for it
    std::thread thread_;
    std::unique_ptr<Database> checkpointer_;  // checkpoint thread only
    std::thread checkpoint_thread_;
};

}  // namespace iskra::gateway
