// Tariff validation: everything the central API must refuse with a 400, named by field.
#include <string>

#include "iskra/tariff/tariff.hpp"
#include "restrictions.hpp"

namespace iskra::tariff {
namespace {

const char* type_name(ComponentType t) {
    switch (t) {
        case ComponentType::kEnergy:
            return "ENERGY";
        case ComponentType::kTime:
            return "TIME";
        case ComponentType::kParkingTime:
            return "PARKING_TIME";
        case ComponentType::kFlat:
            return "FLAT";
    }
    return "?";
}

tl::unexpected<TariffError> fail(ErrorCode code, std::string field, std::string message) {
    return tl::unexpected(TariffError{code, std::move(field), std::move(message)});
}

template <typename T>
bool bad_range(const std::optional<T>& lo, const std::optional<T>& hi) {
    return lo && hi && !(*lo < *hi);
}

tl::expected<void, TariffError> check_restrictions(const Restrictions& r, const std::string& at) {
    const auto in_day = [](const std::optional<std::chrono::minutes>& t) {
        return !t || (t->count() >= 0 && t->count() < 1440);
    };
    if (!in_day(r.start_time))
        return fail(ErrorCode::kBadRestriction, at + "/start_time", "not a time of day");
    if (!in_day(r.end_time))
        return fail(ErrorCode::kBadRestriction, at + "/end_time", "not a time of day");
    if (r.start_time && r.end_time && *r.start_time == *r.end_time)
        return fail(ErrorCode::kBadRestriction, at + "/end_time",
                    "equals start_time: an empty window");
    if (bad_range(r.start_date, r.end_date))
        return fail(ErrorCode::kBadRestriction, at + "/end_date", "not after start_date");
    if (bad_range(r.min_wh, r.max_wh))
        return fail(ErrorCode::kBadRestriction, at + "/max_kwh", "not above min_kwh");
    if (bad_range(r.min_power_w, r.max_power_w))
        return fail(ErrorCode::kBadRestriction, at + "/max_power", "not above min_power");
    if (bad_range(r.min_current_ma, r.max_current_ma))
        return fail(ErrorCode::kBadRestriction, at + "/max_current", "not above min_current");
    if (bad_range(r.min_duration, r.max_duration))
        return fail(ErrorCode::kBadRestriction, at + "/max_duration", "not above min_duration");
    if ((r.min_wh && *r.min_wh < 0) || (r.min_duration && r.min_duration->count() < 0) ||
        (r.min_power_w && *r.min_power_w < 0) || (r.min_current_ma && *r.min_current_ma < 0))
        return fail(ErrorCode::kBadRestriction, at, "a minimum is negative");
    if (r.days_of_week > 0x7F)
        return fail(ErrorCode::kBadRestriction, at + "/day_of_week", "unknown day");
    return {};
}

bool shares_type(const TariffElement& a, const TariffElement& b, ComponentType& shared) {
    for (const auto& ca : a.components)
        for (const auto& cb : b.components)
            if (ca.type == cb.type) {
                shared = ca.type;
                return true;
            }
    return false;
}

}  // namespace

tl::expected<void, TariffError> validate(const Tariff& tariff) {
    if (tariff.elements.empty())
        return fail(ErrorCode::kEmptyTariff, "elements", "a tariff needs an element");
    for (std::size_t i = 0; i < tariff.elements.size(); ++i) {
        const auto& el = tariff.elements[i];
        const std::string at = "elements/" + std::to_string(i);
        if (el.components.empty())
            return fail(ErrorCode::kEmptyElement, at + "/price_components", "none given");
        for (std::size_t c = 0; c < el.components.size(); ++c) {
            const auto& pc = el.components[c];
            const std::string cat = at + "/price_components/" + std::to_string(c);
            if (pc.price.value < 0)
                return fail(ErrorCode::kNegativePrice, cat + "/price", "negative price");
            if (pc.step_size < 1)
                return fail(ErrorCode::kBadStepSize, cat + "/step_size", "must be at least 1");
            for (std::size_t d = 0; d < c; ++d)
                if (el.components[d].type == pc.type)
                    return fail(ErrorCode::kOverlappingElements, cat + "/type",
                                std::string(type_name(pc.type)) + " given twice in one element");
        }
        if (auto ok = check_restrictions(el.restrictions, at + "/restrictions"); !ok) return ok;
        // An element may share a dimension with an earlier one only as an unrestricted fallback.
        for (std::size_t j = 0; j < i; ++j) {
            ComponentType shared{};
            if (!shares_type(tariff.elements[j], el, shared)) continue;
            const bool fallback =
                el.restrictions.empty() && !tariff.elements[j].restrictions.empty();
            if (!fallback && detail::can_overlap(tariff.elements[j].restrictions, el.restrictions))
                return fail(ErrorCode::kOverlappingElements, at + "/restrictions",
                            "element " + std::to_string(i) + " overlaps element " +
                                std::to_string(j) + ": both can price " + type_name(shared) +
                                " at the same moment");
        }
    }
    if (tariff.parking_after && tariff.parking_after->count() < 0)
        return fail(ErrorCode::kBadRestriction, "parking_after", "negative duration");
    for (const auto* fee : {&tariff.subscription_monthly, &tariff.card_issuing})
        if (*fee && (*fee)->price.value < 0)
            return fail(ErrorCode::kNegativePrice,
                        fee == &tariff.card_issuing ? "card_issuing" : "subscription_monthly",
                        "negative price");
    return {};
}

}  // namespace iskra::tariff
