// One simulated charging station: connectors with their physics, the OCPP behaviour of firmware
// (boot, heartbeat, status, authorisation, transactions, meter values, offline queueing and
// replay, answers to every CSMS command) and the driver and fault actions that a scenario, the
// console or a load run performs on it.
//
// This base holds what both versions share: connection lifecycle, timers, the physical model,
// authorisation rules, the transaction decisions and the transaction-message queue. The 1.6 and
// 2.0.1 subclasses (made by make_station) say it on the wire. Time is injected: every entry point
// takes `now` (simulated UTC, possibly accelerated), and next_due() tells the host when to call
// advance(). Single-threaded: the host's service thread makes every call, and nothing blocks.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>
#include <tl/expected.hpp>

#include "iskra/rpc/rpc_endpoint.hpp"
#include "iskra/session/events.hpp"
#include "iskra/sim/model/charging_point.hpp"
#include "iskra/sim/model/charging_profile.hpp"
#include "iskra/sim/model/rng.hpp"
#include "iskra/sim/station/file_transfer.hpp"
#include "iskra/sim/station/local_auth.hpp"
#include "iskra/sim/station/station_config.hpp"
#include "iskra/sim/station/timer_queue.hpp"
#include "iskra/sim/station/transport.hpp"

namespace iskra::sim {

// What the driver does when the EV reaches its target state of charge.
enum class WhenFull { Stay, Unplug, Stop };

enum class Registration { None, Pending, Accepted, Rejected };

struct Token {
    std::string id;
    std::string type = "ISO14443";  // 2.0.1 IdTokenEnumType; 1.6 ignores it
    bool operator==(const Token&) const = default;
};

struct Transaction {
    std::string id;                       // 2.0.1 transactionId; 1.6 a local name for logs
    std::optional<std::int64_t> csms_id;  // 1.6: from the StartTransaction answer
    bool start_failed = false;            // 1.6: the CSMS never accepted StartTransaction
    std::optional<Token> token;
    std::optional<std::string> group;
    bool authorized = false;
    model::Timestamp started_at;  // station clock
    std::int64_t meter_start_wh = 0;
    std::optional<std::int64_t> reservation_id;
    std::optional<std::int64_t> remote_start_id;
    std::int64_t next_seq_no = 0;          // 2.0.1
    std::int64_t evse_connector_sent = 0;  // 2.0.1: the connectorId the CSMS has heard
    bool started_offline = false;
    bool started_by_plug = false;                          // the EV plugging in was what started it
    std::optional<session::ChargingState> reported_state;  // 2.0.1: last chargingState sent
    // The running cost the CSMS last sent (2.0.1 CostUpdated, 1.6 Iskra's DataTransfer), as the
    // station's display shows it.
    std::optional<std::string> cost_shown;
    std::vector<session::MeterSample> stop_samples;  // 1.6 transactionData
    std::int64_t charging_ms = 0;                    // 2.0.1 timeSpentCharging
    model::Timestamp charging_since{};
};

struct Authorization {
    Token token;
    std::optional<std::string> group;
    std::optional<std::int64_t> remote_start_id;
    std::optional<std::int64_t> reservation_id;
    bool remote = false;
    TimerQueue::Id timeout = 0;
};

struct Reservation {
    std::int64_t id = 0;
    std::string token;
    std::optional<std::string> group;
    model::Timestamp expires_at;
    TimerQueue::Id timer = 0;
};

// One physical connector of a Connector below (2.0.1 connectorId = its index + 1).
struct Outlet {
    ConnectorConfig config;
    bool operative = true;                    // 2.0.1 ChangeAvailability of this one connector
    std::optional<bool> scheduled_operative;  // after the running transaction
    std::optional<session::ConnectorStatus> reported;  // what the CSMS last heard
};

// What charges one vehicle at a time and carries its transaction: a 1.6 connector, or a 2.0.1
// EVSE (the `id` is then the evseId). Its `outlets` are the physical connectors: one for 1.6,
// one or more for an EVSE, sharing the physics (power path, meter, the EV). The vehicle plugs
// into one of them; while it does, or its transaction runs, the others are Unavailable.
struct Connector {
    Connector(std::int64_t id_, const EvseConfig& evse, model::Timestamp now);

