#include "gateway_app.hpp"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <future>

#include "central_commands.hpp"
#include "command_history.hpp"
#include "data_dir_lock.hpp"
#include "fd_limit.hpp"
#include "iskra/gateway/ocpp_server.hpp"
#include "iskra/gateway/station_commands.hpp"
#include "iskra/gateway/station_service.hpp"
#include "iskra/gateway/status_server.hpp"
#include "iskra/gateway/store/command_log.hpp"
#include "iskra/gateway/store/migrations.hpp"
#include "iskra/gateway/store/session_ids.hpp"
#include "iskra/gateway/store/station_registry.hpp"
#include "iskra/gateway/tariff_feed.hpp"
#include "iskra/gateway/uplink/central_identity.hpp"
#include "iskra/gateway/uplink/uplink.hpp"
#include "iskra/log/log.hpp"
#include "running_cost_restore.hpp"
#include "site_admin.hpp"
#include "sqlite_site_ledger.hpp"
#include "status_snapshot.hpp"

namespace iskra::gateway {
namespace {

// The one place the gateway reads the wall clock; everything else is given `now`.
session::Timestamp system_now() {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now());
}

// Signal handlers may only touch this; OcppServer::stop() is safe to call from one.
OcppServer* g_running_server = nullptr;

void on_stop_signal(int) {
    if (g_running_server != nullptr) g_running_server->stop();
}

// Completions of store jobs are run on the service thread.
class ServerCompletionSink : public CompletionSink {
public:
    explicit ServerCompletionSink(OcppServer*& server) : server_(server) {}
    void post(std::function<void()> completion) override { server_->post(std::move(completion)); }

private:
    OcppServer*& server_;
};

StationStanding to_standing(StationAllowState state) {
    switch (state) {
        case StationAllowState::Allowed:
            return StationStanding::Allowed;
        case StationAllowState::Pending:
            return StationStanding::Pending;
        case StationAllowState::Rejected:
            return StationStanding::Rejected;
    }
    return StationStanding::Pending;
}

int fail(const std::string& reason) {
    std::fprintf(stderr, "iskra-gateway: %s\n", reason.c_str());
    return 2;
}

}  // namespace

