// Pricing a session. The session is cut into slices at every moment the applicable elements could
// change: a sample (power changes), a time-of-day or midnight boundary in local time, a duration or
// energy threshold, a charging/parked edge, the parking threshold. Within a slice every restriction
// has one value, so the slice's energy (interpolated from its own two samples only) and time go to
// the first matching element per dimension, as OCPI orders them. Quantities are summed per element
// and dimension, the dimension's step_size is applied to its total (on the last element that priced
// it, as OCPI does), and each element and dimension becomes one line, rounded once.
#include <algorithm>
#include <array>
#include <string>

#include "explain.hpp"
#include "iskra/tariff/price.hpp"
#include "meter.hpp"
#include "restrictions.hpp"

namespace iskra::tariff {
namespace {

using detail::kDayMs;
using detail::kHourMs;

constexpr std::size_t kDims = 4;  // indexed by ComponentType

std::int64_t ms(Instant t) {
    return t.time_since_epoch().count();
}
std::size_t dim(ComponentType t) {
    return static_cast<std::size_t>(t);
}

tl::unexpected<TariffError> bad(std::string field, std::string message) {
    return tl::unexpected(
        TariffError{ErrorCode::kBadSession, std::move(field), std::move(message)});
}

tl::expected<void, TariffError> check_session(const Session& s) {
    if (s.stop < s.start) return bad("stop", "before start");
    for (std::size_t i = 0; i < s.samples.size(); ++i) {
        const std::string at = "samples/" + std::to_string(i);
        if (s.samples[i].energy_wh < 0) return bad(at + "/energy_wh", "negative");
        if (i == 0) continue;
        if (s.samples[i].at <= s.samples[i - 1].at)
            return bad(at + "/at", "not after the previous sample");
        if (s.samples[i].energy_wh < s.samples[i - 1].energy_wh)
            return bad(at + "/energy_wh", "the energy register went back");
    }
    for (std::size_t i = 0; i < s.periods.size(); ++i) {
        const auto& p = s.periods[i];
        const std::string at = "periods/" + std::to_string(i);
        if (!(p.from < p.to)) return bad(at, "empty or reversed");
        if (p.from < s.start || p.to > s.stop) return bad(at, "outside the session");
        if (i > 0 && p.from < s.periods[i - 1].to) return bad(at, "overlaps the previous period");
    }
    if (s.reservation && s.reservation->to < s.reservation->from)
        return bad("reservation", "ends before it starts");
    if (s.supply_voltage_v <= 0 || s.supply_phases <= 0)
        return bad("supply", "voltage and phases must be positive");
    return {};
}

// What does not change between sessions of one tariff: which elements price each dimension, the
// local times of day and the thresholds that cut slices.
struct Plan {
    std::array<std::vector<std::size_t>, kDims> by_dim;
    std::vector<std::int64_t> day_cuts_ms;  // ms after local midnight, midnight itself included
    std::vector<std::int64_t> duration_cuts_ms;
    std::vector<std::int64_t> energy_cuts_wh;
    bool needs_local_time = false;

