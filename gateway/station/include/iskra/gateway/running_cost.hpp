// The cost so far of a session in progress, priced at the gateway from its last synced tariff so a
// station and the technician can show it, also while central is unreachable. Pure: no I/O, no
// clock; the caller passes `now`. Safe to call from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "iskra/session/events.hpp"
#include "iskra/tariff/price.hpp"

namespace iskra::gateway {

// One version of a tariff as central's feed carries it: the tariff and when it took effect.
struct TariffVersion {
    session::Timestamp valid_from;
    tariff::Tariff tariff;
};

// What the gateway knows of a session in progress.
struct SessionSoFar {
    session::Timestamp started_at;
    std::optional<std::int64_t> meter_start_wh;
    std::vector<session::MeterSample> samples;  // as received; those without energy are skipped
    tariff::CustomerKind customer = tariff::CustomerKind::kAdHoc;
};

// The version in force at `at`: the latest one that took effect at or before it. The feed holds
// only the current and the next version, so a session older than the current version's start is
// priced with the earliest version known (the closest the gateway has), never left unpriced.
// nullptr when `versions` is empty.
const tariff::Tariff* tariff_in_force(const std::vector<TariffVersion>& versions,
                                      session::Timestamp at);

// Gross cost so far in grosz of the session from its start to `now`, with the version in force at
// its start. The samples are made fit for the engine: the meter start becomes a sample at the
// start, samples outside [start, now], not after the previous one or with a register going back are
// dropped. nullopt when no version is known or the engine refuses the tariff.
std::optional<std::int64_t> running_cost_grosz(const std::vector<TariffVersion>& versions,
                                               const SessionSoFar& session, session::Timestamp now);

}  // namespace iskra::gateway
