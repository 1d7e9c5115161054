// 2.0.1 commands from the CSMS: request start/stop, reset, availability, unlock, trigger,
// reservations, local list, cache, transaction status, data transfer.
#include <algorithm>

#include "iskra/log/log.hpp"
#include "iskra/session/timestamp.hpp"
#include "iskra/session/to_v201.hpp"
#include "profile_convert.hpp"
#include "v201_station.hpp"

namespace iskra::sim {

using namespace ocpp::v201;
using namespace std::chrono_literals;

void V201Station::request_start(const RequestStartTransactionRequest& req,
                                rpc::Reply<RequestStartTransactionResponse> reply) {
    auto reject = [&](const std::string& why) {
        log::info(id(), "remote start rejected: " + why);
        RequestStartTransactionResponse resp;
        resp.status = RequestStartStopStatusEnumType::Rejected;
        reply.ok(resp);
    };
    Connector* c = nullptr;
    if (req.evseId) {
        c = connector(*req.evseId);
    } else {
        for (auto& candidate : connectors_) {
            const bool free =
                (!candidate.tx || !candidate.tx->authorized) && !candidate.fault &&
                candidate.operative && !candidate.authorization && !candidate.finishing &&
                (!candidate.reservation || candidate.reservation->token == req.idToken.idToken);
            if (free && (c == nullptr || (candidate.physics.plugged() && !c->physics.plugged()))) {
                c = &candidate;
            }
        }
    }
    if (c == nullptr) return reject("no such or no free EVSE");
    const bool any_outlet = std::any_of(c->outlets.begin(), c->outlets.end(),
                                        [](const Outlet& o) { return o.operative; });
    if ((c->tx && c->tx->authorized) || c->fault || !c->operative || !station_operative_ ||
        c->authorization || !any_outlet) {
        return reject("EVSE " + std::to_string(c->id) + " is busy or unavailable");
    }
    if (c->reservation && c->reservation->token != req.idToken.idToken) {
        return reject("EVSE " + std::to_string(c->id) + " is reserved");
    }
    std::optional<model::Profile> profile;
    if (req.chargingProfile) {
        if (req.chargingProfile->chargingProfilePurpose !=
            ChargingProfilePurposeEnumType::TxProfile) {
            return reject("a remote start's profile must be a TxProfile");
        }
        auto converted = from_v201(*req.chargingProfile, c->id);
        if (!converted) return reject(converted.error());
        profile = std::move(*converted);
        profile->transaction_id.reset();
    }
    RequestStartTransactionResponse resp;
    resp.status = RequestStartStopStatusEnumType::Accepted;
    if (c->tx) resp.transactionId = c->tx->id;  // already running on the EV's plug-in
    reply.ok(resp);

    const std::int64_t evse = c->id;
    if (profile) {
        std::erase_if(profiles_, [&](const model::Profile& p) { return p.id == profile->id; });
        profiles_.push_back(std::move(*profile));
    }
    Authorization auth;
    auth.token = Token{req.idToken.idToken, std::string(to_string(req.idToken.type))};
    if (req.groupIdToken) auth.group = req.groupIdToken->idToken;
    auth.remote = true;
    auth.remote_start_id = req.remoteStartId;
    if (settings_.authorize_remote_start) {
        authorize_token(
            auth.token,
            [this, auth, evse](bool ok, std::optional<std::string> group) mutable {
                if (!ok) return;
                if (group) auth.group = group;
                give_authorization(*connector(evse), auth, now_);
            },
            now_);
    } else {
        give_authorization(*c, auth, now_);
    }
    if (config_.auto_plug && !c->physics.plugged()) {
        timers_.schedule(now_ + 2s, [this, evse](model::Timestamp t) {
            (void)plug_in(evse, std::nullopt, WhenFull::Stay, t);
        });
    }
}

void V201Station::reset_now(bool immediate, model::Timestamp now) {
    for (auto& c : connectors_) {
        if (c.tx) stop_transaction(c, session::StopReason::ImmediateReset, now);
    }
    (void)immediate;
    timers_.schedule(now + 3s, [this](model::Timestamp t) { reboot("RemoteReset", 5s, t); });
}

void V201Station::register_core(rpc::Router& router) {
    router.on<RequestStartTransactionRequest>(
        [this](const RequestStartTransactionRequest& req,
               rpc::Reply<RequestStartTransactionResponse> reply) {
            request_start(req, std::move(reply));
        });

    router.on<RequestStopTransactionRequest>(
        [this](const RequestStopTransactionRequest& req,
               rpc::Reply<RequestStopTransactionResponse> reply) {
            RequestStopTransactionResponse resp;
            for (auto& c : connectors_) {
                if (c.tx && c.tx->id == req.transactionId) {
                    resp.status = RequestStartStopStatusEnumType::Accepted;
                    reply.ok(resp);
                    stop_transaction(c, session::StopReason::Remote, now_);
                    return;
                }
            }
            resp.status = RequestStartStopStatusEnumType::Rejected;
            reply.ok(resp);
        });

    router.on<ResetRequest>([this](const ResetRequest& req, rpc::Reply<ResetResponse> reply) {
        ResetResponse resp;
        const bool immediate = req.type == ResetEnumType::Immediate;
        if (req.evseId) {
            Connector* c = connector(*req.evseId);
            if (c == nullptr) {
                resp.status = ResetStatusEnumType::Rejected;
                reply.ok(resp);
                return;
            }
            resp.status = c->tx && !immediate ? ResetStatusEnumType::Scheduled
                                              : ResetStatusEnumType::Accepted;
            reply.ok(resp);
            // Resetting one EVSE ends its transaction; the station stays up.
            if (c->tx && immediate) stop_transaction(*c, session::StopReason::ImmediateReset, now_);
            return;
        }
        bool busy = false;
        for (const auto& c : connectors_)
            busy = busy || c.tx != nullptr;
        if (busy && !immediate) {
            resp.status = ResetStatusEnumType::Scheduled;
            reply.ok(resp);
            reset_scheduled_ = true;
            return;
        }
        resp.status = ResetStatusEnumType::Accepted;
        reply.ok(resp);
        reset_now(immediate, now_);
    });

    router.on<ChangeAvailabilityRequest>(
        [this](const ChangeAvailabilityRequest& req, rpc::Reply<ChangeAvailabilityResponse> reply) {
            ChangeAvailabilityResponse resp;
            const std::int64_t target = req.evse ? req.evse->id : 0;
            const std::int64_t outlet_id =
                req.evse && target != 0 ? req.evse->connectorId.value_or(0) : 0;
            Connector* evse = connector(target);
            if (target != 0 &&
                (evse == nullptr || (outlet_id != 0 && outlet(*evse, outlet_id) == nullptr))) {
                resp.status = ChangeAvailabilityStatusEnumType::Rejected;
                reply.ok(resp);
                return;
            }
            const bool operative = req.operationalStatus == OperationalStatusEnumType::Operative;
            bool busy = false;
            for (auto& c : connectors_) {
                if ((target == 0 || c.id == target) && c.tx) busy = true;
            }
            // One connector of a several-connector EVSE waits only for a transaction on itself.
            if (evse != nullptr && outlet_id != 0 && evse->outlets.size() > 1) {
                busy = evse->tx != nullptr && evse->outlet_in_use == outlet_id;
            }
            resp.status = busy && !operative ? ChangeAvailabilityStatusEnumType::Scheduled
                                             : ChangeAvailabilityStatusEnumType::Accepted;
            reply.ok(resp);
            apply_availability(target, outlet_id, operative, now_);
        });

    router.on<UnlockConnectorRequest>(
        [this](const UnlockConnectorRequest& req, rpc::Reply<UnlockConnectorResponse> reply) {
            UnlockConnectorResponse resp;
            Connector* c = connector(req.evseId);
            if (c == nullptr || outlet(*c, req.connectorId) == nullptr) {
                resp.status = UnlockStatusEnumType::UnknownConnector;
            } else if (c->tx && c->tx->authorized &&
                       (c->outlets.size() == 1 || c->outlet_in_use == req.connectorId)) {
                resp.status = UnlockStatusEnumType::OngoingAuthorizedTransaction;
            } else {
                resp.status = UnlockStatusEnumType::Unlocked;
            }
            reply.ok(resp);
        });

    router.on<TriggerMessageRequest>([this](const TriggerMessageRequest& req,
                                            rpc::Reply<TriggerMessageResponse> reply) {
        TriggerMessageResponse resp;
        using M = MessageTriggerEnumType;
        const std::optional<std::int64_t> evse =
            req.evse ? std::optional<std::int64_t>(req.evse->id) : std::nullopt;
        const std::int64_t outlet_id = req.evse ? req.evse->connectorId.value_or(0) : 0;
        Connector* target = evse ? connector(*evse) : nullptr;
        const bool supported =
            req.requestedMessage == M::BootNotification || req.requestedMessage == M::Heartbeat ||
            req.requestedMessage == M::StatusNotification ||
            req.requestedMessage == M::MeterValues || req.requestedMessage == M::TransactionEvent ||
            req.requestedMessage == M::FirmwareStatusNotification ||
            req.requestedMessage == M::LogStatusNotification;
        if (!supported) {
            resp.status = TriggerMessageStatusEnumType::NotImplemented;
        } else if ((evse && *evse != 0 && target == nullptr) ||
                   (target != nullptr && outlet_id != 0 && outlet(*target, outlet_id) == nullptr) ||
                   (req.requestedMessage == M::BootNotification &&
                    registration_ == Registration::Accepted)) {
            resp.status = TriggerMessageStatusEnumType::Rejected;
        } else {
            resp.status = TriggerMessageStatusEnumType::Accepted;
        }
        reply.ok(resp);
        if (resp.status == TriggerMessageStatusEnumType::Accepted) {
            trigger(req.requestedMessage, evse, outlet_id, now_);
        }
    });

    router.on<DataTransferRequest>(
        [this](const DataTransferRequest& req, rpc::Reply<DataTransferResponse> reply) {
            DataTransferResponse resp;
            resp.status = req.vendorId == config_.identity.vendor
                              ? DataTransferStatusEnumType::Accepted
                              : DataTransferStatusEnumType::UnknownVendorId;
            if (resp.status == DataTransferStatusEnumType::Accepted) resp.data = req.data;
            reply.ok(resp);
        });

    router.on<ReserveNowRequest>([this](const ReserveNowRequest& req,
                                        rpc::Reply<ReserveNowResponse> reply) {
        ReserveNowResponse resp;
        const auto expires = session::parse_timestamp(req.expiryDateTime);
        // An EVSE fits a reservation of a connector type when one of its connectors has it.
        auto fits = [&](const Connector& candidate) {
            if (!req.connectorType) return true;
            const std::string wanted(to_string(*req.connectorType));
            return std::any_of(candidate.outlets.begin(), candidate.outlets.end(),
                               [&](const Outlet& o) { return connector_type(o.config) == wanted; });
        };
        Connector* c = nullptr;
        if (req.evseId) {
            c = connector(*req.evseId);
            if (c != nullptr && !fits(*c)) c = nullptr;
        } else {
            for (auto& candidate : connectors_) {
                if (!candidate.tx && !candidate.physics.plugged() && !candidate.reservation &&
                    !candidate.fault && candidate.operative && fits(candidate)) {
                    c = &candidate;
                    break;
                }
            }
        }
        const bool any_fits = std::any_of(connectors_.begin(), connectors_.end(), fits);
        if (c == nullptr || !expires) {
            resp.status = req.evseId || !expires || !any_fits ? ReserveNowStatusEnumType::Rejected
                                                              : ReserveNowStatusEnumType::Occupied;
        } else if (c->fault) {
            resp.status = ReserveNowStatusEnumType::Faulted;
        } else if (!c->operative || !station_operative_) {
            resp.status = ReserveNowStatusEnumType::Unavailable;
        } else if (c->tx || c->physics.plugged() || c->authorization ||
                   (c->reservation && c->reservation->id != req.id)) {
            resp.status = ReserveNowStatusEnumType::Occupied;
        } else {
            resp.status = ReserveNowStatusEnumType::Accepted;
        }
        reply.ok(resp);
        if (resp.status != ReserveNowStatusEnumType::Accepted) return;
        for (auto& other : connectors_) {
            if (other.reservation && other.reservation->id == req.id)
                cancel_reservation(other, now_);
        }
        std::optional<std::string> group;
        if (req.groupIdToken) group = req.groupIdToken->idToken;
        reserve(*c, Reservation{req.id, req.idToken.idToken, group, *expires, 0}, now_);
    });

    router.on<CancelReservationRequest>(
        [this](const CancelReservationRequest& req, rpc::Reply<CancelReservationResponse> reply) {
            CancelReservationResponse resp;
            resp.status = CancelReservationStatusEnumType::Rejected;
            for (auto& c : connectors_) {
                if (c.reservation && c.reservation->id == req.reservationId) {
                    resp.status = CancelReservationStatusEnumType::Accepted;
                    reply.ok(resp);
                    cancel_reservation(c, now_);
                    return;
                }
            }
            reply.ok(resp);
        });

    router.on<SendLocalListRequest>([this](const SendLocalListRequest& req,
                                           rpc::Reply<SendLocalListResponse> reply) {
        SendLocalListResponse resp;
        if (!settings_.local_list_enabled) {
            resp.status = SendLocalListStatusEnumType::Failed;
            reply.ok(resp);
            return;
        }
        std::vector<ListEntry> entries;
        for (const auto& item :
             req.localAuthorizationList.value_or(std::vector<AuthorizationData>{})) {
            ListEntry entry{item.idToken.idToken, std::nullopt};
            if (item.idTokenInfo) {
                TokenInfo info;
                info.status = session::from_v201(item.idTokenInfo->status);
                if (item.idTokenInfo->groupIdToken) {
                    info.group = item.idTokenInfo->groupIdToken->idToken;
                }
                if (item.idTokenInfo->cacheExpiryDateTime) {
                    if (auto t = session::parse_timestamp(*item.idTokenInfo->cacheExpiryDateTime)) {
                        info.expires_at = *t;
                    }
                }
                entry.info = info;
            }
            entries.push_back(std::move(entry));
        }
        const auto result =
            local_list_.update(req.updateType == UpdateEnumType::Full, req.versionNumber, entries);
        resp.status = result == ListUpdateResult::Accepted ? SendLocalListStatusEnumType::Accepted
                      : result == ListUpdateResult::VersionMismatch
                          ? SendLocalListStatusEnumType::VersionMismatch
                          : SendLocalListStatusEnumType::Failed;
        reply.ok(resp);
    });

    router.on<GetLocalListVersionRequest>(
        [this](const GetLocalListVersionRequest&, rpc::Reply<GetLocalListVersionResponse> reply) {
            GetLocalListVersionResponse resp;
            resp.versionNumber = local_list_.version();
            reply.ok(resp);
        });

    router.on<ClearCacheRequest>(
        [this](const ClearCacheRequest&, rpc::Reply<ClearCacheResponse> reply) {
            ClearCacheResponse resp;
            resp.status = settings_.auth_cache_enabled ? ClearCacheStatusEnumType::Accepted
                                                       : ClearCacheStatusEnumType::Rejected;
            auth_cache_.clear();
            reply.ok(resp);
        });

    router.on<GetTransactionStatusRequest>([this](const GetTransactionStatusRequest& req,
                                                  rpc::Reply<GetTransactionStatusResponse> reply) {
        GetTransactionStatusResponse resp;
        resp.messagesInQueue = queued_tx_messages() > 0;
        if (req.transactionId) {
            bool ongoing = false;
            for (const auto& c : connectors_)
                ongoing = ongoing || (c.tx && c.tx->id == *req.transactionId);
            resp.ongoingIndicator = ongoing;
        }
        reply.ok(resp);
    });
}

void V201Station::trigger(MessageTriggerEnumType what, std::optional<std::int64_t> evse,
                          std::int64_t outlet_id, model::Timestamp now) {
    using M = MessageTriggerEnumType;
    auto each = [&](auto fn) {
        for (auto& c : connectors_) {
            if (evse && *evse != 0 && c.id != *evse) continue;
            fn(c);
        }
    };
    switch (what) {
        case M::BootNotification:
            boot_reason_ = "Triggered";
            send_boot(now);
            return;
        case M::Heartbeat:
            send_heartbeat(now);
            return;
        case M::StatusNotification:
            each([&](Connector& c) {
                for (std::size_t k = 0; k < c.outlets.size(); ++k) {
                    const auto n = static_cast<std::int64_t>(k) + 1;
                    if (outlet_id != 0 && n != outlet_id) continue;
                    c.outlets[k].reported = wire_status(outlet_status(c, n, now));
                    send_status(c.id, n, *c.outlets[k].reported, now);
                }
            });
            return;
        case M::MeterValues:
            each([&](Connector& c) {
                MeterValuesRequest req;
                req.evseId = c.id;
                auto value = session::to_v201(
                    sample(c, session::ReadingContext::Trigger,
                           settings_.aligned.empty() ? settings_.sampled : settings_.aligned, now));
                if (value.sampledValue.empty()) return;
                req.meterValue.push_back(std::move(value));
                call(req, {}, now);
            });
            return;
        case M::TransactionEvent:
            each([&](Connector& c) {
                if (c.tx) tx_updated(c, TxUpdate::Trigger, now);
            });
            return;
        case M::FirmwareStatusNotification:
            send_firmware_status(firmware_status_, firmware_request_, now);
            return;
        case M::LogStatusNotification:
            send_log_status(
                log_request_ ? UploadLogStatusEnumType::Uploading : UploadLogStatusEnumType::Idle,
                log_request_, now);
            return;
        default:
            return;
    }
}

}  // namespace iskra::sim
