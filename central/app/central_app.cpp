#include "central_app.hpp"

#include <pthread.h>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

#include "iskra/central/charging/charging_module.hpp"
#include "iskra/central/charging/migrations.hpp"
#include "iskra/central/http/server.hpp"
#include "iskra/central/identity/identity_module.hpp"
#include "iskra/central/identity/migrations.hpp"
#include "iskra/central/stations/command_queue.hpp"
#include "iskra/central/stations/migrations.hpp"
#include "iskra/central/stations/stations_module.hpp"
#include "iskra/central/storage/database_url.hpp"
#include "iskra/central/storage/migrations.hpp"
#include "iskra/central/sync/gateway_authenticator.hpp"
#include "iskra/central/sync/migrations.hpp"
#include "iskra/central/sync/sync_module.hpp"
#include "iskra/central/tariffs/migrations.hpp"
#include "iskra/central/tariffs/tariffs_module.hpp"
#include "iskra/log/log.hpp"

namespace iskra::central {

struct CentralApp::Modules {
    std::unique_ptr<storage::Database> database;
    identity::IdentityModule identity;
    stations::CommandQueue queue;
    stations::StationsModule stations;
    sync::SyncModule sync;
    charging::ChargingModule charging;
    tariffs::TariffsModule tariffs;
    sync::GatewayAuthenticator authenticator;  // gateways itself, users by asking identity
    http::Router router;
    http::Dispatcher dispatcher;

    Modules(std::unique_ptr<storage::Database> db, const CentralSettings& settings)
        : database(std::move(db)),
          identity(*database, identity_options(settings)),
          queue(*database),
          stations(*database, queue),
          sync(*database, queue),
          charging(*database),
          tariffs(*database),
          authenticator(*database, &identity),
          dispatcher(router, authenticator) {}

    static identity::IdentityOptions identity_options(const CentralSettings& settings) {
        identity::IdentityOptions options;
        options.session_idle = settings.session_idle;
        options.session_lifetime = settings.session_lifetime;
        options.max_failures = settings.login_max_failures;
        options.lockout = settings.login_lockout;
        return options;
    }
};

namespace {

std::vector<storage::Migration> all_migrations() {
    std::vector<storage::Migration> all;
    for (auto module : {identity::migrations, stations::migrations, sync::migrations,
                        charging::migrations, tariffs::migrations}) {
        auto some = module();
        all.insert(all.end(), some.begin(), some.end());
    }
    return all;
}

void add_health_route(http::Router& router, storage::Database& database) {
    router.add(
        "GET", "/api/v1/health", http::Access::public_route(), [&database](const http::Context&) {
            auto version = storage::schema_version(database);
            if (!version) {
                return http::error_response({503, "database_unavailable", version.error(), {}});
            }
            return http::json_response(
                200, {{"status", "ok"},
                      {"database",
                       database.backend() == storage::Backend::SQLite ? "sqlite" : "postgresql"},
                      {"schema_version", *version}});
        });
}

// SIGTERM and SIGINT are taken by sigwait() on the main thread; blocked before any thread starts
// so every thread inherits the mask and none is interrupted.
sigset_t stop_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    return signals;
}

// Runs CentralApp::housekeep once a minute on its own thread until stop(); a failing sweep is
// logged and retried next minute, it never takes the server down.
class Housekeeper {
public:
    Housekeeper(CentralApp& app, std::chrono::minutes command_timeout)
        : thread_([this, &app, command_timeout] { loop(app, command_timeout); }) {}
    ~Housekeeper() { stop(); }
    Housekeeper(const Housekeeper&) = delete;
    Housekeeper& operator=(const Housekeeper&) = delete;

