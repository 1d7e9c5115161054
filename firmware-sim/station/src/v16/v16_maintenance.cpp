// 1.6 firmware and diagnostics (§5.8, §5.19) and the security extension's log, signed firmware,
// trigger and certificate messages, each with the status notification sequence firmware sends.
#include <functional>

#include "iskra/log/log.hpp"
#include "iskra/session/timestamp.hpp"
#include "v16_station.hpp"

namespace iskra::sim {

using namespace ocpp::v16;
using namespace std::chrono_literals;

namespace {
// Installing takes this long on the simulated station; downloads and uploads take what the
// network takes.
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

std::string hex_hash(const std::string& text, std::size_t salt) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016zx", std::hash<std::string>{}(text) ^ salt);
    return buf;
}
}  // namespace

void V16Station::send_firmware_status(FirmwareStatus status, model::Timestamp now) {
    firmware_status_ = status;
    call(FirmwareStatusNotificationRequest{status}, {}, now);
}

void V16Station::send_diagnostics_status(DiagnosticsStatus status, model::Timestamp now) {
    diagnostics_status_ = status;
    call(DiagnosticsStatusNotificationRequest{status}, {}, now);
}

void V16Station::send_log_status(UploadLogStatusEnumType status,
                                 std::optional<std::int64_t> request_id, model::Timestamp now) {
    call(LogStatusNotificationRequest{status, request_id}, {}, now);
}

void V16Station::send_signed_firmware_status(FirmwareStatusEnumType status,
                                             std::optional<std::int64_t> request_id,
                                             model::Timestamp now) {
    call(SignedFirmwareStatusNotificationRequest{status, request_id}, {}, now);
}

void V16Station::run_firmware_update(std::string location, TransferPlan plan, model::Timestamp at,
                                     std::optional<std::int64_t> signed_id) {
    auto status = [this, signed_id](FirmwareStatus plain, FirmwareStatusEnumType secure,
                                    model::Timestamp t) {
        if (signed_id) {
            send_signed_firmware_status(secure, signed_id, t);
            firmware_status_ = plain;
        } else {
            send_firmware_status(plain, t);
        }
    };
    timers_.schedule(at, [this, status, location, plan, signed_id](model::Timestamp t) {
        status(FirmwareStatus::Downloading, FirmwareStatusEnumType::Downloading, t);
        fetch_file(location, plan, [this, status, signed_id](auto image, model::Timestamp now) {
            if (!image) {
                status(FirmwareStatus::DownloadFailed, FirmwareStatusEnumType::DownloadFailed, now);
                return;
            }
            status(FirmwareStatus::Downloaded, FirmwareStatusEnumType::Downloaded, now);
            const std::string version =
                firmware_version_of(*image, config_.identity.firmware_version);
            timers_.schedule(now + 1s, [this, status, signed_id](model::Timestamp t2) {
                if (signed_id) {
                    send_signed_firmware_status(FirmwareStatusEnumType::SignatureVerified,
                                                signed_id, t2);
                }
                status(FirmwareStatus::Installing, FirmwareStatusEnumType::Installing, t2);
            });
            timers_.schedule(now + kStep, [this, signed_id, version](model::Timestamp t2) {
                if (signed_id) {
                    send_signed_firmware_status(FirmwareStatusEnumType::InstallRebooting, signed_id,
                                                t2);
                }
                installing_firmware_ = true;
                signed_firmware_request_ = signed_id;
                config_.identity.firmware_version = version;
                timers_.schedule(t2 + 2s, [this](model::Timestamp when) {
                    reboot("FirmwareUpdate", 10s, when);
                });
            });
        });
    });
}

