#include "iskra/central/tariffs/resolution.hpp"

#include <array>

namespace iskra::central::tariffs {

using tariff::CustomerKind;

std::string_view customer_kind_name(CustomerKind kind) {
    switch (kind) {
        case CustomerKind::kAdHoc:
            return "ad_hoc";
        case CustomerKind::kSubscriber:
            return "subscriber";
        case CustomerKind::kFleet:
            return "fleet";
    }
    return "?";
}

std::optional<CustomerKind> parse_customer_kind(std::string_view name) {
    for (const CustomerKind k :
         {CustomerKind::kAdHoc, CustomerKind::kSubscriber, CustomerKind::kFleet})
        if (customer_kind_name(k) == name) return k;
    return std::nullopt;
}

std::string_view scope_name(Scope scope) {
    switch (scope) {
        case Scope::kStation:
            return "station";
        case Scope::kCategory:
            return "category";
        case Scope::kDefault:
            return "default";
    }
    return "?";
}

std::optional<Scope> parse_scope(std::string_view name) {
    for (const Scope s : {Scope::kStation, Scope::kCategory, Scope::kDefault})
        if (scope_name(s) == name) return s;
    return std::nullopt;
}

std::string slot_of(Scope scope, const std::string& target,
                    const std::optional<CustomerKind>& kind) {
    return std::string(scope_name(scope)) + "/" + target + "/" +
           std::string(kind ? customer_kind_name(*kind) : "any");
}

const Assignment* resolve(const std::vector<Assignment>& assignments, const StationRef& station,
                          CustomerKind kind) {
    struct Step {
        Scope scope;
        const std::string* target;
        bool for_kind;
    };
    const std::string none;
    std::array<Step, 6> order{{{Scope::kStation, &station.station_id, true},
                               {Scope::kStation, &station.station_id, false},
                               {Scope::kCategory, nullptr, true},
                               {Scope::kCategory, nullptr, false},
                               {Scope::kDefault, &none, true},
                               {Scope::kDefault, &none, false}}};
    for (const Step& step : order) {
        const std::string* target = step.target;
        if (step.scope == Scope::kCategory) {
            if (!station.category) continue;
            target = &*station.category;
        }
        for (const Assignment& a : assignments) {
            if (a.scope != step.scope || a.target != *target) continue;
            if (step.for_kind ? a.kind == kind : !a.kind) return &a;
        }
    }
    return nullptr;
}

std::optional<VersionRef> version_in_force(const std::vector<VersionRef>& versions,
                                           std::int64_t at_ms) {
    std::optional<VersionRef> best;
    for (const VersionRef& v : versions)
        if (v.valid_from_ms <= at_ms && (!best || v.valid_from_ms > best->valid_from_ms)) best = v;
    return best;
}

std::optional<VersionRef> next_version(const std::vector<VersionRef>& versions,
                                       std::int64_t at_ms) {
    std::optional<VersionRef> best;
    for (const VersionRef& v : versions)
        if (v.valid_from_ms > at_ms && (!best || v.valid_from_ms < best->valid_from_ms)) best = v;
    return best;
}

}  // namespace iskra::central::tariffs
