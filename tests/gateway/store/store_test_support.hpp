// Test doubles and builders for the gateway store's tests: a temporary directory per test,
// predictable session ids, a completion sink that queues, and realistic session events.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "iskra/gateway/store/database.hpp"
#include "iskra/gateway/store/migrations.hpp"
#include "iskra/gateway/store/session_ids.hpp"
#include "iskra/gateway/store/session_ledger.hpp"
#include "iskra/gateway/store/status_queries.hpp"
#include "iskra/gateway/store/store_thread.hpp"
#include "iskra/session/events.hpp"

namespace iskra::gateway::testing {

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
public:
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "iskra-store-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path file(std::string_view name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

// "session-1", "session-2", ...
class SequentialSessionIds final : public SessionIdGenerator {
public:
    std::string next_session_id() override { return "session-" + std::to_string(++count_); }

private:
    int count_ = 0;
};

// Collects completions; the test thread runs them, as the service thread would.
class QueueSink final : public CompletionSink {
public:
    void post(std::function<void()> completion) override {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(completion));
        posted_.notify_all();
    }
    // Runs what has arrived; returns how many.
    std::size_t run_all() {
        std::deque<std::function<void()>> ready;
        {
            std::lock_guard lock(mutex_);
            ready.swap(queue_);
        }
        for (auto& completion : ready)
            completion();
        return ready.size();
    }
    // Waits until `count` completions have arrived in all, running them as they come.
    bool run_until(std::size_t count,
                   std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (ran_ < count) {
            {
                std::unique_lock lock(mutex_);
                if (queue_.empty() &&
                    !posted_.wait_until(lock, deadline, [this] { return !queue_.empty(); })) {
                    return false;
                }
            }
            ran_ += run_all();
        }
        return true;
    }

private:
    std::mutex mutex_;
    std::condition_variable posted_;
    std::deque<std::function<void()>> queue_;
    std::size_t ran_ = 0;
};

inline Timestamp at(std::string_view iso) {
    auto parsed = session::parse_timestamp(iso);
    if (!parsed) throw std::invalid_argument("bad timestamp in test: " + std::string(iso));
    return *parsed;
}

inline std::unique_ptr<Database> open_migrated(const std::filesystem::path& file) {
    auto database = open_gateway_database(file);
    if (!database) throw std::runtime_error(database.error().describe());
    return std::move(*database);
}

// Unwraps a store result in a test, failing it with the store's message.
template <typename T>
T ok(tl::expected<T, StoreError> result) {
    if (!result) throw std::runtime_error("store error: " + result.error().describe());
    return std::move(*result);
}
inline void ok(tl::expected<void, StoreError> result) {
    if (!result) throw std::runtime_error("store error: " + result.error().describe());
}

// ---- events as the handlers would build them ----

inline session::MeterSample sample(
    std::string_view time, std::int64_t energy_wh,
    session::ReadingContext context = session::ReadingContext::SamplePeriodic) {
    session::MeterSample s;
    s.timestamp = at(time);
    s.context = context;
    s.energy_wh = energy_wh;
    s.measurands = {session::Measurand::EnergyActiveImportRegister};
    return s;
}

inline session::StationBooted boot(std::string station,
                                   ocpp::Version version = ocpp::Version::v16) {
    session::StationBooted e;
    e.station_id = std::move(station);
    e.protocol = version;
    e.vendor = "Ekoenergetyka";
    e.model = "AC22";
    e.serial_number = "SN-0042";
    e.firmware_version = "1.4.2";
    return e;
}

inline session::ConnectorStatusChanged status(std::string station, std::int64_t evse,
                                              session::ConnectorStatus value,
                                              std::string_view time) {
    session::ConnectorStatusChanged e;
    e.station_id = std::move(station);
    e.connector = {evse, 1};
    e.status = value;
    e.timestamp = at(time);
    return e;
}

// 1.6 StartTransaction as from_v16(..., 0) maps it: the store assigns the transactionId.
inline session::SessionStarted start_v16(std::string station, std::int64_t connector,
                                         std::string id_tag, std::int64_t meter_start_wh,
                                         std::string_view time) {
    session::SessionStarted e;
    e.station_id = std::move(station);
    e.transaction = std::int64_t{0};
    e.connector = session::ConnectorRef{connector, 1};
    e.token = session::Token{std::move(id_tag)};
    e.meter_start_wh = meter_start_wh;
    e.started_at = at(time);
    return e;
}

