// Transaction-related messages (kept, ordered, retried) and the timers that sample meters.
#include "iskra/log/log.hpp"
#include "iskra/sim/station/station.hpp"

namespace iskra::sim {

namespace {
// Past this, the oldest periodic samples would be dropped in favour of starts and stops; a
// station offline for days holds far fewer.
constexpr std::size_t kQueueLimit = 100'000;
}  // namespace

void Station::queue_tx_message(std::string action, Render render, OnResult on_result,
                               model::Timestamp now) {
    if (tx_queue_.size() >= kQueueLimit) {
        log::warn(id(), "transaction queue full; dropping the oldest message");
        tx_queue_.pop_front();
    }
    tx_queue_.push_back(
        QueuedMessage{std::move(action), std::move(render), std::move(on_result), 0});
    pump_tx_queue(now);
}

void Station::pump_tx_queue(model::Timestamp now) {
    while (online() && !tx_in_flight_ && tx_retry_timer_ == 0 && !tx_queue_.empty()) {
        QueuedMessage message = std::move(tx_queue_.front());
        tx_queue_.pop_front();
        std::optional<std::string> payload = message.render ? message.render() : std::nullopt;
        if (!payload) continue;  // nothing left to say (its transaction was never accepted)
        const std::string action = message.action;
        tx_in_flight_ = std::move(message);
        endpoint_->call(
            action, *payload,
            [this](tl::expected<simdjson::dom::element, rpc::CallFailure> outcome) {
                if (!tx_in_flight_) return;
                if (outcome) {
                    QueuedMessage done = std::move(*tx_in_flight_);
                    tx_in_flight_.reset();
                    if (done.on_result) done.on_result(&*outcome);
                    pump_tx_queue(now_);
                    return;
                }
                tx_message_failed(outcome.error(), now_);
            },
            steady(now));
    }
}

void Station::tx_message_failed(const rpc::CallFailure& failure, model::Timestamp now) {
    QueuedMessage message = std::move(*tx_in_flight_);
    tx_in_flight_.reset();
    using Kind = rpc::CallFailure::Kind;
    if (failure.kind == Kind::Closed) {
        // Not the CSMS's failure: it goes out again first thing after reconnecting.
        tx_queue_.push_front(std::move(message));
        return;
    }
    if (failure.kind == Kind::InvalidRequest) {
        log::error(id(), message.action + " failed our own schema check: " + failure.description);
        if (message.on_result) message.on_result(nullptr);
        pump_tx_queue(now);
        return;
    }
    ++message.attempts;
    if (message.attempts >= std::max<std::int64_t>(1, settings_.tx_message_attempts)) {
        log::warn(id(), message.action + " given up after " + std::to_string(message.attempts) +
                            " attempt(s): " + failure.description);
        if (message.on_result) message.on_result(nullptr);
        pump_tx_queue(now);
        return;
    }
    // OCPP 1.6 §4.10 / 2.0.1 E: wait the retry interval times the attempts made so far.
    const auto wait =
        std::chrono::seconds(settings_.tx_message_retry_interval_s * message.attempts);
    log::info(id(), message.action + " failed (" + failure.description + "); retry in " +
                        std::to_string(wait.count()) + " s");
    tx_queue_.push_front(std::move(message));
    tx_retry_timer_ = timers_.schedule(now + wait, [this](model::Timestamp t) {
        tx_retry_timer_ = 0;
        pump_tx_queue(t);
    });
}

void Station::schedule_sampling(Connector& c, model::Timestamp now) {
    timers_.cancel(c.sample_timer);
    if (!c.tx || settings_.sample_interval_s <= 0) return;
    c.sample_timer = timers_.schedule(now + std::chrono::seconds(settings_.sample_interval_s),
                                      [this, &c](model::Timestamp t) {
                                          c.sample_timer = 0;
                                          if (!c.tx) return;
                                          refresh(t);
                                          if (!c.tx) return;
                                          tx_updated(c, TxUpdate::Periodic, t);
                                          schedule_sampling(c, t);
                                          drop_retired();
                                      });
}

void Station::schedule_aligned(model::Timestamp now) {
    timers_.cancel(aligned_timer_);
    const std::int64_t interval_ms = settings_.aligned_interval_s * 1000;
    if (interval_ms <= 0) {
        // Looked at again when the setting changes (config handlers call schedule_aligned).
        return;
    }
    // Aligned to the station's clock from midnight UTC: every interval that divides a day
    // lands on the same wall-clock times each day.
    const std::int64_t t = station_time(now).time_since_epoch().count();
    const std::int64_t next = (t / interval_ms + 1) * interval_ms;
    const auto at = model::Timestamp(std::chrono::milliseconds(next)) - drift_;
    aligned_timer_ = timers_.schedule(at, [this](model::Timestamp when) {
        aligned_timer_ = 0;
        refresh(when);
        for (auto& c : connectors_) {
            if (c.tx) {
                tx_updated(c, TxUpdate::Clock, when);
            } else {
                idle_sample(c, when);
            }
        }
        schedule_aligned(when);
    });
}

}  // namespace iskra::sim
