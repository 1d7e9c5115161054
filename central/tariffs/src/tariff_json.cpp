#include "tariff_json.hpp"

#include "iskra/tariff/ocpi_json.hpp"
#include "route_support.hpp"

namespace iskra::central::tariffs::detail {

using nlohmann::json;

namespace {

json version_number_or_null(const std::optional<VersionRef>& v) {
    return v ? json(v->version) : json(nullptr);
}

}  // namespace

json version_json(const VersionRow& version, const std::vector<VersionRef>& all,
                  std::int64_t now_ms) {
    const auto in_force = version_in_force(all, now_ms);
    const char* status = version.valid_from_ms > now_ms                     ? "scheduled"
                         : in_force && in_force->version == version.version ? "in_force"
                                                                            : "superseded";
    json out = {{"version", version.version},
                {"valid_from", iso(version.valid_from_ms)},
                {"status", status},
                {"created_at", iso(version.created_at_ms)},
                {"created_by", version.created_by ? json(*version.created_by) : json(nullptr)}};
    out.update(tariff::tariff_to_json(version.tariff));
    return out;
}

json assignment_json(const AssignmentRow& row) {
    const Assignment& a = row.assignment;
    return {{"id", a.id},
            {"tariff_id", a.tariff_id},
            {"scope", scope_name(a.scope)},
            {"station_id", a.scope == Scope::kStation ? json(a.target) : json(nullptr)},
            {"category", a.scope == Scope::kCategory ? json(a.target) : json(nullptr)},
            {"customer_kind", a.kind ? json(customer_kind_name(*a.kind)) : json(nullptr)},
            {"created_at", iso(row.created_at_ms)},
            {"updated_at", iso(row.updated_at_ms)}};
}

json tariff_summary_json(const TariffRow& tariff, const std::vector<VersionRef>& versions,
                         std::int64_t now_ms) {
    return {{"id", tariff.id},
            {"name", tariff.name},
            {"currency", tariff.currency},
            {"version_in_force", version_number_or_null(version_in_force(versions, now_ms))},
            {"next_version", version_number_or_null(next_version(versions, now_ms))},
            {"created_at", iso(tariff.created_at_ms)},
            {"updated_at", iso(tariff.updated_at_ms)}};
}

json tariff_json(const TariffRow& tariff, const std::vector<VersionRow>& versions,
                 const std::vector<AssignmentRow>& assignments, std::int64_t now_ms) {
    const auto refs = version_refs(versions);
    json out = tariff_summary_json(tariff, refs, now_ms);
    json list = json::array();
    for (const auto& v : versions)
        list.push_back(version_json(v, refs, now_ms));
    out["versions"] = std::move(list);
    json places = json::array();
    for (const auto& a : assignments)
        places.push_back(assignment_json(a));
    out["assignments"] = std::move(places);
    return out;
}

}  // namespace iskra::central::tariffs::detail
