// OCPI 2.2.1 Tariff objects: the version in force exported for roaming partners, and one
// imported as a new tariff or as a new version of the tariff with its id. The elements' JSON is
// iskra::tariff's (ocpi_json.hpp); the object around them is central's.
#include <algorithm>
#include <array>
#include <cctype>

#include "iskra/central/http/json_body.hpp"
#include "iskra/tariff/ocpi_json.hpp"
#include "route_support.hpp"
#include "store.hpp"
#include "tariff_json.hpp"

namespace iskra::central::tariffs::detail {
namespace {

using http::ApiError;
using http::Context;
using nlohmann::json;

constexpr std::array<std::string_view, 5> kTariffTypes{"AD_HOC_PAYMENT", "PROFILE_CHEAP",
                                                       "PROFILE_FAST", "PROFILE_GREEN", "REGULAR"};

// AD_HOC_PAYMENT when every place the tariff applies is for ad-hoc customers only.
std::string tariff_type(const std::vector<AssignmentRow>& places) {
    const bool ad_hoc =
        !places.empty() && std::all_of(places.begin(), places.end(), [](const AssignmentRow& p) {
            return p.assignment.kind == tariff::CustomerKind::kAdHoc;
        });
    return ad_hoc ? "AD_HOC_PAYMENT" : "REGULAR";
}

http::Response export_tariff(const Env& env, const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "tariff");
    const std::int64_t now = env.now();
    auto body = env.database.read_transaction([&](Poco::Data::Session& session) {
        const auto row = find_tariff(session, id);
        if (!row) throw ApiError::not_found("no tariff " + id);
        const auto versions = load_versions(session, id);
        const auto refs = version_refs(versions);
        const auto current = version_in_force(refs, now);
        if (!current) {
            throw ApiError::not_found("tariff " + id + " has no version in force yet",
                                      "no_version_in_force");
        }
        const VersionRow& version = *find_version(versions, current->version);
        json out = {{"country_code", env.options.ocpi_country_code},
                    {"party_id", env.options.ocpi_party_id},
                    {"id", row->id},
                    {"currency", row->currency},
                    {"type", tariff_type(load_assignments(session, "tariff_id = ?", {id}))},
                    {"tariff_alt_text", json::array({{{"language", "pl"}, {"text", row->name}}})},
                    {"elements", tariff::to_ocpi_elements(version.tariff)},
                    {"start_date_time", iso(version.valid_from_ms)},
                    {"last_updated", iso(row->updated_at_ms)}};
        // OCPI's way of announcing the replacement: this one ends when the next one starts.
        if (const auto next = next_version(refs, now))
            out["end_date_time"] = iso(next->valid_from_ms);
        return out;
    });
    return http::json_response(200, body);
}

bool all_of_chars(const std::string& text, bool (*allowed)(char)) {
    return std::all_of(text.begin(), text.end(), allowed);
}

std::string checked_text(const json& body, const char* field, std::size_t min, std::size_t max,
                         bool (*allowed)(char), const char* rule) {
    const auto value = http::required_string(body, field, max);
    if (value.size() < min || !all_of_chars(value, allowed)) {
        throw ApiError::bad_request(field, std::string(field) + " must be " + rule);
    }
    return value;
}

bool upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool alnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
bool id_char(char c) {
    return alnum(c) || c == '.' || c == '_' || c == '-';
}

// At most `max` bytes of UTF-8 text, never cutting a character.
std::string clipped(std::string text, std::size_t max) {
    if (text.size() <= max) return text;
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return text.substr(0, end);
}

// The name an imported tariff gets: its Polish alternative text, else English, else the first,
// else its id.
std::string name_of(const json& body, const std::string& id) {
    const auto found = body.find("tariff_alt_text");
    if (found == body.end() || found->is_null()) return id;
    if (!found->is_array()) throw ApiError::bad_request("tariff_alt_text", "must be a list");
    std::optional<std::string> pl, en, first;
    for (std::size_t i = 0; i < found->size(); ++i) {
        const json& item = (*found)[i];
        const std::string at = "tariff_alt_text[" + std::to_string(i) + "]";
        if (!item.is_object()) throw ApiError::bad_request(at, at + " must be an object");
        const auto language = http::required_string(item, "language", 2);
        const auto text = http::required_string(item, "text", 512);
        if (language == "pl" && !pl) pl = text;
        if (language == "en" && !en) en = text;
        if (!first) first = text;
    }
    return clipped(pl ? *pl : en ? *en : first ? *first : id, 200);
}

struct Imported {
    std::string id;
    std::string name;
    std::optional<std::int64_t> start_ms;
    tariff::Tariff tariff;
};

Imported read_ocpi_tariff(const json& body) {
    only_fields(body, {"country_code", "party_id", "id", "currency", "type", "tariff_alt_text",
                       "tariff_alt_url", "min_price", "max_price", "elements", "start_date_time",
                       "end_date_time", "energy_mix", "last_updated"});
    checked_text(body, "country_code", 2, 2, upper, "two upper-case letters (ISO 3166)");
    checked_text(body, "party_id", 3, 3, alnum, "three letters or digits");
    Imported out;
    out.id = checked_text(body, "id", 1, 36, id_char, "1 to 36 letters, digits, '.', '_' or '-'");
    if (http::required_string(body, "currency", 3) != "PLN") {
        throw ApiError::bad_request("currency",
                                    "currency must be PLN, the only one Iskra bills in");
    }
    if (const auto type = http::optional_string(body, "type", 20);
        type && std::find(kTariffTypes.begin(), kTariffTypes.end(), *type) == kTariffTypes.end()) {
        throw ApiError::bad_request("type", "type is not an OCPI 2.2.1 TariffType");
    }
    http::optional_string(body, "tariff_alt_url", 255);
    for (const char* field : {"min_price", "max_price"}) {
        if (body.contains(field) && !body[field].is_null()) {
            throw ApiError::bad_request(
                field, std::string(field) + " is not supported: Iskra prices have no floor or cap",
                "unsupported");
        }
    }
    if (const auto mix = body.find("energy_mix");
        mix != body.end() && !mix->is_null() && !mix->is_object()) {
        throw ApiError::bad_request("energy_mix", "energy_mix must be an object");
    }
    if (!body.contains("last_updated") || body["last_updated"].is_null())
        throw ApiError::bad_request("last_updated", "last_updated is required");
    time_field(body["last_updated"], "last_updated");
    if (body.contains("start_date_time") && !body["start_date_time"].is_null())
        out.start_ms = time_field(body["start_date_time"], "start_date_time");
    if (body.contains("end_date_time") && !body["end_date_time"].is_null())
        time_field(body["end_date_time"], "end_date_time");
    out.name = name_of(body, out.id);
    if (!body.contains("elements") || body["elements"].is_null())
        throw ApiError::bad_request("elements", "elements is required");
    auto tariff = tariff::from_ocpi_elements(body["elements"]);
    if (!tariff) throw tariff_error(tariff.error(), true);
    if (auto valid = tariff::validate(*tariff); !valid) throw tariff_error(valid.error(), true);
    out.tariff = std::move(*tariff);
    return out;
}

http::Response import_tariff(const Env& env, const Context& context) {
    const auto imported = read_ocpi_tariff(http::json_object_body(context.request));
    const std::int64_t now = env.now();
    // A partner's tariff active since long ago is active here from now: the past is not rewritten.
    const std::int64_t from = std::max(now, imported.start_ms.value_or(now));
    const std::string user = context.signed_in().user_id;
    auto body = write(
        env.database,
        [&](Poco::Data::Session& session) {
            auto row = find_tariff(session, imported.id);
            if (!row) {
                row = TariffRow{imported.id, imported.name, "PLN", now, now};
                insert_tariff(session, *row);
            }
            for (const auto& v : load_version_refs(session, imported.id)) {
                if (v.valid_from_ms == from) {
                    throw ApiError::conflict("version " + std::to_string(v.version) +
                                                 " already takes effect at " + iso(from),
                                             "duplicate", "start_date_time");
                }
            }
            insert_version(session, imported.id, from, imported.tariff, user, now);
            row->updated_at_ms = now;
            return tariff_json(*row, load_versions(session, imported.id),
                               load_assignments(session, "tariff_id = ?", {imported.id}), now);
        },
        "duplicate", "tariff " + imported.id + " changed meanwhile; try again");
    return http::json_response(201, body);
}

}  // namespace

void add_ocpi_routes(http::Router& router, Env env) {
    using http::Access;
    using http::Permission;
    router.add("GET", "/api/v1/tariffs/{id}/ocpi", Access::user(Permission::TariffsView),
               [env](const Context& c) { return export_tariff(env, c); });
    router.add("POST", "/api/v1/tariffs/ocpi", Access::user(Permission::TariffsManage),
               [env](const Context& c) { return import_tariff(env, c); });
}

}  // namespace iskra::central::tariffs::detail
