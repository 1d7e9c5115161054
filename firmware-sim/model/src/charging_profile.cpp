#include "iskra/sim/model/charging_profile.hpp"

#include <algorithm>
#include <set>

namespace iskra::sim::model {
namespace {

using std::chrono::seconds;

std::int64_t cycle_seconds(Recurrency r) {
    return r == Recurrency::Daily ? 86'400 : 7 * 86'400;
}

// Where the profile's schedule starts for an evaluation at `now`.
std::optional<Timestamp> schedule_start(const Profile& p, Timestamp now,
                                        const std::optional<TxContext>& tx) {
    switch (p.kind) {
        case ProfileKind::Relative:
            return tx ? tx->started_at : now;
        case ProfileKind::Recurring: {
            if (!p.start_schedule || !p.recurrency) return std::nullopt;
            const auto cycle = seconds(cycle_seconds(*p.recurrency));
            if (now < *p.start_schedule) return *p.start_schedule;
            const auto cycles = (now - *p.start_schedule) / cycle;
            return *p.start_schedule + cycles * cycle;
        }
        case ProfileKind::Absolute:
            break;
    }
    if (p.start_schedule) return p.start_schedule;
    // 2.0.1 lets an Absolute TxProfile leave the start out: it starts with the transaction.
    if (tx) return tx->started_at;
    return p.valid_from;
}

bool valid_at(const Profile& p, Timestamp now) {
    if (p.valid_from && now < *p.valid_from) return false;
    if (p.valid_to && now >= *p.valid_to) return false;
    return true;
}

bool applies_to_tx(const Profile& p, const std::optional<TxContext>& tx) {
    if (p.purpose != ProfilePurpose::Tx) return true;
    if (!tx) return false;
    return !p.transaction_id || *p.transaction_id == tx->transaction_id;
}

// The active period of `p` at `now`, if any.
const SchedulePeriod* active_period(const Profile& p, Timestamp now,
                                    const std::optional<TxContext>& tx) {
    if (!valid_at(p, now) || !applies_to_tx(p, tx)) return nullptr;
    const auto start = schedule_start(p, now, tx);
    if (!start || now < *start) return nullptr;
    const std::int64_t offset = std::chrono::duration_cast<seconds>(now - *start).count();
    if (p.duration_s && offset >= *p.duration_s) return nullptr;
    const SchedulePeriod* found = nullptr;
    for (const auto& period : p.periods) {
        if (period.start_s <= offset) found = &period;
    }
    return found;
}

double in_watts(const Profile& p, const SchedulePeriod& period, const ConnectorSpec& spec) {
    return p.unit == RateUnit::W ? period.limit : amps_to_watts(spec, period.limit, period.phases);
}

// The winning limit of one purpose: the EVSE's own profiles first, then the station's.
std::optional<double> purpose_limit(std::span<const Profile> profiles, ProfilePurpose purpose,
                                    std::int64_t evse, const ConnectorSpec& spec, Timestamp now,
                                    const std::optional<TxContext>& tx) {
    for (const std::int64_t scope : {evse, std::int64_t{0}}) {
        const Profile* best = nullptr;
        const SchedulePeriod* best_period = nullptr;
        for (const auto& p : profiles) {
            if (p.purpose != purpose || p.evse != scope) continue;
            const SchedulePeriod* period = active_period(p, now, tx);
            if (period == nullptr) continue;
            if (best == nullptr || p.stack_level > best->stack_level) {
                best = &p;
                best_period = period;
            }
        }
        if (best != nullptr) return in_watts(*best, *best_period, spec);
        if (scope == 0) break;
    }
    return std::nullopt;
}

void add_breakpoints(const Profile& p, Timestamp from, Timestamp to,
                     const std::optional<TxContext>& tx, std::set<Timestamp>& out) {
    auto add = [&](Timestamp t) {
        if (t > from && t < to) out.insert(t);
    };
    if (p.valid_from) add(*p.valid_from);
    if (p.valid_to) add(*p.valid_to);
    // Every cycle start of a recurring profile inside the window, and each period within it.
    std::optional<Timestamp> start = schedule_start(p, from, tx);
    while (start && *start < to) {
        for (const auto& period : p.periods)
            add(*start + seconds(period.start_s));
        if (p.duration_s) add(*start + seconds(*p.duration_s));
        if (p.kind != ProfileKind::Recurring || !p.recurrency) break;
        start = *start + seconds(cycle_seconds(*p.recurrency));
        add(*start);
    }
}

}  // namespace

std::optional<double> limit_at(std::span<const Profile> profiles, std::int64_t evse,
                               const ConnectorSpec& spec, Timestamp now,
                               const std::optional<TxContext>& tx) {
    std::optional<double> result;
    auto lower = [&](std::optional<double> limit) {
        if (limit && (!result || *limit < *result)) result = limit;
    };
    lower(purpose_limit(profiles, ProfilePurpose::StationMax, 0, spec, now, tx));
    lower(purpose_limit(profiles, ProfilePurpose::External, evse, spec, now, tx));
    auto tx_limit = purpose_limit(profiles, ProfilePurpose::Tx, evse, spec, now, tx);
    if (!tx_limit)
        tx_limit = purpose_limit(profiles, ProfilePurpose::TxDefault, evse, spec, now, tx);
    lower(tx_limit);
    return result;
}

std::vector<CompositePeriod> composite_schedule(std::span<const Profile> profiles,
                                                std::int64_t evse, const ConnectorSpec& spec,
                                                Timestamp start, std::int64_t duration_s,
                                                RateUnit unit, const std::optional<TxContext>& tx) {
    const Timestamp end = start + seconds(std::max<std::int64_t>(duration_s, 1));
    std::set<Timestamp> points{start};
    for (const auto& p : profiles)
        add_breakpoints(p, start, end, tx, points);

    std::vector<CompositePeriod> out;
    for (const Timestamp t : points) {
        const double watts =
            limit_at(profiles, evse, spec, t, tx).value_or(static_cast<double>(spec.max_power_w));
        double limit = unit == RateUnit::W ? watts : watts_to_amps(spec, watts, std::nullopt);
        limit = static_cast<double>(static_cast<std::int64_t>(limit * 10.0)) / 10.0;
        if (!out.empty() && out.back().limit == limit) continue;
        const auto offset = std::chrono::duration_cast<seconds>(t - start).count();
        CompositePeriod period{offset, limit, std::nullopt};
        if (unit == RateUnit::A && spec.supply == Supply::AC) period.phases = spec.phases;
        out.push_back(period);
    }
    return out;
}

std::optional<std::string> profile_problem(const Profile& profile) {
    if (profile.periods.empty()) return "the schedule has no periods";
    if (profile.periods.front().start_s != 0) return "the first period must start at 0";
    for (std::size_t i = 0; i < profile.periods.size(); ++i) {
        if (profile.periods[i].limit < 0) return "a period has a negative limit";
        if (i > 0 && profile.periods[i].start_s <= profile.periods[i - 1].start_s) {
            return "periods must start in ascending order";
        }
    }
    if (profile.kind == ProfileKind::Recurring &&
        (!profile.recurrency || !profile.start_schedule)) {
        return "a recurring profile needs recurrencyKind and startSchedule";
    }
    return std::nullopt;
}

}  // namespace iskra::sim::model