inline session::SessionEnded stop_v16(std::string station, std::int64_t transaction_id,
                                      std::int64_t meter_stop_wh, std::string_view time,
                                      session::StopReason reason = session::StopReason::Local) {
    session::SessionEnded e;
    e.station_id = std::move(station);
    e.transaction = transaction_id;
    e.meter_stop_wh = meter_stop_wh;
    e.ended_at = at(time);
    e.reason = reason;
    return e;
}

inline session::MeterValuesReported meter_v16(std::string station, std::int64_t connector,
                                              std::int64_t transaction_id,
                                              std::vector<session::MeterSample> samples) {
    session::MeterValuesReported e;
    e.station_id = std::move(station);
    e.connector = {connector, 1};
    e.transaction = transaction_id;
    e.samples = std::move(samples);
    return e;
}

inline session::SessionStarted start_v201(std::string station, std::string transaction,
                                          std::int64_t evse, std::int64_t meter_start_wh,
                                          std::string_view time, std::int64_t seq_no = 0) {
    session::SessionStarted e;
    e.station_id = std::move(station);
    e.transaction = std::move(transaction);
    e.connector = session::ConnectorRef{evse, 1};
    e.token = session::Token{"04A2B3C4D5", session::TokenType::ISO14443};
    e.meter_start_wh = meter_start_wh;
    e.started_at = at(time);
    e.offline = false;
    e.sequence = session::TransactionSequence{seq_no, "CablePluggedIn"};
    e.samples = {sample(time, meter_start_wh, session::ReadingContext::TransactionBegin)};
    return e;
}

inline session::SessionUpdated update_v201(std::string station, std::string transaction,
                                           std::int64_t seq_no, std::int64_t energy_wh,
                                           std::string_view time) {
    session::SessionUpdated e;
    e.station_id = std::move(station);
    e.transaction = std::move(transaction);
    e.timestamp = at(time);
    e.sequence = session::TransactionSequence{seq_no, "MeterValuePeriodic"};
    e.samples = {sample(time, energy_wh)};
    return e;
}

inline session::SessionEnded end_v201(std::string station, std::string transaction,
                                      std::int64_t seq_no, std::int64_t meter_stop_wh,
                                      std::string_view time) {
    session::SessionEnded e;
    e.station_id = std::move(station);
    e.transaction = std::move(transaction);
    e.meter_stop_wh = meter_stop_wh;
    e.ended_at = at(time);
    e.reason = session::StopReason::EVDisconnected;
    e.offline = false;
    e.sequence = session::TransactionSequence{seq_no, "EVCommunicationLost"};
    e.samples = {sample(time, meter_stop_wh, session::ReadingContext::TransactionEnd)};
    return e;
}

// A migrated database in a temp dir and a ledger with predictable ids; each record_* call runs
// in its own transaction, as a store job would.
class LedgerTest : public ::testing::Test {
protected:
    LedgerTest() : db_(open_migrated(dir_.file("gateway.db"))), ledger_(config_, ids_) {}

    template <typename Work>
    auto in_transaction(Work work) {
        ok(db_->execute("BEGIN IMMEDIATE"));
        auto result = work(*db_);
        if (result) {
            ok(db_->execute("COMMIT"));
        } else {
            ok(db_->execute("ROLLBACK"));
        }
        return ok(std::move(result));
    }

    SessionView session_view(const std::string& uuid) {
        auto view = ok(find_session_view(*db_, uuid));
        if (!view) throw std::runtime_error("no session " + uuid);
        return *view;
    }

    std::vector<SessionFlag> flags_of_kind(const SessionView& view, std::string_view kind) {
        std::vector<SessionFlag> found;
        for (const auto& f : view.flags) {
            if (f.kind == kind) found.push_back(f);
        }
        return found;
    }

    std::int64_t count(const std::string& sql) {
        auto query = ok(db_->prepare(sql));
        ok(query.step());
        return query.int64(0);
    }

    TempDir dir_;
    std::unique_ptr<Database> db_;
    SequentialSessionIds ids_;
    LedgerConfig config_;
    SessionLedger ledger_;
};

}  // namespace iskra::gateway::testing
