// Test helpers: short builders for tariffs and sessions so each hand-computed case reads as its
// arithmetic. Not a test double; plain constructors of the public value types.
#pragma once

#include <chrono>

#include "iskra/tariff/price.hpp"

namespace iskra::tariff::testing {

using namespace std::chrono;
using namespace std::chrono_literals;

// Grosz with up to four decimals as a unit price: gr(123) = 1.23 zł.
inline UnitPrice gr(std::int64_t grosz) {
    return UnitPrice::from_grosz(grosz);
}

inline Instant utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
    return Instant{sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s}};
}

inline PriceComponent comp(ComponentType type, UnitPrice price, VatRate vat = VatRate::k23,
                           std::int64_t step = 1) {
    return PriceComponent{type, price, vat, step};
}

inline TariffElement element(std::vector<PriceComponent> components, Restrictions r = {}) {
    return TariffElement{std::move(components), r};
}

// A tariff in UTC so the cases' clock times are the restrictions' clock times.
inline Tariff tariff(std::vector<TariffElement> elements, PriceEntry entry = PriceEntry::kNet) {
    Tariff t;
    t.elements = std::move(elements);
    t.entry = entry;
    t.zone = TimeZone::utc();
    return t;
}

// A session charging at a constant power: `samples` evenly spaced readings from 0 to `wh`.
inline Session steady(Instant start, Millis length, std::int64_t wh, int samples = 2) {
    Session s;
    s.start = start;
    s.stop = start + length;
    if (samples == 1) s.samples.push_back({start, 0});
    for (int i = 0; samples > 1 && i < samples; ++i) {
        const std::int64_t n = samples - 1;
        s.samples.push_back({start + length * i / n, wh * i / n});
    }
    return s;
}

inline Price price_or_die(const Tariff& t, const Session& s) {
    auto p = price_session(t, s);
    if (!p) throw std::runtime_error(p.error().describe());
    return *p;
}

}  // namespace iskra::tariff::testing
