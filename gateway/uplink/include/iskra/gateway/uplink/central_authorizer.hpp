// Online authorisation (common/sync/README.md, Real-time authorisation): the service thread
// asks, a worker thread of this class POSTs /authorize, and the answer (or, after
// `timeout`, nothing: decide offline) comes back through the reply callback. ask() never
// blocks, so the lws service thread may call it; the reply runs on the worker thread and must
// hand itself back to the caller's thread (the gateway: OcppServer::post).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "iskra/gateway/uplink/central_client.hpp"
#include "iskra/gateway/uplink/uplink_status.hpp"
#include "iskra/session/events.hpp"

namespace iskra::gateway {

// The seam the station handlers depend on: tests and standalone gateways supply others.
class OnlineAuthorizer {
public:
    // nullopt: central did not answer in time, or refused the request; decide offline.
    using Reply = std::function<void(std::optional<session::AuthorizationDecision>)>;
    virtual ~OnlineAuthorizer() = default;
    virtual void ask(std::string station_id, session::Token token, Reply reply) = 0;
};

class CentralAuthorizer final : public OnlineAuthorizer {
public:
    CentralAuthorizer(CentralEndpoint endpoint, std::string bearer,
                      std::chrono::milliseconds timeout, UplinkStatusBoard& board,
                      std::string ca_file = {});
    ~CentralAuthorizer() override;

    void ask(std::string station_id, session::Token token, Reply reply) override;
    // Answers what is queued with nullopt and joins. Idempotent.
    void stop();

private:
    struct Request {
        std::string station_id;
        session::Token token;
        Reply reply;
        std::chrono::steady_clock::time_point deadline;
    };
    void loop();
    std::optional<session::AuthorizationDecision> ask_central(const Request& request);

    const CentralEndpoint endpoint_;
    const std::string bearer_;
    const std::string ca_file_;
    const std::chrono::milliseconds timeout_;
    UplinkStatusBoard& board_;
    std::unique_ptr<CentralClient> client_;  // worker thread only
    // After central could not be reached, requests in this window fall back at once rather
    // than each waiting out its own timeout: a queue of drivers must not wait 1.5 s apiece.
    std::chrono::steady_clock::time_point unreachable_until_{};  // worker thread only

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Request> queue_;  // guarded by mutex_
    bool stopping_ = false;      // guarded by mutex_
    std::thread thread_;
};

}  // namespace iskra::gateway