int run_gateway(const GatewaySettings& settings) {
    log::Level level = log::Level::Info;
    log::parse_level(settings.log_level, level);
    log::set_level(level);

    // Before any thread or socket: each station holds a descriptor.
    if (auto limit = raise_fd_limit(); !limit) {
        log::warn("gateway", "open-files limit not raised: " + limit.error());
    } else {
        log::info("gateway", "open-files limit " + std::to_string(limit->after) +
                                 (limit->after != limit->before
                                      ? " (raised from " + std::to_string(limit->before) + ")"
                                      : "") +
                                 ", hard limit " + std::to_string(limit->hard));
    }

    std::error_code error;
    std::filesystem::create_directories(settings.data_dir, error);
    if (error) return fail("cannot create data_dir " + settings.data_dir + ": " + error.message());
    auto data_dir_lock = DataDirLock::acquire(settings.data_dir);
    if (!data_dir_lock) return fail(data_dir_lock.error());
    const std::filesystem::path database_file =
        std::filesystem::path(settings.data_dir) / "gateway.db";

    // With central configured the gateway needs its identity before anything starts.
    std::optional<CentralIdentity> identity;
    if (!settings.central_url.empty()) {
        auto read = read_central_identity(central_identity_path(settings.data_dir));
        if (!read) return fail(read.error());
        if (read->central_url != settings.central_url) {
            log::warn("gateway", "central.url " + settings.central_url +
                                     " differs from the URL this gateway enrolled with (" +
                                     read->central_url + "); using central.url");
        }
        identity = std::move(*read);
    }

    auto writer = open_gateway_database(database_file);
    if (!writer) return fail(database_file.string() + ": " + writer.error().describe());
    auto reader = StatusReader::open(database_file);
    if (!reader) return fail(database_file.string() + ": " + reader.error().describe());

    StationRegistry registry(settings.security_profile, settings.accept_unknown_stations);
    auto known = station_credentials(**writer);
    if (!known) return fail("cannot read the station allow-list: " + known.error().describe());
    for (const auto& station : *known) {
        registry.set(station.station_id, StationEntry{to_standing(station.allow_state),
                                                      station.password_hash.value_or("")});
    }

    const RunningCostState running_costs = read_running_cost_state(**writer);

    OcppServer* server_for_sink = nullptr;
    ServerCompletionSink sink(server_for_sink);
    StoreThreadOptions store_options;
    store_options.commit_window = settings.store_commit_window;
    StoreThread store(std::move(*writer), sink, store_options);
    RandomSessionIdGenerator session_ids;
    LedgerConfig ledger_config;
    ledger_config.max_connector_power_w = settings.max_connector_power_w;
    ledger_config.unknown_station_state =
        settings.accept_unknown_stations ? StationAllowState::Allowed : StationAllowState::Pending;
    SessionLedger ledger(ledger_config, session_ids);
    SqliteSiteLedger site_ledger(store, ledger, system_now, settings.offline_unknown_tokens_accept);

    StationServiceOptions service_options;
    service_options.heartbeat_interval = settings.heartbeat_interval;
    service_options.cost_update_interval = settings.cost_update_interval;
    StationService service(service_options, registry, site_ledger, system_now);
    restore_running_costs(running_costs, service);

    OcppServerOptions server_options;
    server_options.host = settings.ocpp_host;
    server_options.port = settings.ocpp_port;
    server_options.path_prefix = settings.ocpp_path_prefix;
    server_options.ping_interval = settings.ping_interval;
    server_options.call_timeout = settings.call_timeout;
    server_options.max_frame_bytes = settings.max_frame_bytes;
    server_options.security_profile = settings.security_profile;
    server_options.tls_certificate = settings.tls_certificate;
    server_options.tls_private_key = settings.tls_private_key;
    server_options.tls_client_ca = settings.tls_client_ca;
    OcppServer server(server_options, registry, service);
    server_for_sink = &server;
    if (auto started = server.start(); !started) return fail(started.error());

    // The status page reads through its own connection; the command log is written by a
    // store job like every other write.
    StationCommands commands(server);
    std::unique_ptr<Uplink> uplink;
    StatusSources sources;
    sources.status = [&]() {
        auto live = std::make_shared<std::promise<nlohmann::json>>();
        auto future = live->get_future();
        server.post([&server, live] { live->set_value(connections_json(server.summaries())); });
        auto stored = (*reader)->site_status();
        nlohmann::json status = stored ? site_status_json(*stored, system_now())
                                       : nlohmann::json{{"store_error", stored.error().describe()}};
        status["connected"] = future.wait_for(std::chrono::seconds(2)) == std::future_status::ready
                                  ? future.get()
                                  : nlohmann::json::array();
        const auto uplink_status = uplink ? std::optional(uplink->status()) : std::nullopt;
        add_uplink_status(status, uplink_status ? &*uplink_status : nullptr);
        return status;
    };
    CommandHistory command_history(store, system_now);
    sources.begin_command = [&command_history](const std::string& station,
                                               const std::string& action,
                                               const std::string& payload) {
        return command_history.begin(station, action, payload);
    };
    sources.finish_command = [&command_history](std::int64_t id, const CommandOutcome& outcome) {
        return command_history.finish(id, outcome);
    };
    SiteAdmin admin(store, server, registry, system_now);
    sources.set_station = [&admin](const std::string& station, const std::string& state,
                                   const std::optional<std::string>& password) {
        return admin.set_station(station, state, password);
    };
    sources.update_local_list = [&admin](std::int64_t version, bool full,
                                         const nlohmann::json& entries) {
        return admin.update_local_list(version, full, entries);
    };
    sources.remote_start =
        [&](const StatusSources::RemoteStart& request) -> tl::expected<std::string, std::string> {
        auto promise = std::make_shared<std::promise<tl::expected<std::string, std::string>>>();
        auto future = promise->get_future();
        StationService::RemoteStart start;
        start.evse_id = request.evse_id;
        start.token = session::Token{request.id_token, session::TokenType::Central};
        start.limit.max_energy_wh = request.max_energy_wh;
        if (request.max_minutes)
            start.limit.max_duration = std::chrono::minutes(*request.max_minutes);
        server.post([&service, promise, station = request.station_id, start] {
            service.remote_start(station, start,
                                 [promise](auto answer) { promise->set_value(answer); });
        });
        if (future.wait_for(settings.call_timeout + std::chrono::seconds(5)) !=
            std::future_status::ready) {
            return tl::unexpected(std::string("the gateway did not finish the call"));
        }
        return future.get();
    };
    std::unique_ptr<CentralCommandRunner> central_commands;
    if (identity) {
        const auto remote_start = [&](const std::string& station_id,
                                      const StationService::RemoteStart& start)
            -> tl::expected<std::string, std::string> {
            auto promise = std::make_shared<std::promise<tl::expected<std::string, std::string>>>();
            auto future = promise->get_future();
            server.post([&service, promise, station_id, start] {
                service.remote_start(station_id, start,
                                     [promise](auto answer) { promise->set_value(answer); });
            });
            if (future.wait_for(settings.call_timeout + std::chrono::seconds(5)) !=
                std::future_status::ready) {
                return tl::unexpected(std::string("the gateway did not finish the call"));
            }
            return future.get();
        };
        central_commands =
            std::make_unique<CentralCommandRunner>(commands, remote_start, command_history,
                                                   settings.call_timeout + std::chrono::seconds(5));
        UplinkOptions uplink_options;
        uplink_options.central_url = settings.central_url;
        uplink_options.ca_file = settings.central_ca_file;
        uplink_options.identity = *identity;
        uplink_options.database_file = database_file;
        uplink_options.batch_size = settings.central_batch_size;
        uplink_options.poll_wait = settings.central_poll_wait;
        uplink_options.authorize_timeout = settings.central_authorize_timeout;
        uplink_options.backoff_max = settings.central_retry_max;
        uplink_options.tariffs_interval = settings.central_tariffs_interval;
        UplinkHooks hooks;
        hooks.now = system_now;
        hooks.run_command = [&central_commands](const CentralCommandJob& job) {
            central_commands->run(job);
        };
        // Only a feed the gateway can price with replaces the stored one.
        hooks.tariffs_fetched = [&server, &service](const std::string& body) {
            auto feed = parse_tariff_feed_text(body);
            if (!feed) {
                log::warn("uplink", "tariff feed refused: " + feed.error());
                return false;
            }
            server.post([&service, shared = std::make_shared<const TariffFeed>(*std::move(feed))] {
                service.set_tariff_feed(shared);
            });
            return true;
        };
        // The store holds the new list; the service thread's registry takes it from there
        // (the completion runs on the service thread), so a full list's omissions apply too.
        hooks.stations_applied = [&store, &registry](const sync::StationsDelta&) {
            store.submit(
                [](Database& db) { return station_credentials(db); },
                [&registry](tl::expected<std::vector<StationCredentials>, StoreError> all) {
                    if (!all) {
                        log::warn("uplink", "station list not reloaded: " + all.error().describe());
                        return;
                    }
                    for (const auto& station : *all) {
                        registry.set(station.station_id,
                                     StationEntry{to_standing(station.allow_state),
                                                  station.password_hash.value_or("")});
                    }
                });
        };
        uplink = std::make_unique<Uplink>(std::move(uplink_options), store, std::move(hooks));
        // Before run(): the service thread is the one that will read it.
        site_ledger.set_online_authorizer(&uplink->authorizer());
        uplink->start();
    }
    StatusServer status_server(settings.status_host, settings.status_port, sources, commands,
                               settings.call_timeout + std::chrono::seconds(5));
    if (auto started = status_server.start(); !started) return fail(started.error());

    g_running_server = &server;
    std::signal(SIGTERM, on_stop_signal);
    std::signal(SIGINT, on_stop_signal);
    std::printf("ready: ocpp=%u status=%u\n", static_cast<unsigned>(server.port()),
                static_cast<unsigned>(settings.status_port));
    std::fflush(stdout);
    log::info("gateway", "serving OCPP on " + settings.ocpp_host + ":" +
                             std::to_string(server.port()) + settings.ocpp_path_prefix +
                             "/{stationId}, status page on http://" + settings.status_host + ":" +
                             std::to_string(settings.status_port) + "/");

    server.run();
    g_running_server = nullptr;
    if (uplink) uplink->stop();
    status_server.stop();
    store.stop();
    log::info("gateway", "stopped");
    return 0;
}

}  // namespace iskra::gateway