    explicit Plan(const Tariff& t) {
        for (std::size_t i = 0; i < t.elements.size(); ++i) {
            const auto& el = t.elements[i];
            for (const auto& c : el.components)
                by_dim[dim(c.type)].push_back(i);
            const auto& r = el.restrictions;
            if (r.start_time) day_cuts_ms.push_back(r.start_time->count() * 60'000);
            if (r.end_time) day_cuts_ms.push_back(r.end_time->count() * 60'000);
            if (r.start_time || r.end_time || r.start_date || r.end_date || r.days_of_week != 0)
                needs_local_time = true;
            for (const auto& d : {r.min_duration, r.max_duration})
                if (d) duration_cuts_ms.push_back(d->count());
            for (const auto& e : {r.min_wh, r.max_wh})
                if (e) energy_cuts_wh.push_back(*e);
        }
        if (needs_local_time) day_cuts_ms.push_back(0);
        if (t.parking_after) duration_cuts_ms.push_back(t.parking_after->count());
        for (auto* v : {&day_cuts_ms, &energy_cuts_wh}) {
            std::sort(v->begin(), v->end());
            v->erase(std::unique(v->begin(), v->end()), v->end());
        }
    }
};

// Instants inside (start, stop) where a time-of-day, date, weekday, duration or period edge falls.
std::vector<std::int64_t> static_cuts(const Tariff& t, const Plan& plan, const Session& s) {
    const std::int64_t start = ms(s.start);
    const std::int64_t stop = ms(s.stop);
    std::vector<std::int64_t> cuts;
    cuts.reserve(8 + 2 * s.periods.size());
    if (!plan.day_cuts_ms.empty()) {
        const std::int64_t first_day = to_local_ms(t.zone, start) / kDayMs - 1;
        const std::int64_t last_day = to_local_ms(t.zone, stop) / kDayMs + 1;
        for (std::int64_t day = first_day; day <= last_day; ++day)
            for (const std::int64_t cut : plan.day_cuts_ms)
                cuts.push_back(from_local_ms(t.zone, day * kDayMs + cut));
    }
    for (const std::int64_t d : plan.duration_cuts_ms)
        cuts.push_back(start + d);
    for (const auto& p : s.periods) {
        cuts.push_back(ms(p.from));
        cuts.push_back(ms(p.to));
    }
    std::erase_if(cuts, [&](std::int64_t c) { return c <= start || c >= stop; });
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    return cuts;
}

std::optional<std::size_t> first_match(const Tariff& t, const std::vector<std::size_t>& candidates,
                                       const detail::Moment& m) {
    for (const std::size_t i : candidates)
        if (detail::matches(t.elements[i].restrictions, m)) return i;
    return std::nullopt;
}

const PriceComponent& component(const TariffElement& el, ComponentType type) {
    return *std::find_if(el.components.begin(), el.components.end(),
                         [&](const PriceComponent& c) { return c.type == type; });
}

struct Totals {
    std::vector<std::array<std::int64_t, kDims>> qty;          // per element and dimension
    std::vector<std::array<std::int64_t, kDims>> reservation;  // same, for reservation time
    std::array<std::optional<std::size_t>, kDims> last;        // the last element per dimension
};

void sweep(const Tariff& t, const Plan& plan, const Session& s, Totals& out) {
    const std::int64_t start = ms(s.start);
    const std::int64_t stop = ms(s.stop);
    const std::vector<std::int64_t> cuts = static_cuts(t, plan, s);
    detail::MeterCursor meter(s.samples);
    meter.seek(start);
    const std::int64_t e0 = meter.energy_at(start);
    std::size_t cut = 0;
    std::size_t period = 0;
    detail::Moment m;
    std::int64_t now = start;
    std::int64_t e_now = e0;
    while (now < stop) {
        meter.seek(now);
        while (cut < cuts.size() && cuts[cut] <= now)
            ++cut;
        std::int64_t next = std::min(stop, meter.interval_end());
        if (cut < cuts.size()) next = std::min(next, cuts[cut]);
        if (meter.linear() && meter.interval_end_energy() > e_now) {
            for (const std::int64_t threshold : plan.energy_cuts_wh) {
                if (e0 + threshold <= e_now) continue;
                if (e0 + threshold <= meter.interval_end_energy())
                    next = std::min(next, std::max(now + 1, meter.time_reaching(e0 + threshold)));
                break;
            }
        }
        const std::int64_t e_next = meter.energy_at(next);
        if (plan.needs_local_time) detail::set_local_time(m, t.zone, now);
        m.energy_wh = e_now - e0;
        m.duration_ms = now - start;
        m.power_w = meter.power_w();
        m.current_ma = m.power_w * 1000 / (s.supply_voltage_v * s.supply_phases);
        while (period < s.periods.size() && ms(s.periods[period].to) <= now)
            ++period;
        bool charging =
            s.periods.empty() || (period < s.periods.size() && ms(s.periods[period].from) <= now &&
                                  s.periods[period].charging);
        if (t.parking_after && m.duration_ms >= t.parking_after->count()) charging = false;

        if (e_next > e_now) {
            if (auto el = first_match(t, plan.by_dim[dim(ComponentType::kEnergy)], m)) {
                out.qty[*el][dim(ComponentType::kEnergy)] += e_next - e_now;
                out.last[dim(ComponentType::kEnergy)] = el;
            }
        }
        const ComponentType time_dim =
            charging ? ComponentType::kTime : ComponentType::kParkingTime;
        if (auto el = first_match(t, plan.by_dim[dim(time_dim)], m)) {
            out.qty[*el][dim(time_dim)] += next - now;
            out.last[dim(time_dim)] = el;
        }
        now = next;
        e_now = e_next;
    }
}

void price_flat_and_reservation(const Tariff& t, const Plan& plan, const Session& s, Totals& out) {
    detail::Moment m;
    detail::set_local_time(m, t.zone, ms(s.start));
    detail::MeterCursor meter(s.samples);
    meter.seek(ms(s.start));
    m.power_w = meter.power_w();
    m.current_ma = m.power_w * 1000 / (s.supply_voltage_v * s.supply_phases);
    if (auto el = first_match(t, plan.by_dim[dim(ComponentType::kFlat)], m))
        out.qty[*el][dim(ComponentType::kFlat)] = 1;
    if (!s.reservation) return;
    // A reservation is priced as one stretch by the state at its start: TIME for its length and
    // FLAT once, from elements restricted to reservations only.
    detail::Moment r;
    detail::set_local_time(r, t.zone, ms(s.reservation->from));
    r.in_reservation = true;
    r.reservation_expired = s.reservation->expired;
    if (auto el = first_match(t, plan.by_dim[dim(ComponentType::kTime)], r))
        out.reservation[*el][dim(ComponentType::kTime)] =
            ms(s.reservation->to) - ms(s.reservation->from);
    if (auto el = first_match(t, plan.by_dim[dim(ComponentType::kFlat)], r))
        out.reservation[*el][dim(ComponentType::kFlat)] = 1;
}

// OCPI step_size: the dimension's total is rounded up to a multiple of the last element's step.
void apply_steps(const Tariff& t, Totals& out) {
    for (const ComponentType type :
         {ComponentType::kEnergy, ComponentType::kTime, ComponentType::kParkingTime}) {
        const auto& last = out.last[dim(type)];
        if (!last) continue;
        std::int64_t step = component(t.elements[*last], type).step_size;
        if (type != ComponentType::kEnergy) step *= 1000;  // seconds to ms
        std::int64_t total = 0;
        for (const auto& q : out.qty)
            total += q[dim(type)];
        const std::int64_t billed = (total + step - 1) / step * step;
        out.qty[*last][dim(type)] += billed - total;
    }
}

Line make_line(const Tariff& t, std::size_t el, const PriceComponent& c, std::int64_t quantity,
               bool reservation) {
    Line line;
    line.element = static_cast<int>(el);
    line.quantity = quantity;
    line.unit_price = c.price;
    line.vat_rate = c.vat;
    switch (c.type) {
        case ComponentType::kEnergy:
            line.what = LineKind::kEnergy;
            line.unit = QuantityUnit::kWh;
            line.divisor = 1000;
            break;
        case ComponentType::kTime:
            line.what = LineKind::kTime;
            line.unit = QuantityUnit::kMillisecond;
            line.divisor = kHourMs;
            break;
        case ComponentType::kParkingTime:
            line.what = LineKind::kParking;
            line.unit = QuantityUnit::kMillisecond;
            line.divisor = kHourMs;
            break;
        case ComponentType::kFlat:
            line.what = LineKind::kFlat;
            line.unit = QuantityUnit::kSession;
            line.divisor = 1;
            break;
    }
    if (reservation) line.what = LineKind::kReservation;
    line.amounts =
        line_amounts(line.quantity, line.divisor, line.unit_price, line.vat_rate, t.entry);
    return line;
}

}  // namespace

Price finish_price(std::vector<Line> lines, bool explain) {
    Price price;
    price.lines = std::move(lines);
    for (const auto& l : price.lines) {
        price.total.net += l.amounts.net;
        price.total.vat += l.amounts.vat;
        price.total.gross += l.amounts.gross;
    }
    if (explain) detail::explain(price);
    return price;
}

tl::expected<Price, TariffError> price_session(const Tariff& tariff, const Session& session,
                                               PriceOptions options) {
    if (auto ok = validate(tariff); !ok) return tl::unexpected(ok.error());
    if (auto ok = check_session(session); !ok) return tl::unexpected(ok.error());
    const Plan plan(tariff);
    Totals totals;
    totals.qty.assign(tariff.elements.size(), {});
    totals.reservation.assign(tariff.elements.size(), {});
    price_flat_and_reservation(tariff, plan, session, totals);
    sweep(tariff, plan, session, totals);
    apply_steps(tariff, totals);
    std::vector<Line> lines;
    for (std::size_t i = 0; i < tariff.elements.size(); ++i)
        for (const auto& c : tariff.elements[i].components) {
            if (const auto q = totals.reservation[i][dim(c.type)]; q > 0)
                lines.push_back(make_line(tariff, i, c, q, true));
            if (const auto q = totals.qty[i][dim(c.type)]; q > 0)
                lines.push_back(make_line(tariff, i, c, q, false));
        }
    return finish_price(std::move(lines), options.explain);
}

}  // namespace iskra::tariff
