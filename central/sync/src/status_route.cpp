// GET /api/v1/gateways/{id}/sync: what staff need to see when a site's sync looks stuck: the
// stream it sends to now (its epoch, acknowledged seq, last batch), every stream it has had,
// and a page of the events central kept without applying (rejected: unreadable; skipped: of a
// type this central does not know).
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
            return http::json_response(200, database.read_transaction([&](Poco::Data::Session& s) {
                std::int64_t gateways = 0;
                storage::sql(s, "SELECT COUNT(*) FROM gateways WHERE id = ?"), into(gateways),
                    useRef(id), now;
                if (gateways == 0) throw http::ApiError::not_found("no gateway " + id);
                // One stream per outbox epoch the gateway has had; the newest is the one it
                // sends to now, the counters add up every stream's.
                std::vector<std::string> epochs;
                std::vector<Poco::Int64> acknowledged;
                std::vector<Poco::Nullable<Poco::Int64>> last_batch;
                std::vector<Poco::Int64> applied;
                std::vector<Poco::Int64> rejected;
                std::vector<Poco::Int64> skipped;
                storage::sql(s,
                             "SELECT epoch, acknowledged_seq, last_batch_at_ms, events_applied, "
                             "events_rejected, events_skipped FROM gateway_sync_streams WHERE "
                             "gateway_id = ? ORDER BY COALESCE(last_batch_at_ms, started_at_ms) "
                             "DESC, id DESC"),
                    into(epochs), into(acknowledged), into(last_batch), into(applied),
                    into(rejected), into(skipped), useRef(id), now;
                Poco::Int64 applied_total = 0;
                Poco::Int64 rejected_total = 0;
                Poco::Int64 skipped_total = 0;
                json streams = json::array();
                for (std::size_t i = 0; i < epochs.size(); ++i) {
                    applied_total += applied[i];
                    rejected_total += rejected[i];
                    skipped_total += skipped[i];
                    streams.push_back({{"epoch", epochs[i]},
                                       {"acknowledged_seq", acknowledged[i]},
                                       {"last_batch_at", iso(last_batch[i])},
                                       {"events_applied", applied[i]}});
                }
                json body{
                    {"gateway_id", id},
                    {"epoch", epochs.empty() ? json(nullptr) : json(epochs[0])},
                    {"acknowledged_seq", acknowledged.empty() ? 0 : acknowledged[0]},
                    {"last_batch_at", last_batch.empty() ? json(nullptr) : iso(last_batch[0])},
                    {"events_applied", applied_total},
                    {"rejected_count", rejected_total},
                    {"skipped_count", skipped_total},
                    {"streams", std::move(streams)}};
                std::vector<std::string> item_epochs;
                std::vector<Poco::Int64> seqs;
                std::vector<std::string> dispositions;
                std::vector<std::string> types;
                std::vector<Poco::Nullable<std::string>> ats;
                std::vector<std::string> payloads;
                std::vector<std::string> reasons;
                std::vector<Poco::Int64> received;
                const Poco::Int64 limit = page.limit;
                const Poco::Int64 offset = page.offset;
                storage::sql(s,
                             "SELECT t.epoch, k.seq, k.disposition, k.event_type, k.event_at, "
                             "k.payload, k.reason, k.received_at_ms FROM sync_rejected_events k "
                             "JOIN gateway_sync_streams t ON t.id = k.stream_id WHERE "
                             "t.gateway_id = ? ORDER BY k.stream_id DESC, k.seq DESC "
                             "LIMIT ? OFFSET ?"),
                    into(item_epochs), into(seqs), into(dispositions), into(types), into(ats),
                    into(payloads), into(reasons), into(received), useRef(id), bind(limit),
                    bind(offset), now;
                json items = json::array();
                for (std::size_t i = 0; i < seqs.size(); ++i) {
                    json payload = json::parse(payloads[i], nullptr, false);
                    items.push_back(
                        {{"seq", seqs[i]},
                         {"epoch", item_epochs[i]},
                         {"disposition", dispositions[i]},
                         {"type", types[i]},
                         {"at", ats[i].isNull() ? json(nullptr) : json(ats[i].value())},
                         {"payload", payload.is_discarded() ? json(payloads[i]) : payload},
                         {"reason", reasons[i]},
                         {"received_at", iso(Poco::Nullable<Poco::Int64>(received[i]))}});
                }
                body["rejected"] =
                    http::page_body(std::move(items), page, rejected_total + skipped_total);
                return body;
            }));
        });
}

}  // namespace iskra::central::sync::detail
