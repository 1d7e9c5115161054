#include "iskra/gateway/station_connection.hpp"

#include <libwebsockets.h>

#include <cstring>

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
    if (outbound_.empty() && !ping_due_ && !closing_ && write_now(frame)) return;
    outbound_.push_back(std::move(frame));
    if (wsi_ != nullptr) lws_callback_on_writable(wsi_);
}

// Waiting for lws's WRITEABLE callback costs two epoll_ctl calls (POLLOUT on, then off) and a
// turn of the loop per answer, about 15 % of the service thread's time at 5,000 calls/s. On the
// service thread a frame may go straight to the socket when nothing is queued before it: lws
// keeps whatever the kernel does not take at once and sends it ahead of any later write.
bool StationConnection::write_now(const std::string& frame) {
    if (wsi_ == nullptr || write_buffer_ == nullptr || lws_partial_buffered(wsi_) != 0) {
        return false;
    }
    write_buffer_->resize(LWS_PRE + frame.size());
    std::memcpy(write_buffer_->data() + LWS_PRE, frame.data(), frame.size());
    const int written =
        lws_write(wsi_, write_buffer_->data() + LWS_PRE, frame.size(), LWS_WRITE_TEXT);
    if (written < static_cast<int>(frame.size())) {
        // The socket is broken; lws hangs up on its next turn, and the frame is dropped
        // with the connection as it would have been in the WRITEABLE callback.
        closing_ = true;
        close_reason_ = "closed";
        lws_set_timeout(wsi_, PENDING_TIMEOUT_WS_PONG_CHECK_GET_PONG, LWS_TO_KILL_ASYNC);
    }
    return true;
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
