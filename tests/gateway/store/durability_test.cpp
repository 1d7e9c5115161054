// Durability: a writer process reports each completed job through a pipe and is killed with
// SIGKILL mid-stream. Every job it reported done must be in the reopened database exactly once,
// with its outbox row, in order. (A kill leaves the page cache; power loss is what
// synchronous=FULL adds on top, and is not simulated here.)
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "iskra/gateway/store/outbox.hpp"
#include "store_test_support.hpp"

namespace iskra::gateway {
namespace {

using testing::at;
using testing::ok;

constexpr std::int64_t kTransaction = 1;
const Timestamp kStart = at("2026-05-04T08:00:00Z");

// The k-th reading of the session: one per second, 11 kW.
session::MeterValuesReported reading(std::int64_t k) {
    session::MeterSample s;
    s.timestamp = kStart + std::chrono::seconds(k + 1);
    s.energy_wh = 10'000 + (k + 1) * 3;
    s.measurands = {session::Measurand::EnergyActiveImportRegister};
    return testing::meter_v16("CP-1", 1, kTransaction, {s});
}

// Writes the job number to the pipe from the store thread, i.e. after its commit.
class PipeSink final : public CompletionSink {
public:
    explicit PipeSink(int fd) : fd_(fd) {}
    void post(std::function<void()> completion) override { completion(); }
    void report(std::int64_t k) {
        const auto* bytes = reinterpret_cast<const char*>(&k);
        std::size_t written = 0;
        while (written < sizeof k) {
            const auto n = ::write(fd_, bytes + written, sizeof k - written);
            if (n <= 0) ::_exit(3);
            written += static_cast<std::size_t>(n);
        }
        ++completed;
    }
    std::atomic<std::int64_t> completed{0};

private:
    int fd_;
};

[[noreturn]] void run_writer(const std::filesystem::path& file, int fd) {
    auto database = open_gateway_database(file);
    if (!database) ::_exit(2);
    testing::SequentialSessionIds ids;
    SessionLedger ledger(LedgerConfig{}, ids);
    PipeSink sink(fd);
    StoreThread store(std::move(*database), sink);
    store.submit(
        [&](Database& db) {
            return ledger.record_session_started(
                db, testing::start_v16("CP-1", 1, "TAG-1", 10'000, "2026-05-04T08:00:00Z"), kStart);
        },
        [](auto r) {
            if (!r || r->transaction_id != kTransaction) ::_exit(4);
        });
    for (std::int64_t k = 0;; ++k) {
        // Keep a bounded number in flight, as a service thread would under load.
        while (k - sink.completed.load() > 2000)
            std::this_thread::yield();
        store.submit(
            [&ledger, k](Database& db) {
                return ledger.record_meter_values(db, reading(k),
                                                  kStart + std::chrono::seconds(k + 1));
            },
            [&sink, k](auto r) {
                if (!r || r->samples_stored != 1) ::_exit(5);
                sink.report(k);
            });
    }
}

TEST(Durability, EveryJobReportedDoneSurvivesKillNine) {
    testing::TempDir dir;
    const auto file = dir.file("gateway.db");
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(fds[0]);
        run_writer(file, fds[1]);
    }
    ::close(fds[1]);

    std::vector<std::int64_t> reported;
    std::int64_t value = 0;
    std::size_t have = 0;
    bool killed = false;
    for (;;) {
        const auto n = ::read(fds[0], reinterpret_cast<char*>(&value) + have, sizeof value - have);
        if (n <= 0) break;  // EOF: the child is gone and the pipe drained
        have += static_cast<std::size_t>(n);
        if (have < sizeof value) continue;
        have = 0;
        reported.push_back(value);
        if (!killed && reported.size() == 3000) {
            ASSERT_EQ(::kill(child, SIGKILL), 0);
            killed = true;
        }
    }
    ::close(fds[0]);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "writer exited with " << WEXITSTATUS(status);
    ASSERT_EQ(WTERMSIG(status), SIGKILL);
    ASSERT_GE(reported.size(), 3000u);

    // Reopen as the restarted gateway would.
    auto db = testing::open_migrated(file);
    auto integrity = ok(db->prepare("PRAGMA integrity_check"));
    ASSERT_TRUE(ok(integrity.step()));
    EXPECT_EQ(integrity.text(0), "ok");

    std::map<std::string, int> samples;
    auto query = ok(db->prepare("SELECT sampled_at FROM meter_samples"));
    while (ok(query.step()))
        ++samples[query.text(0)];
    for (const auto k : reported) {
        const auto key = session::format_timestamp(kStart + std::chrono::seconds(k + 1));
        ASSERT_EQ(samples[key], 1) << "job " << k << " reported done, found " << samples[key];
    }

    // Its outbox rows are there once each and in the order the jobs ran.
    std::vector<std::int64_t> energies;
    for (const auto& entry : ok(outbox_after(*db, 0, 1'000'000))) {
        if (entry.event_type != "MeterValuesReported") continue;
        energies.push_back(
            nlohmann::json::parse(entry.payload)["samples"][0]["energy_wh"].get<std::int64_t>());
    }
    ASSERT_GE(energies.size(), reported.size());
    for (std::size_t i = 0; i < energies.size(); ++i) {
        ASSERT_EQ(energies[i], 10'000 + static_cast<std::int64_t>(i + 1) * 3) << "outbox row " << i;
    }
    std::cout << "[ durability ] " << reported.size() << " jobs reported done before SIGKILL, "
              << energies.size() << " committed\n";
}

}  // namespace
}  // namespace iskra::gateway