    std::int64_t id;
    std::vector<Outlet> outlets;
    // The outlet (from 1) the vehicle is at: set when it plugs in, kept while a transaction
    // runs or finishes there; 0 when none is taken.
    std::int64_t outlet_in_use = 0;
    model::ChargingPoint physics;
    WhenFull when_full = WhenFull::Stay;
    std::optional<Authorization> authorization;
    std::shared_ptr<Transaction> tx;
    bool finishing = false;  // a transaction ended with the EV still plugged in
    bool operative = true;
    std::optional<bool> scheduled_operative;  // after the running transaction
    std::optional<std::string> fault;         // 1.6 ChargePointErrorCode text
    std::optional<Reservation> reservation;
    TimerQueue::Id sample_timer = 0;
    TimerQueue::Id full_timer = 0;
};

// Names where a driver acts: the 1.6 connector or 2.0.1 EVSE `id` and, on an EVSE with several
// connectors, which of them (`connector`, from 1; 0: whichever fits, the first free one for a
// plug-in and the one with the vehicle for an unplug). A plain number converts: `plug_in(2, ...)`.
struct ConnectorRef {
    ConnectorRef(std::int64_t id_) : id(id_) {}  // NOLINT(google-explicit-constructor)
    ConnectorRef(std::int64_t id_, std::int64_t connector_) : id(id_), connector(connector_) {}
    std::int64_t id;
    std::int64_t connector = 0;
};

// A snapshot for the console, the load summary and tests.
struct OutletView {
    std::int64_t id = 0;
    std::string type;
    session::ConnectorStatus status = session::ConnectorStatus::Available;
};

struct ConnectorView {
    std::int64_t id = 0;
    session::ConnectorStatus status = session::ConnectorStatus::Available;
    std::vector<OutletView> outlets;
    std::int64_t outlet_in_use = 0;
    bool plugged = false;
    double soc_percent = 0;
    std::int64_t power_w = 0;
    std::int64_t meter_wh = 0;
    std::optional<std::string> transaction;
    std::optional<std::string> cost;  // the running cost on the display
};

struct StationView {
    std::string id;
    ocpp::Version version = ocpp::Version::v16;
    bool powered = false;
    bool connected = false;
    Registration registration = Registration::None;
    std::size_t queued_tx_messages = 0;
    std::vector<ConnectorView> connectors;
};

class Station {
public:
    virtual ~Station();
    Station(const Station&) = delete;
    Station& operator=(const Station&) = delete;

    // --- the host: transport events and time -------------------------------------------------
    void power_on(model::Timestamp now);
    void on_connected(model::Timestamp now);
    void on_connect_failed(model::Timestamp now, std::string_view why);
    void on_closed(model::Timestamp now, std::string_view why);
    void on_text(std::string_view text, model::Timestamp now);
    void advance(model::Timestamp now);
    std::optional<model::Timestamp> next_due() const;
    // One of our CALLs awaits its answer (a scenario holds its clock meanwhile).
    bool call_in_flight() const;
    void set_message_sink(MessageSink* sink) { sink_ = sink; }
    // Where firmware comes from and logs go; without one every transfer fails.
    void set_file_transfer(FileTransfer* files) { files_ = files; }