    void stop() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        if (thread_.joinable()) thread_.join();
    }

private:
    void loop(CentralApp& app, std::chrono::minutes command_timeout) {
        std::unique_lock lock(mutex_);
        while (!wake_.wait_for(lock, std::chrono::minutes(1), [this] { return stopping_; })) {
            lock.unlock();
            try {
                const auto swept = app.housekeep(command_timeout);
                if (swept.commands_timed_out > 0 || swept.sessions_purged > 0) {
                    log::info("central",
                              "housekeeping: " + std::to_string(swept.commands_timed_out) +
                                  " commands timed out, " + std::to_string(swept.sessions_purged) +
                                  " login sessions purged");
                }
            } catch (const std::exception& e) {
                log::warn("central", std::string("housekeeping failed: ") + e.what());
            }
            lock.lock();
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;  // last: starts after the members it uses exist
};

int serve(const CentralSettings& settings) {
    const sigset_t signals = stop_signals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    auto app = CentralApp::open(settings);
    if (!app) {
        std::fprintf(stderr, "iskra-central: %s\n", app.error().c_str());
        return 2;
    }
    http::ServerOptions options;
    options.host = settings.http_host;
    options.port = settings.http_port;
    options.max_threads = settings.http_threads;
    options.max_body_bytes = settings.http_max_body_bytes;
    options.web_root = settings.web_root;
    options.tls_certificate = settings.tls_certificate;
    options.tls_private_key = settings.tls_private_key;
    http::Server server((*app)->dispatcher(), options);
    try {
        server.start();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "iskra-central: %s\n", e.what());
        return 2;
    }
    Housekeeper housekeeper(**app, settings.command_timeout);
    std::printf("ready: http=%u\n", static_cast<unsigned>(server.port()));
    std::fflush(stdout);
    int signal = 0;
    sigwait(&signals, &signal);
    log::info("central", std::string("stopping on ") + (signal == SIGTERM ? "SIGTERM" : "SIGINT"));
    housekeeper.stop();
    (*app)->begin_shutdown();
    server.stop(settings.shutdown_grace);
    log::info("central", "stopped");
    return 0;
}

std::string access_name(const http::Access& access) {
    switch (access.kind) {
        case http::Access::Kind::Public:
            return "public";
        case http::Access::Kind::Gateway:
            return "gateway";
        case http::Access::Kind::User:
            return std::string(http::to_string(access.permission));
    }
    return "?";
}

int print_routes(const CentralSettings& settings) {
    auto app = CentralApp::open(settings);
    if (!app) {
        std::fprintf(stderr, "iskra-central: %s\n", app.error().c_str());
        return 2;
    }
    for (const auto& route : (*app)->router().routes()) {
        std::printf("%-6s %-60s %s\n", route.method.c_str(), route.pattern.c_str(),
                    access_name(route.access).c_str());
    }
    return 0;
}

}  // namespace

tl::expected<std::unique_ptr<storage::Database>, std::string> open_database(
    const CentralSettings& settings) {
    auto url = storage::parse_database_url(settings.database);
    if (!url) return tl::unexpected("database: " + url.error());
    std::error_code ec;
    std::filesystem::create_directories(settings.data_dir, ec);
    if (ec) return tl::unexpected("data_dir " + settings.data_dir + ": " + ec.message());
    storage::DatabaseOptions options;
    options.pool_size = settings.database_pool_size;
    auto database = storage::Database::open(*url, options);
    if (!database) return tl::unexpected(database.error());
    auto migrated = storage::migrate(**database, all_migrations());
    if (!migrated) return tl::unexpected("migrations: " + migrated.error());
    return database;
}

tl::expected<std::unique_ptr<CentralApp>, std::string> CentralApp::open(
    const CentralSettings& settings) {
    auto database = open_database(settings);
    if (!database) return tl::unexpected(database.error());
    auto modules = std::make_unique<Modules>(std::move(*database), settings);
    add_health_route(modules->router, *modules->database);
    modules->identity.add_routes(modules->router);
    modules->stations.add_routes(modules->router);
    modules->sync.add_routes(modules->router);
    modules->charging.add_routes(modules->router);
    modules->tariffs.add_routes(modules->router);
    return std::unique_ptr<CentralApp>(new CentralApp(std::move(modules)));
}

CentralApp::CentralApp(std::unique_ptr<Modules> modules) : modules_(std::move(modules)) {}
CentralApp::~CentralApp() = default;

storage::Database& CentralApp::database() {
    return *modules_->database;
}
identity::IdentityModule& CentralApp::identity() {
    return modules_->identity;
}
const http::Router& CentralApp::router() const {
    return modules_->router;
}
const http::Dispatcher& CentralApp::dispatcher() const {
    return modules_->dispatcher;
}
void CentralApp::begin_shutdown() {
    modules_->queue.shutdown();
}

CentralApp::Swept CentralApp::housekeep(std::chrono::minutes command_timeout) {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const auto cutoff =
        now - std::chrono::duration_cast<std::chrono::milliseconds>(command_timeout).count();
    Swept swept;
    swept.commands_timed_out = modules_->queue.expire(cutoff, now);
    swept.sessions_purged = modules_->identity.purge_expired_sessions();
    return swept;
}

int run_command(const CommandLine& line, const CentralSettings& settings) {
    log::Level level = log::Level::Info;
    if (log::parse_level(settings.log_level, level)) log::set_level(level);
    using Command = CommandLine::Command;
    if (line.command == Command::Run) return serve(settings);
    if (line.command == Command::Routes) return print_routes(settings);
    if (line.command == Command::Migrate) {
        auto database = open_database(settings);
        if (!database) {
            std::fprintf(stderr, "iskra-central: %s\n", database.error().c_str());
            return 2;
        }
        std::printf("schema: %d\n", storage::schema_version(**database).value_or(-1));
        return 0;
    }
    auto app = CentralApp::open(settings);
    if (!app) {
        std::fprintf(stderr, "iskra-central: %s\n", app.error().c_str());
        return 2;
    }
    switch (line.command) {
        case Command::CreateUser:
            return create_user_command(**app, line);
        case Command::CreateSite:
            return create_site_command(**app, line);
        case Command::EnrolmentCode:
            return enrolment_code_command(**app, line);
        default:
            return 2;
    }
}

}  // namespace iskra::central
