#include "iskra/gateway/station_service.hpp"

#include "iskra/log/log.hpp"
#include "iskra/ocpp/v16/messages.hpp"
#include "iskra/ocpp/v201/messages.hpp"
#include "iskra/session/to_v201.hpp"

namespace iskra::gateway {

StationService::StationService(StationServiceOptions options, StationRegistry& registry,
                               SiteLedger& ledger, Now now)
    : options_(options), registry_(registry), ledger_(ledger), now_(std::move(now)) {
    register_v16_handlers(*this, v16_router_);
    register_v201_handlers(*this, v201_router_);
}

void StationService::on_connected(StationConnection& connection) {
    connections_[connection.station_id()] = &connection;
    costs_.on_connected(connection.station_id());
    (connection.version() == ocpp::Version::v16 ? v16_router_ : v201_router_).serve(connection);
}

void StationService::on_disconnected(StationConnection& connection) {
    const auto it = connections_.find(connection.station_id());
    if (it != connections_.end() && it->second == &connection) connections_.erase(it);
}

void StationService::on_tick() {
    stop_sessions_at_limits();
    send_cost_updates();
}

void StationService::session_started(const LimitedSession& session, std::int64_t evse_id,
                                     std::optional<std::int64_t> meter_start_wh,
                                     session::Timestamp started_at) {
    limits_.on_started(session.station_id, session.transaction, evse_id, meter_start_wh,
                       started_at);
    costs_.on_started(session, meter_start_wh, started_at);
}

void StationService::session_samples(const LimitedSession& session,
                                     const std::vector<session::MeterSample>& samples) {
    limits_.on_samples(session, samples);
    costs_.on_samples(session, samples);
}

void StationService::session_ended(const LimitedSession& session) {
    limits_.on_ended(session);
    costs_.on_ended(session);
}

void StationService::stop_sessions_at_limits() {
    for (const auto& due : limits_.due(now())) {
        const auto it = connections_.find(due.session.station_id);
        if (it == connections_.end()) continue;  // asked again when the station reconnects
        StationConnection& connection = *it->second;
        const std::string station = connection.station_id();
        const std::string reason(session::to_string(due.reason));
        log::info(station, "session " + session::to_string(due.session.transaction) + ": " +
                               reason + ", asking the station to stop it");
        const auto now = StationConnection::Clock::now();
        if (const auto* number = std::get_if<std::int64_t>(&due.session.transaction)) {
            ocpp::v16::RemoteStopTransactionRequest stop;
            stop.transactionId = *number;
            connection.endpoint().call(
                stop,
                [station](auto answer) {
                    if (!answer)
                        log::warn(station, "stop at limit failed: " + answer.error().description);
                },
                now);
        } else {
            ocpp::v201::RequestStopTransactionRequest stop;
            stop.transactionId = std::get<std::string>(due.session.transaction);
            connection.endpoint().call(
                stop,
                [station](auto answer) {
                    if (!answer)
                        log::warn(station, "stop at limit failed: " + answer.error().description);
                },
                now);
        }
    }
}

void StationService::remote_start(
    const std::string& station_id, RemoteStart request,
    std::function<void(tl::expected<std::string, std::string>)> done) {
    const auto it = connections_.find(station_id);
    if (it == connections_.end()) {
        return done(tl::unexpected("station " + station_id + " is not connected"));
    }
    StationConnection& connection = *it->second;
    const auto now = StationConnection::Clock::now();
    const auto accepted = [this, station_id, request, done](bool ok, std::string answer) {
        if (ok && (request.limit.max_energy_wh || request.limit.max_duration)) {
            limits_.expect(station_id, request.evse_id, request.limit, this->now());
        }
        done(std::move(answer));
    };
    if (connection.version() == ocpp::Version::v16) {
        ocpp::v16::RemoteStartTransactionRequest start;
        if (request.evse_id != 0) start.connectorId = request.evse_id;
        start.idTag = request.token.id;
        connection.endpoint().call(
            start,
            [accepted, done](
                tl::expected<ocpp::v16::RemoteStartTransactionResponse, rpc::CallFailure> answer) {
                if (!answer) return done(tl::unexpected(answer.error().description));
                accepted(
                    answer->status == ocpp::v16::RemoteStartTransactionResponseStatus::Accepted,
                    ocpp::encode_payload(*answer));
            },
            now);
        return;
    }
    ocpp::v201::RequestStartTransactionRequest start;
    if (request.evse_id != 0) start.evseId = request.evse_id;
    auto token = session::to_v201(request.token);
    if (!token) return done(tl::unexpected(token.error().describe()));
    start.idToken = *token;
    start.remoteStartId = next_remote_start_id_++;
    connection.endpoint().call(
        start,
        [accepted,
         done](tl::expected<ocpp::v201::RequestStartTransactionResponse, rpc::CallFailure> answer) {
            if (!answer) return done(tl::unexpected(answer.error().description));
            accepted(answer->status == ocpp::v201::RequestStartStopStatusEnumType::Accepted,
                     ocpp::encode_payload(*answer));
        },
        now);
}

}  // namespace iskra::gateway
