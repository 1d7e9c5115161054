// 2.0.1 firmware update and log upload (parts L and N): real transfers with their status
// sequences; and plain answers for the commands a simple station does not support (displays,
// monitoring, certificates, network profiles), so no command of the CSMS goes unanswered.
#include <cstdio>

#include "iskra/log/log.hpp"
#include "iskra/session/timestamp.hpp"
#include "v201_station.hpp"

namespace iskra::sim {

using namespace ocpp::v201;
using namespace std::chrono_literals;

namespace {
constexpr auto kStep = 5s;

UploadLogStatusEnumType upload_failure_status(const TransferFailure& failure) {
    switch (failure.kind) {
        case TransferFailure::Kind::UnsupportedScheme:
            return UploadLogStatusEnumType::NotSupportedOperation;
        case TransferFailure::Kind::Denied:
            return UploadLogStatusEnumType::PermissionDenied;
        case TransferFailure::Kind::Failed:
            break;
    }
    return UploadLogStatusEnumType::UploadFailure;
}

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

void V201Station::update_firmware(std::string location, bool signed_image, TransferPlan plan,
                                  std::int64_t request, model::Timestamp at) {
    timers_.schedule(at, [this, location, signed_image, plan, request](model::Timestamp t) {
        if (firmware_request_ != request) return;  // replaced before it began
        send_firmware_status(FirmwareStatusEnumType::Downloading, request, t);
        fetch_file(location, plan, [this, signed_image, request](auto image, model::Timestamp now) {
            if (firmware_request_ != request) return;
            if (!image) {
                send_firmware_status(FirmwareStatusEnumType::DownloadFailed, request, now);
                firmware_status_ = FirmwareStatusEnumType::Idle;
                return;
            }
            send_firmware_status(FirmwareStatusEnumType::Downloaded, request, now);
            const std::string version =
                firmware_version_of(*image, config_.identity.firmware_version);
            timers_.schedule(now + 1s, [this, signed_image, request](model::Timestamp t2) {
                if (signed_image)
                    send_firmware_status(FirmwareStatusEnumType::SignatureVerified, request, t2);
                send_firmware_status(FirmwareStatusEnumType::Installing, request, t2);
            });
            timers_.schedule(now + kStep, [this, request, version](model::Timestamp t2) {
                send_firmware_status(FirmwareStatusEnumType::InstallRebooting, request, t2);
                installing_firmware_ = true;
                config_.identity.firmware_version = version;
                timers_.schedule(t2 + 2s, [this](model::Timestamp when) {
                    reboot("FirmwareUpdate", 10s, when);
                });
            });
        });
    });
}

void V201Station::register_maintenance(rpc::Router& router) {
    router.on<UpdateFirmwareRequest>([this](const UpdateFirmwareRequest& req,
                                            rpc::Reply<UpdateFirmwareResponse> reply) {
        UpdateFirmwareResponse resp;
        // A newer request replaces the one under way (L01.FR.24).
        resp.status = firmware_request_ && firmware_status_ != FirmwareStatusEnumType::Idle
                          ? UpdateFirmwareStatusEnumType::AcceptedCanceled
                          : UpdateFirmwareStatusEnumType::Accepted;
        reply.ok(resp);
        firmware_request_ = req.requestId;
        const auto retrieve =
            session::parse_timestamp(req.firmware.retrieveDateTime).value_or(station_time(now_));
        update_firmware(req.firmware.location, req.firmware.signature.has_value(),
                        transfer_plan(req.retries, req.retryInterval), req.requestId,
                        std::max(now_, retrieve - drift_));
    });

    router.on<GetLogRequest>([this](const GetLogRequest& req, rpc::Reply<GetLogResponse> reply) {
        GetLogResponse resp;
        resp.status =
            log_request_ ? LogStatusEnumType::AcceptedCanceled : LogStatusEnumType::Accepted;
        const bool security = req.logType == LogEnumType::SecurityLog;
        resp.filename = std::string(security ? "security-" : "diagnostics-") + id() + ".log";
        reply.ok(resp);
        log_request_ = req.requestId;
        const std::int64_t request = req.requestId;
        send_log_status(UploadLogStatusEnumType::Uploading, request, now_);
        put_file(req.log.remoteLocation, *resp.filename,
                 log_file(security ? "security" : "diagnostics", now_),
                 transfer_plan(req.retries, req.retryInterval),
                 [this, request](tl::expected<void, TransferFailure> done, model::Timestamp t) {
                     // A newer GetLog took over: this one's outcome is no longer reported.
                     if (log_request_ != request) return;
                     send_log_status(done ? UploadLogStatusEnumType::Uploaded
                                          : upload_failure_status(done.error()),
                                     request, t);
                     log_request_.reset();
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
    // The display shows it with two decimals in the station's currency; the response has no
    // status, so an unknown transaction is simply not shown.
    router.on<CostUpdatedRequest>(
        [this](const CostUpdatedRequest& req, rpc::Reply<CostUpdatedResponse> reply) {
            char text[40];
            std::snprintf(text, sizeof text, "%.2f", req.totalCost);
            show_cost(req.transactionId, text);
            reply.ok({});
        });
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
