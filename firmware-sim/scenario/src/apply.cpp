#include "iskra/sim/scenario/scenario.hpp"

namespace iskra::sim::scenario {

std::string_view action_name(ActionKind kind) {
    switch (kind) {
        case ActionKind::Plug:
            return "plug";
        case ActionKind::Unplug:
            return "unplug";
        case ActionKind::Tap:
            return "tap";
        case ActionKind::Fault:
            return "fault";
        case ActionKind::Recover:
            return "recover";
        case ActionKind::PowerLoss:
            return "power_loss";
        case ActionKind::PowerRestore:
            return "power_restore";
        case ActionKind::Offline:
            return "offline";
        case ActionKind::Drift:
            return "drift";
    }
    return "?";
}

tl::expected<void, std::string> apply(Station& station, const Action& action,
                                      model::Timestamp now) {
    switch (action.kind) {
        case ActionKind::Plug:
            return station.plug_in(ConnectorRef(action.connector, action.evse_connector), action.ev,
                                   action.when_full, now);
        case ActionKind::Unplug:
            return station.unplug(ConnectorRef(action.connector, action.evse_connector), now);
        case ActionKind::Tap: {
            std::optional<std::int64_t> connector;
            if (action.connector > 0) connector = action.connector;
            return station.tap(action.token.value_or(""), connector, now);
        }
        case ActionKind::Fault:
            return station.fault(action.connector, action.error_code, now);
        case ActionKind::Recover:
            return station.clear_fault(action.connector, now);
        case ActionKind::PowerLoss:
            station.power_loss(now);
            return {};
        case ActionKind::PowerRestore:
            station.power_restore(now);
            return {};
        case ActionKind::Offline:
            station.network_outage(action.duration, now);
            return {};
        case ActionKind::Drift:
            station.set_clock_drift(action.duration);
            return {};
    }
    return {};
}

}  // namespace iskra::sim::scenario
