// What a session costs, as central prices it: for staff (SessionsView) and for the driver whose
// session it is (OwnAccount). An open session is priced up to now (the web app's "cost so far",
// from the samples the gateway has synced); a closed one to its end. The tariff is the one that
// applies to the session's station now, at the version in force when the session started: the
// price the driver was shown. Customer kind ad hoc until contracts say otherwise.
#include "db.hpp"
#include "iskra/central/tariffs/tariff_lookup.hpp"
#include "iskra/tariff/ocpi_json.hpp"
#include "iskra/tariff/price.hpp"
#include "route_support.hpp"

namespace iskra::central::tariffs::detail {
namespace {

using http::ApiError;
using http::Context;
using nlohmann::json;

std::string_view line_kind_name(tariff::LineKind kind) {
    switch (kind) {
        case tariff::LineKind::kFlat:
            return "flat";
        case tariff::LineKind::kEnergy:
            return "energy";
        case tariff::LineKind::kTime:
            return "time";
        case tariff::LineKind::kParking:
            return "parking";
        case tariff::LineKind::kReservation:
            return "reservation";
        case tariff::LineKind::kSubscription:
            return "subscription";
        case tariff::LineKind::kCard:
            return "card";
    }
    return "flat";
}

std::string_view unit_name(tariff::QuantityUnit unit) {
    switch (unit) {
        case tariff::QuantityUnit::kWh:
            return "Wh";
        case tariff::QuantityUnit::kMillisecond:
            return "ms";
        case tariff::QuantityUnit::kSession:
            return "session";
        case tariff::QuantityUnit::kDay:
            return "day";
        case tariff::QuantityUnit::kPiece:
            return "piece";
    }
    return "piece";
}

json amounts_json(const tariff::Amounts& a) {
    return {{"net_grosz", a.net}, {"vat_grosz", a.vat}, {"gross_grosz", a.gross}};
}

json price_json(const tariff::Price& price) {
    json lines = json::array();
    for (const auto& line : price.lines) {
        json out = {{"what", line_kind_name(line.what)},
                    {"element", line.element},
                    {"quantity", line.quantity},
                    {"unit", unit_name(line.unit)},
                    {"per", line.divisor},
                    {"unit_price_micro", line.unit_price.value},
                    {"vat", tariff::vat_name(line.vat_rate)},
                    {"explain", {{"pl", line.explain_pl}, {"en", line.explain_en}}}};
        out.update(amounts_json(line.amounts));
        lines.push_back(std::move(out));
    }
    json out = {{"lines", std::move(lines)},
                {"explain", {{"pl", price.explain_pl}, {"en", price.explain_en}}}};
    out["total"] = amounts_json(price.total);
    return out;
}

struct SessionFacts {
    std::string station_id;
    std::optional<std::string> user_id;
    std::string state;
    std::int64_t started_at_ms = 0;
    std::optional<std::int64_t> ended_at_ms;
    std::optional<std::int64_t> meter_start_wh, meter_stop_wh;
};

std::optional<SessionFacts> find_session(Poco::Data::Session& session, const std::string& uuid) {
    auto rows = select(session,
                       "SELECT station_id, user_id, state, started_at_ms, ended_at_ms, "
                       "meter_start_wh, meter_stop_wh FROM sessions WHERE session_uuid = ?",
                       {uuid});
    if (rows.rowCount() == 0) return std::nullopt;
    const auto started = opt_integer(rows, 0, "started_at_ms");
    if (!started) return std::nullopt;  // a session known only by its end cannot be priced
    return SessionFacts{text(rows, 0, "station_id"),
                        opt_text(rows, 0, "user_id"),
                        text(rows, 0, "state"),
                        *started,
                        opt_integer(rows, 0, "ended_at_ms"),
                        opt_integer(rows, 0, "meter_start_wh"),
                        opt_integer(rows, 0, "meter_stop_wh")};
}

std::vector<tariff::MeterSample> energy_readings(Poco::Data::Session& session,
                                                 const std::string& uuid) {
    auto rows = select(session,
                       "SELECT at_ms, value_int FROM session_samples WHERE session_uuid = ? AND "
                       "measurand = 'Energy.Active.Import.Register' AND phase = '' AND "
                       "value_int IS NOT NULL ORDER BY at_ms",
                       {uuid});
    std::vector<tariff::MeterSample> out;
    out.reserve(rows.rowCount());
    for (std::size_t i = 0; i < rows.rowCount(); ++i) {
        out.push_back({tariff::Instant(std::chrono::milliseconds(integer(rows, i, "at_ms"))),
                       integer(rows, i, "value_int")});
    }
    return out;
}

// `own_only`: the caller's own sessions; another's is as unknown as a missing one (404).
http::Response session_cost(const Env& env, const Context& context, bool own_only) {
    const std::string uuid = context.param("uuid");
    check_path_id(uuid, "session");
    const std::int64_t now = env.now();
    auto body = env.database.read_transaction([&](Poco::Data::Session& session) {
        const auto facts = find_session(session, uuid);
        if (!facts || (own_only && facts->user_id != context.signed_in().user_id)) {
            throw ApiError::not_found("no session " + uuid);
        }
        const auto kind = tariff::CustomerKind::kAdHoc;
        const auto resolved =
            tariff_for_session(session, facts->station_id, kind, facts->started_at_ms);
        if (!resolved) {
            throw ApiError::not_found(
                "no tariff applies to session " + uuid + " at station " + facts->station_id,
                "no_tariff");
        }
        const bool open = facts->state == "open";
        const std::int64_t until = open ? now : facts->ended_at_ms.value_or(now);
        const auto priced = tariff::session_from_readings(
            tariff::Instant(std::chrono::milliseconds(facts->started_at_ms)),
            tariff::Instant(std::chrono::milliseconds(until)), facts->meter_start_wh,
            energy_readings(session, uuid), open ? std::nullopt : facts->meter_stop_wh, kind);
        const auto price = tariff::price_session(resolved->tariff, priced);
        // A stored version the engine refuses is our fault, not the caller's.
        if (!price)
            throw std::runtime_error("pricing session " + uuid + ": " + price.error().describe());
        json out = {{"session_uuid", uuid},
                    {"state", facts->state},
                    {"provisional", open},
                    {"priced_until", iso(until)},
                    {"customer_kind", "ad_hoc"},
                    {"tariff",
                     {{"id", resolved->tariff_id},
                      {"name", resolved->name},
                      {"version", resolved->version},
                      {"valid_from", iso(resolved->valid_from_ms)},
                      {"currency", resolved->currency}}}};
        out.update(price_json(*price));
        return out;
    });
    return http::json_response(200, body);
}

}  // namespace

void add_cost_routes(http::Router& router, Env env) {
    router.add("GET", "/api/v1/sessions/{uuid}/cost",
               http::Access::user(http::Permission::SessionsView),
               [env](const Context& c) { return session_cost(env, c, false); });
    router.add("GET", "/api/v1/me/sessions/{uuid}/cost",
               http::Access::user(http::Permission::OwnAccount),
               [env](const Context& c) { return session_cost(env, c, true); });
}

}  // namespace iskra::central::tariffs::detail
