// The calls one simulated station makes, in the order a charging site makes them: a boot, then
// round after round of a charging session (status, authorise, start, meter values, stop) with
// heartbeats between, in OCPP 1.6 or 2.0.1. Each call goes through the station's RpcEndpoint, so
// every request is schema-valid and every answer is checked against its response schema.
//
// A round is 16 calls. 1.6: 2 Heartbeat, 4 StatusNotification, Authorize, StartTransaction,
// 7 MeterValues, StopTransaction. 2.0.1: 2 Heartbeat, 2 StatusNotification, Authorize,
// TransactionEvent Started, 8 TransactionEvent Updated with meter values, TransactionEvent
// Ended, one MeterValues. Station i starts its first round at step i mod 16, so that at any
// moment the stations together send the whole mix rather than a wave of one kind; one that
// starts inside a session opens it first (open_session()). Used on the load run's single thread.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "iskra/ocpp/version.hpp"
#include "iskra/rpc/rpc_endpoint.hpp"

namespace iskra::bench {

// What a call was for; 2.0.1's TransactionEvent counts as Start, MeterValues or Stop by its
// event type, so both versions report in the same rows.
enum class CallKind { Boot, Heartbeat, Status, Authorize, Start, MeterValues, Stop };
inline constexpr std::size_t kCallKinds = 7;
std::string_view to_string(CallKind kind);
// Whether the gateway must commit the call before it answers (all but Heartbeat).
inline bool is_committed(CallKind kind) {
    return kind != CallKind::Heartbeat;
}

enum class Outcome {
    Ok,               // answered, and accepted where the answer carries a status
    Refused,          // answered, but the token or boot was not accepted
    CallError,        // answered with CALLERROR
    InvalidResponse,  // answered with a CALLRESULT that broke its schema
    Timeout,
    Closed,
};
inline constexpr std::size_t kOutcomes = 6;
std::string_view to_string(Outcome outcome);

class StationScript {
public:
    using Clock = rpc::RpcEndpoint::Clock;
    using Done = std::function<void(CallKind, Outcome)>;

    StationScript(ocpp::Version version, std::string station_id, std::size_t index);

    // Sends BootNotification; `done` runs once with its outcome.
    void boot(rpc::RpcEndpoint& endpoint, Clock::time_point now, Done done);
    // Whether the station's first round starts inside a session, which open_session() must
    // start before next() is first called.
    bool starts_in_session() const;
    // Sends the session's start (1.6 StartTransaction, 2.0.1 TransactionEvent Started).
    void open_session(rpc::RpcEndpoint& endpoint, Clock::time_point now, Done done);
    // Sends the next call of the round; `done` runs once with its outcome.
    void next(rpc::RpcEndpoint& endpoint, Clock::time_point now, Done done);

private:
    void next_v16(rpc::RpcEndpoint& endpoint, std::size_t step, Clock::time_point now, Done done);
    void next_v201(rpc::RpcEndpoint& endpoint, std::size_t step, Clock::time_point now, Done done);
    void start_v16(rpc::RpcEndpoint& endpoint, const std::string& at, Clock::time_point now,
                   Done done);
    void start_v201(rpc::RpcEndpoint& endpoint, const std::string& at, Clock::time_point now,
                    Done done);
    // The meter register after charging since the last reading (11 kW while a session is open).
    std::int64_t read_meter_wh(Clock::time_point now);

    ocpp::Version version_;
    std::string station_id_;
    std::string id_tag_;
    std::size_t step_ = 0;
    std::uint64_t sessions_ = 0;

    double energy_wh_ = 0.0;
    bool charging_ = false;
    Clock::time_point last_reading_{};

    std::int64_t v16_transaction_ = 0;  // 0: none known (the start failed or has not run)
    std::string v201_transaction_;
    std::int64_t v201_seq_no_ = 0;
};

}  // namespace iskra::bench
