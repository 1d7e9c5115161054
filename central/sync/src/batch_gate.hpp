// How many event batches central applies at once, and a fair, sleeping wait for the rest.
// Private to central/sync; any thread.
//
// Why: a batch holds a pooled database session for its whole transaction (tens to hundreds of
// milliseconds), and a hundred gateways catching up at once send a hundred batches. Without a
// gate, every batch beyond the pool's size waits inside the pool, which polls every
// millisecond (Poco's pool throws when empty: an exception per poll per waiting request) and
// gives the session to whichever poll comes first: on two cores that polling cost a quarter of
// the ingestion rate, and the unlucky batches waited out busy_timeout and got 503. Here they
// sleep, are let in one by one in arrival order as slots free up, and leave sessions free for
// the short requests (real-time authorisation has a 1.5 s budget at the gateway).
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

#include "iskra/central/storage/database.hpp"

namespace iskra::central::sync::detail {

class BatchGate {
public:
    // How long a batch may wait for its turn: well below the gateway uplink's 30 s request
    // timeout, well above a turn's usual wait (a hundred batches ahead take a few seconds).
    static constexpr std::chrono::milliseconds kMaxWait{20000};

    explicit BatchGate(std::size_t slots) : slots_(slots == 0 ? 1 : slots) {}

    // Slots for a database. SQLite has one writer at a time: a second batch would only wait
    // for its lock in SQLite's busy handler, which sleeps in growing steps (up to 100 ms) and
    // so leaves the lock idle after each commit; one slot hands it over at once. PostgreSQL
    // applies batches side by side: the pool less a quarter kept for other requests.
    static std::size_t slots_for(const storage::Database& database) {
        const std::size_t pool = database.options().pool_size;
        if (database.backend() == storage::Backend::SQLite) return 1;
        return std::max<std::size_t>(1, pool - pool / 4);
    }

    // Waits up to `timeout` for a slot, in arrival order; false when none came free (the
    // caller answers 503). Every true is followed by one leave().
    bool enter(std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        if (busy_ < slots_ && waiting_.empty()) {
            ++busy_;
            return true;
        }
        Waiter me;
        waiting_.push_back(&me);
        if (me.turn.wait_for(lock, timeout, [&me] { return me.admitted; })) return true;
        waiting_.erase(std::find(waiting_.begin(), waiting_.end(), &me));
        return false;
    }

    // Hands the slot to the longest waiting batch, or frees it.
    void leave() {
        std::lock_guard lock(mutex_);
        if (waiting_.empty()) {
            --busy_;
            return;
        }
        Waiter* next = waiting_.front();
        waiting_.pop_front();
        next->admitted = true;
        next->turn.notify_one();
    }

private:
    struct Waiter {
        std::condition_variable turn;
        bool admitted = false;  // guarded by mutex_
    };

    const std::size_t slots_;
    std::mutex mutex_;
    std::size_t busy_ = 0;         // guarded by mutex_: slots taken
    std::deque<Waiter*> waiting_;  // guarded by mutex_: oldest first
};

}  // namespace iskra::central::sync::detail
