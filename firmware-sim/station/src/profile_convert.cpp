#include "profile_convert.hpp"

#include "iskra/session/timestamp.hpp"

namespace iskra::sim {
namespace {

tl::expected<std::optional<model::Timestamp>, std::string> instant(
    const std::optional<std::string>& text, const char* name) {
    if (!text) return std::optional<model::Timestamp>{};
    const auto t = session::parse_timestamp(*text);
    if (!t) return tl::unexpected(std::string(name) + " is not a date-time: " + t.error().reason);
    return std::optional<model::Timestamp>{*t};
}

std::optional<int> phases(std::optional<std::int64_t> n) {
    if (!n) return std::nullopt;
    return static_cast<int>(*n);
}

}  // namespace

std::optional<model::ProfilePurpose> purpose_from_v16(ocpp::v16::ChargingProfilePurposeType p) {
    using P = ocpp::v16::ChargingProfilePurposeType;
    switch (p) {
        case P::ChargePointMaxProfile:
            return model::ProfilePurpose::StationMax;
        case P::TxDefaultProfile:
            return model::ProfilePurpose::TxDefault;
        case P::TxProfile:
            return model::ProfilePurpose::Tx;
    }
    return std::nullopt;
}

model::ProfilePurpose purpose_from_v201(ocpp::v201::ChargingProfilePurposeEnumType p) {
    using P = ocpp::v201::ChargingProfilePurposeEnumType;
    switch (p) {
        case P::ChargingStationMaxProfile:
            return model::ProfilePurpose::StationMax;
        case P::TxDefaultProfile:
            return model::ProfilePurpose::TxDefault;
        case P::TxProfile:
            return model::ProfilePurpose::Tx;
        case P::ChargingStationExternalConstraints:
            return model::ProfilePurpose::External;
    }
    return model::ProfilePurpose::TxDefault;
}

ocpp::v16::ChargingProfilePurposeType to_v16(model::ProfilePurpose purpose) {
    using P = ocpp::v16::ChargingProfilePurposeType;
    switch (purpose) {
        case model::ProfilePurpose::StationMax:
        case model::ProfilePurpose::External:
            return P::ChargePointMaxProfile;
        case model::ProfilePurpose::TxDefault:
            return P::TxDefaultProfile;
        case model::ProfilePurpose::Tx:
            return P::TxProfile;
    }
    return P::TxDefaultProfile;
}

ocpp::v201::ChargingProfilePurposeEnumType to_v201(model::ProfilePurpose purpose) {
    using P = ocpp::v201::ChargingProfilePurposeEnumType;
    switch (purpose) {
        case model::ProfilePurpose::StationMax:
            return P::ChargingStationMaxProfile;
        case model::ProfilePurpose::External:
            return P::ChargingStationExternalConstraints;
        case model::ProfilePurpose::TxDefault:
            return P::TxDefaultProfile;
        case model::ProfilePurpose::Tx:
            return P::TxProfile;
    }
    return P::TxDefaultProfile;
}

tl::expected<model::Profile, std::string> from_v16(const ocpp::v16::ChargingProfile& in,
                                                   std::int64_t connector) {
    using namespace ocpp::v16;
    model::Profile out;
    out.id = in.chargingProfileId;
    out.evse = connector;
    out.stack_level = in.stackLevel;
    out.purpose = *purpose_from_v16(in.chargingProfilePurpose);
    out.kind = in.chargingProfileKind == ChargingProfileKindType::Absolute
                   ? model::ProfileKind::Absolute
               : in.chargingProfileKind == ChargingProfileKindType::Recurring
                   ? model::ProfileKind::Recurring
                   : model::ProfileKind::Relative;
    if (in.recurrencyKind) {
        out.recurrency = *in.recurrencyKind == RecurrencyKindType::Daily
                             ? model::Recurrency::Daily
                             : model::Recurrency::Weekly;
    }
    if (in.transactionId) out.transaction_id = std::to_string(*in.transactionId);
    auto from = instant(in.validFrom, "validFrom");
    auto to = instant(in.validTo, "validTo");
    auto start = instant(in.chargingSchedule.startSchedule, "startSchedule");
    if (!from) return tl::unexpected(from.error());
    if (!to) return tl::unexpected(to.error());
    if (!start) return tl::unexpected(start.error());
    out.valid_from = *from;
    out.valid_to = *to;
    out.start_schedule = *start;
    out.duration_s = in.chargingSchedule.duration;
    out.unit = in.chargingSchedule.chargingRateUnit == ChargingRateUnitType::A ? model::RateUnit::A
                                                                               : model::RateUnit::W;
    out.min_rate = in.chargingSchedule.minChargingRate;
    for (const auto& p : in.chargingSchedule.chargingSchedulePeriod) {
        out.periods.push_back({p.startPeriod, p.limit, phases(p.numberPhases)});
    }
    if (auto problem = model::profile_problem(out)) return tl::unexpected(*problem);
    return out;
}

tl::expected<model::Profile, std::string> from_v201(const ocpp::v201::ChargingProfileType& in,
                                                    std::int64_t evse) {
    using namespace ocpp::v201;
    model::Profile out;
    out.id = in.id;
    out.evse = evse;
    out.stack_level = in.stackLevel;
    out.purpose = purpose_from_v201(in.chargingProfilePurpose);
    out.kind = in.chargingProfileKind == ChargingProfileKindEnumType::Absolute
                   ? model::ProfileKind::Absolute
               : in.chargingProfileKind == ChargingProfileKindEnumType::Recurring
                   ? model::ProfileKind::Recurring
                   : model::ProfileKind::Relative;
    if (in.recurrencyKind) {
        out.recurrency = *in.recurrencyKind == RecurrencyKindEnumType::Daily
                             ? model::Recurrency::Daily
                             : model::Recurrency::Weekly;
    }
    out.transaction_id = in.transactionId;
    if (in.chargingSchedule.empty()) return tl::unexpected(std::string("no chargingSchedule"));
    // A station with one meter per EVSE uses the first schedule (more are for ISO 15118).
    const auto& schedule = in.chargingSchedule.front();
    auto from = instant(in.validFrom, "validFrom");
    auto to = instant(in.validTo, "validTo");
    auto start = instant(schedule.startSchedule, "startSchedule");
    if (!from) return tl::unexpected(from.error());
    if (!to) return tl::unexpected(to.error());
    if (!start) return tl::unexpected(start.error());
    out.valid_from = *from;
    out.valid_to = *to;
    out.start_schedule = *start;
    out.duration_s = schedule.duration;
    out.unit = schedule.chargingRateUnit == ChargingRateUnitEnumType::A ? model::RateUnit::A
                                                                        : model::RateUnit::W;
    out.min_rate = schedule.minChargingRate;
    for (const auto& p : schedule.chargingSchedulePeriod) {
        out.periods.push_back({p.startPeriod, p.limit, phases(p.numberPhases)});
    }
    if (auto problem = model::profile_problem(out)) return tl::unexpected(*problem);
    return out;
}

ocpp::v201::ChargingProfileType to_v201(const model::Profile& in) {
    using namespace ocpp::v201;
    ChargingProfileType out;
    out.id = in.id;
    out.stackLevel = in.stack_level;
    out.chargingProfilePurpose = to_v201(in.purpose);
    out.chargingProfileKind =
        in.kind == model::ProfileKind::Absolute    ? ChargingProfileKindEnumType::Absolute
        : in.kind == model::ProfileKind::Recurring ? ChargingProfileKindEnumType::Recurring
                                                   : ChargingProfileKindEnumType::Relative;
    if (in.recurrency) {
        out.recurrencyKind = *in.recurrency == model::Recurrency::Daily
                                 ? RecurrencyKindEnumType::Daily
                                 : RecurrencyKindEnumType::Weekly;
    }
    if (in.valid_from) out.validFrom = session::format_timestamp(*in.valid_from);
    if (in.valid_to) out.validTo = session::format_timestamp(*in.valid_to);
    out.transactionId = in.transaction_id;
    ChargingScheduleType schedule;
    schedule.id = in.id;
    if (in.start_schedule) schedule.startSchedule = session::format_timestamp(*in.start_schedule);
    schedule.duration = in.duration_s;
    schedule.chargingRateUnit =
        in.unit == model::RateUnit::A ? ChargingRateUnitEnumType::A : ChargingRateUnitEnumType::W;
    schedule.minChargingRate = in.min_rate;
    for (const auto& p : in.periods) {
        ChargingSchedulePeriodType period;
        period.startPeriod = p.start_s;
        period.limit = p.limit;
        if (p.phases) period.numberPhases = *p.phases;
        schedule.chargingSchedulePeriod.push_back(period);
    }
    out.chargingSchedule.push_back(std::move(schedule));
    return out;
}

}  // namespace iskra::sim
