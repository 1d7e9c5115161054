// The 2.0.1 device model (part B): Get/SetVariables, GetBaseReport, GetReport over the
// variables of v201_variables.cpp, with reports split into NotifyReport messages.
#include "iskra/session/timestamp.hpp"
#include "v201_station.hpp"
#include "v201_variable.hpp"

namespace iskra::sim {

using namespace ocpp::v201;

namespace {

constexpr std::size_t kReportItemsPerMessage = 20;

bool matches(const V201Station::Variable& v, const ComponentType& c) {
    // Our components have no instances; variables may (MessageAttempts/TransactionEvent).
    if (v.component != c.name || c.instance) return false;
    if (!c.evse) return !v.evse;
    if (v.evse != c.evse->id) return false;
    return !c.evse->connectorId || v.connector == c.evse->connectorId;
}

}  // namespace

void V201Station::send_report(std::int64_t request_id, const std::vector<const Variable*>& vars,
                              model::Timestamp now) {
    const std::string generated = session::format_timestamp(station_time(now));
    std::int64_t seq = 0;
    for (std::size_t first = 0; first < vars.size(); first += kReportItemsPerMessage) {
        NotifyReportRequest req;
        req.requestId = request_id;
        req.generatedAt = generated;
        req.seqNo = seq++;
        const std::size_t last = std::min(vars.size(), first + kReportItemsPerMessage);
        req.tbc = last < vars.size();
        std::vector<ReportDataType> data;
        for (std::size_t i = first; i < last; ++i) {
            const Variable& v = *vars[i];
            ReportDataType item;
            item.component.name = v.component;
            if (v.evse) item.component.evse = EVSEType{std::nullopt, *v.evse, v.connector};
            item.variable.name = v.name;
            item.variable.instance = v.instance;
            VariableAttributeType attribute;
            attribute.type = AttributeEnumType::Actual;
            if (v.mutability != MutabilityEnumType::WriteOnly) attribute.value = v.get();
            attribute.mutability = v.mutability;
            item.variableAttribute.push_back(std::move(attribute));
            VariableCharacteristicsType characteristics;
            characteristics.dataType = v.type;
            characteristics.unit = v.unit;
            characteristics.valuesList = v.values_list;
            characteristics.supportsMonitoring = false;
            item.variableCharacteristics = std::move(characteristics);
            data.push_back(std::move(item));
        }
        req.reportData = std::move(data);
        call(req, {}, now);
    }
}

void V201Station::register_device_model(rpc::Router& router) {
    router.on<GetVariablesRequest>(
        [this](const GetVariablesRequest& req, rpc::Reply<GetVariablesResponse> reply) {
            auto vars = variables();
            GetVariablesResponse resp;
            for (const auto& item : req.getVariableData) {
                GetVariableResultType result;
                result.component = item.component;
                result.variable = item.variable;
                result.attributeType = item.attributeType;
                const Variable* found = nullptr;
                bool component_known = false;
                for (const auto& v : vars) {
                    if (!matches(v, item.component)) continue;
                    component_known = true;
                    if (v.name == item.variable.name && v.instance == item.variable.instance) {
                        found = &v;
                    }
                }
                if (item.attributeType && *item.attributeType != AttributeEnumType::Actual) {
                    result.attributeStatus = GetVariableStatusEnumType::NotSupportedAttributeType;
                } else if (!component_known) {
                    result.attributeStatus = GetVariableStatusEnumType::UnknownComponent;
                } else if (found == nullptr) {
                    result.attributeStatus = GetVariableStatusEnumType::UnknownVariable;
                } else if (found->mutability == MutabilityEnumType::WriteOnly) {
                    result.attributeStatus = GetVariableStatusEnumType::Rejected;
                } else {
                    result.attributeStatus = GetVariableStatusEnumType::Accepted;
                    result.attributeValue = found->get();
                }
                resp.getVariableResult.push_back(std::move(result));
            }
            reply.ok(resp);
        });

    router.on<SetVariablesRequest>(
        [this](const SetVariablesRequest& req, rpc::Reply<SetVariablesResponse> reply) {
            auto vars = variables();
            SetVariablesResponse resp;
            for (const auto& item : req.setVariableData) {
                SetVariableResultType result;
                result.component = item.component;
                result.variable = item.variable;
                result.attributeType = item.attributeType;
                const Variable* found = nullptr;
                bool component_known = false;
                for (const auto& v : vars) {
                    if (!matches(v, item.component)) continue;
                    component_known = true;
                    if (v.name == item.variable.name && v.instance == item.variable.instance) {
                        found = &v;
                    }
                }
                if (item.attributeType && *item.attributeType != AttributeEnumType::Actual) {
                    result.attributeStatus = SetVariableStatusEnumType::NotSupportedAttributeType;
                } else if (!component_known) {
                    result.attributeStatus = SetVariableStatusEnumType::UnknownComponent;
                } else if (found == nullptr) {
                    result.attributeStatus = SetVariableStatusEnumType::UnknownVariable;
                } else if (found->mutability == MutabilityEnumType::ReadOnly || !found->set ||
                           !found->set(item.attributeValue)) {
                    result.attributeStatus = SetVariableStatusEnumType::Rejected;
                } else {
                    result.attributeStatus = SetVariableStatusEnumType::Accepted;
                }
                resp.setVariableResult.push_back(std::move(result));
            }
            reply.ok(resp);
        });

    router.on<GetBaseReportRequest>(
        [this](const GetBaseReportRequest& req, rpc::Reply<GetBaseReportResponse> reply) {
            const auto vars = variables();
            std::vector<const Variable*> chosen;
            for (const auto& v : vars) {
                const bool pick = req.reportBase == ReportBaseEnumType::FullInventory ||
                                  (req.reportBase == ReportBaseEnumType::ConfigurationInventory &&
                                   v.mutability != MutabilityEnumType::ReadOnly) ||
                                  (req.reportBase == ReportBaseEnumType::SummaryInventory &&
                                   v.name == "AvailabilityState");
                if (pick) chosen.push_back(&v);
            }
            GetBaseReportResponse resp;
            resp.status = GenericDeviceModelStatusEnumType::Accepted;
            reply.ok(resp);
            send_report(req.requestId, chosen, now_);  // the report follows the answer
        });

    router.on<GetReportRequest>(
        [this](const GetReportRequest& req, rpc::Reply<GetReportResponse> reply) {
            const auto vars = variables();
            std::vector<const Variable*> chosen;
            for (const auto& v : vars) {
                bool pick = !req.componentVariable || req.componentVariable->empty();
                for (const auto& cv :
                     req.componentVariable.value_or(std::vector<ComponentVariableType>{})) {
                    if (!matches(v, cv.component)) continue;
                    if (!cv.variable ||
                        (cv.variable->name == v.name &&
                         (!cv.variable->instance || cv.variable->instance == v.instance))) {
                        pick = true;
                    }
                }
                if (pick) chosen.push_back(&v);
            }
            GetReportResponse resp;
            resp.status = chosen.empty() ? GenericDeviceModelStatusEnumType::EmptyResultSet
                                         : GenericDeviceModelStatusEnumType::Accepted;
            reply.ok(resp);
            if (!chosen.empty()) send_report(req.requestId, chosen, now_);
        });
}

}  // namespace iskra::sim
