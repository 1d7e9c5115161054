// OCPP 2.0.1: every message a station sends, answered after it is recorded.
#include "handler_support.hpp"
#include "iskra/gateway/station_service.hpp"
#include "iskra/ocpp/codec.hpp"
#include "iskra/ocpp/v201/messages.hpp"
#include "iskra/session/from_v201.hpp"
#include "iskra/session/to_v201.hpp"

namespace iskra::gateway {
namespace {

namespace v201 = ocpp::v201;
using detail::answer_mapping_failure;
using detail::answer_store_failure;
using detail::keep_and_answer;
using detail::record_then_answer;
using detail::share;
using detail::SharedReply;

v201::RegistrationStatusEnumType to_registration(BootAnswer answer) {
    switch (answer) {
        case BootAnswer::Accepted:
            return v201::RegistrationStatusEnumType::Accepted;
        case BootAnswer::Pending:
            return v201::RegistrationStatusEnumType::Pending;
        case BootAnswer::Rejected:
            return v201::RegistrationStatusEnumType::Rejected;
    }
    return v201::RegistrationStatusEnumType::Rejected;
}

v201::IdTokenInfoType id_token_info(const session::AuthorizationDecision& decision) {
    auto info = session::to_v201(decision);
    if (info) return *info;
    v201::IdTokenInfoType fallback;
    fallback.status = session::to_v201(decision.status);
    return fallback;
}

v201::StatusInfoType status_info(std::string reason, std::string detail) {
    v201::StatusInfoType info;
    info.reasonCode = std::move(reason);
    info.additionalInfo = std::move(detail);
    return info;
}

void answer_transaction_event(const SharedReply<v201::TransactionEventResponse>& reply,
                              const std::optional<session::AuthorizationDecision>& decision) {
    v201::TransactionEventResponse response;
    if (decision) response.idTokenInfo = id_token_info(*decision);
    reply->ok(response);
}

void record_event(StationService& service, const std::string& station, session::Event event,
                  std::optional<session::AuthorizationDecision> decision,
                  SharedReply<v201::TransactionEventResponse> reply) {
    auto finish = [reply, station, decision](auto done) {
        if (!done) return answer_store_failure(reply, station, done.error());
        answer_transaction_event(reply, decision);
    };
    if (auto* started = std::get_if<session::SessionStarted>(&event)) {
        const LimitedSession limited{station, started->transaction};
        const std::int64_t evse = started->connector ? started->connector->evse_id : 0;
        const auto meter_start = started->meter_start_wh;
        const auto started_at = started->started_at;
        const auto samples = started->samples;
        service.ledger().record_session_started(
            std::move(*started),
            [&service, finish, limited, evse, meter_start, started_at, samples](auto done) {
                if (done) {
                    service.session_started(limited, evse, meter_start, started_at);
                    service.session_samples(limited, samples);
                }
                finish(std::move(done));
            });
    } else if (auto* updated = std::get_if<session::SessionUpdated>(&event)) {
        const LimitedSession limited{station, updated->transaction};
        const auto samples = updated->samples;
        service.ledger().record_session_updated(std::move(*updated),
                                                [&service, finish, limited, samples](auto done) {
                                                    if (done)
                                                        service.session_samples(limited, samples);
                                                    finish(std::move(done));
                                                });
    } else if (auto* ended = std::get_if<session::SessionEnded>(&event)) {
        const LimitedSession limited{station, ended->transaction};
        service.ledger().record_session_ended(std::move(*ended),
                                              [&service, finish, limited](auto done) {
                                                  if (done) service.session_ended(limited);
                                                  finish(std::move(done));
                                              });
    } else {
        reply->error(rpc::RpcErrorCode::InternalError, "unexpected transaction event");
    }
}

}  // namespace

void register_v201_handlers(StationService& service, StationRouter& router) {
    const auto from_v201 = [](std::string_view id, const auto& request) {
        return session::from_v201(id, request);
    };

    router.on<v201::BootNotificationRequest>(
        [&service](StationConnection& connection, const std::string& station,
                   const v201::BootNotificationRequest& request,
                   rpc::Reply<v201::BootNotificationResponse> reply) {
            connection.note_action("BootNotification");
            auto event = session::from_v201(station, request);
            if (!event) return answer_mapping_failure(reply, station, event.error());
            const BootAnswer answer = service.registry().boot_answer(station);
            auto shared = share(std::move(reply));
            service.ledger().record_boot(
                std::move(*event), [&service, shared, station, answer](auto done) {
                    if (!done) return answer_store_failure(shared, station, done.error());
                    v201::BootNotificationResponse response;
                    response.status = to_registration(answer);
                    response.currentTime = session::format_timestamp(service.now());
                    response.interval = answer == BootAnswer::Accepted
                                            ? service.options().heartbeat_interval.count()
                                            : service.options().boot_retry_interval.count();
                    if (answer != BootAnswer::Accepted) {
                        response.statusInfo =
                            status_info(answer == BootAnswer::Pending ? "Pending" : "Rejected",
                                        "station is not (yet) accepted on this site's allow-list");
                    }
                    shared->ok(response);
                });
        });

    router.on<v201::HeartbeatRequest>([&service](StationConnection& connection, const std::string&,
                                                 const v201::HeartbeatRequest&,
                                                 rpc::Reply<v201::HeartbeatResponse> reply) {
        connection.note_action("Heartbeat");
        v201::HeartbeatResponse response;
        response.currentTime = session::format_timestamp(service.now());
        reply.ok(response);
    });

    record_then_answer<v201::StatusNotificationRequest>(service, router, from_v201,
                                                        &SiteLedger::record_status);

    router.on<v201::AuthorizeRequest>([&service](StationConnection& connection,
                                                 const std::string& station,
                                                 const v201::AuthorizeRequest& request,
                                                 rpc::Reply<v201::AuthorizeResponse> reply) {
        connection.note_action("Authorize");
        auto asked = session::from_v201(station, request);
        if (!asked) return answer_mapping_failure(reply, station, asked.error());
        auto shared = share(std::move(reply));
        service.ledger().authorize(station, asked->token, [shared, station](auto outcome) {
            if (!outcome) return answer_store_failure(shared, station, outcome.error());
            v201::AuthorizeResponse response;
            response.idTokenInfo = id_token_info(outcome->decision);
            shared->ok(response);
        });
    });

    router.on<v201::TransactionEventRequest>([&service](
                                                 StationConnection& connection,
                                                 const std::string& station,
                                                 const v201::TransactionEventRequest& request,
                                                 rpc::Reply<v201::TransactionEventResponse> reply) {
        connection.note_action("TransactionEvent");
        auto event = session::from_v201(station, request);
        if (!event) return answer_mapping_failure(reply, station, event.error());
        auto shared = share(std::move(reply));
        if (!request.idToken) {
            return record_event(service, station, std::move(*event), std::nullopt, shared);
        }
        session::Token token{request.idToken->idToken, session::from_v201(request.idToken->type)};
        service.ledger().authorize(
            station, token,
            [&service, shared, station, event = std::move(*event)](auto outcome) mutable {
                if (!outcome) return answer_store_failure(shared, station, outcome.error());
                record_event(service, station, std::move(event), outcome->decision, shared);
            });
    });

    record_then_answer<v201::MeterValuesRequest>(service, router, from_v201,
                                                 &SiteLedger::record_meter_values);

    record_then_answer<v201::SecurityEventNotificationRequest>(service, router, from_v201,
                                                               &SiteLedger::record_security_event);

    v201::DataTransferResponse data_transfer;
    data_transfer.status = v201::DataTransferStatusEnumType::UnknownVendorId;
    keep_and_answer<v201::DataTransferRequest>(service, router, data_transfer);
    keep_and_answer<v201::FirmwareStatusNotificationRequest>(service, router, {});
    keep_and_answer<v201::PublishFirmwareStatusNotificationRequest>(service, router, {});
    keep_and_answer<v201::LogStatusNotificationRequest>(service, router, {});
    keep_and_answer<v201::NotifyReportRequest>(service, router, {});
    keep_and_answer<v201::NotifyEventRequest>(service, router, {});
    keep_and_answer<v201::NotifyMonitoringReportRequest>(service, router, {});
    keep_and_answer<v201::NotifyChargingLimitRequest>(service, router, {});
    keep_and_answer<v201::ClearedChargingLimitRequest>(service, router, {});
    keep_and_answer<v201::ReportChargingProfilesRequest>(service, router, {});
    keep_and_answer<v201::ReservationStatusUpdateRequest>(service, router, {});
    keep_and_answer<v201::NotifyCustomerInformationRequest>(service, router, {});
    keep_and_answer<v201::NotifyDisplayMessagesRequest>(service, router, {});
    keep_and_answer<v201::NotifyEVChargingScheduleRequest>(
        service, router, v201::NotifyEVChargingScheduleResponse{});

    // ISO 15118 and certificate services need a certificate authority and an OCSP responder
    // the gateway does not have: the requests are kept and refused plainly.
    v201::NotifyEVChargingNeedsResponse needs;
    needs.status = v201::NotifyEVChargingNeedsStatusEnumType::Rejected;
    keep_and_answer<v201::NotifyEVChargingNeedsRequest>(service, router, needs);
    v201::SignCertificateResponse sign;
    sign.status = v201::GenericStatusEnumType::Rejected;
    sign.statusInfo = status_info("NoCA", "no certificate authority is configured");
    keep_and_answer<v201::SignCertificateRequest>(service, router, sign);
    v201::Get15118EVCertificateResponse ev_certificate;
    ev_certificate.status = v201::Iso15118EVCertificateStatusEnumType::Failed;
    keep_and_answer<v201::Get15118EVCertificateRequest>(service, router, ev_certificate);
    v201::GetCertificateStatusResponse certificate_status;
    certificate_status.status = v201::GetCertificateStatusEnumType::Failed;
    keep_and_answer<v201::GetCertificateStatusRequest>(service, router, certificate_status);
}

}  // namespace iskra::gateway
