// 2.0.1 firmware update and log upload (parts L and N) with their status sequences, and plain
// answers for the commands a simple station does not support (displays, monitoring,
// certificates, network profiles), so no command of the CSMS goes unanswered.
#include "iskra/log/log.hpp"
#include "iskra/session/timestamp.hpp"
#include "v201_station.hpp"

namespace iskra::sim {

using namespace ocpp::v201;
using namespace std::chrono_literals;

namespace {
constexpr auto kStep = 5s;

StatusInfoType unsupported(std::string why) {
    return StatusInfoType{std::nullopt, "UnsupportedRequest", std::move(why)};
}
}  // namespace

void V201Station::send_firmware_status(FirmwareStatusEnumType status,
                                       std::optional<std::int64_t> request_id,
                                       model::Timestamp now) {
    firmware_status_ = status;
    FirmwareStatusNotificationRequest req;
    req.status = status;
    // requestId is for statuses of an update in progress, not for Idle (L01.FR.20).
    if (status != FirmwareStatusEnumType::Idle) req.requestId = request_id;
    call(req, {}, now);
}

void V201Station::send_log_status(UploadLogStatusEnumType status,
                                  std::optional<std::int64_t> request_id, model::Timestamp now) {
    LogStatusNotificationRequest req;
    req.status = status;
    if (status != UploadLogStatusEnumType::Idle) req.requestId = request_id;
    call(req, {}, now);
}

void V201Station::register_maintenance(rpc::Router& router) {
    router.on<UpdateFirmwareRequest>([this](const UpdateFirmwareRequest& req,
                                            rpc::Reply<UpdateFirmwareResponse> reply) {
        UpdateFirmwareResponse resp;
        resp.status = UpdateFirmwareStatusEnumType::Accepted;
        reply.ok(resp);
        firmware_request_ = req.requestId;
        const bool signed_image = req.firmware.signature.has_value();
        const auto retrieve =
            session::parse_timestamp(req.firmware.retrieveDateTime).value_or(station_time(now_));
        const auto at = std::max(now_, retrieve - drift_);
        const std::int64_t id_ = req.requestId;
        timers_.schedule(at, [this, id_](model::Timestamp t) {
            send_firmware_status(FirmwareStatusEnumType::Downloading, id_, t);
        });
        timers_.schedule(at + kStep, [this, id_](model::Timestamp t) {
            send_firmware_status(FirmwareStatusEnumType::Downloaded, id_, t);
        });
        timers_.schedule(at + kStep + 1s, [this, id_, signed_image](model::Timestamp t) {
            if (signed_image)
                send_firmware_status(FirmwareStatusEnumType::SignatureVerified, id_, t);
            send_firmware_status(FirmwareStatusEnumType::Installing, id_, t);
        });
        timers_.schedule(at + 2 * kStep, [this, id_](model::Timestamp t) {
            send_firmware_status(FirmwareStatusEnumType::InstallRebooting, id_, t);
            installing_firmware_ = true;
            config_.identity.firmware_version += "+1";
            timers_.schedule(
                t + 2s, [this](model::Timestamp when) { reboot("FirmwareUpdate", 10s, when); });
        });
    });

    router.on<GetLogRequest>([this](const GetLogRequest& req, rpc::Reply<GetLogResponse> reply) {
        GetLogResponse resp;
        resp.status =
            log_request_ ? LogStatusEnumType::AcceptedCanceled : LogStatusEnumType::Accepted;
        resp.filename =
            std::string(req.logType == LogEnumType::SecurityLog ? "security-" : "diagnostics-") +
            id() + ".log";
        reply.ok(resp);
        log_request_ = req.requestId;
        const std::int64_t request = req.requestId;
        timers_.schedule(now_ + 1s, [this, request](model::Timestamp t) {
            send_log_status(UploadLogStatusEnumType::Uploading, request, t);
        });
        timers_.schedule(now_ + 1s + kStep, [this, request](model::Timestamp t) {
            send_log_status(UploadLogStatusEnumType::Uploaded, request, t);
            if (log_request_ == request) log_request_.reset();
        });
    });

    router.on<CertificateSignedRequest>(
        [](const CertificateSignedRequest&, rpc::Reply<CertificateSignedResponse> reply) {
            CertificateSignedResponse resp;
            resp.status = CertificateSignedStatusEnumType::Rejected;
            resp.statusInfo = unsupported("no certificate signing request outstanding");
            reply.ok(resp);
        });
    router.on<InstallCertificateRequest>(
        [](const InstallCertificateRequest&, rpc::Reply<InstallCertificateResponse> reply) {
            InstallCertificateResponse resp;
            resp.status = InstallCertificateStatusEnumType::Accepted;
            reply.ok(resp);
        });
    router.on<DeleteCertificateRequest>(
        [](const DeleteCertificateRequest&, rpc::Reply<DeleteCertificateResponse> reply) {
            DeleteCertificateResponse resp;
            resp.status = DeleteCertificateStatusEnumType::NotFound;
            reply.ok(resp);
        });
    router.on<GetInstalledCertificateIdsRequest>(
        [](const GetInstalledCertificateIdsRequest&,
           rpc::Reply<GetInstalledCertificateIdsResponse> reply) {
            GetInstalledCertificateIdsResponse resp;
            resp.status = GetInstalledCertificateStatusEnumType::NotFound;
            reply.ok(resp);
        });
    router.on<CustomerInformationRequest>(
        [](const CustomerInformationRequest&, rpc::Reply<CustomerInformationResponse> reply) {
            CustomerInformationResponse resp;
            resp.status = CustomerInformationStatusEnumType::Rejected;
            resp.statusInfo = unsupported("the simulator keeps no customer data");
            reply.ok(resp);
        });
    router.on<SetDisplayMessageRequest>(
        [](const SetDisplayMessageRequest&, rpc::Reply<SetDisplayMessageResponse> reply) {
            SetDisplayMessageResponse resp;
            resp.status = DisplayMessageStatusEnumType::Rejected;
            resp.statusInfo = unsupported("no display");
            reply.ok(resp);
        });
    router.on<GetDisplayMessagesRequest>(
        [](const GetDisplayMessagesRequest&, rpc::Reply<GetDisplayMessagesResponse> reply) {
            GetDisplayMessagesResponse resp;
            resp.status = GetDisplayMessagesStatusEnumType::Unknown;
            reply.ok(resp);
        });
    router.on<ClearDisplayMessageRequest>(
        [](const ClearDisplayMessageRequest&, rpc::Reply<ClearDisplayMessageResponse> reply) {
            ClearDisplayMessageResponse resp;
            resp.status = ClearMessageStatusEnumType::Unknown;
            reply.ok(resp);
        });
    router.on<CostUpdatedRequest>(
        [](const CostUpdatedRequest&, rpc::Reply<CostUpdatedResponse> reply) { reply.ok({}); });
    router.on<SetNetworkProfileRequest>(
        [](const SetNetworkProfileRequest&, rpc::Reply<SetNetworkProfileResponse> reply) {
            SetNetworkProfileResponse resp;
            resp.status = SetNetworkProfileStatusEnumType::Rejected;
            resp.statusInfo = unsupported("network profiles are fixed in the simulator");
            reply.ok(resp);
        });
    router.on<SetMonitoringBaseRequest>(
        [](const SetMonitoringBaseRequest&, rpc::Reply<SetMonitoringBaseResponse> reply) {
            SetMonitoringBaseResponse resp;
            resp.status = GenericDeviceModelStatusEnumType::NotSupported;
            reply.ok(resp);
        });
    router.on<SetMonitoringLevelRequest>(
        [](const SetMonitoringLevelRequest&, rpc::Reply<SetMonitoringLevelResponse> reply) {
            SetMonitoringLevelResponse resp;
            resp.status = GenericStatusEnumType::Rejected;
            reply.ok(resp);
        });
    router.on<SetVariableMonitoringRequest>([](const SetVariableMonitoringRequest& req,
                                               rpc::Reply<SetVariableMonitoringResponse> reply) {
        SetVariableMonitoringResponse resp;
        for (const auto& item : req.setMonitoringData) {
            SetMonitoringResultType result;
            result.id = item.id;
            result.status = SetMonitoringStatusEnumType::UnsupportedMonitorType;
            result.type = item.type;
            result.component = item.component;
            result.variable = item.variable;
            result.severity = item.severity;
            resp.setMonitoringResult.push_back(std::move(result));
        }
        reply.ok(resp);
    });
    router.on<ClearVariableMonitoringRequest>(
        [](const ClearVariableMonitoringRequest& req,
           rpc::Reply<ClearVariableMonitoringResponse> reply) {
            ClearVariableMonitoringResponse resp;
            for (const auto id : req.id) {
                ClearMonitoringResultType result;
                result.status = ClearMonitoringStatusEnumType::NotFound;
                result.id = id;
                resp.clearMonitoringResult.push_back(result);
            }
            reply.ok(resp);
        });
    router.on<GetMonitoringReportRequest>(
        [](const GetMonitoringReportRequest&, rpc::Reply<GetMonitoringReportResponse> reply) {
            GetMonitoringReportResponse resp;
            resp.status = GenericDeviceModelStatusEnumType::NotSupported;
            reply.ok(resp);
        });
    router.on<PublishFirmwareRequest>(
        [](const PublishFirmwareRequest&, rpc::Reply<PublishFirmwareResponse> reply) {
            PublishFirmwareResponse resp;
            resp.status = GenericStatusEnumType::Rejected;
            resp.statusInfo = unsupported("not a local controller");
            reply.ok(resp);
        });
    router.on<UnpublishFirmwareRequest>(
        [](const UnpublishFirmwareRequest&, rpc::Reply<UnpublishFirmwareResponse> reply) {
            UnpublishFirmwareResponse resp;
            resp.status = UnpublishFirmwareStatusEnumType::NoFirmware;
            reply.ok(resp);
        });
}

}  // namespace iskra::sim
