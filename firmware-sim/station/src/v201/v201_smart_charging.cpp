// 2.0.1 smart charging (part K): profiles limit the model; reports and composite schedules.
#include <map>

#include "iskra/log/log.hpp"
#include "iskra/session/timestamp.hpp"
#include "profile_convert.hpp"
#include "v201_station.hpp"

namespace iskra::sim {

using namespace ocpp::v201;

void V201Station::register_smart_charging(rpc::Router& router) {
    router.on<SetChargingProfileRequest>([this](const SetChargingProfileRequest& req,
                                                rpc::Reply<SetChargingProfileResponse> reply) {
        const auto& in = req.chargingProfile;
        auto reject = [&](const std::string& why) {
            log::info(id(), "charging profile " + std::to_string(in.id) + " rejected: " + why);
            SetChargingProfileResponse resp;
            resp.status = ChargingProfileStatusEnumType::Rejected;
            resp.statusInfo = StatusInfoType{std::nullopt, "InvalidProfile", why.substr(0, 512)};
            reply.ok(resp);
        };
        if (req.evseId != 0 && connector(req.evseId) == nullptr) {
            return reject("no EVSE " + std::to_string(req.evseId));
        }
        const auto purpose = purpose_from_v201(in.chargingProfilePurpose);
        if (purpose == model::ProfilePurpose::StationMax && req.evseId != 0) {
            return reject("ChargingStationMaxProfile belongs on EVSE 0");
        }
        if (purpose == model::ProfilePurpose::Tx) {
            Connector* c = connector(req.evseId);
            if (c == nullptr || !c->tx) return reject("TxProfile without a transaction");
            if (in.transactionId && *in.transactionId != c->tx->id) {
                return reject("TxProfile for another transaction");
            }
        }
        auto profile = from_v201(in, req.evseId);
        if (!profile) return reject(profile.error());
        if (purpose == model::ProfilePurpose::Tx)
            profile->transaction_id = connector(req.evseId)->tx->id;
        std::erase_if(profiles_, [&](const model::Profile& p) {
            return p.id == profile->id ||
                   (p.stack_level == profile->stack_level && p.purpose == profile->purpose &&
                    p.evse == profile->evse);
        });
        profiles_.push_back(std::move(*profile));
        SetChargingProfileResponse resp;
        resp.status = ChargingProfileStatusEnumType::Accepted;
        reply.ok(resp);
        profiles_changed(now_);
    });

    router.on<ClearChargingProfileRequest>([this](const ClearChargingProfileRequest& req,
                                                  rpc::Reply<ClearChargingProfileResponse> reply) {
        const auto& criteria = req.chargingProfileCriteria;
        const auto removed = std::erase_if(profiles_, [&](const model::Profile& p) {
            if (req.chargingProfileId) return p.id == *req.chargingProfileId;
            if (!criteria) return true;
            if (criteria->evseId && p.evse != *criteria->evseId) return false;
            if (criteria->chargingProfilePurpose &&
                p.purpose != purpose_from_v201(*criteria->chargingProfilePurpose)) {
                return false;
            }
            return !criteria->stackLevel || p.stack_level == *criteria->stackLevel;
        });
        ClearChargingProfileResponse resp;
        resp.status = removed > 0 ? ClearChargingProfileStatusEnumType::Accepted
                                  : ClearChargingProfileStatusEnumType::Unknown;
        reply.ok(resp);
        if (removed > 0) profiles_changed(now_);
    });

    router.on<GetChargingProfilesRequest>([this](const GetChargingProfilesRequest& req,
                                                 rpc::Reply<GetChargingProfilesResponse> reply) {
        const auto& want = req.chargingProfile;
        std::map<std::int64_t, std::vector<ChargingProfileType>> by_evse;
        for (const auto& p : profiles_) {
            if (req.evseId && p.evse != *req.evseId) continue;
            if (want.chargingProfilePurpose &&
                p.purpose != purpose_from_v201(*want.chargingProfilePurpose)) {
                continue;
            }
            if (want.stackLevel && p.stack_level != *want.stackLevel) continue;
            if (want.chargingProfileId) {
                const auto& ids = *want.chargingProfileId;
                if (std::find(ids.begin(), ids.end(), p.id) == ids.end()) continue;
            }
            if (want.chargingLimitSource) {
                const auto& sources = *want.chargingLimitSource;
                if (std::find(sources.begin(), sources.end(), ChargingLimitSourceEnumType::CSO) ==
                    sources.end()) {
                    continue;
                }
            }
            by_evse[p.evse].push_back(to_v201(p));
        }
        GetChargingProfilesResponse resp;
        resp.status = by_evse.empty() ? GetChargingProfileStatusEnumType::NoProfiles
                                      : GetChargingProfileStatusEnumType::Accepted;
        reply.ok(resp);
        std::size_t left = by_evse.size();
        for (auto& [evse, list] : by_evse) {
            ReportChargingProfilesRequest report;
            report.requestId = req.requestId;
            report.chargingLimitSource = ChargingLimitSourceEnumType::CSO;
            report.evseId = evse;
            report.chargingProfile = std::move(list);
            report.tbc = --left > 0;
            call(report, {}, now_);
        }
    });

    router.on<GetCompositeScheduleRequest>([this](const GetCompositeScheduleRequest& req,
                                                  rpc::Reply<GetCompositeScheduleResponse> reply) {
        GetCompositeScheduleResponse resp;
        if (req.evseId != 0 && connector(req.evseId) == nullptr) {
            resp.status = GenericStatusEnumType::Rejected;
            reply.ok(resp);
            return;
        }
        const auto unit = req.chargingRateUnit.value_or(ChargingRateUnitEnumType::W);
        const Connector* c = connector(req.evseId == 0 ? 1 : req.evseId);
        const model::ConnectorSpec spec = c ? c->physics.spec() : model::ConnectorSpec{};
        const auto start = station_time(now_);
        const auto periods = model::composite_schedule(
            profiles_, req.evseId, spec, start, req.duration,
            unit == ChargingRateUnitEnumType::A ? model::RateUnit::A : model::RateUnit::W,
            c && req.evseId != 0 ? tx_context(*c) : std::nullopt);
        CompositeScheduleType schedule;
        schedule.evseId = req.evseId;
        schedule.duration = req.duration;
        schedule.scheduleStart = session::format_timestamp(start);
        schedule.chargingRateUnit = unit;
        for (const auto& p : periods) {
            ChargingSchedulePeriodType period;
            period.startPeriod = p.start_s;
            period.limit = p.limit;
            if (p.phases) period.numberPhases = *p.phases;
            schedule.chargingSchedulePeriod.push_back(period);
        }
        resp.status = GenericStatusEnumType::Accepted;
        resp.schedule = std::move(schedule);
        reply.ok(resp);
    });
}

}  // namespace iskra::sim
