#include "iskra/gateway/uplink/central_authorizer.hpp"

#include "iskra/log/log.hpp"
#include "iskra/sync/uplink_messages.hpp"

namespace iskra::gateway {
namespace {

constexpr std::chrono::seconds kUnreachableHold{5};

}  // namespace

CentralAuthorizer::CentralAuthorizer(CentralEndpoint endpoint, std::string bearer,
                                     std::chrono::milliseconds timeout, UplinkStatusBoard& board,
                                     std::string ca_file)
    : endpoint_(std::move(endpoint)),
      bearer_(std::move(bearer)),
      ca_file_(std::move(ca_file)),
      timeout_(timeout),
      board_(board),
      thread_([this] { loop(); }) {}

CentralAuthorizer::~CentralAuthorizer() {
    stop();
}

void CentralAuthorizer::ask(std::string station_id, session::Token token, Reply reply) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            queue_.push_back(Request{std::move(station_id), std::move(token), std::move(reply),
                                     std::chrono::steady_clock::now() + timeout_});
            wake_.notify_one();
            return;
        }
    }
    reply(std::nullopt);
}

void CentralAuthorizer::stop() {
    std::deque<Request> left;
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && !thread_.joinable()) return;
        stopping_ = true;
        left.swap(queue_);
        wake_.notify_one();
    }
    for (auto& request : left)
        request.reply(std::nullopt);
    if (thread_.joinable()) thread_.join();
}

void CentralAuthorizer::loop() {
    for (;;) {
        Request request;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            request = std::move(queue_.front());
            queue_.pop_front();
        }
        auto decision = ask_central(request);
        board_.update([&](UplinkStatus& s) {
            ++(decision ? s.authorizations_online : s.authorizations_fallen_back);
        });
        request.reply(decision);
    }
}

std::optional<session::AuthorizationDecision> CentralAuthorizer::ask_central(
    const Request& request) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= request.deadline || now < unreachable_until_) return std::nullopt;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(request.deadline - now);
    if (!client_) {
        client_ = std::make_unique<CentralClient>(
            endpoint_, CentralClientOptions{left, left, bearer_, ca_file_});
    }
    // The connection is kept alive between requests; each request gets what is left of its own
    // deadline for the connect and the read together, at worst about twice that.
    client_->set_read_timeout(left);
    const sync::AuthorizeRequest body{request.station_id, request.token};
    auto reply = client_->post("/authorize", sync::dump(sync::to_json(body)));
    if (!reply) {
        unreachable_until_ = std::chrono::steady_clock::now() + kUnreachableHold;
        client_.reset();  // a fresh connection (and connect timeout) next time
        log::warn(request.station_id, "central did not answer the authorisation: " + reply.error());
        return std::nullopt;
    }
    if (reply->status != 200) {
        log::warn(request.station_id,
                  "central refused the authorisation request: " + describe_failure(*reply));
        return std::nullopt;
    }
    auto json = sync::parse_json(reply->body);
    if (!json) return std::nullopt;
    auto decision = sync::decode_authorize_answer(*json);
    if (!decision) {
        log::warn(request.station_id,
                  "central's authorisation answer is unreadable: " + decision.error().describe());
        return std::nullopt;
    }
    return *decision;
}

}  // namespace iskra::gateway
