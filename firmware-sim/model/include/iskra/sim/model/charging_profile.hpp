// Charging profiles as the station holds them, version-neutral, and the limit they put on a
// connector at an instant: the smart-charging maths of OCPP 1.6 §3.13 and 2.0.1 K, reduced to
// what firmware enforces. Pure functions of `now`; any thread.
//
// Per purpose the valid profile with the highest stack level wins (an EVSE's own profile before
// the station-wide one of the same purpose); TxProfile overrides TxDefaultProfile; the result is
// the lowest of ChargingStationMax, the transaction's limit and any external constraint.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "iskra/sim/model/charging_point.hpp"

namespace iskra::sim::model {

enum class ProfilePurpose { StationMax, TxDefault, Tx, External };
enum class ProfileKind { Absolute, Recurring, Relative };
enum class Recurrency { Daily, Weekly };
enum class RateUnit { W, A };

struct SchedulePeriod {
    std::int64_t start_s = 0;  // from the schedule's start
    double limit = 0;          // in the schedule's unit
    std::optional<int> phases;

    bool operator==(const SchedulePeriod&) const = default;
};

struct Profile {
    std::int64_t id = 0;
    std::int64_t evse = 0;  // 0: the whole station
    std::int64_t stack_level = 0;
    ProfilePurpose purpose = ProfilePurpose::TxDefault;
    ProfileKind kind = ProfileKind::Absolute;
    std::optional<Recurrency> recurrency;
    std::optional<Timestamp> valid_from;
    std::optional<Timestamp> valid_to;
    std::optional<std::string> transaction_id;  // TxProfile: the transaction it belongs to
    std::optional<Timestamp> start_schedule;
    std::optional<std::int64_t> duration_s;
    RateUnit unit = RateUnit::W;
    std::vector<SchedulePeriod> periods;  // sorted by start_s, first at 0
    std::optional<double> min_rate;

    bool operator==(const Profile&) const = default;
};

// The transaction running on the EVSE a limit is asked for.
struct TxContext {
    std::string transaction_id;
    Timestamp started_at;
};

// The limit in watts on `evse` at `now`, or nullopt when no profile limits it.
std::optional<double> limit_at(std::span<const Profile> profiles, std::int64_t evse,
                               const ConnectorSpec& spec, Timestamp now,
                               const std::optional<TxContext>& tx);

struct CompositePeriod {
    std::int64_t start_s = 0;  // from the composite's start
    double limit = 0;          // in the requested unit
    std::optional<int> phases;

    bool operator==(const CompositePeriod&) const = default;
};

// The limits in force over [start, start + duration_s), merged into periods; stretches without
// any limit get the connector's own maximum. Never empty.
std::vector<CompositePeriod> composite_schedule(std::span<const Profile> profiles,
                                                std::int64_t evse, const ConnectorSpec& spec,
                                                Timestamp start, std::int64_t duration_s,
                                                RateUnit unit, const std::optional<TxContext>& tx);

// Whether a new profile is acceptable as firmware checks it: periods ascending from 0, limits
// not negative. (The schema has already checked types.) Returns the reason when not.
std::optional<std::string> profile_problem(const Profile& profile);

}  // namespace iskra::sim::model
