// Keep-alive for thousands of connections with one timer: each tick looks at the next slice of
// the connections, pings the ones silent for a whole interval and hangs up the ones silent for
// three, so a full round of pings is spread over the interval instead of falling due at once.
//
// Why not libwebsockets' own ping: lws 4.1 keeps every connection's timer in one sorted list,
// and re-arming it walks that list, so 10,000 connections that connected together re-arm
// together and stall the service thread for seconds (bench/RESULTS.md, issue 3).
//
// Pure and single-threaded (the service thread): it reads no clock and sends nothing; the caller
// gives it `now` and acts on what tick() reports.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <vector>

namespace iskra::gateway {

// What a member carries for the schedule: where it sits in it, and when it last sent anything.
struct PingState {
    using Clock = std::chrono::steady_clock;
    static constexpr std::size_t kNotScheduled = static_cast<std::size_t>(-1);
    std::size_t slot = kNotScheduled;
    Clock::time_point last_rx{};
    Clock::time_point last_ping{};
};

// T must have `PingState& ping_state()`.
template <class T>
class PingSchedule {
public:
    using Clock = PingState::Clock;

    // `interval`: silence before a ping; a member silent for `hangup_after` is dead.
    // `tick`: how often tick() is called, so each call can take its share of the round.
    PingSchedule(Clock::duration interval, Clock::duration hangup_after, Clock::duration tick)
        : interval_(interval), hangup_after_(hangup_after), tick_(tick) {}

    void add(T& member, Clock::time_point now) {
        PingState& state = member.ping_state();
        if (state.slot != PingState::kNotScheduled) return;
        state.slot = members_.size();
        state.last_rx = now;
        state.last_ping = now;
        members_.push_back(&member);
    }

    // O(1): the last member takes the leaver's slot.
    void remove(T& member) {
        PingState& state = member.ping_state();
        if (state.slot == PingState::kNotScheduled) return;
        T* last = members_.back();
        members_[state.slot] = last;
        last->ping_state().slot = state.slot;
        members_.pop_back();
        state.slot = PingState::kNotScheduled;
    }

    static void heard_from(T& member, Clock::time_point now) { member.ping_state().last_rx = now; }

    // Visits the next slice: ping(member) for each silent for an interval and not pinged since
    // it went silent, hang_up(member) for each silent past hangup_after. The callbacks must not
    // add or remove members (hang up asynchronously; remove when the connection has closed).
    template <class Ping, class HangUp>
    void tick(Clock::time_point now, Ping&& ping, HangUp&& hang_up) {
        if (members_.empty()) return;
        const std::size_t count = slice_size();
        for (std::size_t i = 0; i < count; ++i) {
            if (cursor_ >= members_.size()) cursor_ = 0;
            T& member = *members_[cursor_++];
            PingState& state = member.ping_state();
            const auto silent = now - state.last_rx;
            if (silent >= hangup_after_) {
                hang_up(member);
            } else if (silent >= interval_ && now - state.last_ping >= interval_) {
                state.last_ping = now;
                ping(member);
            }
        }
    }

    std::size_t size() const { return members_.size(); }
    // How many members one tick visits: the whole set once per interval, at least one.
    std::size_t slice_size() const {
        const auto ticks_per_round = std::max<Clock::rep>(1, interval_ / tick_);
        const auto n = static_cast<Clock::rep>(members_.size());
        return static_cast<std::size_t>(
            std::clamp<Clock::rep>((n + ticks_per_round - 1) / ticks_per_round, 1, n));
    }

private:
    Clock::duration interval_;
    Clock::duration hangup_after_;
    Clock::duration tick_;
    std::vector<T*> members_;
    std::size_t cursor_ = 0;
};

}  // namespace iskra::gateway
