// One station's pending work by due time: heartbeats, samples, retries, firmware steps.
// Equal times run in the order scheduled, which keeps runs deterministic. Single thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <utility>

#include "iskra/sim/model/charging_point.hpp"

namespace iskra::sim {

using Timestamp = model::Timestamp;

class TimerQueue {
public:
    using Id = std::uint64_t;
    using Work = std::function<void(Timestamp now)>;

    Id schedule(Timestamp at, Work work) {
        const Id id = ++next_id_;
        entries_.emplace(std::pair{at, id}, std::move(work));
        return id;
    }
    // Cancelling an id already run or cancelled (or 0) does nothing.
    void cancel(Id& id) {
        if (id == 0) return;
        std::erase_if(entries_, [&](const auto& entry) { return entry.first.second == id; });
        id = 0;
    }
    void clear() { entries_.clear(); }

    std::optional<Timestamp> next_due() const {
        if (entries_.empty()) return std::nullopt;
        return entries_.begin()->first.first;
    }

    // Runs everything due at or before `now`, including work that this work schedules for now.
    void run_due(Timestamp now) {
        while (!entries_.empty() && entries_.begin()->first.first <= now) {
            auto first = entries_.begin();
            Work work = std::move(first->second);
            entries_.erase(first);
            if (work) work(now);
        }
    }
    std::size_t size() const { return entries_.size(); }

private:
    std::map<std::pair<Timestamp, Id>, Work> entries_;
    Id next_id_ = 0;
};

}  // namespace iskra::sim
