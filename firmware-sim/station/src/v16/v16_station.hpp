// A station that speaks OCPP 1.6-J (with the security extension's messages). Private to the
// station library; make_station() builds it. Service thread only, like its base.
#pragma once

#include <string>
#include <vector>

#include "iskra/ocpp/v16/messages.hpp"
#include "iskra/sim/station/station.hpp"

namespace iskra::sim {

class V16Station final : public Station {
public:
    V16Station(StationConfig config, Transport& transport, model::Timestamp now);

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
    bool reports_station_status() const override { return true; }
    std::string new_transaction_id() override;

    // Handlers, by topic (v16_commands.cpp, v16_config.cpp, v16_smart_charging.cpp,
    // v16_maintenance.cpp).
    void register_core(rpc::Router& router);
    void register_config(rpc::Router& router);
    void register_smart_charging(rpc::Router& router);
    void register_maintenance(rpc::Router& router);

    ocpp::v16::DataTransferResponse iskra_data_transfer(const ocpp::v16::DataTransferRequest& req);
    void remote_start(const ocpp::v16::RemoteStartTransactionRequest& req,
                      rpc::Reply<ocpp::v16::RemoteStartTransactionResponse> reply);
    void trigger(ocpp::v16::MessageTrigger what, std::optional<std::int64_t> connector,
                 model::Timestamp now);
    void send_meter_values(Connector& c, session::ReadingContext context,
                           const MeasurandList& measurands, model::Timestamp now);
    void send_firmware_status(ocpp::v16::FirmwareStatus status, model::Timestamp now);
    void send_diagnostics_status(ocpp::v16::DiagnosticsStatus status, model::Timestamp now);
    void send_log_status(ocpp::v16::UploadLogStatusEnumType status,
                         std::optional<std::int64_t> request_id, model::Timestamp now);
    void send_signed_firmware_status(ocpp::v16::FirmwareStatusEnumType status,
                                     std::optional<std::int64_t> request_id, model::Timestamp now);
    void run_firmware_update(std::string location, TransferPlan plan, model::Timestamp at,
                             std::optional<std::int64_t> signed_request);

    ocpp::v16::FirmwareStatus firmware_status_ = ocpp::v16::FirmwareStatus::Idle;
    ocpp::v16::DiagnosticsStatus diagnostics_status_ = ocpp::v16::DiagnosticsStatus::Idle;
    // Set while a firmware update waits for the reboot that installs it.
    bool installing_firmware_ = false;
    std::optional<std::int64_t> signed_firmware_request_;
    std::vector<std::pair<ocpp::v16::CertificateUseEnumType, std::string>> certificates_;
};

}  // namespace iskra::sim
