// FakeCentral: a test double of central's gateway sync API (common/sync/README.md) on a
// loopback port, for the uplink's tests until central exists. It applies events exactly once
// (by seq, like central), queues commands, serves list deltas and answers /authorize, and it
// can be taken down and brought back on the same port, lose acknowledgements, or refuse the
// gateway's credentials. Header-only: only tests that include it need cpp-httplib.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "iskra/sync/downlink_messages.hpp"
#include "iskra/sync/uplink_messages.hpp"

namespace iskra::test {

class FakeCentral {
public:
    explicit FakeCentral(std::string bearer) : bearer_(std::move(bearer)) { up(0); }
    ~FakeCentral() { down(); }
    FakeCentral(const FakeCentral&) = delete;
    FakeCentral& operator=(const FakeCentral&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int port() const { return port_; }

    // Stops listening: the gateway's requests are refused as if central were unreachable.
    void down() {
        if (!server_) return;
        server_->stop();
        if (thread_.joinable()) thread_.join();
        server_.reset();
        std::lock_guard lock(mutex_);
        changed_.notify_all();
    }
    // Listens again on the same port.
    void up() { up(port_); }

    // Everything below may be called from the test thread while the server runs.
    template <typename Edit>
    void with(Edit edit) {
        std::lock_guard lock(mutex_);
        edit(*this);
        changed_.notify_all();
    }
    // Waits until `done(*this)` holds (checked under the lock at every request) or times out.
    template <typename Done>
    bool wait_until(Done done, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return done(*this); });
    }

    // State, guarded by the mutex (use with()/wait_until()).
    std::string bearer_;
    std::int64_t held = 0;                   // highest seq applied
    std::vector<std::int64_t> applied;       // seqs applied, in order
    std::vector<std::string> applied_types;  // their types
    std::vector<std::int64_t> received;      // every seq in every batch, repeats included
    std::size_t largest_batch = 0;
    std::size_t max_batch_events = 1000;  // larger batches are answered 413
    int lose_acks = 0;                    // apply the next N batches but answer 500
    int unauthorized = 0;                 // 401s answered
    std::vector<sync::CentralCommand> commands;
    std::vector<std::int64_t> polls_after;  // the after= of each commands poll
    std::int64_t local_list_version = 0;
    std::int64_t stations_version = 0;
    std::map<std::int64_t, sync::LocalListDelta> local_list_since;  // keyed by since=
    std::map<std::int64_t, sync::StationsDelta> stations_since;
    std::optional<sync::AuthorizeAnswer> authorize_answer;  // nullopt: answer 500
    std::chrono::milliseconds authorize_delay{0};
    std::vector<sync::AuthorizeRequest> authorize_requests;

private:
    void up(int port) {
        server_ = std::make_unique<httplib::Server>();
        routes();
        if (port == 0) {
            port_ = server_->bind_to_any_port("127.0.0.1");
        } else {
            // The old socket may linger a moment after stop().
            for (int attempt = 0; attempt < 50 && !server_->bind_to_port("127.0.0.1", port);
                 ++attempt) {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        }
        thread_ = std::thread([this] { server_->listen_after_bind(); });
        while (!server_->is_running())
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }

    static void json_reply(httplib::Response& res, int status, const nlohmann::json& body) {
        res.status = status;
        res.set_content(body.dump(), "application/json");
    }

    bool authorised(const httplib::Request& req, httplib::Response& res) {
        if (req.get_header_value("Authorization") == "Bearer " + bearer_) return true;
        ++unauthorized;
        changed_.notify_all();
        json_reply(res, 401,
                   sync::to_json(sync::ErrorBody{"gateway_unauthorized", "who are you?", {}}));
        return false;
    }

    void routes() {
        const std::string api = "/api/gateway/v1";
        server_->Post(api + "/events", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex_);
            if (!authorised(req, res)) return;
            auto body = sync::parse_json(req.body);
            auto batch = body ? sync::decode_events_batch(*body)
                              : sync::WireResult<sync::EventsBatch>(tl::unexpected(body.error()));
            if (!batch) {
                json_reply(res, 400,
                           sync::to_json(sync::ErrorBody{"bad_batch", batch.error().message,
                                                         batch.error().field}));
                return;
            }
            if (batch->events.size() > max_batch_events) {
                json_reply(res, 413, sync::to_json(sync::ErrorBody{"batch_too_large", "", {}}));
                return;
            }
            largest_batch = std::max(largest_batch, batch->events.size());
            for (const auto& event : batch->events) {
                received.push_back(event.seq);
                if (event.seq <= held) continue;
                held = event.seq;
                applied.push_back(event.seq);
                applied_types.push_back(event.type);
            }
            changed_.notify_all();
            if (lose_acks > 0) {
                --lose_acks;
                json_reply(res, 500, sync::to_json(sync::ErrorBody{"oops", "lost", {}}));
                return;
            }
            json_reply(res, 200, sync::to_json(sync::Acknowledged{held}));
        });
        server_->Get(api + "/commands",
                     [this](const httplib::Request& req, httplib::Response& res) {
                         std::unique_lock lock(mutex_);
                         if (!authorised(req, res)) return;
                         const std::int64_t after = std::stoll(req.get_param_value("after"));
                         polls_after.push_back(after);
                         changed_.notify_all();
                         const auto pending = [&] {
                             for (const auto& c : commands)
                                 if (c.seq > after) return true;
                             return false;
                         };
                         // A short hold stands in for the long poll.
                         changed_.wait_for(lock, std::chrono::milliseconds(200), pending);
                         sync::CommandsAnswer answer{{}, local_list_version, stations_version};
                         for (const auto& c : commands)
                             if (c.seq > after) answer.commands.push_back(c);
                         json_reply(res, 200, sync::to_json(answer));
                     });
        server_->Get(
            api + "/local-list", [this](const httplib::Request& req, httplib::Response& res) {
                std::lock_guard lock(mutex_);
                if (!authorised(req, res)) return;
                auto found = local_list_since.find(std::stoll(req.get_param_value("since")));
                if (found == local_list_since.end())
                    return json_reply(res, 404, nlohmann::json::object());
                json_reply(res, 200, sync::to_json(found->second));
            });
        server_->Get(api + "/stations",
                     [this](const httplib::Request& req, httplib::Response& res) {
                         std::lock_guard lock(mutex_);
                         if (!authorised(req, res)) return;
                         auto found = stations_since.find(std::stoll(req.get_param_value("since")));
                         if (found == stations_since.end())
                             return json_reply(res, 404, nlohmann::json::object());
                         json_reply(res, 200, sync::to_json(found->second));
                     });
        server_->Post(api + "/authorize",
                      [this](const httplib::Request& req, httplib::Response& res) {
                          std::chrono::milliseconds delay{0};
                          std::optional<sync::AuthorizeAnswer> answer;
                          {
                              std::lock_guard lock(mutex_);
                              if (!authorised(req, res)) return;
                              auto body = sync::parse_json(req.body);
                              if (body) {
                                  if (auto request = sync::decode_authorize_request(*body)) {
                                      authorize_requests.push_back(*request);
                                  }
                              }
                              delay = authorize_delay;
                              answer = authorize_answer;
                              changed_.notify_all();
                          }
                          std::this_thread::sleep_for(delay);
                          if (!answer) return json_reply(res, 500, nlohmann::json::object());
                          json_reply(res, 200, sync::to_json(*answer));
                      });
    }

    std::mutex mutex_;
    std::condition_variable changed_;
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    int port_ = 0;
};

}  // namespace iskra::test
