// One connected station as the gateway's features see it: its id, OCPP version and RPC endpoint.
//
// Owned by OcppServer and used only on the libwebsockets service thread. A feature may keep a
// StationConnection* only until on_disconnected() for it has returned.
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "iskra/gateway/ping_schedule.hpp"
#include "iskra/ocpp/version.hpp"
#include "iskra/rpc/rpc_endpoint.hpp"

struct lws;

namespace iskra::gateway {

class StationConnection {
public:
    using Clock = std::chrono::steady_clock;

    // `wsi` may be null in tests: frames then only collect in outbound().
    StationConnection(std::string station_id, ocpp::Version version, lws* wsi,
                      rpc::EndpointOptions options, std::string remote_address);

    const std::string& station_id() const { return station_id_; }
    ocpp::Version version() const { return endpoint_->version(); }
    rpc::RpcEndpoint& endpoint() { return *endpoint_; }
    const std::string& remote_address() const { return remote_address_; }
    Clock::time_point connected_at() const { return connected_at_; }
    Clock::time_point last_message_at() const { return last_message_at_; }
    const std::string& last_action() const { return last_action_; }
    // Features note the action they are handling, for the status page.
    void note_action(std::string_view action) { last_action_.assign(action); }

    // Frames waiting to be written to the socket, oldest first.
    const std::deque<std::string>& outbound() const { return outbound_; }

    // Closes the WebSocket with a normal close code and `reason` once queued frames are out.
    void close(std::string reason);

    // The keep-alive's bookkeeping (OcppServer's PingSchedule).
    PingState& ping_state() { return ping_state_; }

private:
    friend class OcppServer;

    void queue_frame(std::string frame);
    // Writes the frame to the socket now if it may; false: it must wait for WRITEABLE.
    bool write_now(const std::string& frame);
    // Asks for a WebSocket ping to be written before the next frame.
    void queue_ping();

    std::string station_id_;
    lws* wsi_;
    std::string remote_address_;
    std::unique_ptr<rpc::RpcEndpoint> endpoint_;
    std::deque<std::string> outbound_;
    // The server's scratch buffer with room for lws's frame header; null: never write at once.
    std::vector<unsigned char>* write_buffer_ = nullptr;
    std::string inbound_;      // fragments of the message being received
    bool discarding_ = false;  // the message being received is too large
    std::string close_reason_;
    bool closing_ = false;
    bool ping_due_ = false;
    PingState ping_state_;
    Clock::time_point connected_at_;
    Clock::time_point last_message_at_;
    std::string last_action_;
};

}  // namespace iskra::gateway
