// What a 2.0.1 station sends: boot, heartbeat, status, authorisation, TransactionEvents.
#include "v201_station.hpp"

#include "iskra/log/log.hpp"
#include "iskra/ocpp/codec.hpp"
#include "iskra/session/timestamp.hpp"
#include "iskra/session/to_v201.hpp"

namespace iskra::sim {

using namespace ocpp::v201;
using session::format_timestamp;

namespace {

TokenInfo token_info(const IdTokenInfoType& info) {
    TokenInfo out;
    out.status = session::from_v201(info.status);
    if (info.cacheExpiryDateTime) {
        if (auto t = session::parse_timestamp(*info.cacheExpiryDateTime)) out.expires_at = *t;
    }
    if (info.groupIdToken) out.group = info.groupIdToken->idToken;
    return out;
}

IdTokenType id_token(const Token& token) {
    IdTokenType out;
    out.idToken = token.id;
    out.type = parse_IdTokenEnumType(token.type).value_or(IdTokenEnumType::ISO14443);
    return out;
}

TriggerReasonEnumType trigger_for(session::StopReason reason) {
    using R = session::StopReason;
    using T = TriggerReasonEnumType;
    switch (reason) {
        case R::Local:
            return T::StopAuthorized;
        case R::Remote:
            return T::RemoteStop;
        case R::EVDisconnected:
            return T::EVCommunicationLost;
        case R::DeAuthorized:
            return T::Deauthorized;
        case R::ImmediateReset:
        case R::HardReset:
        case R::SoftReset:
        case R::Reboot:
            return T::ResetCommand;
        case R::UnlockCommand:
            return T::UnlockCommand;
        case R::Timeout:
            return T::EVConnectTimeout;
        case R::StoppedByEV:
        case R::SOCLimitReached:
            return T::ChargingStateChanged;
        case R::EnergyLimitReached:
            return T::EnergyLimitReached;
        case R::TimeLimitReached:
            return T::TimeLimitReached;
        default:
            return T::AbnormalCondition;
    }
}

}  // namespace

V201Station::V201Station(StationConfig config, Transport& transport, model::Timestamp now)
    : Station(std::move(config), transport, now) {}

std::string V201Station::new_transaction_id() {
    // UUID-shaped and drawn from the station's seeded source, so a rerun names them alike.
    const std::uint64_t a = rng_.next();
    const std::uint64_t b = rng_.next();
    char text[40];
    std::snprintf(text, sizeof text, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xFFFF), static_cast<unsigned>(a & 0xFFF),
                  static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3FFF)),
                  static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
    ++tx_counter_;
    return text;
}

bool V201Station::point_has(const std::string& points, std::string_view name) const {
    std::string_view rest = points;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        if (rest.substr(0, comma) == name) return true;
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    return false;
}

bool V201Station::starts_on_plug() const {
    return point_has(settings_.tx_start_point, "EVConnected");
}
bool V201Station::starts_on_auth() const {
    return point_has(settings_.tx_start_point, "Authorized");
}
bool V201Station::stops_on_unplug() const {
    return point_has(settings_.tx_stop_point, "EVConnected") ||
           point_has(settings_.tx_stop_point, "PowerPathClosed") || settings_.stop_on_ev_disconnect;
}
bool V201Station::stops_on_deauth() const {
    return point_has(settings_.tx_stop_point, "Authorized") ||
           point_has(settings_.tx_stop_point, "PowerPathClosed");
}

session::ConnectorStatus V201Station::wire_status(session::ConnectorStatus status) const {
    return session::from_v201(session::to_v201(status));
}

void V201Station::register_handlers(rpc::Router& router) {
    register_core(router);
    register_device_model(router);
    register_smart_charging(router);
    register_maintenance(router);
}

void V201Station::send_boot(model::Timestamp now) {
    const auto& who = config_.identity;
    BootNotificationRequest req;
    req.chargingStation.vendorName = who.vendor;
    req.chargingStation.model = who.model;
    req.chargingStation.serialNumber = who.serial_number;
    req.chargingStation.firmwareVersion = who.firmware_version;
    if (who.iccid || who.imsi)
        req.chargingStation.modem = ModemType{std::nullopt, who.iccid, who.imsi};
    req.reason = parse_BootReasonEnumType(boot_reason_).value_or(BootReasonEnumType::Unknown);
    call(
        req,
        [this](tl::expected<BootNotificationResponse, rpc::CallFailure> r) {
            if (!r) {
                if (r.error().kind == rpc::CallFailure::Kind::Closed) return;
                log::warn(id(), "BootNotification failed: " + r.error().description);
                boot_answered(Registration::Rejected, 30, "", now_);
                return;
            }
            const Registration status =
                r->status == RegistrationStatusEnumType::Accepted  ? Registration::Accepted
                : r->status == RegistrationStatusEnumType::Pending ? Registration::Pending
                                                                   : Registration::Rejected;
            boot_answered(status, r->interval, r->currentTime, now_);
        },
        now);
}

