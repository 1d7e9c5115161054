#include "running_cost_restore.hpp"

#include "iskra/gateway/store/tariff_feed_store.hpp"
#include "iskra/log/log.hpp"

namespace iskra::gateway {

RunningCostState read_running_cost_state(Database& db) {
    RunningCostState state;
    auto stored = load_tariff_feed(db);
    if (!stored) {
        log::warn("gateway", "stored tariff feed not read: " + stored.error().describe());
    } else if (*stored) {
        auto feed = parse_tariff_feed_text((*stored)->body);
        if (feed) {
            state.feed = std::make_shared<const TariffFeed>(*std::move(feed));
        } else {
            log::warn("gateway",
                      "stored tariff feed unreadable, no running costs until central "
                      "sends one: " +
                          feed.error());
        }
    }
    auto open = open_sessions(db);
    if (!open) {
        log::warn("gateway",
                  "open sessions not read for running costs: " + open.error().describe());
    } else {
        state.open_sessions = std::move(*open);
    }
    return state;
}

void restore_running_costs(const RunningCostState& state, StationService& service) {
    service.set_tariff_feed(state.feed);
    for (const auto& view : state.open_sessions) {
        if (!view.started_at) continue;
        session::TransactionRef transaction;
        if (view.transaction_id_v16) {
            transaction = *view.transaction_id_v16;
        } else if (view.transaction_id_v201) {
            transaction = *view.transaction_id_v201;
        } else {
            continue;
        }
        service.costs().seed({view.station_id, transaction}, view.meter_start_wh, *view.started_at,
                             view.last_meter_wh, view.last_meter_at);
    }
}

}  // namespace iskra::gateway
