// Prices N recorded-like sessions of 100 meter samples each under a realistic tariff (night and
// weekend rates, an energy tier, per-minute time with a step, parking after a set time, a start
// fee) on one thread, and prints the rate. Usage: tariff_bench [sessions=1000000] [explain=1].
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "iskra/tariff/price.hpp"

namespace {

using namespace iskra::tariff;
using namespace std::chrono;

Tariff bench_tariff() {
    Restrictions night;
    night.start_time = hours{22};
    night.end_time = hours{6};
    Restrictions weekend;
    weekend.days_of_week = 0x60;
    weekend.start_time = hours{6};
    weekend.end_time = hours{22};
    Restrictions tier;
    tier.min_wh = 50'000;
    tier.start_time = hours{6};
    tier.end_time = hours{22};
    tier.days_of_week = 0x1F;
    Tariff t;
    t.entry = PriceEntry::kGross;
    t.parking_after = hours{4};
    t.elements = {
        {{{ComponentType::kEnergy, UnitPrice::from_grosz(79), VatRate::k23, 1}}, night},
        {{{ComponentType::kEnergy, UnitPrice::from_grosz(99), VatRate::k23, 1}}, weekend},
        {{{ComponentType::kEnergy, UnitPrice::from_grosz(119), VatRate::k23, 1}}, tier},
        {{{ComponentType::kFlat, UnitPrice::from_grosz(200), VatRate::k23, 1},
          {ComponentType::kEnergy, UnitPrice::from_grosz(139), VatRate::k23, 1},
          {ComponentType::kTime, UnitPrice::per_minute_as_per_hour(UnitPrice::from_grosz(5)),
           VatRate::k23, 60},
          {ComponentType::kParkingTime,
           UnitPrice::per_minute_as_per_hour(UnitPrice::from_grosz(40)), VatRate::k8, 60}},
         {}},
    };
    return t;
}

// A pool of distinct sessions, reused round-robin so the run measures pricing, not generation.
std::vector<Session> make_sessions(std::size_t count) {
    std::mt19937_64 rng(2026);
    std::uniform_int_distribution<std::int64_t> start_min(0, 60 * 24 * 60);
    std::uniform_int_distribution<std::int64_t> gap_s(20, 180);
    std::uniform_int_distribution<std::int64_t> wh(0, 1500);
    std::vector<Session> out(count);
    for (auto& s : out) {
        s.start = Instant{sys_days{2026y / 1 / 1d}} + minutes{start_min(rng)};
        Instant t = s.start;
        std::int64_t e = 5'000'000;
        for (int i = 0; i < 100; ++i) {
            s.samples.push_back({t, e});
            t += seconds{gap_s(rng)};
            e += wh(rng);
        }
        s.stop = s.samples.back().at + minutes{20};
        s.periods = {{s.start, s.samples.back().at, true}};
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    const long sessions = argc > 1 ? std::atol(argv[1]) : 1'000'000;
    const bool explain = argc > 2 ? std::atoi(argv[2]) != 0 : true;
    const Tariff tariff = bench_tariff();
    const std::vector<Session> pool = make_sessions(1000);
    std::int64_t checksum = 0;
    const auto t0 = steady_clock::now();
    for (long i = 0; i < sessions; ++i) {
        const auto p =
            price_session(tariff, pool[static_cast<std::size_t>(i) % pool.size()], {explain});
        if (!p) {
            std::fprintf(stderr, "%s\n", p.error().describe().c_str());
            return 1;
        }
        checksum += p->total.gross;
    }
    const double s = duration<double>(steady_clock::now() - t0).count();
    std::printf(
        "sessions %ld, 100 samples each, explain %d: %.3f s, %.0f sessions/s, %.2f us/session, "
        "extrapolated 1,000,000: %.2f s (checksum %lld)\n",
        sessions, explain ? 1 : 0, s, static_cast<double>(sessions) / s,
        s * 1e6 / static_cast<double>(sessions), s * 1e6 / static_cast<double>(sessions),
        static_cast<long long>(checksum));
}
