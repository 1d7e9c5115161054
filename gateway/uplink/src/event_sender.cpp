// The events thread: the outbox to central in ordered, bounded batches (README.md, Events).
#include "iskra/gateway/store/outbox.hpp"
#include "iskra/gateway/store/uplink_state.hpp"
#include "iskra/gateway/uplink/backoff.hpp"
#include "iskra/log/log.hpp"
#include "iskra/sync/uplink_messages.hpp"
#include "uplink_impl.hpp"

namespace iskra::gateway {
namespace {

// The batch body, cut short so it stays under the protocol's byte limit (the first event goes
// whatever its size: a single event cannot be split, and central's limit is far above one).
std::string batch_body(const std::vector<OutboxEntry>& rows, const std::string& epoch) {
    sync::EventsBatch batch;
    batch.epoch = epoch;
    std::size_t bytes = 32 + epoch.size();
    for (const auto& row : rows) {
        auto payload = sync::parse_json(row.payload);
        // A row the store wrote is JSON; should one not be, central still gets it (as text)
        // and keeps it as a rejected event rather than sync stopping here forever.
        sync::BatchEvent event{row.seq, row.event_type, row.created_at,
                               payload ? *payload : nlohmann::json(row.payload)};
        bytes += row.payload.size() + row.event_type.size() + 64;
        if (!batch.events.empty() && bytes > sync::kMaxBatchBytes) break;
        batch.events.push_back(std::move(event));
    }
    return sync::dump(sync::to_json(batch));
}

}  // namespace

void Uplink::Impl::events_loop() {
    auto reader = open_reader();
    if (!reader) return;
    auto client = connect(options_.request_timeout);
    {
        std::lock_guard lock(mutex_);
        events_client_ = client.get();
    }
    Backoff backoff(options_.backoff_initial, options_.backoff_max);
    std::size_t batch_size = std::clamp<std::size_t>(options_.batch_size, 1, sync::kMaxBatchEvents);
    std::string epoch;  // read once, on the first round: it never changes for a database
    while (!stopping()) {
        bool progressed = false;
        const bool ok = send_batch(*client, *reader, batch_size, epoch, progressed);
        if (ok) backoff.reset();
        const auto delay = !ok ? backoff.next() : options_.idle_interval;
        if (!progressed && !pause(delay, ok)) break;
    }
    std::lock_guard lock(mutex_);
    events_client_ = nullptr;
}

// One round: read the next rows after the marker, send them, move the marker. False when
// something failed (the caller backs off); progressed when central acknowledged new rows.
bool Uplink::Impl::send_batch(CentralClient& client, Database& reader, std::size_t& batch_size,
                              std::string& epoch, bool& progressed) {
    if (epoch.empty()) {
        auto state = uplink_state(reader);
        if (!state) {
            failed("cannot read the outbox's epoch", state.error().describe());
            return false;
        }
        epoch = state->outbox_epoch;
    }
    auto backlog = outbox_backlog(reader);
    if (!backlog) {
        failed("cannot read the outbox", backlog.error().describe());
        return false;
    }
    board_.update([&](UplinkStatus& s) {
        s.acknowledged = backlog->acknowledged;
        s.backlog = backlog->pending;
    });
    if (backlog->pending == 0) return true;
    auto rows = outbox_after(reader, backlog->acknowledged, batch_size);
    if (!rows) {
        failed("cannot read the outbox", rows.error().describe());
        return false;
    }
    if (rows->empty()) return true;
    const std::string body = batch_body(*rows, epoch);
    auto reply = client.post("/events", body);
    if (!reply) {
        failed("central unreachable", reply.error());
        return false;
    }
    if (reply->status == 413 && batch_size > 1) {
        batch_size = std::max<std::size_t>(1, batch_size / 2);
        log::warn("uplink", "central found the batch too large; sending " +
                                std::to_string(batch_size) + " events at a time");
        return true;
    }
    if (reply->status == 401) {
        failed(
            "central refused the gateway's credentials (re-enrol with iskra-gateway enroll "
            "--force)",
            describe_failure(*reply));
        return false;
    }
    if (reply->status != 200) {
        failed("central did not take the events", describe_failure(*reply));
        return false;
    }
    auto json = sync::parse_json(reply->body);
    auto answer = json ? sync::decode_acknowledged(*json)
                       : sync::WireResult<sync::Acknowledged>(tl::unexpected(json.error()));
    if (!answer) {
        failed("central's acknowledgement is unreadable", answer.error().describe());
        return false;
    }
    board_.succeeded();
    board_.update([&](UplinkStatus& s) {
        s.events_sent += rows->size();
        s.last_ack_at = hooks_.now();
    });
    // Central holds everything up to H (it may hold rows of an earlier send whose answer was
    // lost, so H can pass this batch). H below what was sent makes the next round send from H
    // again; H past the last row ever appended is central's mistake, capped here. A central
    // that keeps seqs per epoch never makes it; one that does not (older than epochs) does when
    // this database is younger than the gateway's identity, and has then dropped these events.
    if (answer->acknowledged > backlog->last_seq) {
        log::error("uplink", "central acknowledges seq " + std::to_string(answer->acknowledged) +
                                 " but this outbox ends at " + std::to_string(backlog->last_seq) +
                                 ": central does not tell this database (epoch " + epoch +
                                 ") from an earlier one and has dropped its events as repeats; "
                                 "upgrade central");
    }
    const std::int64_t held = std::min(answer->acknowledged, backlog->last_seq);
    if (held <= backlog->acknowledged) return true;
    const auto now = hooks_.now();
    auto moved =
        store_job<std::int64_t>([held, now](Database& db) { return acknowledge(db, held, now); });
    if (!moved) {
        failed("cannot move the outbox marker", moved.error());
        return false;
    }
    board_.update([&](UplinkStatus& s) {
        s.acknowledged = *moved;
        s.backlog = std::max<std::int64_t>(0, backlog->last_seq - *moved);
    });
    progressed = true;
    return true;
}

}  // namespace iskra::gateway