void V16Station::register_maintenance(rpc::Router& router) {
    router.on<UpdateFirmwareRequest>(
        [this](const UpdateFirmwareRequest& req, rpc::Reply<UpdateFirmwareResponse> reply) {
            reply.ok({});
            auto at = session::parse_timestamp(req.retrieveDate).value_or(station_time(now_));
            run_firmware_update(req.location, transfer_plan(req.retries, req.retryInterval),
                                std::max(now_, at - drift_), std::nullopt);
        });

    router.on<SignedUpdateFirmwareRequest>([this](const SignedUpdateFirmwareRequest& req,
                                                  rpc::Reply<SignedUpdateFirmwareResponse> reply) {
        reply.ok({UpdateFirmwareStatusEnumType::Accepted});
        auto at =
            session::parse_timestamp(req.firmware.retrieveDateTime).value_or(station_time(now_));
        run_firmware_update(req.firmware.location, transfer_plan(req.retries, req.retryInterval),
                            std::max(now_, at - drift_), req.requestId);
    });

    router.on<GetDiagnosticsRequest>([this](const GetDiagnosticsRequest& req,
                                            rpc::Reply<GetDiagnosticsResponse> reply) {
        const std::string filename = "diagnostics-" + id() + ".log";
        reply.ok({filename});
        send_diagnostics_status(DiagnosticsStatus::Uploading, now_);
        put_file(req.location, filename, log_file("diagnostics", now_),
                 transfer_plan(req.retries, req.retryInterval),
                 [this](tl::expected<void, TransferFailure> done, model::Timestamp t) {
                     // 1.6 has one failure status, whatever the reason.
                     send_diagnostics_status(
                         done ? DiagnosticsStatus::Uploaded : DiagnosticsStatus::UploadFailed, t);
                     diagnostics_status_ = DiagnosticsStatus::Idle;
                 });
    });

    router.on<GetLogRequest>([this](const GetLogRequest& req, rpc::Reply<GetLogResponse> reply) {
        const bool security = req.logType == LogEnumType::SecurityLog;
        const std::string filename =
            std::string(security ? "security-" : "diagnostics-") + id() + ".log";
        reply.ok({LogStatusEnumType::Accepted, filename});
        const std::int64_t request_id = req.requestId;
        send_log_status(UploadLogStatusEnumType::Uploading, request_id, now_);
        put_file(req.log.remoteLocation, filename,
                 log_file(security ? "security" : "diagnostics", now_),
                 transfer_plan(req.retries, req.retryInterval),
                 [this, request_id](tl::expected<void, TransferFailure> done, model::Timestamp t) {
                     send_log_status(done ? UploadLogStatusEnumType::Uploaded
                                          : upload_failure_status(done.error()),
                                     request_id, t);
                 });
    });

    router.on<ExtendedTriggerMessageRequest>([this](
                                                 const ExtendedTriggerMessageRequest& req,
                                                 rpc::Reply<ExtendedTriggerMessageResponse> reply) {
        if (req.connectorId && *req.connectorId != 0 && connector(*req.connectorId) == nullptr) {
            reply.ok({TriggerMessageStatusEnumType::Rejected});
            return;
        }
        using T = MessageTriggerEnumType;
        std::optional<MessageTrigger> core;
        switch (req.requestedMessage) {
            case T::BootNotification:
                core = MessageTrigger::BootNotification;
                break;
            case T::Heartbeat:
                core = MessageTrigger::Heartbeat;
                break;
            case T::MeterValues:
                core = MessageTrigger::MeterValues;
                break;
            case T::StatusNotification:
                core = MessageTrigger::StatusNotification;
                break;
            case T::FirmwareStatusNotification:
            case T::LogStatusNotification:
            case T::SignChargePointCertificate:
                break;
        }
        if (req.requestedMessage == T::SignChargePointCertificate) {
            // No key pair to sign with: the simulator does not do certificate renewal.
            reply.ok({TriggerMessageStatusEnumType::Rejected});
            return;
        }
        reply.ok({TriggerMessageStatusEnumType::Accepted});
        if (core) {
            trigger(*core, req.connectorId, now_);
        } else if (req.requestedMessage == T::FirmwareStatusNotification) {
            send_signed_firmware_status(FirmwareStatusEnumType::Idle, std::nullopt, now_);
        } else {
            send_log_status(UploadLogStatusEnumType::Idle, std::nullopt, now_);
        }
    });

    router.on<InstallCertificateRequest>(
        [this](const InstallCertificateRequest& req, rpc::Reply<InstallCertificateResponse> reply) {
            certificates_.emplace_back(req.certificateType, req.certificate);
            reply.ok({InstallCertificateStatusEnumType::Accepted});
        });

    router.on<GetInstalledCertificateIdsRequest>(
        [this](const GetInstalledCertificateIdsRequest& req,
               rpc::Reply<GetInstalledCertificateIdsResponse> reply) {
            GetInstalledCertificateIdsResponse resp;
            std::vector<CertificateHashDataType> hashes;
            for (const auto& [use, pem] : certificates_) {
                if (use != req.certificateType) continue;
                hashes.push_back({HashAlgorithmEnumType::SHA256, hex_hash(pem, 1), hex_hash(pem, 2),
                                  hex_hash(pem, 3)});
            }
            resp.status = hashes.empty() ? GetInstalledCertificateStatusEnumType::NotFound
                                         : GetInstalledCertificateStatusEnumType::Accepted;
            if (!hashes.empty()) resp.certificateHashData = std::move(hashes);
            reply.ok(resp);
        });

    router.on<DeleteCertificateRequest>(
        [this](const DeleteCertificateRequest& req, rpc::Reply<DeleteCertificateResponse> reply) {
            const auto removed = std::erase_if(certificates_, [&](const auto& entry) {
                return hex_hash(entry.second, 3) == req.certificateHashData.serialNumber;
            });
            reply.ok({removed > 0 ? DeleteCertificateStatusEnumType::Accepted
                                  : DeleteCertificateStatusEnumType::NotFound});
        });

    router.on<CertificateSignedRequest>(
        [](const CertificateSignedRequest&, rpc::Reply<CertificateSignedResponse> reply) {
            // We never sent a SignCertificate, so there is nothing this chain could belong to.
            reply.ok({CertificateSignedStatusEnumType::Rejected});
        });
}

}  // namespace iskra::sim
