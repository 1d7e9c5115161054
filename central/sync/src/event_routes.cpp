// POST /api/gateway/v1/events: the body read, the batch applied (event_batch.hpp).
#include "iskra/central/http/json_body.hpp"
#include "iskra/central/storage/ids.hpp"
#include "iskra/central/sync/event_batch.hpp"
#include "routes.hpp"

namespace iskra::central::sync::detail {

void add_event_routes(http::Router& router, storage::Database& database) {
    router.add(
        "POST", "/api/gateway/v1/events", http::Access::gateway(),
        [&database](const http::Context& c) {
            const auto events = parse_event_batch(http::json_object_body(c.request));
            try {
                const auto result = apply_event_batch(database, c.calling_gateway().gateway_id,
                                                      events, storage::now_ms());
                return http::json_response(200, {{"acknowledged", result.acknowledged}});
            } catch (const storage::DatabaseException& e) {
                // Nothing was applied; the gateway's uplink retries with backoff.
                if (e.kind() == storage::ErrorKind::Busy ||
                    e.kind() == storage::ErrorKind::Unavailable) {
                    throw http::ApiError{
                        503, "database_busy", "central is busy; send the batch again later", {}};
                }
                throw;
            }
        });
}

}  // namespace iskra::central::sync::detail
