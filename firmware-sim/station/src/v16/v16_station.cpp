// What a 1.6 station sends: boot, heartbeat, status, authorisation, transactions, meter values.
#include "v16_station.hpp"

#include "iskra/log/log.hpp"
#include "iskra/ocpp/codec.hpp"
#include "iskra/session/timestamp.hpp"
#include "iskra/session/to_v16.hpp"

namespace iskra::sim {

using namespace ocpp::v16;
using session::format_timestamp;

namespace {
// 1.6 transactionData kept per transaction; beyond it only Begin and End samples are added.
constexpr std::size_t kMaxStopSamples = 500;

std::vector<MeterValue> to_v16_values(const std::vector<session::MeterSample>& samples) {
    std::vector<MeterValue> out;
    out.reserve(samples.size());
    for (const auto& s : samples)
        out.push_back(session::to_v16(s));
    return out;
}

TokenInfo token_info(const IdTagInfo& info) {
    TokenInfo out;
    out.status = session::from_v16(info.status);
    if (info.expiryDate) {
        if (auto t = session::parse_timestamp(*info.expiryDate)) out.expires_at = *t;
    }
    out.group = info.parentIdTag;
    return out;
}
}  // namespace

V16Station::V16Station(StationConfig config, Transport& transport, model::Timestamp now)
    : Station(std::move(config), transport, now) {}

std::string V16Station::new_transaction_id() {
    return "L" + std::to_string(++tx_counter_);
}

void V16Station::register_handlers(rpc::Router& router) {
    register_core(router);
    register_config(router);
    register_smart_charging(router);
    register_maintenance(router);
}

void V16Station::send_boot(model::Timestamp now) {
    const auto& who = config_.identity;
    BootNotificationRequest req;
    req.chargePointVendor = who.vendor;
    req.chargePointModel = who.model;
    req.chargePointSerialNumber = who.serial_number;
    req.chargeBoxSerialNumber = who.serial_number;
    req.firmwareVersion = who.firmware_version;
    req.iccid = who.iccid;
    req.imsi = who.imsi;
    req.meterType = who.meter_type;
    req.meterSerialNumber = who.meter_serial_number;
    call(req,
         std::function<void(tl::expected<BootNotificationResponse, rpc::CallFailure>)>(
             [this](tl::expected<BootNotificationResponse, rpc::CallFailure> r) {
                 if (!r) {
                     if (r.error().kind == rpc::CallFailure::Kind::Closed) return;
                     log::warn(id(), "BootNotification failed: " + r.error().description);
                     boot_answered(Registration::Rejected, 30, "", now_);
                     return;
                 }
                 const Registration status =
                     r->status == RegistrationStatus::Accepted  ? Registration::Accepted
                     : r->status == RegistrationStatus::Pending ? Registration::Pending
                                                                : Registration::Rejected;
                 boot_answered(status, r->interval, r->currentTime, now_);
             }),
         now);
}

void V16Station::after_boot_accepted(model::Timestamp now) {
    if (installing_firmware_) {
        installing_firmware_ = false;
        if (signed_firmware_request_) {
            send_signed_firmware_status(FirmwareStatusEnumType::Installed, signed_firmware_request_,
                                        now);
            signed_firmware_request_.reset();
        } else {
            send_firmware_status(FirmwareStatus::Installed, now);
        }
        firmware_status_ = FirmwareStatus::Idle;
    }
}

void V16Station::send_heartbeat(model::Timestamp now) {
    call(HeartbeatRequest{},
         std::function<void(tl::expected<HeartbeatResponse, rpc::CallFailure>)>(
             [this](tl::expected<HeartbeatResponse, rpc::CallFailure> r) {
                 if (r) heartbeat_answered(r->currentTime, now_);
             }),
         now);
}

void V16Station::send_status(std::int64_t connector_id, std::int64_t /*outlet: always 1*/,
                             session::ConnectorStatus status, model::Timestamp now) {
    StatusNotificationRequest req;
    req.connectorId = connector_id;
    req.status = session::to_v16(status);
    req.errorCode = ChargePointErrorCode::NoError;
    if (Connector* c = connector(connector_id); c != nullptr && c->fault) {
        if (auto code = parse_ChargePointErrorCode(*c->fault);
            code && *code != ChargePointErrorCode::NoError) {
            req.errorCode = *code;
        } else {
            req.errorCode = ChargePointErrorCode::OtherError;
            req.vendorErrorCode = c->fault->substr(0, 50);
        }
    }
    req.timestamp = format_timestamp(station_time(now));
    call(req, {}, now);
}

void V16Station::send_authorize(const Token& token,
                                std::function<void(std::optional<TokenInfo>)> done,
                                model::Timestamp now) {
    AuthorizeRequest req;
    req.idTag = token.id;
    call(req,
         std::function<void(tl::expected<AuthorizeResponse, rpc::CallFailure>)>(
             [done](tl::expected<AuthorizeResponse, rpc::CallFailure> r) {
                 if (!r) {
                     done(std::nullopt);
                     return;
                 }
                 done(token_info(r->idTagInfo));
             }),
         now);
}

void V16Station::tx_started(Connector& c, model::Timestamp now) {
    std::shared_ptr<Transaction> tx = c.tx;
    StartTransactionRequest req;
    req.connectorId = c.id;
    req.idTag = tx->token ? tx->token->id : std::string("unknown");
    req.meterStart = tx->meter_start_wh;
    req.reservationId = tx->reservation_id;
    req.timestamp = format_timestamp(tx->started_at);
    if (!settings_.stop_sampled.empty()) {
        tx->stop_samples.push_back(
            sample(c, session::ReadingContext::TransactionBegin, settings_.stop_sampled, now));
    }
    const std::int64_t connector_id = c.id;
    queue_tx_message(
        "StartTransaction", [req] { return ocpp::encode_payload(req); },
        [this, tx, connector_id](const simdjson::dom::element* result) {
            if (result == nullptr) {
                tx->start_failed = true;
                return;
            }
            auto answer = ocpp::decode_payload<StartTransactionResponse>(*result);
            if (!answer) return;
            tx->csms_id = answer->transactionId;
            const TokenInfo info = token_info(answer->idTagInfo);
            if (tx->token && settings_.auth_cache_enabled) {
                auth_cache_.remember(tx->token->id, info);
            }
            Connector* now_c = connector(connector_id);
            if (info.status == session::AuthorizationStatus::Accepted || now_c == nullptr ||
                now_c->tx != tx) {
                return;
            }
            log::info(id(), "transaction " + std::to_string(answer->transactionId) +
                                ": card not accepted by the CSMS");
            if (settings_.stop_on_invalid_id) {
                stop_transaction(*now_c, session::StopReason::DeAuthorized, now_);
            } else {
                tx->authorized = false;
                refresh(now_);
            }
        },
        now);
}

void V16Station::send_meter_values(Connector& c, session::ReadingContext context,
                                   const MeasurandList& measurands, model::Timestamp now) {
    if (measurands.empty()) return;
    MeterValuesRequest req;
    req.connectorId = c.id;
    req.meterValue.push_back(session::to_v16(sample(c, context, measurands, now)));
    if (!c.tx || context == session::ReadingContext::Trigger) {
        if (c.tx) req.transactionId = c.tx->csms_id;
        call(req, {}, now);
        return;
    }
    // Within a transaction these are transaction-related: queued, and numbered by the CSMS's id.
    std::shared_ptr<Transaction> tx = c.tx;
    queue_tx_message(
        "MeterValues",
        [req, tx]() mutable -> std::optional<std::string> {
            if (!tx->csms_id) return std::nullopt;
            req.transactionId = tx->csms_id;
            return ocpp::encode_payload(req);
        },
        {}, now);
}

void V16Station::tx_updated(Connector& c, TxUpdate why, model::Timestamp now) {
    if (!c.tx) return;
    auto& samples = c.tx->stop_samples;
    if (why == TxUpdate::Periodic) {
        send_meter_values(c, session::ReadingContext::SamplePeriodic, settings_.sampled, now);
        if (!settings_.stop_sampled.empty() && samples.size() < kMaxStopSamples) {
            samples.push_back(
                sample(c, session::ReadingContext::SamplePeriodic, settings_.stop_sampled, now));
        }
    } else if (why == TxUpdate::Clock) {
        send_meter_values(c, session::ReadingContext::SampleClock, settings_.aligned, now);
        if (!settings_.stop_aligned.empty() && samples.size() < kMaxStopSamples) {
            samples.push_back(
                sample(c, session::ReadingContext::SampleClock, settings_.stop_aligned, now));
        }
    }
    // Charging-state changes reach a 1.6 CSMS as StatusNotifications, sent by refresh().
}

void V16Station::idle_sample(Connector& c, model::Timestamp now) {
    if (online())
        send_meter_values(c, session::ReadingContext::SampleClock, settings_.aligned, now);
}

void V16Station::tx_ended(Connector& c, Transaction& tx_ref, session::StopReason reason,
                          model::Timestamp now) {
    std::shared_ptr<Transaction> tx = c.tx;
    StopTransactionRequest req;
    req.meterStop = c.physics.meter_wh();
    req.timestamp = format_timestamp(station_time(now));
    req.reason = session::to_v16(reason);
    if (reason == session::StopReason::Local && tx_ref.token) req.idTag = tx_ref.token->id;
    if (!tx_ref.stop_samples.empty()) {
        auto samples = tx_ref.stop_samples;
        samples.push_back(
            sample(c, session::ReadingContext::TransactionEnd, settings_.stop_sampled, now));
        req.transactionData = to_v16_values(samples);
        tx_ref.stop_samples.clear();
    }
    queue_tx_message(
        "StopTransaction",
        [req, tx]() mutable -> std::optional<std::string> {
            // A transaction the CSMS never numbered cannot be stopped on its side.
            if (tx->start_failed || !tx->csms_id) return std::nullopt;
            req.transactionId = *tx->csms_id;
            return ocpp::encode_payload(req);
        },
        [this, tx](const simdjson::dom::element* result) {
            if (result == nullptr || !tx->token || !settings_.auth_cache_enabled) return;
            auto answer = ocpp::decode_payload<StopTransactionResponse>(*result);
            if (answer && answer->idTagInfo) {
                auth_cache_.remember(tx->token->id, token_info(*answer->idTagInfo));
            }
        },
        now);
}

}  // namespace iskra::sim
