// For the uplink's tests: a migrated store in a temp directory with its store thread, whose
// completions run on the store thread itself (the uplink only waits for them), and helpers to
// fill the outbox.
#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "gateway/store/store_test_support.hpp"
#include "iskra/gateway/store/outbox.hpp"
#include "iskra/gateway/uplink/uplink.hpp"

namespace iskra::gateway::testing {

class InlineSink final : public CompletionSink {
public:
    void post(std::function<void()> completion) override { completion(); }
};

inline Timestamp fixed_now() {
    return at("2026-11-28T12:00:00.000Z");
}

struct StoreFixture {
    TempDir dir;
    std::filesystem::path file = dir.file("gateway.db");
    InlineSink sink;
    std::unique_ptr<StoreThread> store;
    std::unique_ptr<Database> reader;

    StoreFixture() {
        store = std::make_unique<StoreThread>(open_migrated(file), sink);
        auto opened = open_gateway_reader(file);
        if (!opened) throw std::runtime_error(opened.error().describe());
        reader = std::move(*opened);
    }

    // Appends `count` SessionFlagged rows through the store thread and waits for them.
    void append(int count) {
        std::promise<void> done;
        store->submit(
            [count](Database& db) -> tl::expected<int, StoreError> {
                for (int i = 0; i < count; ++i) {
                    auto appended = append_outbox(
                        db, "SessionFlagged",
                        R"({"at":"2026-11-28T12:00:00.000Z","detail":"d","kind":"k","station_id":"ST-1"})",
                        fixed_now());
                    if (!appended) return tl::unexpected(appended.error());
                }
                return count;
            },
            [&done](tl::expected<int, StoreError>) { done.set_value(); });
        done.get_future().wait();
    }

    OutboxBacklog backlog() {
        auto read = outbox_backlog(*reader);
        if (!read) throw std::runtime_error(read.error().describe());
        return *read;
    }
};

inline UplinkOptions fast_options(const std::string& url, const std::filesystem::path& file,
                                  const std::string& secret = "s3cret") {
    UplinkOptions options;
    options.central_url = url;
    options.identity = CentralIdentity{url, "gw-1", secret, fixed_now()};
    options.database_file = file;
    options.batch_size = 10;
    options.poll_wait = std::chrono::seconds(1);
    options.idle_interval = std::chrono::milliseconds(20);
    options.backoff_initial = std::chrono::milliseconds(20);
    options.backoff_max = std::chrono::milliseconds(100);
    options.connect_timeout = std::chrono::milliseconds(500);
    options.request_timeout = std::chrono::milliseconds(2000);
    return options;
}

}  // namespace iskra::gateway::testing