    // --- the driver and the faults ------------------------------------------------------------
    // Errors name what was wrong ("connector 3 does not exist"); the station is unchanged then.
    tl::expected<void, std::string> plug_in(ConnectorRef where, std::optional<model::EvSpec> ev,
                                            WhenFull when_full, model::Timestamp now);
    tl::expected<void, std::string> unplug(ConnectorRef where, model::Timestamp now);
    // An RFID card at the reader: starts (on `connector`, or where an EV waits) or stops.
    tl::expected<void, std::string> tap(const std::string& token,
                                        std::optional<std::int64_t> connector,
                                        model::Timestamp now);
    tl::expected<void, std::string> fault(std::int64_t connector, const std::string& error_code,
                                          model::Timestamp now);
    tl::expected<void, std::string> clear_fault(std::int64_t connector, model::Timestamp now);
    void power_loss(model::Timestamp now);
    void power_restore(model::Timestamp now);
    // The network is down for `duration`; the station keeps working and queues.
    void network_outage(std::chrono::milliseconds duration, model::Timestamp now);
    // The station's clock runs `offset` off true time until the CSMS corrects it.
    void set_clock_drift(std::chrono::milliseconds offset) { drift_ = offset; }

    // --- looking at it ------------------------------------------------------------------------
    const std::string& id() const { return config_.identity.id; }
    ocpp::Version version() const { return config_.version; }
    StationView view(model::Timestamp now);
    const Settings& settings() const { return settings_; }
    // 1.6 connectors, or 2.0.1 EVSEs.
    std::size_t connector_count() const { return connectors_.size(); }
    Registration registration() const { return registration_; }
    bool connected() const { return endpoint_ != nullptr; }
    std::size_t queued_tx_messages() const { return tx_queue_.size() + (tx_in_flight_ ? 1 : 0); }

protected:
    Station(StationConfig config, Transport& transport, model::Timestamp now);

    // --- what each version says on the wire ---------------------------------------------------
    virtual void register_handlers(rpc::Router& router) = 0;
    virtual void send_boot(model::Timestamp now) = 0;
    virtual void send_heartbeat(model::Timestamp now) = 0;
    // connector 0: the station as a whole; `outlet` (from 1) names the connector of an EVSE.
    virtual void send_status(std::int64_t connector, std::int64_t outlet,
                             session::ConnectorStatus status, model::Timestamp now) = 0;
    // Calls `done` with the CSMS's answer, or nullopt when none came.
    virtual void send_authorize(const Token& token,
                                std::function<void(std::optional<TokenInfo>)> done,
                                model::Timestamp now) = 0;
    enum class TxUpdate { Periodic, Clock, ChargingState, Authorized, Deauthorized, Trigger };
    virtual void tx_started(Connector& c, model::Timestamp now) = 0;
    virtual void tx_updated(Connector& c, TxUpdate why, model::Timestamp now) = 0;
    virtual void tx_ended(Connector& c, Transaction& tx, session::StopReason reason,
                          model::Timestamp now) = 0;
    // Clock-aligned readings of a connector without a transaction.
    virtual void idle_sample(Connector& c, model::Timestamp now) = 0;
    virtual void after_boot_accepted(model::Timestamp) {}
    // A transaction has just ended and its connector is idle (2.0.1 runs a scheduled reset).
    virtual void after_tx_end(Connector&, model::Timestamp) {}
    virtual bool reports_station_status() const { return false; }
    virtual void reservation_expired(const Reservation&, model::Timestamp) {}
    // 2.0.1 reports Occupied for 1.6's Preparing ... Finishing.
    virtual session::ConnectorStatus wire_status(session::ConnectorStatus status) const {
        return status;
    }
    virtual std::string new_transaction_id() = 0;
    // When a transaction begins (1.6: plugged and authorised, always) and ends.
    virtual bool starts_on_plug() const { return false; }
    virtual bool starts_on_auth() const { return false; }
    virtual bool stops_on_unplug() const { return settings_.stop_on_ev_disconnect; }
    virtual bool stops_on_deauth() const { return true; }

