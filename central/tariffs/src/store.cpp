#include "store.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "iskra/tariff/ocpi_json.hpp"

namespace iskra::central::tariffs::detail {
namespace {

using nlohmann::json;

constexpr const char* kVersionColumns =
    "version, valid_from_ms, entry, utc_offset_min, eu_summer_time, elements, parking_after_ms, "
    "subscription_price_micro, subscription_vat, card_price_micro, card_vat, created_by, "
    "created_at_ms";

json fee_json(const std::optional<std::int64_t>& price, const std::optional<std::string>& vat) {
    if (!price) return nullptr;
    return {{"price_micro", *price}, {"vat", vat.value_or("")}};
}

// Back into iskra::tariff's JSON form, which is what the columns were split from.
tariff::Tariff decode(const RecordSet& rows, std::size_t i, const std::string& tariff_id) {
    json document = {
        {"entry", text(rows, i, "entry")},
        {"time_zone",
         {{"utc_offset_min", integer(rows, i, "utc_offset_min")},
          {"eu_summer_time", integer(rows, i, "eu_summer_time") == 1}}},
        {"elements", json::parse(text(rows, i, "elements"), nullptr, false)},
        {"subscription_monthly", fee_json(opt_integer(rows, i, "subscription_price_micro"),
                                          opt_text(rows, i, "subscription_vat"))},
        {"card_issuing",
         fee_json(opt_integer(rows, i, "card_price_micro"), opt_text(rows, i, "card_vat"))}};
    if (auto after = opt_integer(rows, i, "parking_after_ms"))
        document["parking_after_ms"] = *after;
    auto tariff = tariff::tariff_from_json(document);
    if (!tariff) {
        throw std::runtime_error("stored version " + std::to_string(integer(rows, i, "version")) +
                                 " of tariff " + tariff_id +
                                 " does not parse: " + tariff.error().describe());
    }
    return std::move(*tariff);
}

}  // namespace

std::optional<TariffRow> find_tariff(Poco::Data::Session& session, const std::string& id) {
    auto rows = select(session,
                       "SELECT id, name, currency, created_at_ms, updated_at_ms FROM tariffs "
                       "WHERE id = ?",
                       {id});
    if (rows.rowCount() == 0) return std::nullopt;
    return TariffRow{text(rows, 0, "id"), text(rows, 0, "name"), text(rows, 0, "currency"),
                     integer(rows, 0, "created_at_ms"), integer(rows, 0, "updated_at_ms")};
}

void insert_tariff(Poco::Data::Session& session, const TariffRow& row) {
    execute(session,
            "INSERT INTO tariffs (id, name, currency, created_at_ms, updated_at_ms) "
            "VALUES (?, ?, ?, ?, ?)",
            {row.id, row.name, row.currency, row.created_at_ms, row.updated_at_ms});
}

std::vector<VersionRow> load_versions(Poco::Data::Session& session, const std::string& tariff_id) {
    auto rows = select(session,
                       std::string("SELECT ") + kVersionColumns +
                           " FROM tariff_versions WHERE tariff_id = ? ORDER BY valid_from_ms",
                       {tariff_id});
    std::vector<VersionRow> out;
    for (std::size_t i = 0; i < rows.rowCount(); ++i) {
        out.push_back(VersionRow{integer(rows, i, "version"), integer(rows, i, "valid_from_ms"),
                                 integer(rows, i, "created_at_ms"), opt_text(rows, i, "created_by"),
                                 decode(rows, i, tariff_id)});
    }
    return out;
}

std::vector<VersionRef> version_refs(const std::vector<VersionRow>& versions) {
    std::vector<VersionRef> refs;
    for (const auto& v : versions)
        refs.push_back(v.ref());
    return refs;
}

std::vector<VersionRef> load_version_refs(Poco::Data::Session& session,
                                          const std::string& tariff_id) {
    auto rows = select(session,
                       "SELECT version, valid_from_ms FROM tariff_versions WHERE tariff_id = ? "
                       "ORDER BY valid_from_ms",
                       {tariff_id});
    std::vector<VersionRef> out;
    for (std::size_t i = 0; i < rows.rowCount(); ++i)
        out.push_back({integer(rows, i, "version"), integer(rows, i, "valid_from_ms")});
    return out;
}

const VersionRow* find_version(const std::vector<VersionRow>& versions, std::int64_t version) {
    for (const auto& v : versions)
        if (v.version == version) return &v;
    return nullptr;
}

std::int64_t insert_version(Poco::Data::Session& session, const std::string& tariff_id,
                            std::int64_t valid_from_ms, const tariff::Tariff& tariff,
                            const std::optional<std::string>& created_by, std::int64_t now_ms) {
    execute(session,
            "UPDATE tariffs SET last_version = last_version + 1, updated_at_ms = ? WHERE id = ?",
            {now_ms, tariff_id});
    const std::int64_t version =
        count(session, "SELECT last_version FROM tariffs WHERE id = ?", {tariff_id});
    const json document = tariff::tariff_to_json(tariff);
    const auto price = [](const std::optional<tariff::Fee>& fee) {
        return fee ? Param(fee->price.value) : Param(std::monostate{});
    };
    const auto vat = [](const std::optional<tariff::Fee>& fee) {
        return fee ? Param(std::string(tariff::vat_name(fee->vat))) : Param(std::monostate{});
    };
    execute(session,
            "INSERT INTO tariff_versions (tariff_id, version, valid_from_ms, entry, "
            "utc_offset_min, eu_summer_time, elements, parking_after_ms, subscription_price_micro, "
            "subscription_vat, card_price_micro, card_vat, created_by, created_at_ms) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {tariff_id, version, valid_from_ms, document["entry"].get<std::string>(),
             std::int64_t{tariff.zone.standard_offset.count()},
             std::int64_t{tariff.zone.eu_summer_time ? 1 : 0}, document["elements"].dump(),
             tariff.parking_after ? Param(std::int64_t{tariff.parking_after->count()})
                                  : Param(std::monostate{}),
             price(tariff.subscription_monthly), vat(tariff.subscription_monthly),
             price(tariff.card_issuing), vat(tariff.card_issuing), nullable(created_by), now_ms});
    return version;
}

