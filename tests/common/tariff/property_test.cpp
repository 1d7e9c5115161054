// Properties over random sessions (fixed seed, bounded count): lines sum to the total; the price
// never falls as energy or time grows; splitting a session at a sample moves each line by at most
// the rounding of one line.
#include <random>

#include <gtest/gtest.h>

#include "tariff_builders.hpp"

namespace iskra::tariff {
namespace {

using namespace testing;
using CT = ComponentType;

constexpr int kRuns = 300;

Session random_session(std::mt19937_64& rng) {
    std::uniform_int_distribution<int> n_samples(2, 40);
    std::uniform_int_distribution<std::int64_t> gap_ms(1000, 15 * 60'000);
    std::uniform_int_distribution<std::int64_t> wh(0, 3000);
    std::uniform_int_distribution<std::int64_t> start_min(0, 14 * 24 * 60);
    Session s;
    s.start = utc(2026, 11, 1) + std::chrono::minutes{start_min(rng)};
    Instant t = s.start;
    std::int64_t e = 1'000'000;
    const int n = n_samples(rng);
    for (int i = 0; i < n; ++i) {
        s.samples.push_back({t, e});
        t += Millis{gap_ms(rng)};
        e += wh(rng);
    }
    s.stop = s.samples.back().at;
    return s;
}

Tariff rich_tariff() {
    // Every kind of element at once: night and weekend rates, tiers, a step, parking, a start fee.
    Restrictions night;
    night.start_time = std::chrono::hours{22};
    night.end_time = std::chrono::hours{6};
    Restrictions weekend;
    weekend.days_of_week = 0x60;
    weekend.start_time = std::chrono::hours{6};
    weekend.end_time = std::chrono::hours{22};
    Restrictions long_stay;
    long_stay.min_duration = std::chrono::hours{2};
    Tariff t = tariff(
        {element({comp(CT::kEnergy, gr(79)), comp(CT::kTime, gr(300), VatRate::k8, 60)}, night),
         element({comp(CT::kEnergy, gr(99), VatRate::k5)}, weekend),
         element({comp(CT::kParkingTime, gr(1200))}, long_stay),
         element({comp(CT::kFlat, gr(199)), comp(CT::kEnergy, gr(139)),
                  comp(CT::kTime, gr(600), VatRate::k23, 60),
                  comp(CT::kParkingTime, gr(100), VatRate::kExempt)})},
        PriceEntry::kGross);
    t.parking_after = std::chrono::hours{3};
    return t;
}

TEST(Property, LinesSumToTheTotal) {
    std::mt19937_64 rng(6);
    const Tariff t = rich_tariff();
    for (int run = 0; run < kRuns; ++run) {
        const Price p = price_or_die(t, random_session(rng));
        Amounts sum;
        for (const auto& l : p.lines) {
            ASSERT_EQ(l.amounts.net + l.amounts.vat, l.amounts.gross);
            sum.net += l.amounts.net;
            sum.vat += l.amounts.vat;
            sum.gross += l.amounts.gross;
        }
        ASSERT_EQ(sum, p.total);
    }
}

TEST(Property, PriceNeverFallsAsTheSessionGrows) {
    std::mt19937_64 rng(7);
    const Tariff t = rich_tariff();
    std::uniform_int_distribution<std::int64_t> more_ms(1, 3'600'000);
    std::uniform_int_distribution<std::int64_t> more_wh(0, 5000);
    for (int run = 0; run < kRuns; ++run) {
        Session s = random_session(rng);
        const Grosz before = price_or_die(t, s).total.gross;
        // More time and energy: a further sample.
        Session longer = s;
        longer.samples.push_back(
            {s.stop + Millis{more_ms(rng)}, s.samples.back().energy_wh + more_wh(rng)});
        longer.stop = longer.samples.back().at;
        ASSERT_GE(price_or_die(t, longer).total.gross, before) << run;
        // More time alone: the car stays plugged after the last sample.
        Session stayed = s;
        stayed.stop += Millis{more_ms(rng)};
        ASSERT_GE(price_or_die(t, stayed).total.gross, before) << run;
    }
}

TEST(Property, SplittingAtASampleMovesEachLineByAtMostOneRounding) {
    // Plain energy and per-minute time, day and night rates, no step, no threshold, no start fee.
    Restrictions night;
    night.start_time = std::chrono::hours{22};
    night.end_time = std::chrono::hours{6};
    const Tariff t =
        tariff({element({comp(CT::kEnergy, gr(81)), comp(CT::kTime, gr(1800))}, night),
                element({comp(CT::kEnergy, gr(133)), comp(CT::kTime, gr(2400), VatRate::k8)})},
               PriceEntry::kNet);
    std::mt19937_64 rng(8);
    for (int run = 0; run < kRuns; ++run) {
        const Session s = random_session(rng);
        std::uniform_int_distribution<std::size_t> pick(0, s.samples.size() - 1);
        const std::size_t k = pick(rng);
        Session a = s;
        Session b = s;
        a.stop = s.samples[k].at;
        a.samples.resize(k + 1);
        b.start = s.samples[k].at;
        b.samples.erase(b.samples.begin(), b.samples.begin() + static_cast<std::ptrdiff_t>(k));
        const Price whole = price_or_die(t, s);
        const Price pa = price_or_die(t, a);
        const Price pb = price_or_die(t, b);
        for (const auto& line : whole.lines) {
            Grosz parts = 0;
            for (const auto* p : {&pa, &pb})
                for (const auto& l : p->lines)
                    if (l.element == line.element && l.what == line.what) parts += l.amounts.net;
            ASSERT_LE(std::llabs(parts - line.amounts.net), 1) << run;
        }
    }
}

}  // namespace
}  // namespace iskra::tariff
