// The commands thread: the long-poll over central's command queue and the list deltas it
// announces (README.md, Commands down and Lists down).
#include <algorithm>

#include "iskra/gateway/store/auth_store.hpp"
#include "iskra/gateway/store/command_log.hpp"
#include "iskra/gateway/store/tariff_feed_store.hpp"
#include "iskra/gateway/store/uplink_state.hpp"
#include "iskra/gateway/uplink/backoff.hpp"
#include "iskra/gateway/uplink/list_deltas.hpp"
#include "iskra/log/log.hpp"
#include "uplink_impl.hpp"

namespace iskra::gateway {
namespace {

// A reply as JSON, or why it is not one we can use.
template <typename Decode>
auto decode_reply(const tl::expected<HttpReply, std::string>& reply, Decode decode)
    -> tl::expected<typename decltype(decode(nlohmann::json()))::value_type, std::string> {
    if (!reply) return tl::unexpected("central unreachable: " + reply.error());
    if (reply->status == 401) {
        return tl::unexpected(
            "central refused the gateway's credentials (re-enrol with "
            "iskra-gateway enroll --force): " +
            describe_failure(*reply));
    }
    if (reply->status != 200) return tl::unexpected(describe_failure(*reply));
    auto json = sync::parse_json(reply->body);
    if (!json) return tl::unexpected(std::string("central's answer is not JSON"));
    auto decoded = decode(*json);
    if (!decoded)
        return tl::unexpected("central's answer is unreadable: " + decoded.error().describe());
    return *std::move(decoded);
}

}  // namespace

void Uplink::Impl::commands_loop() {
    auto reader = open_reader();
    if (!reader) return;
    // The long poll holds the request up to poll_wait: read past it before calling it dead.
    auto client =
        connect(std::chrono::duration_cast<std::chrono::milliseconds>(options_.poll_wait) +
                options_.request_timeout);
    {
        std::lock_guard lock(mutex_);
        commands_client_ = client.get();
    }
    settle_interrupted(*reader);
    Backoff backoff(options_.backoff_initial, options_.backoff_max);
    while (!stopping()) {
        // Before the long poll, so a gateway prices with central's tariffs as soon as it starts
        // rather than after the first poll returns (up to poll_wait later).
        sync_tariffs(*client);
        if (poll_commands(*client, *reader)) {
            backoff.reset();
        } else if (!pause(backoff.next())) {
            break;
        }
    }
    std::lock_guard lock(mutex_);
    commands_client_ = nullptr;
}

// Central's commands still Pending at start were logged by an earlier run that stopped before
// the station's answer was settled: whether the station got them is unknown. Sending one again
// could reset a station twice or start a second session, so each is settled Failed, and
// central hears so through CommandCompleted (it may queue the command again).
void Uplink::Impl::settle_interrupted(Database& reader) {
    auto pending = pending_commands(reader);
    if (!pending) {
        failed("cannot read pending commands", pending.error().describe());
        return;
    }
    for (const auto& command : *pending) {
        if (!command.central_command_id) continue;
        const auto now = hooks_.now();
        auto settled =
            store_job<bool>([id = command.id, now](Database& db) -> tl::expected<bool, StoreError> {
                auto done = complete_command(
                    db, id, CommandStatus::Failed,
                    "the gateway restarted before the station's answer was recorded; not sent "
                    "again",
                    now);
                if (!done) return tl::unexpected(done.error());
                return true;
            });
        if (!settled) {
            log::warn(command.station_id, "central command " + *command.central_command_id +
                                              " stays pending: " + settled.error());
        }
    }
}

bool Uplink::Impl::poll_commands(CentralClient& client, Database& reader) {
    auto state = uplink_state(reader);
    if (!state) {
        failed("cannot read the command cursor", state.error().describe());
        return false;
    }
    board_.update([&](UplinkStatus& s) {
        s.command_cursor = state->command_cursor;
        s.stations_version = state->stations_version;
    });
    const std::string path = "/commands?after=" + std::to_string(state->command_cursor) +
                             "&wait=" + std::to_string(options_.poll_wait.count());
    auto answer = decode_reply(client.get(path), sync::decode_commands_answer);
    if (!answer) {
        if (!stopping()) failed("commands", answer.error());
        return false;
    }
    board_.succeeded();
    if (!answer->commands.empty() && !take_commands(*answer)) return false;
    if (!sync_local_list(client, reader, answer->local_list_version)) return false;
    return sync_stations(client, reader, answer->stations_version);
}

// Logs every command under its UUID and moves the cursor in one store job: a crash before the
// commit re-fetches them, after it finds them logged; a repeat delivery is logged once. Only
// the commands logged for the first time go to the station.
bool Uplink::Impl::take_commands(const sync::CommandsAnswer& answer) {
    const auto now = hooks_.now();
    auto logged = store_job<std::vector<CentralCommandJob>>(
        [commands = answer.commands,
         now](Database& db) -> tl::expected<std::vector<CentralCommandJob>, StoreError> {
            std::vector<CentralCommandJob> fresh;
            std::int64_t cursor = 0;
            for (const auto& command : commands) {
                const std::string payload = sync::dump(command.payload);
                auto recorded = record_central_command(db, command.command_id, command.station_id,
                                                       command.action, payload, now);
                if (!recorded) return tl::unexpected(recorded.error());
                if (recorded->fresh) {
                    fresh.push_back(CentralCommandJob{recorded->id, command.command_id,
                                                      command.station_id, command.action, payload});
                }
                cursor = std::max(cursor, command.seq);
            }
            if (auto moved = advance_command_cursor(db, cursor); !moved) {
                return tl::unexpected(moved.error());
            }
            return fresh;
        });
    if (!logged) {
        failed("cannot log central's commands", logged.error());
        return false;
    }
    board_.update([&](UplinkStatus& s) {
        s.commands_received += logged->size();
        for (const auto& command : answer.commands) {
            s.command_cursor = std::max(s.command_cursor, command.seq);
        }
    });
    enqueue(std::move(*logged));
    return true;
}

bool Uplink::Impl::sync_local_list(CentralClient& client, Database& reader,
                                   std::int64_t central_version) {
    auto ours = local_list_version(reader);
    if (!ours) {
        failed("cannot read the local list version", ours.error().describe());
        return false;
    }
    board_.update([&](UplinkStatus& s) { s.local_list_version = *ours; });
    if (central_version <= *ours) return true;
    auto delta = decode_reply(client.get("/local-list?since=" + std::to_string(*ours)),
                              sync::decode_local_list_delta);
    if (!delta) {
        failed("local list", delta.error());
        return false;
    }
    auto applied =
        store_job<bool>([delta = *delta](Database& db) -> tl::expected<bool, StoreError> {
            auto done = apply_local_list_delta(db, delta);
            if (!done) return tl::unexpected(done.error());
            return true;
        });
    if (!applied) {
        failed("cannot apply local list version " + std::to_string(delta->version),
               applied.error());
        return false;
    }
    log::info("uplink", "local list now at version " + std::to_string(delta->version) +
                            (delta->full ? " (full)" : ""));
    board_.update([&](UplinkStatus& s) { s.local_list_version = delta->version; });
    return true;
}

bool Uplink::Impl::sync_stations(CentralClient& client, Database& reader,
                                 std::int64_t central_version) {
    auto state = uplink_state(reader);
    if (!state) {
        failed("cannot read the stations version", state.error().describe());
        return false;
    }
    if (central_version <= state->stations_version) return true;
    auto delta =
        decode_reply(client.get("/stations?since=" + std::to_string(state->stations_version)),
                     sync::decode_stations_delta);
    if (!delta) {
        failed("stations", delta.error());
        return false;
    }
    const auto now = hooks_.now();
    auto applied =
        store_job<bool>([delta = *delta, now](Database& db) -> tl::expected<bool, StoreError> {
            auto done = apply_stations_delta(db, delta, now);
            if (!done) return tl::unexpected(done.error());
            return true;
        });
    if (!applied) {
        failed("cannot apply stations version " + std::to_string(delta->version), applied.error());
        return false;
    }
    log::info("uplink", "station list now at version " + std::to_string(delta->version));
    board_.update([&](UplinkStatus& s) { s.stations_version = delta->version; });
    if (hooks_.stations_applied) hooks_.stations_applied(*delta);
    return true;
}

// The feed is small (a site's tariffs) and changes rarely, so it is fetched whole on a timer
// rather than announced; it is stored verbatim so a restart while central is unreachable still
// prices sessions in progress.
constexpr std::chrono::seconds kTariffsRetry{30};

void Uplink::Impl::sync_tariffs(CentralClient& client) {
    const auto now = std::chrono::steady_clock::now();
    if (now < next_tariffs_) return;
    next_tariffs_ = now + options_.tariffs_interval;
    auto reply = client.get("/tariffs");
    if (!reply || reply->status != 200) {
        // Central away: try again within half a minute of its return, not a whole interval.
        next_tariffs_ = now + std::min<std::chrono::steady_clock::duration>(
                                  options_.tariffs_interval, kTariffsRetry);
        log::warn("uplink", "tariffs not fetched, the last ones stay: " +
                                (reply ? describe_failure(*reply) : reply.error()));
        return;
    }
    auto json = sync::parse_json(reply->body);
    if (!json || !json->is_object() ||
        (hooks_.tariffs_fetched && !hooks_.tariffs_fetched(reply->body))) {
        log::warn("uplink", "central's tariff feed is unreadable; the last one stays");
        return;
    }
    auto saved = store_job<bool>(
        [body = reply->body, at = hooks_.now()](Database& db) -> tl::expected<bool, StoreError> {
            auto done = save_tariff_feed(db, body, at);
            if (!done) return tl::unexpected(done.error());
            return true;
        });
    if (!saved) log::warn("uplink", "cannot store the tariff feed: " + saved.error());
}

}  // namespace iskra::gateway
