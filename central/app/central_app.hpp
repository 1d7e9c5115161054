// Wires central's modules over one database: opens it, brings its schema up to date, builds the
// router with every module's routes, and serves them until SIGTERM; or runs one ops command
// against the database. run_command returns the process exit code: 0 done, 1 failed while
// running, 2 bad configuration or arguments (with a one-line reason on stderr).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include <tl/expected.hpp>

#include "central_config.hpp"
#include "command_line.hpp"
#include "iskra/central/http/dispatcher.hpp"
#include "iskra/central/http/router.hpp"
#include "iskra/central/identity/identity_module.hpp"
#include "iskra/central/storage/database.hpp"

namespace iskra::central {

// Every module, built and routed; what the server and the tests run. Thread-safe after open().
class CentralApp {
public:
    static tl::expected<std::unique_ptr<CentralApp>, std::string> open(
        const CentralSettings& settings);
    ~CentralApp();

    storage::Database& database();
    identity::IdentityModule& identity();
    const http::Router& router() const;
    const http::Dispatcher& dispatcher() const;
    // Wakes every long-polling gateway so a stop does not wait out their polls.
    void begin_shutdown();
    // The periodic sweep serve() runs every minute: commands past `command_timeout` without an
    // outcome become Timeout, expired login sessions are deleted. Returns what it changed.
    struct Swept {
        std::size_t commands_timed_out = 0;
        std::size_t sessions_purged = 0;
    };
    Swept housekeep(std::chrono::minutes command_timeout);

    struct Modules;

private:
    explicit CentralApp(std::unique_ptr<Modules> modules);
    std::unique_ptr<Modules> modules_;
};

// Opens the database the settings name (creating the data folder for SQLite) and migrates it.
tl::expected<std::unique_ptr<storage::Database>, std::string> open_database(
    const CentralSettings& settings);

int run_command(const CommandLine& line, const CentralSettings& settings);

// The ops commands (ops_commands.cpp); each prints its result as `name: value` lines.
int create_user_command(CentralApp& app, const CommandLine& line);
int create_site_command(CentralApp& app, const CommandLine& line);
int enrolment_code_command(CentralApp& app, const CommandLine& line);

}  // namespace iskra::central
