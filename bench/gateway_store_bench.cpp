// Committed meter-value events per second through the gateway store: StoreThread with group
// commit against one commit (one fsync) per event, on a real SQLite file in /tmp with
// synchronous=FULL. Each event is a 1.6 MeterValues (energy, power, current, voltage) for one of
// 100 open sessions, recorded by the session ledger with its checks and outbox row; a completion
// counts only after its COMMIT has returned. Arg: events in flight (stations awaiting an answer).
#include <benchmark/benchmark.h>

#include <stdlib.h>
#include <time.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>

#include "iskra/gateway/store/migrations.hpp"
#include "iskra/gateway/store/session_ledger.hpp"
#include "iskra/gateway/store/store_thread.hpp"

namespace {

using iskra::gateway::Database;
using iskra::gateway::StoreError;
using iskra::gateway::StoreThread;
using iskra::gateway::Timestamp;
namespace session = iskra::session;

constexpr int kSessions = 100;
constexpr int kEventsPerIteration = 2000;

// Runs completions on the store thread and lets the producer wait for a window to open.
class CountingSink final : public iskra::gateway::CompletionSink {
public:
    void post(std::function<void()> completion) override {
        completion();
        std::lock_guard lock(mutex_);
        ++done_;
        changed_.notify_one();
    }
    void wait_until_at_least(std::int64_t count) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return done_ >= count; });
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::int64_t done_ = 0;
};

class Ids final : public iskra::gateway::SessionIdGenerator {
public:
    std::string next_session_id() override { return "bench-" + std::to_string(++n_); }

private:
    int n_ = 0;
};

// CPU of the whole process (both threads), for the cost per committed event.
double process_cpu_seconds() {
    timespec now{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

Timestamp base_time() {
    return *session::parse_timestamp("2026-05-04T08:00:00Z");
}

session::MeterValuesReported reading(std::int64_t k) {
    const auto station = k % kSessions;
    const auto step = k / kSessions + 1;
    session::MeterSample sample;
    sample.timestamp = base_time() + std::chrono::seconds(step);
    sample.energy_wh = 10'000 + step * 6;  // 22 kW
    sample.power_w = 21'900;
    sample.current_a = 31.7;
    sample.voltage_v = 230.4;
    sample.measurands = {session::Measurand::EnergyActiveImportRegister,
                         session::Measurand::PowerActiveImport, session::Measurand::CurrentImport,
                         session::Measurand::Voltage};
    session::MeterValuesReported event;
    event.station_id = "CP-" + std::to_string(station);
    event.connector = {1, 1};
    event.transaction = station + 1;  // the ids handed out to the sessions started below
    event.samples = {sample};
    return event;
}

void store_throughput(benchmark::State& state, std::size_t max_batch) {
    const auto window = state.range(0);
    std::string pattern = (std::filesystem::temp_directory_path() / "iskra-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp");
    const std::filesystem::path dir = pattern;
    {
        auto database = iskra::gateway::open_gateway_database(dir / "gateway.db");
        if (!database) {
            state.SkipWithError(database.error().describe().c_str());
            return;
        }
        Ids ids;
        iskra::gateway::SessionLedger ledger(iskra::gateway::LedgerConfig{}, ids);
        CountingSink sink;
        iskra::gateway::StoreThreadOptions options;
        options.max_batch = max_batch;
        StoreThread store(std::move(*database), sink, options);
        std::atomic<bool> failed{false};
        std::int64_t submitted = 0;
        for (int s = 0; s < kSessions; ++s) {
            session::SessionStarted start;
            start.station_id = "CP-" + std::to_string(s);
            start.transaction = std::int64_t{0};
            start.connector = session::ConnectorRef{1, 1};
            start.token = session::Token{"TAG-" + std::to_string(s)};
            start.meter_start_wh = 10'000;
            start.started_at = base_time();
            store.submit(
                [&ledger, start](Database& db) {
                    return ledger.record_session_started(db, start, base_time());
                },
                [&failed](auto r) { failed = failed || !r; });
            ++submitted;
        }
        sink.wait_until_at_least(submitted);

        std::int64_t k = 0;
        const auto commits_before = store.stats().commits;
        const double cpu_before = process_cpu_seconds();
        for (auto _ : state) {
            for (int i = 0; i < kEventsPerIteration; ++i, ++k) {
                sink.wait_until_at_least(submitted - window + 1);
                const auto received = base_time() + std::chrono::seconds(k / kSessions + 1);
                store.submit(
                    [&ledger, k, received](Database& db) {
                        return ledger.record_meter_values(db, reading(k), received);
                    },
                    [&failed](auto r) { failed = failed || !r || r->samples_stored != 1; });
                ++submitted;
            }
            sink.wait_until_at_least(submitted);
        }
        const double cpu_used = process_cpu_seconds() - cpu_before;
        const auto stats = store.stats();
        if (failed) state.SkipWithError("a store job failed");
        state.SetItemsProcessed(state.iterations() * kEventsPerIteration);
        state.counters["events_per_commit"] =
            static_cast<double>(k) / static_cast<double>(stats.commits - commits_before);
        state.counters["cpu_us_per_event"] = cpu_used * 1e6 / static_cast<double>(k);
    }
    std::filesystem::remove_all(dir);
}

}  // namespace

BENCHMARK_CAPTURE(store_throughput, group_commit, 512)
    ->Arg(1)
    ->Arg(16)
    ->Arg(256)
    ->Arg(2000)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(store_throughput, commit_per_event, 1)
    ->Arg(256)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