void V201Station::after_boot_accepted(model::Timestamp now) {
    if (installing_firmware_) {
        installing_firmware_ = false;
        send_firmware_status(FirmwareStatusEnumType::Installed, firmware_request_, now);
        firmware_status_ = FirmwareStatusEnumType::Idle;
    }
}

void V201Station::send_heartbeat(model::Timestamp now) {
    call(
        HeartbeatRequest{},
        [this](tl::expected<HeartbeatResponse, rpc::CallFailure> r) {
            if (r) heartbeat_answered(r->currentTime, now_);
        },
        now);
}

void V201Station::send_status(std::int64_t evse, std::int64_t outlet,
                              session::ConnectorStatus status, model::Timestamp now) {
    if (evse == 0) return;  // 2.0.1 reports per EVSE connector only
    StatusNotificationRequest req;
    req.timestamp = format_timestamp(station_time(now));
    req.connectorStatus = session::to_v201(status);
    req.evseId = evse;
    req.connectorId = outlet;
    call(req, {}, now);
}

void V201Station::send_authorize(const Token& token,
                                 std::function<void(std::optional<TokenInfo>)> done,
                                 model::Timestamp now) {
    AuthorizeRequest req;
    req.idToken = id_token(token);
    call(
        req,
        [done](tl::expected<AuthorizeResponse, rpc::CallFailure> r) {
            if (!r) {
                done(std::nullopt);
                return;
            }
            done(token_info(r->idTokenInfo));
        },
        now);
}

void V201Station::transaction_event(Connector& c, Transaction& tx, TransactionEventEnumType type,
                                    TriggerReasonEnumType trigger,
                                    std::vector<session::MeterSample> samples, bool with_token,
                                    std::optional<ReasonEnumType> stopped, model::Timestamp now) {
    TransactionEventRequest req;
    req.eventType = type;
    req.timestamp = format_timestamp(station_time(now));
    req.triggerReason = trigger;
    req.seqNo = tx.next_seq_no++;
    if (!online()) req.offline = true;
    req.transactionInfo.transactionId = tx.id;
    const auto state = tx.reported_state.value_or(charging_state(c, now));
    req.transactionInfo.chargingState = session::to_v201(state);
    if (type == TransactionEventEnumType::Ended || trigger == TriggerReasonEnumType::RemoteStart ||
        type == TransactionEventEnumType::Started) {
        req.transactionInfo.remoteStartId = tx.remote_start_id;
    }
    if (type == TransactionEventEnumType::Ended) {
        req.transactionInfo.timeSpentCharging = tx.charging_ms / 1000;
        req.transactionInfo.stoppedReason = stopped;
    }
    // The EVSE goes in the first event, and its connector in the first event that knows it (a
    // transaction begun on authorisation learns it when the cable goes in).
    const std::int64_t outlet = c.outlets.size() == 1 ? 1 : c.outlet_in_use;
    if (type == TransactionEventEnumType::Started ||
        (outlet != 0 && tx.evse_connector_sent != outlet)) {
        req.evse = EVSEType{std::nullopt, c.id,
                            outlet != 0 ? std::optional<std::int64_t>(outlet) : std::nullopt};
        tx.evse_connector_sent = outlet;
    }
    if (type == TransactionEventEnumType::Started) req.reservationId = tx.reservation_id;
    if (with_token && tx.token) req.idToken = id_token(*tx.token);
    std::vector<MeterValueType> values;
    for (const auto& s : samples) {
        auto v = session::to_v201(s);
        if (!v.sampledValue.empty()) values.push_back(std::move(v));
    }
    if (!values.empty()) req.meterValue = std::move(values);

    std::shared_ptr<Transaction> held = c.tx;  // null for Ended: the transaction is over
    const std::int64_t connector_id = c.id;
    const bool asks_token = req.idToken.has_value() && type != TransactionEventEnumType::Ended;
    queue_tx_message(
        "TransactionEvent", [req] { return ocpp::encode_payload(req); },
        [this, held, connector_id, asks_token](const simdjson::dom::element* result) {
            if (result == nullptr || !asks_token || !held) return;
            auto answer = ocpp::decode_payload<TransactionEventResponse>(*result);
            if (!answer || !answer->idTokenInfo) return;
            const TokenInfo info = token_info(*answer->idTokenInfo);
            if (held->token && settings_.auth_cache_enabled) {
                auth_cache_.remember(held->token->id, info);
            }
            Connector* now_c = connector(connector_id);
            if (info.status == session::AuthorizationStatus::Accepted || now_c == nullptr ||
                now_c->tx != held) {
                return;
            }
            log::info(id(), "transaction " + held->id + ": token not accepted by the CSMS");
            if (settings_.stop_on_invalid_id) {
                stop_transaction(*now_c, session::StopReason::DeAuthorized, now_);
            } else {
                deauthorize(*now_c, now_);
            }
        },
        now);
}

