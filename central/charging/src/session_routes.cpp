// Sessions as staff (SessionsView) and drivers (their own, OwnAccount) read them.
#include "iskra/central/http/json_body.hpp"
#include "list_query.hpp"
#include "routes.hpp"
#include "row_values.hpp"

namespace iskra::central::charging::detail {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "SELECT session_uuid, gateway_id, station_id, evse_id, connector_id, transaction_ref, "
    "id_token, token_type, user_id, contract_id, started_at_ms, ended_at_ms, meter_start_wh, "
    "meter_stop_wh, energy_wh, stop_reason, closed_by, state, offline, flags, updated_at_ms";

// ?station= &site= &user= &token= &state=open|closed &from= &to= (ISO-8601; started within).
Filter session_filter(const http::Request& request) {
    Filter filter;
    auto text = [&](const char* name) -> std::optional<std::string> {
        if (auto value = request.query_value(name)) return std::string(*value);
        return std::nullopt;
    };
    if (auto v = text("station")) filter.add("station_id = ?", *v);
    if (auto v = text("site")) {
        filter.add("gateway_id IN (SELECT id FROM gateways WHERE site_id = ?)", *v);
    }
    if (auto v = text("user")) filter.add("user_id = ?", *v);
    if (auto v = text("token")) filter.add("id_token = ?", *v);
    if (auto v = text("state")) {
        if (*v != "open" && *v != "closed") {
            throw http::ApiError::bad_request("state", "state must be open or closed");
        }
        filter.add("state = ?", *v);
    }
    if (auto v = text("from")) filter.add("started_at_ms >= ?", parse_time_field(*v, "from"));
    if (auto v = text("to")) filter.add("started_at_ms < ?", parse_time_field(*v, "to"));
    return filter;
}

json sessions_page(storage::Database& database, const Filter& filter, const http::Page& page) {
    auto session = database.session();
    return list_page(session, kColumns, "sessions", filter, "started_at_ms DESC, session_uuid",
                     page);
}

}  // namespace

void add_session_routes(http::Router& router, storage::Database& database) {
    const auto view = http::Access::user(http::Permission::SessionsView);

    router.add("GET", "/api/v1/sessions", view, [&database](const http::Context& c) {
        return http::json_response(
            200, sessions_page(database, session_filter(c.request), http::page_of(c.request)));
    });

    router.add("GET", "/api/v1/sessions/{uuid}", view, [&database](const http::Context& c) {
        const std::string uuid = c.param("uuid");
        auto session = database.session();
        json rows = rows_json(
            session, std::string(kColumns) + " FROM sessions WHERE session_uuid = ?", {uuid});
        if (rows.empty()) throw http::ApiError::not_found("no session " + uuid);
        json body = std::move(rows.front());
        json samples = rows_json(
            session,
            "SELECT at_ms, measurand, phase, location, context, value_int, value_text, unit "
            "FROM session_samples WHERE session_uuid = ? ORDER BY at_ms, measurand",
            {uuid});
        // One "value": the exact integer (Wh, W) or the station's number as text.
        for (auto& sample : samples) {
            sample["value"] =
                sample["value_int"].is_null() ? sample["value_text"] : sample["value_int"];
            sample.erase("value_int");
            sample.erase("value_text");
        }
        body["samples"] = std::move(samples);
        return http::json_response(200, body);
    });

    // A driver's own sessions: the user filter is forced to the caller, whatever they ask.
    router.add("GET", "/api/v1/me/sessions", http::Access::user(http::Permission::OwnAccount),
               [&database](const http::Context& c) {
                   Filter filter = session_filter(c.request);
                   filter.add("user_id = ?", c.signed_in().user_id);
                   return http::json_response(
                       200, sessions_page(database, filter, http::page_of(c.request)));
               });
}

void add_authorization_routes(http::Router& router, storage::Database& database) {
    router.add("GET", "/api/v1/authorizations", http::Access::user(http::Permission::SessionsView),
               [&database](const http::Context& c) {
                   Filter filter;
                   for (const auto& [param, column] : {std::pair{"station", "station_id"},
                                                       {"gateway", "gateway_id"},
                                                       {"token", "id_token"},
                                                       {"status", "status"},
                                                       {"source", "source"}}) {
                       if (auto value = c.request.query_value(param)) {
                           filter.add(std::string(column) + " = ?", std::string(*value));
                       }
                   }
                   if (auto v = c.request.query_value("from")) {
                       filter.add("at_ms >= ?", parse_time_field(std::string(*v), "from"));
                   }
                   if (auto v = c.request.query_value("to")) {
                       filter.add("at_ms < ?", parse_time_field(std::string(*v), "to"));
                   }
                   auto session = database.session();
                   return http::json_response(
                       200,
                       list_page(session,
                                 "SELECT id, at_ms, gateway_id, station_id, id_token, token_type, "
                                 "status, source, session_uuid",
                                 "authorizations", filter, "at_ms DESC, id DESC",
                                 http::page_of(c.request)));
               });
}

}  // namespace iskra::central::charging::detail