    // --- for the subclasses --------------------------------------------------------------------
    bool online() const { return endpoint_ != nullptr && registration_ == Registration::Accepted; }
    model::Timestamp station_time(model::Timestamp now) const { return now + drift_; }
    static rpc::RpcEndpoint::Clock::time_point steady(model::Timestamp now);
    // Sends a CALL now if connected (and registered, except for BootNotification); otherwise
    // the message is dropped and `done` hears Closed.
    template <class Request>
    void call(const Request& request,
              std::function<void(tl::expected<typename Request::Response, rpc::CallFailure>)> done,
              model::Timestamp now);
    // Transaction-related messages: kept across outages and reboots, sent in order, retried
    // per TransactionMessageAttempts/RetryInterval. `render` builds the payload when it is sent
    // (a 1.6 StopTransaction needs the id the StartTransaction answer brought), nullopt drops it.
    using Render = std::function<std::optional<std::string>()>;
    // The answer's payload, or nullptr when the message was given up after its attempts.
    using OnResult = std::function<void(const simdjson::dom::element*)>;
    void queue_tx_message(std::string action, Render render, OnResult on_result,
                          model::Timestamp now);
    void boot_answered(Registration status, std::int64_t interval_s,
                       const std::string& current_time, model::Timestamp now);
    void heartbeat_answered(const std::string& current_time, model::Timestamp now);

    Connector* connector(std::int64_t id);
    // How logs name it: "connector 2" on 1.6, "EVSE 2" on 2.0.1, as each version's messages do.
    std::string where(const Connector& c) const;
    // Puts the CSMS's running cost of `transaction` (2.0.1 id, or 1.6's number as text) on the
    // display; false when no running transaction has that id.
    bool show_cost(std::string_view transaction, std::string text);
    // `c`'s outlet `outlet` (from 1), or nullptr.
    static Outlet* outlet(Connector& c, std::int64_t outlet);
    // What the connector as a whole is doing (1.6's vocabulary; wire_status maps it).
    session::ConnectorStatus current_status(Connector& c, model::Timestamp now);
    // What one of its outlets reports: a sibling of the outlet in use is Unavailable.
    session::ConnectorStatus outlet_status(Connector& c, std::int64_t outlet, model::Timestamp now);
    session::ChargingState charging_state(Connector& c, model::Timestamp now);
    void reserve(Connector& c, Reservation reservation, model::Timestamp now);
    void cancel_reservation(Connector& c, model::Timestamp now);
    session::MeterSample sample(Connector& c, session::ReadingContext context,
                                const MeasurandList& measurands, model::Timestamp now);
    model::LimitAt limit_fn(Connector& c);
    std::optional<model::TxContext> tx_context(const Connector& c) const;
    // Re-evaluates every connector after anything changed: physics, charging state, statuses.
    void refresh(model::Timestamp now);
    void profiles_changed(model::Timestamp now);
    // Re-arm the clock-aligned and periodic sampling after their interval settings changed.
    void schedule_aligned(model::Timestamp now);
    void schedule_sampling(Connector& c, model::Timestamp now);
    void schedule_heartbeat(model::Timestamp now);
    // connector 0: the whole station; outlet 0: the whole connector (EVSE).
    void apply_availability(std::int64_t connector, std::int64_t outlet, bool operative,
                            model::Timestamp now);

    // The shared decisions the versions' command handlers call.
    void authorize_token(const Token& token,
                         std::function<void(bool accepted, std::optional<std::string> group)> done,
                         model::Timestamp now);
    void give_authorization(Connector& c, Authorization auth, model::Timestamp now);
    void start_if_ready(Connector& c, model::Timestamp now);
    void stop_transaction(Connector& c, session::StopReason reason, model::Timestamp now);
    void deauthorize(Connector& c, model::Timestamp now);
    // A restart: close the connection, drop volatile state, reconnect and boot with `reason`.
    void reboot(const std::string& boot_reason, std::chrono::milliseconds down,
                model::Timestamp now);
    std::optional<TokenInfo> known_token(const std::string& token, model::Timestamp now) const;
    // File transfers through the FileTransfer (station_files.cpp): up to `attempts` tries,
    // `retry_interval` apart (the commands' retries / retryInterval); an unsupported scheme is
    // not retried. `done` hears the last outcome on a later turn, never from inside the call,
    // and not at all when the station lost power meanwhile.
    struct TransferPlan {
        std::int64_t attempts = 1;
        std::chrono::seconds retry_interval{10};
    };
    static TransferPlan transfer_plan(std::optional<std::int64_t> retries,
                                      std::optional<std::int64_t> retry_interval_s);
    void fetch_file(std::string url, TransferPlan plan, FileTransfer::Downloaded done);
    void put_file(std::string url, std::string filename, std::string content, TransferPlan plan,
                  FileTransfer::Uploaded done);
    // The log file a GetDiagnostics / GetLog uploads: identity, settings, connectors, meters.
    std::string log_file(std::string_view kind, model::Timestamp now);

