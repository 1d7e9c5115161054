// What the technician's status page and `iskra-gateway status` show, read from the store:
// stations with their connectors and last message, open sessions, the outbox backlog, and one
// session as the back office sees it (with its flags). The functions read any connection; the
// status thread uses a StatusReader, whose read-only WAL connection never waits for the writer.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "iskra/gateway/store/database.hpp"
#include "iskra/gateway/store/outbox.hpp"
#include "iskra/gateway/store/station_registry.hpp"

namespace iskra::gateway {

struct ConnectorState {
    std::int64_t evse_id = 0;
    std::int64_t connector_id = 0;
    std::string status;
    std::optional<std::string> error_code;
    std::optional<std::string> info;
    std::optional<Timestamp> updated_at;
};

struct StationOverview {
    std::string station_id;
    std::optional<std::string> protocol;  // "ocpp1.6" / "ocpp2.0.1"; nullopt before its boot
    std::optional<std::string> vendor;
    std::optional<std::string> model;
    std::optional<std::string> firmware_version;
    StationAllowState allow_state = StationAllowState::Pending;
    std::optional<Timestamp> last_seen_at;  // the last message the store recorded
    std::optional<Timestamp> last_boot_at;
    std::vector<ConnectorState> connectors;
};

struct SessionFlag {
    std::string kind;  // one of flag::k... in session_ledger.hpp
    std::string detail;
    Timestamp at;
};

struct SessionView {
    std::string session_uuid;
    std::string station_id;
    std::optional<std::int64_t> evse_id;
    std::optional<std::int64_t> connector_id;
    std::optional<std::int64_t> transaction_id_v16;
    std::optional<std::string> transaction_id_v201;
    std::optional<std::string> token_id;
    std::optional<std::int64_t> meter_start_wh;
    std::optional<std::int64_t> meter_stop_wh;
    std::optional<Timestamp> started_at;
    std::optional<Timestamp> ended_at;
    std::optional<std::string> stop_reason;
    bool open = false;
    std::optional<std::string> closed_by;  // station | status | reboot | new_session
    bool offline = false;
    std::optional<std::int64_t> last_meter_wh;
    std::optional<Timestamp> last_meter_at;
    std::vector<SessionFlag> flags;  // oldest first; filled by find_session_view

    // meter stop − meter start, when both are known.
    std::optional<std::int64_t> energy_wh() const;
};

struct SiteStatus {
    std::vector<StationOverview> stations;
    std::vector<SessionView> open_sessions;
    OutboxBacklog outbox;
    std::optional<std::string> tariff_feed;  // the last tariff feed's JSON, for the cost so far
};

tl::expected<std::vector<StationOverview>, StoreError> station_overview(Database& db);
tl::expected<std::vector<SessionView>, StoreError> open_sessions(Database& db);
// Every session of a station, oldest first (flags not filled).
tl::expected<std::vector<SessionView>, StoreError> sessions_of_station(Database& db,
                                                                       std::string_view station_id);
tl::expected<std::optional<SessionView>, StoreError> find_session_view(Database& db,
                                                                       std::string_view uuid);
tl::expected<SiteStatus, StoreError> site_status(Database& db);

// The status thread's read-only connection. Calls are serialised by a mutex, so the page and
// the CLI handler may share one; they never block the store thread (WAL readers).
class StatusReader {
public:
    static tl::expected<std::unique_ptr<StatusReader>, StoreError> open(
        const std::filesystem::path& file);

    tl::expected<SiteStatus, StoreError> site_status();
    tl::expected<std::optional<SessionView>, StoreError> find_session_view(std::string_view uuid);

private:
    explicit StatusReader(std::unique_ptr<Database> database);

    std::mutex mutex_;
    std::unique_ptr<Database> database_;  // guarded by mutex_
};

}  // namespace iskra::gateway
