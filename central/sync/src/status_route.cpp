// GET /api/v1/gateways/{id}/sync: what staff need to see when a site's sync looks stuck.
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

#include "iskra/central/http/json_body.hpp"
#include "iskra/central/storage/sql.hpp"
#include "iskra/session/timestamp.hpp"
#include "routes.hpp"

namespace iskra::central::sync::detail {
namespace {

using nlohmann::json;
using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::useRef;

json iso(const Poco::Nullable<Poco::Int64>& ms) {
    if (ms.isNull()) return nullptr;
    return session::format_timestamp(session::Timestamp(std::chrono::milliseconds(ms.value())));
}

}  // namespace

void add_status_route(http::Router& router, storage::Database& database) {
    router.add(
        "GET", "/api/v1/gateways/{id}/sync", http::Access::user(http::Permission::StationsView),
        [&database](const http::Context& c) {
            const std::string id = c.param("id");
            const auto page = http::page_of(c.request);
            return http::json_response(200, database.transaction([&](Poco::Data::Session& s) {
                std::int64_t gateways = 0;
                storage::sql(s, "SELECT COUNT(*) FROM gateways WHERE id = ?"), into(gateways),
                    useRef(id), now;
                if (gateways == 0) throw http::ApiError::not_found("no gateway " + id);
                std::vector<Poco::Int64> acknowledged;
                std::vector<Poco::Nullable<Poco::Int64>> last_batch;
                std::vector<Poco::Int64> applied;
                std::vector<Poco::Int64> rejected;
                storage::sql(s,
                             "SELECT acknowledged_seq, last_batch_at_ms, events_applied, "
                             "events_rejected FROM gateway_sync_state WHERE gateway_id = ?"),
                    into(acknowledged), into(last_batch), into(applied), into(rejected), useRef(id),
                    now;
                json body{
                    {"gateway_id", id},
                    {"acknowledged_seq", acknowledged.empty() ? 0 : acknowledged[0]},
                    {"last_batch_at", last_batch.empty() ? json(nullptr) : iso(last_batch[0])},
                    {"events_applied", applied.empty() ? 0 : applied[0]},
                    {"rejected_count", rejected.empty() ? 0 : rejected[0]}};
                std::vector<Poco::Int64> seqs;
                std::vector<std::string> types;
                std::vector<Poco::Nullable<std::string>> ats;
                std::vector<std::string> payloads;
                std::vector<std::string> reasons;
                std::vector<Poco::Int64> received;
                const Poco::Int64 limit = page.limit;
                const Poco::Int64 offset = page.offset;
                storage::sql(s,
                             "SELECT seq, event_type, event_at, payload, reason, received_at_ms "
                             "FROM sync_rejected_events WHERE gateway_id = ? ORDER BY seq DESC "
                             "LIMIT ? OFFSET ?"),
                    into(seqs), into(types), into(ats), into(payloads), into(reasons),
                    into(received), useRef(id), bind(limit), bind(offset), now;
                json items = json::array();
                for (std::size_t i = 0; i < seqs.size(); ++i) {
                    json payload = json::parse(payloads[i], nullptr, false);
                    items.push_back(
                        {{"seq", seqs[i]},
                         {"type", types[i]},
                         {"at", ats[i].isNull() ? json(nullptr) : json(ats[i].value())},
                         {"payload", payload.is_discarded() ? json(payloads[i]) : payload},
                         {"reason", reasons[i]},
                         {"received_at", iso(Poco::Nullable<Poco::Int64>(received[i]))}});
                }
                body["rejected"] =
                    http::page_body(std::move(items), page, rejected.empty() ? 0 : rejected[0]);
                return body;
            }));
        });
}

}  // namespace iskra::central::sync::detail