    StationConfig config_;
    Settings settings_;
    Transport& transport_;
    std::unique_ptr<rpc::RpcEndpoint> endpoint_;
    std::vector<Connector> connectors_;
    std::vector<model::Profile> profiles_;
    LocalAuthList local_list_;
    AuthCache auth_cache_;
    TimerQueue timers_;
    model::Rng rng_;
    MessageSink* sink_ = nullptr;
    FileTransfer* files_ = nullptr;
    std::uint64_t power_epoch_ = 0;
    Registration registration_ = Registration::None;
    std::string boot_reason_ = "PowerUp";
    bool powered_ = false;
    bool station_operative_ = true;
    std::optional<session::ConnectorStatus> station_reported_;
    std::chrono::milliseconds drift_{0};
    std::uint64_t connection_count_ = 0;
    std::uint64_t tx_counter_ = 0;
    bool plugging_ = false;  // inside plug_in(): a transaction starting now starts on the plug
    // The time of the entry point in progress, for callbacks that the endpoint runs.
    model::Timestamp now_{};

private:
    struct QueuedMessage {
        std::string action;
        Render render;
        OnResult on_result;
        std::int64_t attempts = 0;
    };
    void connect(model::Timestamp now);
    void schedule_reconnect(model::Timestamp now);
    void lost_connection(model::Timestamp now);
    void pump_tx_queue(model::Timestamp now);
    void tx_message_failed(const rpc::CallFailure& failure, model::Timestamp now);
    void refresh_status(model::Timestamp now);
    void ev_full_check(Connector& c, model::Timestamp now);
    Connector* choose_for_token(const std::string& token);
    void wait_for_plug(Connector& c, model::Timestamp now);
    void set_clock(const std::string& current_time, model::Timestamp now);
    void end_all_transactions(session::StopReason reason, model::Timestamp now);

    // An endpoint whose connection ended inside one of its own callbacks: it must outlive
    // that callback, so it is destroyed when the entry point that led there returns.
    void retire_endpoint();
    void drop_retired() { retired_.clear(); }

    std::vector<std::unique_ptr<rpc::RpcEndpoint>> retired_;
    std::deque<QueuedMessage> tx_queue_;
    std::optional<QueuedMessage> tx_in_flight_;
    TimerQueue::Id tx_retry_timer_ = 0;
    TimerQueue::Id reconnect_timer_ = 0;
    TimerQueue::Id heartbeat_timer_ = 0;
    TimerQueue::Id boot_retry_timer_ = 0;
    TimerQueue::Id aligned_timer_ = 0;
    std::chrono::milliseconds backoff_{0};
    std::optional<model::Timestamp> network_down_until_;
    bool connecting_ = false;
};

// A station of `config.version`, powered off; call power_on() to start it.
std::unique_ptr<Station> make_station(StationConfig config, Transport& transport,
                                      model::Timestamp now);

template <class Request>
void Station::call(
    const Request& request,
    std::function<void(tl::expected<typename Request::Response, rpc::CallFailure>)> done,
    model::Timestamp now) {
    const bool boot = Request::kAction == "BootNotification";
    if (endpoint_ == nullptr || (!boot && registration_ != Registration::Accepted)) {
        if (done) {
            done(tl::unexpected(rpc::CallFailure{rpc::CallFailure::Kind::Closed,
                                                 rpc::RpcErrorCode::GenericError, "offline"}));
        }
        return;
    }
    if (!done) done = [](auto) {};
    endpoint_->call(request, std::move(done), steady(now));
}

}  // namespace iskra::sim
