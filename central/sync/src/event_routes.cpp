// POST /api/gateway/v1/events: the body read, the batch applied (event_batch.hpp) when the
// gate (batch_gate.hpp) lets it in.
#include <memory>

#include "batch_gate.hpp"
#include "iskra/central/http/json_body.hpp"
#include "iskra/central/storage/ids.hpp"
#include "iskra/central/sync/event_batch.hpp"
#include "iskra/log/log.hpp"
#include "routes.hpp"

namespace iskra::central::sync::detail {
namespace {

http::ApiError busy() {
    return http::ApiError{503, "database_busy", "central is busy; send the batch again later", {}};
}

}  // namespace

void add_event_routes(http::Router& router, storage::Database& database) {
    auto gate = std::make_shared<BatchGate>(BatchGate::slots_for(database));
    router.add("POST", "/api/gateway/v1/events", http::Access::gateway(),
               [&database, gate](const http::Context& c) {
                   const auto batch = parse_event_batch(http::json_object_body(c.request));
                   const std::string& gateway_id = c.calling_gateway().gateway_id;
                   if (!gate->enter(BatchGate::kMaxWait)) {
                       log::warn("sync", "a batch of gateway " + gateway_id +
                                             " answered 503: no turn to apply it within 20 s");
                       throw busy();
                   }
                   struct Leave {
                       BatchGate& gate;
                       ~Leave() { gate.leave(); }
                   } leave{*gate};
                   try {
                       const auto result =
                           apply_event_batch(database, gateway_id, batch, storage::now_ms());
                       return http::json_response(200, {{"acknowledged", result.acknowledged}});
                   } catch (const storage::DatabaseException& e) {
                       // Nothing was applied; the gateway's uplink retries with backoff.
                       if (e.kind() == storage::ErrorKind::Busy ||
                           e.kind() == storage::ErrorKind::Unavailable) {
                           log::warn("sync", "a batch of gateway " + gateway_id +
                                                 " answered 503: " + e.what());
                           throw busy();
                       }
                       throw;
                   }
               });
}

}  // namespace iskra::central::sync::detail
