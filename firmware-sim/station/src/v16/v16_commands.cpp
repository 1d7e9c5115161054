// 1.6 core commands from the CSMS: remote start/stop, reset, availability, unlock, trigger,
// reservations, local list, cache, data transfer.
#include "iskra/log/log.hpp"
#include "iskra/ocpp/iskra_extensions.hpp"
#include "iskra/session/timestamp.hpp"
#include "iskra/session/to_v16.hpp"
#include "profile_convert.hpp"
#include "v16_station.hpp"

namespace iskra::sim {

using namespace ocpp::v16;
using namespace std::chrono_literals;

// Iskra's gateway sends 1.6 stations their running cost this way (gateway/README.md): data
// {"transactionId": 17, "totalCost": "12.34", "currency": "PLN"}. Unreadable data is Rejected;
// a transaction that already ended is Accepted and not shown.
DataTransferResponse V16Station::iskra_data_transfer(const DataTransferRequest& req) {
    DataTransferResponse resp;
    if (req.messageId != ocpp::kRunningCostMessageId) {
        resp.status = DataTransferResponseStatus::UnknownMessageId;
        return resp;
    }
    simdjson::dom::parser parser;
    const std::string data = req.data.value_or("");
    simdjson::dom::element doc;
    std::int64_t transaction = 0;
    std::string_view cost;
    std::string_view currency;
    if (parser.parse(data).get(doc) || doc["transactionId"].get(transaction) ||
        doc["totalCost"].get(cost) || doc["currency"].get(currency)) {
        log::warn(id(), "running cost unreadable: " + data);
        resp.status = DataTransferResponseStatus::Rejected;
        return resp;
    }
    show_cost(std::to_string(transaction), std::string(cost) + " " + std::string(currency));
    resp.status = DataTransferResponseStatus::Accepted;
    return resp;
}

void V16Station::remote_start(const RemoteStartTransactionRequest& req,
                              rpc::Reply<RemoteStartTransactionResponse> reply) {
    auto reject = [&reply](const std::string& why, const std::string& station) {
        log::info(station, "remote start rejected: " + why);
        reply.ok({RemoteStartTransactionResponse{RemoteStartTransactionResponseStatus::Rejected}});
    };
    Connector* c = nullptr;
    if (req.connectorId) {
        c = connector(*req.connectorId);
    } else {
        for (auto& candidate : connectors_) {
            const bool free = !candidate.tx && !candidate.fault && candidate.operative &&
                              !candidate.authorization && !candidate.finishing &&
                              (!candidate.reservation || candidate.reservation->token == req.idTag);
            if (free && (c == nullptr || (candidate.physics.plugged() && !c->physics.plugged()))) {
                c = &candidate;
            }
        }
    }
    if (c == nullptr) return reject("no such or no free connector", id());
    if (c->tx || c->fault || !c->operative || !station_operative_ || c->authorization) {
        return reject("connector " + std::to_string(c->id) + " is busy or unavailable", id());
    }
    if (c->reservation && c->reservation->token != req.idTag) {
        return reject("connector " + std::to_string(c->id) + " is reserved", id());
    }
    std::optional<model::Profile> profile;
    if (req.chargingProfile) {
        if (req.chargingProfile->chargingProfilePurpose != ChargingProfilePurposeType::TxProfile) {
            return reject("a remote start's profile must be a TxProfile", id());
        }
        auto converted = from_v16(*req.chargingProfile, c->id);
        if (!converted) return reject(converted.error(), id());
        profile = std::move(*converted);
        profile->transaction_id.reset();  // the transaction does not exist yet
    }
    reply.ok({RemoteStartTransactionResponse{RemoteStartTransactionResponseStatus::Accepted}});

    const std::int64_t connector_id = c->id;
    if (profile) {
        std::erase_if(profiles_, [&](const model::Profile& p) { return p.id == profile->id; });
        profiles_.push_back(std::move(*profile));
    }
    Authorization auth;
    auth.token = Token{req.idTag, "Central"};
    auth.remote = true;
    if (settings_.authorize_remote_start) {
        authorize_token(
            auth.token,
            [this, auth, connector_id](bool ok, std::optional<std::string> group) mutable {
                if (!ok) return;
                auth.group = group;
                give_authorization(*connector(connector_id), auth, now_);
            },
            now_);
    } else {
        give_authorization(*c, auth, now_);
    }
    if (config_.auto_plug && !c->physics.plugged()) {
        timers_.schedule(now_ + 2s, [this, connector_id](model::Timestamp t) {
            (void)plug_in(connector_id, std::nullopt, WhenFull::Stay, t);
        });
    }
}

void V16Station::register_core(rpc::Router& router) {
    router.on<RemoteStartTransactionRequest>(
        [this](const RemoteStartTransactionRequest& req,
               rpc::Reply<RemoteStartTransactionResponse> reply) {
            remote_start(req, std::move(reply));
        });

    router.on<RemoteStopTransactionRequest>(
        [this](const RemoteStopTransactionRequest& req,
               rpc::Reply<RemoteStopTransactionResponse> reply) {
            for (auto& c : connectors_) {
                if (c.tx && c.tx->csms_id == req.transactionId) {
                    reply.ok({RemoteStopTransactionResponseStatus::Accepted});
                    stop_transaction(c, session::StopReason::Remote, now_);
                    return;
                }
            }
            reply.ok({RemoteStopTransactionResponseStatus::Rejected});
        });

    router.on<ResetRequest>([this](const ResetRequest& req, rpc::Reply<ResetResponse> reply) {
        reply.ok({ResetResponseStatus::Accepted});
        const bool hard = req.type == ResetType::Hard;
        for (auto& c : connectors_) {
            if (c.tx) {
                stop_transaction(
                    c, hard ? session::StopReason::HardReset : session::StopReason::SoftReset,
                    now_);
            }
        }
        // A moment for the StopTransactions to leave before the connection drops.
        timers_.schedule(now_ + 3s, [this, hard](model::Timestamp t) {
            reboot(hard ? "HardReset" : "SoftReset", hard ? 10s : 5s, t);
        });
    });

    router.on<ChangeAvailabilityRequest>(
        [this](const ChangeAvailabilityRequest& req, rpc::Reply<ChangeAvailabilityResponse> reply) {
            if (req.connectorId != 0 && connector(req.connectorId) == nullptr) {
                reply.ok({ChangeAvailabilityResponseStatus::Rejected});
                return;
            }
            const bool operative = req.type == AvailabilityType::Operative;
            bool busy = false;
            for (auto& c : connectors_) {
                if ((req.connectorId == 0 || c.id == req.connectorId) && c.tx) busy = true;
            }
            reply.ok({busy && !operative ? ChangeAvailabilityResponseStatus::Scheduled
                                         : ChangeAvailabilityResponseStatus::Accepted});
            apply_availability(req.connectorId, 0, operative, now_);
        });

    router.on<UnlockConnectorRequest>(
        [this](const UnlockConnectorRequest& req, rpc::Reply<UnlockConnectorResponse> reply) {
            Connector* c = connector(req.connectorId);
            if (c == nullptr) {
                reply.ok({UnlockConnectorResponseStatus::NotSupported});
                return;
            }
            reply.ok({UnlockConnectorResponseStatus::Unlocked});
            if (c->tx) stop_transaction(*c, session::StopReason::UnlockCommand, now_);
        });

    router.on<TriggerMessageRequest>([this](const TriggerMessageRequest& req,
                                            rpc::Reply<TriggerMessageResponse> reply) {
        if (req.connectorId && *req.connectorId != 0 && connector(*req.connectorId) == nullptr) {
            reply.ok({TriggerMessageResponseStatus::Rejected});
            return;
        }
        reply.ok({TriggerMessageResponseStatus::Accepted});
        trigger(req.requestedMessage, req.connectorId, now_);
    });

    router.on<DataTransferRequest>(
        [this](const DataTransferRequest& req, rpc::Reply<DataTransferResponse> reply) {
            if (req.vendorId == ocpp::kIskraVendorId) return reply.ok(iskra_data_transfer(req));
            DataTransferResponse resp;
            resp.status = req.vendorId == config_.identity.vendor
                              ? DataTransferResponseStatus::Accepted
                              : DataTransferResponseStatus::UnknownVendorId;
            if (resp.status == DataTransferResponseStatus::Accepted) resp.data = req.data;
            reply.ok(resp);
        });

    router.on<ReserveNowRequest>([this](const ReserveNowRequest& req,
                                        rpc::Reply<ReserveNowResponse> reply) {
        Connector* c = connector(req.connectorId);
        const auto expires = session::parse_timestamp(req.expiryDate);
        if (c == nullptr || !expires) {
            reply.ok({ReserveNowResponseStatus::Rejected});  // no reservations of connector 0
            return;
        }
        if (c->fault) return reply.ok({ReserveNowResponseStatus::Faulted});
        if (!c->operative || !station_operative_) {
            return reply.ok({ReserveNowResponseStatus::Unavailable});
        }
        if (c->tx || c->physics.plugged() || c->authorization ||
            (c->reservation && c->reservation->id != req.reservationId)) {
            return reply.ok({ReserveNowResponseStatus::Occupied});
        }
        for (auto& other : connectors_) {
            if (other.reservation && other.reservation->id == req.reservationId) {
                cancel_reservation(other, now_);
            }
        }
        reply.ok({ReserveNowResponseStatus::Accepted});
        reserve(*c, Reservation{req.reservationId, req.idTag, req.parentIdTag, *expires, 0}, now_);
    });

    router.on<CancelReservationRequest>(
        [this](const CancelReservationRequest& req, rpc::Reply<CancelReservationResponse> reply) {
            for (auto& c : connectors_) {
                if (c.reservation && c.reservation->id == req.reservationId) {
                    reply.ok({CancelReservationResponseStatus::Accepted});
                    cancel_reservation(c, now_);
                    return;
                }
            }
            reply.ok({CancelReservationResponseStatus::Rejected});
        });

    router.on<SendLocalListRequest>(
        [this](const SendLocalListRequest& req, rpc::Reply<SendLocalListResponse> reply) {
            if (!settings_.local_list_enabled) {
                reply.ok({SendLocalListResponseStatus::NotSupported});
                return;
            }
            std::vector<ListEntry> entries;
            for (const auto& item :
                 req.localAuthorizationList.value_or(std::vector<AuthorizationData>{})) {
                ListEntry entry{item.idTag, std::nullopt};
                if (item.idTagInfo) {
                    TokenInfo info;
                    info.status = session::from_v16(item.idTagInfo->status);
                    info.group = item.idTagInfo->parentIdTag;
                    if (item.idTagInfo->expiryDate) {
                        if (auto t = session::parse_timestamp(*item.idTagInfo->expiryDate)) {
                            info.expires_at = *t;
                        }
                    }
                    entry.info = info;
                }
                entries.push_back(std::move(entry));
            }
            const auto result =
                local_list_.update(req.updateType == UpdateType::Full, req.listVersion, entries);
            reply.ok({result == ListUpdateResult::Accepted ? SendLocalListResponseStatus::Accepted
                      : result == ListUpdateResult::VersionMismatch
                          ? SendLocalListResponseStatus::VersionMismatch
                          : SendLocalListResponseStatus::Failed});
        });

    router.on<GetLocalListVersionRequest>(
        [this](const GetLocalListVersionRequest&, rpc::Reply<GetLocalListVersionResponse> reply) {
            reply.ok({settings_.local_list_enabled ? local_list_.version() : -1});
        });

    router.on<ClearCacheRequest>(
        [this](const ClearCacheRequest&, rpc::Reply<ClearCacheResponse> reply) {
            auth_cache_.clear();
            reply.ok({ClearCacheResponseStatus::Accepted});
        });
}

void V16Station::trigger(MessageTrigger what, std::optional<std::int64_t> connector_id,
                         model::Timestamp now) {
    switch (what) {
        case MessageTrigger::BootNotification:
            send_boot(now);
            return;
        case MessageTrigger::Heartbeat:
            send_heartbeat(now);
            return;
        case MessageTrigger::FirmwareStatusNotification:
            send_firmware_status(firmware_status_, now);
            return;
        case MessageTrigger::DiagnosticsStatusNotification:
            send_diagnostics_status(diagnostics_status_, now);
            return;
        case MessageTrigger::MeterValues:
            for (auto& c : connectors_) {
                if (connector_id && *connector_id != 0 && c.id != *connector_id) continue;
                send_meter_values(c, session::ReadingContext::Trigger, settings_.sampled, now);
            }
            return;
        case MessageTrigger::StatusNotification:
            if (!connector_id || *connector_id == 0) {
                send_status(0, 0,
                            station_operative_ ? session::ConnectorStatus::Available
                                               : session::ConnectorStatus::Unavailable,
                            now);
            }
            for (auto& c : connectors_) {
                if (connector_id && c.id != *connector_id) continue;
                Outlet& o = c.outlets.front();
                o.reported = current_status(c, now);
                send_status(c.id, 1, *o.reported, now);
            }
            return;
    }
}

}  // namespace iskra::sim