void V201Station::tx_started(Connector& c, model::Timestamp now) {
    Transaction& tx = *c.tx;
    tx.reported_state = charging_state(c, now);
    if (tx.reported_state == session::ChargingState::Charging) tx.charging_since = now;
    auto trigger = tx.remote_start_id   ? TriggerReasonEnumType::RemoteStart
                   : tx.started_by_plug ? TriggerReasonEnumType::CablePluggedIn
                                        : TriggerReasonEnumType::Authorized;
    if (!tx.authorized) trigger = TriggerReasonEnumType::CablePluggedIn;
    std::vector<session::MeterSample> samples;
    if (!settings_.started.empty()) {
        samples.push_back(
            sample(c, session::ReadingContext::TransactionBegin, settings_.started, now));
    }
    transaction_event(c, tx, TransactionEventEnumType::Started, trigger, std::move(samples),
                      tx.authorized, std::nullopt, now);
}

void V201Station::tx_updated(Connector& c, TxUpdate why, model::Timestamp now) {
    if (!c.tx) return;
    Transaction& tx = *c.tx;
    using T = TriggerReasonEnumType;
    std::vector<session::MeterSample> samples;
    T trigger = T::ChargingStateChanged;
    bool with_token = false;
    switch (why) {
        case TxUpdate::Periodic:
            trigger = T::MeterValuePeriodic;
            samples.push_back(
                sample(c, session::ReadingContext::SamplePeriodic, settings_.sampled, now));
            break;
        case TxUpdate::Clock:
            trigger = T::MeterValueClock;
            samples.push_back(
                sample(c, session::ReadingContext::SampleClock, settings_.aligned, now));
            break;
        case TxUpdate::Trigger:
            trigger = T::Trigger;
            samples.push_back(sample(c, session::ReadingContext::Trigger, settings_.sampled, now));
            break;
        case TxUpdate::Authorized:
            trigger = tx.remote_start_id ? T::RemoteStart : T::Authorized;
            with_token = true;
            break;
        case TxUpdate::Deauthorized:
            trigger = T::StopAuthorized;
            break;
        case TxUpdate::ChargingState:
            break;
    }
    transaction_event(c, tx, TransactionEventEnumType::Updated, trigger, std::move(samples),
                      with_token, std::nullopt, now);
}

void V201Station::tx_ended(Connector& c, Transaction& tx, session::StopReason reason,
                           model::Timestamp now) {
    std::vector<session::MeterSample> samples;
    samples.push_back(
        sample(c, session::ReadingContext::TransactionEnd,
               settings_.stop_sampled.empty() ? settings_.sampled : settings_.stop_sampled, now));
    auto trigger = trigger_for(reason);
    if (reason == session::StopReason::EVDisconnected) trigger = TriggerReasonEnumType::EVDeparted;
    transaction_event(c, tx, TransactionEventEnumType::Ended, trigger, std::move(samples),
                      reason == session::StopReason::Local, session::to_v201(reason), now);
}

void V201Station::idle_sample(Connector& c, model::Timestamp now) {
    if (!online() || !settings_.aligned_during_idle || settings_.aligned.empty()) return;
    MeterValuesRequest req;
    req.evseId = c.id;
    req.meterValue.push_back(
        session::to_v201(sample(c, session::ReadingContext::SampleClock, settings_.aligned, now)));
    call(req, {}, now);
}

void V201Station::reservation_expired(const Reservation& r, model::Timestamp now) {
    call(ReservationStatusUpdateRequest{std::nullopt, r.id,
                                        ReservationUpdateStatusEnumType::Expired},
         {}, now);
}

void V201Station::after_tx_end(Connector&, model::Timestamp now) {
    if (!reset_scheduled_) return;
    for (const auto& c : connectors_) {
        if (c.tx) return;
    }
    reset_scheduled_ = false;
    reset_now(false, now);
}

}  // namespace iskra::sim
