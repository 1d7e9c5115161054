// The libwebsockets callbacks of one station's connection: admission at the upgrade (every
// refusal with the HTTP answer OCPP-J asks for), the connection established, its frames in and
// out, and its end. The server's lifecycle and the dispatch of callbacks are in ocpp_server.cpp.
#include <libwebsockets.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "connection_slot.hpp"
#include "iskra/gateway/ocpp_server.hpp"
#include "iskra/log/log.hpp"
#include "iskra/rpc/frame.hpp"
#include "iskra/rpc/rpc_error.hpp"
#include "upgrade_support.hpp"

namespace iskra::gateway {

using detail::answer_handshake_then_close;
using detail::basic_credentials;
using detail::chosen_version;
using detail::header;
using detail::Pending;
using detail::reply_http;
using detail::Slot;
using detail::valid_station_id;

std::string OcppServer::station_id_of(const std::string& uri) const {
    const std::string prefix =
        options_.path_prefix.ends_with('/') ? options_.path_prefix : options_.path_prefix + "/";
    const std::string id = uri.starts_with(prefix) ? uri.substr(prefix.size()) : "";
    return valid_station_id(id) ? id : "";
}

// Every refusal happens here, before libwebsockets answers the upgrade, so each gets the HTTP
// answer OCPP-J asks for and a log line the technician can find.
int OcppServer::on_confirm_upgrade(lws* wsi) {
    const std::string uri = header(wsi, WSI_TOKEN_GET_URI);
    const std::string station_id = station_id_of(uri);
    if (station_id.empty()) {
        log::warn("ocpp",
                  "refused " + uri + ": the path is not " + options_.path_prefix + "/{stationId}");
        reply_http(wsi, 404,
                   "not an OCPP endpoint: connect to " + options_.path_prefix + "/{stationId}",
                   false);
        return 1;
    }
    const std::string offered = header(wsi, WSI_TOKEN_PROTOCOL);
    const auto version = chosen_version(offered);
    if (!version) {
        log::warn(station_id, "refused: offers subprotocol '" + offered +
                                  "', the gateway speaks ocpp1.6 and ocpp2.0.1");
        answer_handshake_then_close(wsi);
        return 1;
    }
    bool client_certificate = false;
    if (options_.security_profile == 3) {
        // The TLS layer has already checked the chain against the configured CA; the
        // certificate must also name this station.
        union lws_tls_cert_info_results cn {};
        client_certificate = lws_tls_peer_cert_info(wsi, LWS_TLS_CERT_INFO_COMMON_NAME, &cn,
                                                    sizeof cn.ns.name) == 0 &&
                             std::string_view(cn.ns.name, std::strlen(cn.ns.name)) == station_id;
    }
    const auto credentials = basic_credentials(wsi);
    const Admission admission = gate_.admit(station_id, *version, credentials, client_certificate);
    if (!admission.accepted) {
        log::warn(station_id, "refused connection: " + admission.reason);
        switch (admission.refusal) {
            case Refusal::UnknownStation:
                reply_http(wsi, 404, "unknown charging station", false);
                break;
            case Refusal::Unauthenticated:
                reply_http(wsi, 401, admission.reason, true);
                break;
            case Refusal::Forbidden:
                reply_http(wsi, 403, admission.reason, false);
                break;
        }
        return 1;
    }
    return 0;
}

int OcppServer::on_filter(lws* wsi, void* user) {
    // Admission was decided in on_confirm_upgrade; here the chosen protocol is known.
    const std::string station_id = station_id_of(header(wsi, WSI_TOKEN_GET_URI));
    const auto version = ocpp::version_from_subprotocol(lws_get_protocol(wsi)->name);
    if (station_id.empty() || !version) return 1;
    auto* slot = static_cast<Slot*>(user);
    slot->pending = new Pending{station_id, *version};
    return 0;
}

void OcppServer::on_established(lws* wsi, void* user) {
    auto* slot = static_cast<Slot*>(user);
    std::unique_ptr<Pending> pending(slot->pending);
    slot->pending = nullptr;
    char address[64] = "";
    lws_get_peer_simple(wsi, address, sizeof address);

    rpc::EndpointOptions endpoint_options;
    endpoint_options.call_timeout = options_.call_timeout;
    endpoint_options.frame_limits.max_frame_bytes = options_.max_frame_bytes;
    auto* connection = new StationConnection(pending->station_id, pending->version, wsi,
                                             std::move(endpoint_options), address);
    slot->connection = connection;
    connection->write_buffer_ = &write_buffer_;
    connection->endpoint().use_shared_parsers(*parsers_);

    if (auto it = by_station_.find(pending->station_id); it != by_station_.end()) {
        log::info(pending->station_id,
                  "new connection replaces the one from " + it->second->remote_address());
        it->second->close("replaced by a new connection");
        it->second = connection;
    } else {
        by_station_.emplace(pending->station_id, connection);
    }
    pings_->add(*connection, StationConnection::Clock::now());
    log::info(pending->station_id, "connected from " + std::string(address) + " speaking " +
                                       std::string(ocpp::subprotocol(pending->version)));
    handler_.on_connected(*connection);
}

int OcppServer::on_receive(lws* wsi, void* user, const char* data, std::size_t len) {
    auto* connection = static_cast<Slot*>(user)->connection;
    if (connection == nullptr) return -1;
    PingSchedule<StationConnection>::heard_from(*connection, StationConnection::Clock::now());
    if (lws_is_first_fragment(wsi)) {
        connection->inbound_.clear();
        connection->discarding_ = false;
    }
    if (!connection->discarding_) {
        if (connection->inbound_.size() + len > options_.max_frame_bytes) {
            connection->discarding_ = true;
            std::string().swap(connection->inbound_);
        } else {
            connection->inbound_.append(data, len);
        }
    }
    if (!lws_is_final_fragment(wsi) || lws_remaining_packet_payload(wsi) > 0) return 0;

    const auto now = StationConnection::Clock::now();
    connection->last_message_at_ = now;
    if (connection->discarding_ || lws_frame_is_binary(wsi)) {
        // Nothing of the message can be trusted, not even its id: answer as OCPP-J asks for a
        // message whose id cannot be read, and keep the connection.
        const auto version = connection->version();
        const auto code = connection->discarding_ ? rpc::RpcErrorCode::FormatViolation
                                                  : rpc::RpcErrorCode::RpcFrameworkError;
        const std::string why =
            connection->discarding_
                ? "message larger than " + std::to_string(options_.max_frame_bytes) + " bytes"
                : "OCPP-J messages are text frames, not binary";
        log::warn(connection->station_id(), "refused a message: " + why);
        connection->queue_frame(rpc::write_call_error("-1", code, version, why));
        connection->discarding_ = false;
        connection->inbound_.clear();
        return 0;
    }
    connection->endpoint().on_text(connection->inbound_, now);
    connection->inbound_.clear();
    return 0;
}

int OcppServer::on_writeable(lws* wsi, void* user) {
    auto* connection = static_cast<Slot*>(user)->connection;
    if (connection == nullptr) return -1;
    if (connection->ping_due_ && !connection->closing_) {
        connection->ping_due_ = false;
        // Not empty: lws 4.1 hands a pong to us only when it carries a payload, and a station
        // echoes the ping's.
        static constexpr unsigned char kPayload[] = {'i', 's', 'k', 'r', 'a'};
        write_buffer_.resize(LWS_PRE + sizeof kPayload);
        std::memcpy(write_buffer_.data() + LWS_PRE, kPayload, sizeof kPayload);
        if (lws_write(wsi, write_buffer_.data() + LWS_PRE, sizeof kPayload, LWS_WRITE_PING) < 0) {
            return -1;
        }
        // One write per WRITEABLE callback: frames waiting go out on the next one.
        if (!connection->outbound_.empty()) lws_callback_on_writable(wsi);
        return 0;
    }
    if (!connection->outbound_.empty()) {
        const std::string& frame = connection->outbound_.front();
        const std::size_t payload = frame.size();
        // libwebsockets writes its frame header into LWS_PRE bytes in front of the payload.
        write_buffer_.resize(LWS_PRE + payload);
        std::memcpy(write_buffer_.data() + LWS_PRE, frame.data(), payload);
        const int written = lws_write(wsi, write_buffer_.data() + LWS_PRE, payload, LWS_WRITE_TEXT);
        if (written < static_cast<int>(payload)) {
            log::warn(connection->station_id(), "write failed; closing the connection");
            return -1;
        }
        connection->outbound_.pop_front();
        if (!connection->outbound_.empty() || connection->closing_) {
            lws_callback_on_writable(wsi);
        }
        return 0;
    }
    if (connection->closing_) {
        // The close frame is written here rather than left to lws_close_reason(): on the libuv
        // loop lws 4.1 drops the socket before its deferred close frame goes out, and the
        // station sees an abnormal closure (1006) instead of 1000 and our reason.
        const std::string& reason = connection->close_reason_;
        const std::size_t reason_bytes = std::min<std::size_t>(reason.size(), 120);
        write_buffer_.resize(LWS_PRE + 2 + reason_bytes);
        unsigned char* payload = write_buffer_.data() + LWS_PRE;
        payload[0] = static_cast<unsigned char>(LWS_CLOSE_STATUS_NORMAL >> 8);
        payload[1] = static_cast<unsigned char>(LWS_CLOSE_STATUS_NORMAL & 0xFF);
        std::memcpy(payload + 2, reason.data(), reason_bytes);
        // LWS_WRITE_CLOSE (4): lws 4.1 keeps the name private, the value is part of its ABI.
        lws_write(wsi, payload, 2 + reason_bytes, static_cast<lws_write_protocol>(4));
        return -1;
    }
    return 0;
}

void OcppServer::on_closed(void* user) {
    auto* slot = static_cast<Slot*>(user);
    std::unique_ptr<StationConnection> connection(slot->connection);
    slot->connection = nullptr;
    if (!connection) return;
    pings_->remove(*connection);
    connection->closing_ = true;
    connection->close_reason_ = "closed";
    connection->endpoint().close();
    if (auto it = by_station_.find(connection->station_id());
        it != by_station_.end() && it->second == connection.get()) {
        by_station_.erase(it);
    }
    log::info(connection->station_id(), "disconnected");
    handler_.on_disconnected(*connection);
}

}  // namespace iskra::gateway
