#include "station_script.hpp"

#include <cstdio>
#include <ctime>
#include <utility>

#include "iskra/ocpp/v16/messages.hpp"
#include "iskra/ocpp/v201/messages.hpp"

namespace iskra::bench {
namespace {

namespace v16 = ocpp::v16;
namespace v201 = ocpp::v201;

constexpr std::size_t kRound = 16;
constexpr double kPowerW = 11'000.0;  // a 3-phase 16 A AC charger
constexpr double kCurrentA = 16.0;
constexpr double kVoltageV = 230.0;

// UTC, ISO-8601 with milliseconds, as every OCPP timestamp on the wire.
std::string utc_timestamp() {
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
    const std::time_t seconds = static_cast<std::time_t>(ms.count() / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[80];  // room for any int the compiler cannot rule out
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>(ms.count() % 1000));
    return text;
}

Outcome failure(const rpc::CallFailure& failure) {
    switch (failure.kind) {
        case rpc::CallFailure::Kind::Timeout:
            return Outcome::Timeout;
        case rpc::CallFailure::Kind::CallError:
            return Outcome::CallError;
        case rpc::CallFailure::Kind::InvalidResponse:
        case rpc::CallFailure::Kind::InvalidRequest:
            return Outcome::InvalidResponse;
        case rpc::CallFailure::Kind::Closed:
            return Outcome::Closed;
    }
    return Outcome::Closed;
}

// Sends `request` and reports Ok for any valid answer, or how it failed.
template <class Request>
void send(rpc::RpcEndpoint& endpoint, const Request& request, CallKind kind,
          StationScript::Clock::time_point now, StationScript::Done done) {
    endpoint.call(
        request,
        [kind, done = std::move(done)](auto answer) {
            done(kind, answer ? Outcome::Ok : failure(answer.error()));
        },
        now);
}

v16::SampledValue v16_sample(std::string value, v16::Measurand measurand, v16::UnitOfMeasure unit,
                             v16::ReadingContext context) {
    v16::SampledValue sample;
    sample.value = std::move(value);
    sample.measurand = measurand;
    sample.unit = unit;
    sample.context = context;
    return sample;
}

v16::MeterValue v16_reading(std::string at, std::int64_t energy_wh, bool charging,
                            v16::ReadingContext context) {
    v16::MeterValue reading;
    reading.timestamp = std::move(at);
    const double power = charging ? kPowerW : 0.0;
    const double current = charging ? kCurrentA : 0.0;
    reading.sampledValue = {
        v16_sample(std::to_string(energy_wh), v16::Measurand::Energy_Active_Import_Register,
                   v16::UnitOfMeasure::Wh, context),
        v16_sample(std::to_string(static_cast<std::int64_t>(power)),
                   v16::Measurand::Power_Active_Import, v16::UnitOfMeasure::W, context),
        v16_sample(std::to_string(static_cast<std::int64_t>(current)),
                   v16::Measurand::Current_Import, v16::UnitOfMeasure::A, context),
        v16_sample(std::to_string(static_cast<std::int64_t>(kVoltageV)), v16::Measurand::Voltage,
                   v16::UnitOfMeasure::V, context),
    };
    return reading;
}

v201::SampledValueType v201_sample(double value, v201::MeasurandEnumType measurand,
                                   const char* unit, v201::ReadingContextEnumType context) {
    v201::SampledValueType sample;
    sample.value = value;
    sample.measurand = measurand;
    sample.unitOfMeasure = v201::UnitOfMeasureType{};
    sample.unitOfMeasure->unit = unit;
    sample.context = context;
    return sample;
}

v201::MeterValueType v201_reading(std::string at, std::int64_t energy_wh, bool charging, bool full,
                                  v201::ReadingContextEnumType context) {
    v201::MeterValueType reading;
    reading.timestamp = std::move(at);
    reading.sampledValue.push_back(
        v201_sample(static_cast<double>(energy_wh),
                    v201::MeasurandEnumType::Energy_Active_Import_Register, "Wh", context));
    if (full) {
        reading.sampledValue.push_back(v201_sample(
            charging ? kPowerW : 0.0, v201::MeasurandEnumType::Power_Active_Import, "W", context));
        reading.sampledValue.push_back(v201_sample(
            charging ? kCurrentA : 0.0, v201::MeasurandEnumType::Current_Import, "A", context));
        reading.sampledValue.push_back(
            v201_sample(kVoltageV, v201::MeasurandEnumType::Voltage, "V", context));
    }
    return reading;
}

v201::IdTokenType id_token(const std::string& id) {
    v201::IdTokenType token;
    token.idToken = id;
    token.type = v201::IdTokenEnumType::ISO14443;
    return token;
}

// One TransactionEvent of a session; the caller fills in what differs.
v201::TransactionEventRequest transaction_event(v201::TransactionEventEnumType type,
                                                v201::TriggerReasonEnumType why,
                                                const std::string& at,
                                                const std::string& transaction,
                                                std::int64_t seq_no) {
    v201::TransactionEventRequest request;
    request.eventType = type;
    request.timestamp = at;
    request.triggerReason = why;
    request.seqNo = seq_no;
    request.transactionInfo.transactionId = transaction;
    return request;
}

}  // namespace

std::string_view to_string(CallKind kind) {
    switch (kind) {
        case CallKind::Boot:
            return "boot";
        case CallKind::Heartbeat:
            return "heartbeat";
        case CallKind::Status:
            return "status";
        case CallKind::Authorize:
            return "authorize";
        case CallKind::Start:
            return "start";
        case CallKind::MeterValues:
            return "meter_values";
        case CallKind::Stop:
            return "stop";
    }
    return "?";
}

std::string_view to_string(Outcome outcome) {
    switch (outcome) {
        case Outcome::Ok:
            return "ok";
        case Outcome::Refused:
            return "refused";
        case Outcome::CallError:
            return "call_error";
        case Outcome::InvalidResponse:
            return "invalid_response";
        case Outcome::Timeout:
            return "timeout";
        case Outcome::Closed:
            return "closed";
    }
    return "?";
}

StationScript::StationScript(ocpp::Version version, std::string station_id, std::size_t index)
    : version_(version),
      station_id_(std::move(station_id)),
      // 1.6 idTags are at most 20 characters.
      id_tag_("TAG" + std::to_string(index)),
      // Stations start from different register readings, as real meters do.
      step_(index % kRound),
      energy_wh_(static_cast<double>(1'000'000 + (index % 997) * 1'000)) {}

bool StationScript::starts_in_session() const {
    // Steps 4..13 run between a session's start (step 3) and its stop (step 13).
    const std::size_t step = step_ % kRound;
    return step >= 4 && step <= 13 && !charging_;
}

void StationScript::open_session(rpc::RpcEndpoint& endpoint, Clock::time_point now, Done done) {
    const std::string at = utc_timestamp();
    if (version_ == ocpp::Version::v16) {
        start_v16(endpoint, at, now, std::move(done));
    } else {
        start_v201(endpoint, at, now, std::move(done));
    }
}

std::int64_t StationScript::read_meter_wh(Clock::time_point now) {
    if (charging_ && last_reading_ != Clock::time_point{}) {
        const std::chrono::duration<double> elapsed = now - last_reading_;
        energy_wh_ += kPowerW * elapsed.count() / 3600.0;
    }
    last_reading_ = now;
    return static_cast<std::int64_t>(energy_wh_);
}

void StationScript::boot(rpc::RpcEndpoint& endpoint, Clock::time_point now, Done done) {
    const auto accepted = [done = std::move(done)](bool ok, bool is_accepted,
                                                   const rpc::CallFailure* why) {
        done(CallKind::Boot, !ok ? failure(*why) : is_accepted ? Outcome::Ok : Outcome::Refused);
    };
    if (version_ == ocpp::Version::v16) {
        v16::BootNotificationRequest boot;
        boot.chargePointVendor = "Iskra";
        boot.chargePointModel = "LoadBench";
        boot.chargePointSerialNumber = station_id_;
        boot.firmwareVersion = "bench-1";
        endpoint.call(
            boot,
            [accepted](auto answer) {
                accepted(answer.has_value(),
                         answer && answer->status == v16::RegistrationStatus::Accepted,
                         answer ? nullptr : &answer.error());
            },
            now);
    } else {
        v201::BootNotificationRequest boot;
        boot.reason = v201::BootReasonEnumType::PowerUp;
        boot.chargingStation.vendorName = "Iskra";
        boot.chargingStation.model = "LoadBench";
        boot.chargingStation.serialNumber = station_id_;
        boot.chargingStation.firmwareVersion = "bench-1";
        endpoint.call(
            boot,
            [accepted](auto answer) {
                accepted(answer.has_value(),
                         answer && answer->status == v201::RegistrationStatusEnumType::Accepted,
                         answer ? nullptr : &answer.error());
            },
            now);
    }
}

void StationScript::next(rpc::RpcEndpoint& endpoint, Clock::time_point now, Done done) {
    const std::size_t step = step_++ % kRound;
    if (version_ == ocpp::Version::v16) {
        next_v16(endpoint, step, now, std::move(done));
    } else {
        next_v201(endpoint, step, now, std::move(done));
    }
}

void StationScript::next_v16(rpc::RpcEndpoint& endpoint, std::size_t step, Clock::time_point now,
                             Done done) {
    // One time for the whole message: a reading stamped later than its own event would look
    // like a clock jump to a CSMS that checks.
    const std::string at = utc_timestamp();
    const auto status = [&](v16::ChargePointStatus value) {
        v16::StatusNotificationRequest request;
        request.connectorId = 1;
        request.errorCode = v16::ChargePointErrorCode::NoError;
        request.status = value;
        request.timestamp = at;
        send(endpoint, request, CallKind::Status, now, std::move(done));
    };
    // Without a transactionId (its start failed) there is nothing to stop: a heartbeat instead.
    if (step == 0 || step == 12 || (step == 13 && v16_transaction_ == 0)) {
        return send(endpoint, v16::HeartbeatRequest{}, CallKind::Heartbeat, now, std::move(done));
    }
    switch (step) {
        case 1:
            return status(v16::ChargePointStatus::Preparing);
        case 2: {
            v16::AuthorizeRequest request;
            request.idTag = id_tag_;
            endpoint.call(
                request,
                [done = std::move(done)](auto answer) {
                    done(CallKind::Authorize,
                         !answer ? failure(answer.error())
                         : answer->idTagInfo.status == v16::AuthorizationStatus::Accepted
                             ? Outcome::Ok
                             : Outcome::Refused);
                },
                now);
            return;
        }
        case 3:
            return start_v16(endpoint, at, now, std::move(done));
        case 4:
            return status(v16::ChargePointStatus::Charging);
        case 13: {
            v16::StopTransactionRequest request;
            request.idTag = id_tag_;
            request.meterStop = read_meter_wh(now);
            request.timestamp = at;
            request.transactionId = v16_transaction_;
            request.reason = v16::Reason::Local;
            charging_ = false;
            v16_transaction_ = 0;
            return send(endpoint, request, CallKind::Stop, now, std::move(done));
        }
        case 14:
            return status(v16::ChargePointStatus::Finishing);
        case 15:
            return status(v16::ChargePointStatus::Available);
        default: {  // 5..11
            v16::MeterValuesRequest request;
            request.connectorId = 1;
            if (v16_transaction_ != 0) request.transactionId = v16_transaction_;
            request.meterValue.push_back(v16_reading(at, read_meter_wh(now), charging_,
                                                     v16::ReadingContext::Sample_Periodic));
            return send(endpoint, request, CallKind::MeterValues, now, std::move(done));
        }
    }
}

void StationScript::next_v201(rpc::RpcEndpoint& endpoint, std::size_t step, Clock::time_point now,
                              Done done) {
    const std::string at = utc_timestamp();  // one time for the whole message, as in next_v16
    using Context = v201::ReadingContextEnumType;
    const auto status = [&](v201::ConnectorStatusEnumType value) {
        v201::StatusNotificationRequest request;
        request.timestamp = at;
        request.connectorStatus = value;
        request.evseId = 1;
        request.connectorId = 1;
        send(endpoint, request, CallKind::Status, now, std::move(done));
    };
    const v201::IdTokenType token = id_token(id_tag_);
    const auto event = [&](v201::TransactionEventEnumType type, v201::TriggerReasonEnumType why) {
        return transaction_event(type, why, at, v201_transaction_, v201_seq_no_++);
    };

    switch (step) {
        case 0:
        case 12:
            return send(endpoint, v201::HeartbeatRequest{}, CallKind::Heartbeat, now,
                        std::move(done));
        case 1:
            return status(v201::ConnectorStatusEnumType::Occupied);
        case 2: {
            v201::AuthorizeRequest request;
            request.idToken = token;
            endpoint.call(
                request,
                [done = std::move(done)](auto answer) {
                    done(CallKind::Authorize,
                         !answer ? failure(answer.error())
                         : answer->idTokenInfo.status == v201::AuthorizationStatusEnumType::Accepted
                             ? Outcome::Ok
                             : Outcome::Refused);
                },
                now);
            return;
        }
        case 3:
            return start_v201(endpoint, at, now, std::move(done));
        case 13: {
            auto request = event(v201::TransactionEventEnumType::Ended,
                                 v201::TriggerReasonEnumType::StopAuthorized);
            request.transactionInfo.stoppedReason = v201::ReasonEnumType::Local;
            request.transactionInfo.chargingState = v201::ChargingStateEnumType::EVConnected;
            request.idToken = token;
            request.meterValue = std::vector{
                v201_reading(at, read_meter_wh(now), false, false, Context::Transaction_End)};
            charging_ = false;
            return send(endpoint, request, CallKind::Stop, now, std::move(done));
        }
        case 14:
            return status(v201::ConnectorStatusEnumType::Available);
        case 15: {
            v201::MeterValuesRequest request;
            request.evseId = 1;
            request.meterValue.push_back(
                v201_reading(at, read_meter_wh(now), false, false, Context::Sample_Clock));
            return send(endpoint, request, CallKind::MeterValues, now, std::move(done));
        }
        default: {  // 4..11: the session's periodic meter values
            auto request = event(v201::TransactionEventEnumType::Updated,
                                 step == 4 ? v201::TriggerReasonEnumType::ChargingStateChanged
                                           : v201::TriggerReasonEnumType::MeterValuePeriodic);
            if (step == 4)
                request.transactionInfo.chargingState = v201::ChargingStateEnumType::Charging;
            request.meterValue = std::vector{
                v201_reading(at, read_meter_wh(now), true, true, Context::Sample_Periodic)};
            return send(endpoint, request, CallKind::MeterValues, now, std::move(done));
        }
    }
}

void StationScript::start_v16(rpc::RpcEndpoint& endpoint, const std::string& at,
                              Clock::time_point now, Done done) {
    v16::StartTransactionRequest request;
    request.connectorId = 1;
    request.idTag = id_tag_;
    request.meterStart = read_meter_wh(now);
    request.timestamp = at;
    charging_ = true;
    v16_transaction_ = 0;
    endpoint.call(
        request,
        [this, done = std::move(done)](auto answer) {
            if (answer) v16_transaction_ = answer->transactionId;
            done(CallKind::Start, !answer ? failure(answer.error())
                                  : answer->idTagInfo.status == v16::AuthorizationStatus::Accepted
                                      ? Outcome::Ok
                                      : Outcome::Refused);
        },
        now);
}

void StationScript::start_v201(rpc::RpcEndpoint& endpoint, const std::string& at,
                               Clock::time_point now, Done done) {
    const v201::IdTokenType token = id_token(id_tag_);
    // The station names its transactions; at most 36 characters.
    v201_transaction_ = station_id_ + "-" + std::to_string(++sessions_);
    v201_seq_no_ = 0;
    auto request = transaction_event(v201::TransactionEventEnumType::Started,
                                     v201::TriggerReasonEnumType::Authorized, at, v201_transaction_,
                                     v201_seq_no_++);
    request.transactionInfo.chargingState = v201::ChargingStateEnumType::Charging;
    request.evse = v201::EVSEType{};
    request.evse->id = 1;
    request.evse->connectorId = 1;
    request.idToken = token;
    request.meterValue = std::vector{v201_reading(at, read_meter_wh(now), false, false,
                                                  v201::ReadingContextEnumType::Transaction_Begin)};
    charging_ = true;
    endpoint.call(
        request,
        [done = std::move(done)](auto answer) {
            const bool accepted =
                answer && answer->idTokenInfo &&
                answer->idTokenInfo->status == v201::AuthorizationStatusEnumType::Accepted;
            done(CallKind::Start, !answer    ? failure(answer.error())
                                  : accepted ? Outcome::Ok
                                             : Outcome::Refused);
        },
        now);
}

}  // namespace iskra::bench
