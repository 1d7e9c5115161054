// POST /api/gateway/v1/authorize: central's decision about a token, logged as it is answered.
#include "iskra/central/charging/authorization_log.hpp"
#include "iskra/central/charging/tokens.hpp"
#include "iskra/central/http/json_body.hpp"
#include "iskra/central/storage/ids.hpp"
#include "iskra/session/timestamp.hpp"
#include "iskra/session/vocabulary.hpp"
#include "routes.hpp"

namespace iskra::central::sync::detail {

void add_authorize_route(http::Router& router, storage::Database& database) {
    router.add(
        "POST", "/api/gateway/v1/authorize", http::Access::gateway(),
        [&database](const http::Context& c) {
            const auto body = http::json_object_body(c.request);
            const std::string station_id = http::required_string(body, "station_id", 64);
            const auto& token = http::required_object(body, "token");
            std::string id;
            std::string type;
            try {
                id = http::required_string(token, "id", 64);
                type = http::required_string(token, "type", 32);
            } catch (http::ApiError& error) {
                error.field = "token." + error.field;  // the path within the body
                error.message = "token." + error.message;
                throw;
            }
            if (!session::parse_token_type(type)) {
                throw http::ApiError::bad_request("token.type", "token.type is not a token type");
            }
            const std::int64_t at = storage::now_ms();
            const auto decision = database.transaction([&](Poco::Data::Session& s) {
                auto decided = charging::decide(charging::find_token(s, id, type), at);
                charging::log_authorization(s, {at, c.calling_gateway().gateway_id, station_id, id,
                                                type, decided.status, "central", std::nullopt});
                return decided;
            });
            nlohmann::json answer{{"status", decision.status}};
            if (decision.expires_at_ms) {
                answer["expires_at"] = session::format_timestamp(
                    session::Timestamp(std::chrono::milliseconds(*decision.expires_at_ms)));
            }
            if (decision.group_id) {
                answer["group"] = {{"id", *decision.group_id}, {"type", "Central"}};
            }
            return http::json_response(200, answer);
        });
}

}  // namespace iskra::central::sync::detail
