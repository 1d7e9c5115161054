// What the engine prices: one session as the gateway recorded it (start, stop, the energy
// register's samples, when the car charged and when it only stood plugged) and who the customer is.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "iskra/tariff/tariff.hpp"

namespace iskra::tariff {

enum class CustomerKind : std::uint8_t { kAdHoc, kSubscriber, kFleet };

struct MeterSample {
    Instant at;
    std::int64_t energy_wh = 0;  // the energy register, not a delta
};

// [from, to): the car drew current (charging) or stood plugged without (parked).
struct Period {
    Instant from, to;
    bool charging = true;
};

struct Reservation {
    Instant from, to;
    bool expired = false;  // the reservation ran out without a session (OCPI RESERVATION_EXPIRES)
};

struct Session {
    Instant start, stop;
    // Strictly increasing times, non-decreasing energy. Energy is interpolated linearly between
    // neighbouring samples only; before the first and after the last the register stands still, so
    // the gateway passes its meter start and stop readings as the first and last samples.
    std::vector<MeterSample> samples;
    // Sorted and disjoint inside [start, stop]; time they do not cover is parked. Empty: the whole
    // session is charging.
    std::vector<Period> periods;
    std::optional<Reservation> reservation;
    CustomerKind customer = CustomerKind::kAdHoc;
    // To turn power into current for OCPI min/max_current: the supply voltage per phase and phases.
    std::int64_t supply_voltage_v = 230;
    std::int64_t supply_phases = 3;
};

// A session as a store recorded it, made fit for price_session: the meter start becomes a sample
// at `start` and the meter stop one at `stop`; readings outside [start, stop], not after the
// previous one, or with the register going back are dropped, since the engine refuses such
// samples and one glitch of a station must not leave its session unpriced. The gateway's running
// cost and central's session cost both read sessions this way. A stop before the start is taken
// as the start.
Session session_from_readings(Instant start, Instant stop,
                              std::optional<std::int64_t> meter_start_wh,
                              const std::vector<MeterSample>& readings,
                              std::optional<std::int64_t> meter_stop_wh, CustomerKind customer);

}  // namespace iskra::tariff
