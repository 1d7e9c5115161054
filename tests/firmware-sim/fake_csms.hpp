// Test doubles for the station simulator: FakeTransport records what a station sends, and
// FakeCsms plays the central system over it, answering the station's calls with canned, valid
// answers (or holding them back) and checking every frame the station sends against the
// official schema. Single-threaded, driven by the test with explicit times.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "iskra/ocpp/action_info.hpp"
#include "iskra/session/timestamp.hpp"
#include "iskra/sim/station/station.hpp"

namespace iskra::sim::testing {

using Json = nlohmann::json;
using namespace std::chrono_literals;

inline model::Timestamp t0() {
    return model::Timestamp(std::chrono::milliseconds(1'795'000'000'000));  // 2026-11-18
}

class FakeTransport : public Transport {
public:
    void connect() override { ++connects; }
    void send(std::string text) override { sent.push_back(std::move(text)); }
    void close() override { ++closes; }

    std::vector<std::string> sent;
    int connects = 0;
    int closes = 0;
};

// One CALL the station sent.
struct SentCall {
    std::string id;
    std::string action;
    Json payload;
};

class FakeCsms {
public:
    FakeCsms(StationConfig config, model::Timestamp now = t0())
        : version_(config.version), now_(now) {
        station_ = make_station(std::move(config), transport_, now);
    }

    Station& station() { return *station_; }
    FakeTransport& transport() { return transport_; }
    model::Timestamp now() const { return now_; }

    // Powers the station on, accepts its connection and answers its boot.
    void boot() {
        station_->power_on(now_);
        connect();
    }
    void connect() {
        station_->on_connected(now_);
        pump();
    }
    // Moves time forward in one-second steps, running whatever falls due and answering it.
    void run_for(std::chrono::milliseconds span) {
        const auto end = now_ + span;
        while (now_ < end) {
            auto next = station_->next_due();
            model::Timestamp step = now_ + 1s;
            if (next && *next > now_ && *next < step) step = *next;
            now_ = std::min(step, end);
            station_->advance(now_);
            pump();
        }
    }

    // Answers every unanswered CALL the station has sent (unless holding), checking each
    // frame; loops because answers lead to more calls.
    void pump() {
        while (seen_ < transport_.sent.size()) {
            const std::string frame = transport_.sent[seen_++];
            inspect(frame);
        }
        while (!pending_.empty() && !hold) {
            SentCall call = pending_.front();
            pending_.erase(pending_.begin());
            answer(call);
            while (seen_ < transport_.sent.size()) {
                const std::string frame = transport_.sent[seen_++];
                inspect(frame);
            }
        }
    }

    // The CSMS sends a command; returns the station's answer payload (CALLRESULT), or the
    // whole frame as an array for a CALLERROR.
    Json command(const std::string& action, const Json& payload) {
        const std::string id = "csms-" + std::to_string(++command_counter_);
        const std::size_t before = transport_.sent.size();
        station_->on_text(Json::array({2, id, action, payload}).dump(), now_);
        Json result;
        for (std::size_t i = before; i < transport_.sent.size(); ++i) {
            const Json frame = Json::parse(transport_.sent[i]);
            if (frame[1] == id) result = frame[0] == 3 ? frame[2] : frame;
        }
        pump();
        return result;
    }

    // Calls the station sent, in order, optionally only one action's.
    std::vector<SentCall> calls(const std::string& action = "") const {
        std::vector<SentCall> out;
        for (const auto& c : all_calls_) {
            if (action.empty() || c.action == action) out.push_back(c);
        }
        return out;
    }
    std::optional<SentCall> last(const std::string& action) const {
        auto list = calls(action);
        if (list.empty()) return std::nullopt;
        return list.back();
    }
    void clear_calls() { all_calls_.clear(); }

    // Frames the station sent that broke a schema, or were not frames at all.
    const std::vector<std::string>& violations() const { return violations_; }

    // Custom answers: return a payload, or nullopt to answer with CALLERROR InternalError.
    std::map<std::string, std::function<std::optional<Json>(const Json&)>> answers;
    // While set, the station's calls stay unanswered (a slow CSMS).
    bool hold = false;
    std::int64_t next_transaction_id = 100;

private:
    void inspect(const std::string& text) {
        Json frame;
        try {
            frame = Json::parse(text);
        } catch (...) {
            violations_.push_back("not JSON: " + text);
            return;
        }
        if (!frame.is_array() || frame.empty()) {
            violations_.push_back("not a frame: " + text);
            return;
        }
        if (frame[0] != 2) {
            check(frame, text);
            return;
        }
        SentCall call{frame[1].get<std::string>(), frame[2].get<std::string>(), frame[3]};
        const ocpp::ActionInfo* info = ocpp::find_action(version_, call.action);
        ocpp::DecodeContext ctx;
        simdjson::dom::parser parser;
        const std::string payload = call.payload.dump();
        simdjson::dom::element element;
        if (info == nullptr || parser.parse(payload).get(element) ||
            !info->check_request(element, ctx)) {
            violations_.push_back("invalid " + call.action + ": " + payload);
        }
        all_calls_.push_back(call);
        pending_.push_back(call);
    }
    void check(const Json& frame, const std::string& text) {
        if (frame[0] == 4) violations_.push_back("station answered CALLERROR: " + text);
    }

    std::optional<Json> canned(const SentCall& call) {
        if (auto it = answers.find(call.action); it != answers.end())
            return it->second(call.payload);
        const std::string time = session::format_timestamp(now_);
        const bool v16 = version_ == ocpp::Version::v16;
        if (call.action == "BootNotification") {
            return Json{{"status", "Accepted"}, {"currentTime", time}, {"interval", 300}};
        }
        if (call.action == "Heartbeat") return Json{{"currentTime", time}};
        if (call.action == "Authorize") {
            return v16 ? Json{{"idTagInfo", {{"status", "Accepted"}}}}
                       : Json{{"idTokenInfo", {{"status", "Accepted"}}}};
        }
        if (call.action == "StartTransaction") {
            return Json{{"idTagInfo", {{"status", "Accepted"}}},
                        {"transactionId", next_transaction_id++}};
        }
        return Json::object();
    }

    void answer(const SentCall& call) {
        const auto payload = canned(call);
        const std::string frame =
            payload ? Json::array({3, call.id, *payload}).dump()
                    : Json::array({4, call.id, "InternalError", "refused", Json::object()}).dump();
        station_->on_text(frame, now_);
    }

    ocpp::Version version_;
    model::Timestamp now_;
    FakeTransport transport_;
    std::unique_ptr<Station> station_;
    std::size_t seen_ = 0;
    std::vector<SentCall> pending_;
    std::vector<SentCall> all_calls_;
    std::vector<std::string> violations_;
    int command_counter_ = 0;
};

}  // namespace iskra::sim::testing
