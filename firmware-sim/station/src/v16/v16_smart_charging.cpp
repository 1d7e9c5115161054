// 1.6 smart charging (§5.16, §5.5, §5.7): profiles set and cleared by the CSMS limit the model.
#include "iskra/log/log.hpp"
#include "iskra/session/timestamp.hpp"
#include "profile_convert.hpp"
#include "v16_station.hpp"

namespace iskra::sim {

using namespace ocpp::v16;

void V16Station::register_smart_charging(rpc::Router& router) {
    router.on<SetChargingProfileRequest>([this](const SetChargingProfileRequest& req,
                                                rpc::Reply<SetChargingProfileResponse> reply) {
        const auto& in = req.csChargingProfiles;
        auto reject = [&](const std::string& why) {
            log::info(id(), "charging profile " + std::to_string(in.chargingProfileId) +
                                " rejected: " + why);
            reply.ok({SetChargingProfileResponseStatus::Rejected});
        };
        if (req.connectorId != 0 && connector(req.connectorId) == nullptr) {
            return reject("no connector " + std::to_string(req.connectorId));
        }
        const auto purpose = in.chargingProfilePurpose;
        if (purpose == ChargingProfilePurposeType::ChargePointMaxProfile && req.connectorId != 0) {
            return reject("ChargePointMaxProfile belongs on connector 0");
        }
        if (purpose == ChargingProfilePurposeType::TxProfile) {
            Connector* c = connector(req.connectorId);
            if (c == nullptr || !c->tx) return reject("TxProfile without a transaction");
            if (in.transactionId && c->tx->csms_id != *in.transactionId) {
                return reject("TxProfile for another transaction");
            }
        }
        auto profile = from_v16(in, req.connectorId);
        if (!profile) return reject(profile.error());
        if (purpose == ChargingProfilePurposeType::TxProfile) {
            // The model matches TxProfiles to the local transaction name.
            profile->transaction_id = connector(req.connectorId)->tx->id;
        }
        // A new profile replaces one with its id, or one with its place (stack level, purpose,
        // connector).
        std::erase_if(profiles_, [&](const model::Profile& p) {
            return p.id == profile->id ||
                   (p.stack_level == profile->stack_level && p.purpose == profile->purpose &&
                    p.evse == profile->evse);
        });
        profiles_.push_back(std::move(*profile));
        reply.ok({SetChargingProfileResponseStatus::Accepted});
        profiles_changed(now_);
    });

    router.on<ClearChargingProfileRequest>([this](const ClearChargingProfileRequest& req,
                                                  rpc::Reply<ClearChargingProfileResponse> reply) {
        const auto purpose = req.chargingProfilePurpose
                                 ? purpose_from_v16(*req.chargingProfilePurpose)
                                 : std::nullopt;
        const auto removed = std::erase_if(profiles_, [&](const model::Profile& p) {
            if (req.id) return p.id == *req.id;
            if (req.connectorId && p.evse != *req.connectorId) return false;
            if (purpose && p.purpose != *purpose) return false;
            if (req.stackLevel && p.stack_level != *req.stackLevel) return false;
            return true;
        });
        reply.ok({removed > 0 ? ClearChargingProfileResponseStatus::Accepted
                              : ClearChargingProfileResponseStatus::Unknown});
        if (removed > 0) profiles_changed(now_);
    });

    router.on<GetCompositeScheduleRequest>([this](const GetCompositeScheduleRequest& req,
                                                  rpc::Reply<GetCompositeScheduleResponse> reply) {
        GetCompositeScheduleResponse resp;
        if (req.connectorId != 0 && connector(req.connectorId) == nullptr) {
            resp.status = GetCompositeScheduleResponseStatus::Rejected;
            reply.ok(resp);
            return;
        }
        const auto unit = req.chargingRateUnit.value_or(ChargingRateUnitType::W);
        const Connector* c = connector(req.connectorId == 0 ? 1 : req.connectorId);
        const model::ConnectorSpec spec = c ? c->physics.spec() : model::ConnectorSpec{};
        const auto start = station_time(now_);
        const auto periods = model::composite_schedule(
            profiles_, req.connectorId, spec, start, req.duration,
            unit == ChargingRateUnitType::A ? model::RateUnit::A : model::RateUnit::W,
            c && req.connectorId != 0 ? tx_context(*c) : std::nullopt);
        ChargingSchedule schedule;
        schedule.duration = req.duration;
        schedule.startSchedule = session::format_timestamp(start);
        schedule.chargingRateUnit = unit;
        for (const auto& p : periods) {
            ChargingSchedulePeriod period;
            period.startPeriod = p.start_s;
            period.limit = p.limit;
            if (p.phases) period.numberPhases = *p.phases;
            schedule.chargingSchedulePeriod.push_back(period);
        }
        resp.status = GetCompositeScheduleResponseStatus::Accepted;
        resp.connectorId = req.connectorId;
        resp.scheduleStart = schedule.startSchedule;
        resp.chargingSchedule = std::move(schedule);
        reply.ok(resp);
    });
}

}  // namespace iskra::sim
