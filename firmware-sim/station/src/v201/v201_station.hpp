// A station that speaks OCPP 2.0.1: EVSEs with one or more connectors (the base's Connector is
// an EVSE, its outlets the connectors), TransactionEvent with seqNo and the offline flag, a
// device model of variables. Private to the station library;
// make_station() builds it. Service thread only, like its base.
#pragma once

#include <string>
#include <vector>

#include "iskra/ocpp/v201/messages.hpp"
#include "iskra/sim/station/station.hpp"

namespace iskra::sim {

class V201Station final : public Station {
public:
    V201Station(StationConfig config, Transport& transport, model::Timestamp now);

    struct Variable;  // one device-model variable (v201_variable.hpp)

private:
    void register_handlers(rpc::Router& router) override;
    void send_boot(model::Timestamp now) override;
    void send_heartbeat(model::Timestamp now) override;
    void send_status(std::int64_t connector, std::int64_t outlet, session::ConnectorStatus status,
                     model::Timestamp now) override;
    void send_authorize(const Token& token, std::function<void(std::optional<TokenInfo>)> done,
                        model::Timestamp now) override;
    void tx_started(Connector& c, model::Timestamp now) override;
    void tx_updated(Connector& c, TxUpdate why, model::Timestamp now) override;
    void tx_ended(Connector& c, Transaction& tx, session::StopReason reason,
                  model::Timestamp now) override;
    void idle_sample(Connector& c, model::Timestamp now) override;
    void after_boot_accepted(model::Timestamp now) override;
    void after_tx_end(Connector& c, model::Timestamp now) override;
    void reservation_expired(const Reservation& r, model::Timestamp now) override;
    session::ConnectorStatus wire_status(session::ConnectorStatus status) const override;
    std::string new_transaction_id() override;
    bool starts_on_plug() const override;
    bool starts_on_auth() const override;
    bool stops_on_unplug() const override;
    bool stops_on_deauth() const override;

    // Handlers, by topic (v201_commands.cpp, v201_device_model.cpp, v201_smart_charging.cpp,
    // v201_maintenance.cpp).
    void register_core(rpc::Router& router);
    void register_device_model(rpc::Router& router);
    void register_smart_charging(rpc::Router& router);
    void register_maintenance(rpc::Router& router);

    void request_start(const ocpp::v201::RequestStartTransactionRequest& req,
                       rpc::Reply<ocpp::v201::RequestStartTransactionResponse> reply);
    // `outlet` 0: every connector of the EVSE (or of the station).
    void trigger(ocpp::v201::MessageTriggerEnumType what, std::optional<std::int64_t> evse,
                 std::int64_t outlet, model::Timestamp now);
    // One TransactionEvent of `tx`, queued with its seqNo and the offline flag.
    void transaction_event(Connector& c, Transaction& tx, ocpp::v201::TransactionEventEnumType type,
                           ocpp::v201::TriggerReasonEnumType trigger,
                           std::vector<session::MeterSample> samples, bool with_token,
                           std::optional<ocpp::v201::ReasonEnumType> stopped, model::Timestamp now);
    void send_report(std::int64_t request_id, const std::vector<const Variable*>& variables,
                     model::Timestamp now);
    void update_firmware(std::string location, bool signed_image, TransferPlan plan,
                         std::int64_t request, model::Timestamp at);
    void send_firmware_status(ocpp::v201::FirmwareStatusEnumType status,
                              std::optional<std::int64_t> request_id, model::Timestamp now);
    void send_log_status(ocpp::v201::UploadLogStatusEnumType status,
                         std::optional<std::int64_t> request_id, model::Timestamp now);
    void reset_now(bool immediate, model::Timestamp now);

    bool point_has(const std::string& points, std::string_view name) const;
    // The device model, built when asked for (requests for it are rare; stations are many).
    std::vector<Variable> variables();

    ocpp::v201::FirmwareStatusEnumType firmware_status_ = ocpp::v201::FirmwareStatusEnumType::Idle;
    std::optional<std::int64_t> firmware_request_;
    bool installing_firmware_ = false;
    bool reset_scheduled_ = false;
    std::optional<std::int64_t> log_request_;
    std::int64_t report_seq_no_ = 0;
};

}  // namespace iskra::sim
