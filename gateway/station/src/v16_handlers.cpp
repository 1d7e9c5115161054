// OCPP 1.6 (with the security extension): every message a station sends, answered after it is
// recorded.
#include "handler_support.hpp"
#include "iskra/gateway/station_service.hpp"
#include "iskra/ocpp/codec.hpp"
#include "iskra/ocpp/v16/messages.hpp"
#include "iskra/session/from_v16.hpp"
#include "iskra/session/to_v16.hpp"

namespace iskra::gateway {
namespace {

namespace v16 = ocpp::v16;
using detail::answer_mapping_failure;
using detail::answer_store_failure;
using detail::keep_and_answer;
using detail::record_then_answer;
using detail::share;

v16::RegistrationStatus to_registration(BootAnswer answer) {
    switch (answer) {
        case BootAnswer::Accepted:
            return v16::RegistrationStatus::Accepted;
        case BootAnswer::Pending:
            return v16::RegistrationStatus::Pending;
        case BootAnswer::Rejected:
            return v16::RegistrationStatus::Rejected;
    }
    return v16::RegistrationStatus::Rejected;
}

v16::IdTagInfo id_tag_info(const session::AuthorizationDecision& decision) {
    auto info = session::to_v16(decision);
    if (info) return *info;
    // A decision 1.6 cannot carry in full (a group token too long for an idTag) still answers
    // with its status.
    v16::IdTagInfo fallback;
    fallback.status = session::to_v16(decision.status);
    return fallback;
}

}  // namespace

void register_v16_handlers(StationService& service, StationRouter& router) {
    const auto from_v16 = [](std::string_view id, const auto& request) {
        return session::from_v16(id, request);
    };

    router.on<v16::BootNotificationRequest>(
        [&service](StationConnection& connection, const std::string& station,
                   const v16::BootNotificationRequest& request,
                   rpc::Reply<v16::BootNotificationResponse> reply) {
            connection.note_action("BootNotification");
            auto event = session::from_v16(station, request);
            if (!event) return answer_mapping_failure(reply, station, event.error());
            const BootAnswer answer = service.registry().boot_answer(station);
            auto shared = share(std::move(reply));
            service.ledger().record_boot(
                std::move(*event), [&service, shared, station, answer](auto done) {
                    if (!done) return answer_store_failure(shared, station, done.error());
                    v16::BootNotificationResponse response;
                    response.status = to_registration(answer);
                    response.currentTime = session::format_timestamp(service.now());
                    response.interval = answer == BootAnswer::Accepted
                                            ? service.options().heartbeat_interval.count()
                                            : service.options().boot_retry_interval.count();
                    shared->ok(response);
                });
        });

    router.on<v16::HeartbeatRequest>([&service](StationConnection& connection, const std::string&,
                                                const v16::HeartbeatRequest&,
                                                rpc::Reply<v16::HeartbeatResponse> reply) {
        connection.note_action("Heartbeat");
        v16::HeartbeatResponse response;
        response.currentTime = session::format_timestamp(service.now());
        reply.ok(response);
    });

    record_then_answer<v16::StatusNotificationRequest>(service, router, from_v16,
                                                       &SiteLedger::record_status);

    router.on<v16::AuthorizeRequest>(
        [&service](StationConnection& connection, const std::string& station,
                   const v16::AuthorizeRequest& request, rpc::Reply<v16::AuthorizeResponse> reply) {
            connection.note_action("Authorize");
            auto asked = session::from_v16(station, request);
            if (!asked) return answer_mapping_failure(reply, station, asked.error());
            auto shared = share(std::move(reply));
            service.ledger().authorize(station, asked->token, [shared, station](auto outcome) {
                if (!outcome) return answer_store_failure(shared, station, outcome.error());
                v16::AuthorizeResponse response;
                response.idTagInfo = id_tag_info(outcome->decision);
                shared->ok(response);
            });
        });

    router.on<v16::StartTransactionRequest>(
        [&service](StationConnection& connection, const std::string& station,
                   const v16::StartTransactionRequest& request,
                   rpc::Reply<v16::StartTransactionResponse> reply) {
            connection.note_action("StartTransaction");
            // The ledger assigns the transactionId; 0 stands in until it has.
            auto event = session::from_v16(station, request, 0);
            if (!event) return answer_mapping_failure(reply, station, event.error());
            auto shared = share(std::move(reply));
            const session::Token token = *event->token;
            // 1.6 answers a start with the token's status; the session is recorded either way,
            // because the station has started it and will report its energy.
            service.ledger().authorize(
                station, token,
                [&service, shared, station, started = std::move(*event)](auto outcome) mutable {
                    if (!outcome) return answer_store_failure(shared, station, outcome.error());
                    const session::AuthorizationDecision decision = outcome->decision;
                    const std::int64_t evse = started.connector ? started.connector->evse_id : 0;
                    const auto meter_start = started.meter_start_wh;
                    const auto started_at = started.started_at;
                    service.ledger().record_session_started(
                        std::move(started), [&service, shared, station, decision, evse, meter_start,
                                             started_at](auto opened) {
                            if (!opened)
                                return answer_store_failure(shared, station, opened.error());
                            service.session_started({station, opened->transaction_id}, evse,
                                                    meter_start, started_at);
                            v16::StartTransactionResponse response;
                            response.idTagInfo = id_tag_info(decision);
                            response.transactionId = opened->transaction_id;
                            shared->ok(response);
                        });
                });
        });

    router.on<v16::MeterValuesRequest>([&service](StationConnection& connection,
                                                  const std::string& station,
                                                  const v16::MeterValuesRequest& request,
                                                  rpc::Reply<v16::MeterValuesResponse> reply) {
        connection.note_action("MeterValues");
        auto event = session::from_v16(station, request);
        if (!event) return answer_mapping_failure(reply, station, event.error());
        auto shared = share(std::move(reply));
        const auto transaction = event->transaction;
        const auto samples = event->samples;
        service.ledger().record_meter_values(
            std::move(*event), [&service, shared, station, transaction, samples](auto done) {
                if (!done) return answer_store_failure(shared, station, done.error());
                if (transaction) service.session_samples({station, *transaction}, samples);
                shared->ok(v16::MeterValuesResponse{});
            });
    });

    router.on<v16::StopTransactionRequest>(
        [&service](StationConnection& connection, const std::string& station,
                   const v16::StopTransactionRequest& request,
                   rpc::Reply<v16::StopTransactionResponse> reply) {
            connection.note_action("StopTransaction");
            auto event = session::from_v16(station, request);
            if (!event) return answer_mapping_failure(reply, station, event.error());
            auto shared = share(std::move(reply));
            std::optional<session::Token> token = event->token;
            const session::TransactionRef transaction = event->transaction;
            service.ledger().record_session_ended(
                std::move(*event), [&service, shared, station, token, transaction](auto done) {
                    if (!done) return answer_store_failure(shared, station, done.error());
                    service.session_ended({station, transaction});
                    if (!token) return shared->ok(v16::StopTransactionResponse{});
                    // The idTag that stopped the session gets its status, as 1.6 expects.
                    service.ledger().authorize(station, *token, [shared, station](auto outcome) {
                        v16::StopTransactionResponse response;
                        if (outcome) response.idTagInfo = id_tag_info(outcome->decision);
                        shared->ok(response);
                    });
                });
        });

    record_then_answer<v16::SecurityEventNotificationRequest>(service, router, from_v16,
                                                              &SiteLedger::record_security_event);

    v16::DataTransferResponse data_transfer;
    // No vendor extension is served yet; the message is kept for central all the same.
    data_transfer.status = v16::DataTransferResponseStatus::UnknownVendorId;
    keep_and_answer<v16::DataTransferRequest>(service, router, data_transfer);
    keep_and_answer<v16::DiagnosticsStatusNotificationRequest>(service, router, {});
    keep_and_answer<v16::FirmwareStatusNotificationRequest>(service, router, {});
    keep_and_answer<v16::LogStatusNotificationRequest>(service, router, {});
    keep_and_answer<v16::SignedFirmwareStatusNotificationRequest>(service, router, {});
    v16::SignCertificateResponse sign;
    // The gateway has no certificate authority to sign with: say so rather than pretend.
    sign.status = v16::GenericStatusEnumType::Rejected;
    keep_and_answer<v16::SignCertificateRequest>(service, router, sign);
}

}  // namespace iskra::gateway
