#include "iskra/gateway/station_connection.hpp"

#include <libwebsockets.h>

namespace iskra::gateway {

StationConnection::StationConnection(std::string station_id, ocpp::Version version, lws* wsi,
                                     rpc::EndpointOptions options, std::string remote_address)
    : station_id_(std::move(station_id)),
      wsi_(wsi),
      remote_address_(std::move(remote_address)),
      endpoint_(std::make_unique<rpc::RpcEndpoint>(
          version, ocpp::Initiator::Csms,
          [this](std::string frame) { queue_frame(std::move(frame)); }, std::move(options))),
      connected_at_(Clock::now()),
      last_message_at_(connected_at_) {}

void StationConnection::queue_frame(std::string frame) {
    if (closing_ && close_reason_ == "closed") return;
    outbound_.push_back(std::move(frame));
    if (wsi_ != nullptr) lws_callback_on_writable(wsi_);
}

void StationConnection::queue_ping() {
    if (closing_) return;
    ping_due_ = true;
    if (wsi_ != nullptr) lws_callback_on_writable(wsi_);
}

void StationConnection::close(std::string reason) {
    if (closing_) return;
    closing_ = true;
    close_reason_ = std::move(reason);
    if (wsi_ != nullptr) lws_callback_on_writable(wsi_);
}

}  // namespace iskra::gateway