std::vector<AssignmentRow> load_assignments(Poco::Data::Session& session, const std::string& where,
                                            std::vector<Param> params,
                                            const std::optional<http::Page>& page) {
    std::string statement =
        "SELECT id, tariff_id, scope, station_id, category_id, customer_kind, created_at_ms, "
        "updated_at_ms FROM tariff_assignments" +
        (where.empty() ? std::string() : " WHERE " + where) + " ORDER BY created_at_ms, id";
    if (page) {
        statement += " LIMIT ? OFFSET ?";
        params.emplace_back(page->limit);
        params.emplace_back(page->offset);
    }
    auto rows = select(session, statement, params);
    std::vector<AssignmentRow> out;
    for (std::size_t i = 0; i < rows.rowCount(); ++i) {
        AssignmentRow row;
        row.assignment.id = text(rows, i, "id");
        row.assignment.tariff_id = text(rows, i, "tariff_id");
        row.assignment.scope = parse_scope(text(rows, i, "scope")).value_or(Scope::kDefault);
        row.assignment.target =
            opt_text(rows, i, "station_id").value_or(text(rows, i, "category_id"));
        row.assignment.kind = parse_customer_kind(text(rows, i, "customer_kind"));
        row.created_at_ms = integer(rows, i, "created_at_ms");
        row.updated_at_ms = integer(rows, i, "updated_at_ms");
        out.push_back(std::move(row));
    }
    return out;
}

std::vector<Assignment> assignments_of(const std::vector<AssignmentRow>& rows) {
    std::vector<Assignment> out;
    for (const auto& row : rows)
        out.push_back(row.assignment);
    return out;
}

std::vector<Assignment> assignments_for_station(Poco::Data::Session& session,
                                                const StationRef& station) {
    return assignments_of(
        load_assignments(session, "station_id = ? OR category_id = ? OR scope = 'default'",
                         {station.station_id, station.category.value_or(std::string())}));
}

std::optional<StationRef> find_station(Poco::Data::Session& session, const std::string& id) {
    auto rows = select(session, "SELECT id, category FROM stations WHERE id = ?", {id});
    if (rows.rowCount() == 0) return std::nullopt;
    return StationRef{text(rows, 0, "id"), opt_text(rows, 0, "category")};
}

}  // namespace iskra::central::tariffs::detail
