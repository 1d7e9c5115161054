#include "iskra/gateway/store/store_thread.hpp"

#include <string>
#include <utility>
#include <vector>

namespace iskra::gateway {

StoreThread::StoreThread(std::unique_ptr<Database> database, CompletionSink& sink,
                         StoreThreadOptions options)
    : database_(std::move(database)), sink_(sink), options_(options) {
    if (options_.checkpoint_interval.count() > 0) {
        // Without its own connection the thread cannot run; SQLite's automatic checkpoints
        // then stay on, which is slower but just as safe.
        auto checkpointer = Database::open(database_->file());
        if (checkpointer && database_->execute_script("PRAGMA wal_autocheckpoint=0")) {
            checkpointer_ = std::move(*checkpointer);
            checkpoint_thread_ = std::thread([this] { checkpoint_loop(); });
        }
    }
    thread_ = std::thread([this] { loop(); });
}

StoreThread::~StoreThread() {
    stop();
}

void StoreThread::enqueue(std::unique_ptr<Job> job) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            job->queued_at = std::chrono::steady_clock::now();
            queue_.push_back(std::move(job));
            // Within a commit window the thread waits for a full batch, not for each job.
            if (options_.commit_window.count() == 0 || queue_.size() == 1 ||
                queue_.size() >= options_.max_batch) {
                wake_.notify_one();
            }
            return;
        }
    }
    job->fail(store_error(StoreErrorKind::Stopped, "the store thread has stopped"));
    std::shared_ptr<Job> shared(std::move(job));
    sink_.post([shared] { shared->complete(); });
}

void StoreThread::stop() {
    std::lock_guard stop_lock(stop_mutex_);
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    checkpoint_wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    if (checkpoint_thread_.joinable()) checkpoint_thread_.join();
}

StoreThreadStats StoreThread::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

// PASSIVE: copies what it can without ever making the writer wait.
void StoreThread::checkpoint_loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        checkpoint_wake_.wait_for(lock, options_.checkpoint_interval, [this] { return stopping_; });
        if (stopping_) return;
        lock.unlock();
        const bool done =
            checkpointer_->execute_script("PRAGMA wal_checkpoint(PASSIVE)").has_value();
        lock.lock();
        if (done) {
            ++stats_.checkpoints;
            finish_checkpoint_ = true;
        }
    }
}

// The WAL is only rewritten from its start when a write transaction begins with every frame
// already copied into the database. Under steady load the checkpoint thread never sees that:
// commits keep landing while it copies, so the WAL grew without end (2 GB in a 40 s bench run),
// and every commit paid for extending the file (ext4 zeroing and allocating blocks, fdatasync
// journaling the new size). The store thread is the only writer, so between two batches it can
// copy the few frames committed since the checkpoint thread's pass; the next commit then
// restarts the WAL and overwrites the same blocks.
void StoreThread::finish_checkpoint() {
    (void)database_->execute_script("PRAGMA wal_checkpoint(PASSIVE)");
}

void StoreThread::loop() {
    std::deque<std::unique_ptr<Job>> batch;
    for (;;) {
        bool finish_checkpoint = false;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and everything queued has run
            const std::size_t limit = options_.max_batch == 0 ? 1 : options_.max_batch;
            if (options_.commit_window.count() > 0 && queue_.size() < limit) {
                // Only the submitter that fills the batch wakes us early (see enqueue()).
                const auto until = queue_.front()->queued_at + options_.commit_window;
                wake_.wait_until(lock, until, [&] { return stopping_ || queue_.size() >= limit; });
            }
            while (!queue_.empty() && batch.size() < limit) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
            finish_checkpoint = std::exchange(finish_checkpoint_, false);
        }
        run_batch(batch);
        deliver(batch);
        if (finish_checkpoint) this->finish_checkpoint();
    }
}

// One transaction for the batch, one savepoint per job. SQLite may roll the whole transaction
// back by itself after some errors (disk full, I/O): then the jobs that had already run in it
// are failed too, and the rest of the batch starts a new transaction.
void StoreThread::run_batch(std::deque<std::unique_ptr<Job>>& batch) {
    Database& db = *database_;
    std::vector<Job*> in_transaction;
    std::uint64_t failed = 0;
    std::uint64_t commits = 0;
    auto abandon_transaction = [&](const StoreError& cause) {
        if (db.in_transaction()) (void)db.execute("ROLLBACK");
        for (Job* earlier : in_transaction) {
            earlier->fail(store_error(StoreErrorKind::Sqlite,
                                      "rolled back with its batch: " + cause.describe()));
            ++failed;
        }
        in_transaction.clear();
    };

    for (auto& job : batch) {
        if (!db.in_transaction()) {
            abandon_transaction(store_error(StoreErrorKind::Sqlite, "transaction lost"));
            if (auto begun = db.execute("BEGIN IMMEDIATE"); !begun) {
                job->fail(begun.error());
                ++failed;
                continue;
            }
        }
        if (auto savepoint = db.execute("SAVEPOINT job"); !savepoint) {
            job->fail(savepoint.error());
            ++failed;
            continue;
        }
        if (job->run(db)) {
            if (auto released = db.execute("RELEASE job"); !released) {
                job->fail(released.error());
                ++failed;
                abandon_transaction(released.error());
                continue;
            }
            in_transaction.push_back(job.get());
            continue;
        }
        ++failed;
        if (!db.in_transaction()) {
            abandon_transaction(store_error(StoreErrorKind::Sqlite, "SQLite rolled back"));
            continue;
        }
        auto rolled_back = db.execute("ROLLBACK TO job");
        if (rolled_back) rolled_back = db.execute("RELEASE job");
        if (!rolled_back) abandon_transaction(rolled_back.error());
    }

    if (db.in_transaction()) {
        if (auto committed = db.execute("COMMIT"); !committed) {
            abandon_transaction(committed.error());
        } else {
            ++commits;
        }
    }

    std::lock_guard lock(mutex_);
    stats_.jobs += batch.size();
    stats_.failed_jobs += failed;
    stats_.commits += commits;
}

void StoreThread::deliver(std::deque<std::unique_ptr<Job>>& batch) {
    for (auto& job : batch) {
        std::shared_ptr<Job> shared(std::move(job));
        try {
            sink_.post([shared] { shared->complete(); });
        } catch (...) {
            // A sink that cannot take the completion (out of memory) loses only the answer;
            // the data is committed and the station will repeat the message.
        }
    }
    batch.clear();
}

}  // namespace iskra::gateway
