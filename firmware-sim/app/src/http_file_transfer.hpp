// The simulator's FileTransfer over HTTP: firmware is fetched with GET and logs are put with PUT
// (cpp-httplib), http:// and https:// (checked against --ca, or not at all with --insecure);
// other schemes (ftp://) are answered UnsupportedScheme. Downloads are bounded in size and
// every transfer in time.
//
// Transfers run one at a time on a worker thread of their own, so a slow server never stalls
// the lws service thread; each outcome is handed back through `deliver`, which runs it on the
// service thread. The destructor waits for the transfer under way (at most its timeouts).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "iskra/sim/station/file_transfer.hpp"

namespace iskra::sim::app {

struct HttpTransferOptions {
    std::size_t max_download_bytes = 64 * 1024 * 1024;
    std::chrono::seconds connect_timeout{10};
    std::chrono::seconds io_timeout{30};  // each read or write
    std::optional<std::string> ca_file;
    bool insecure = false;
};

class HttpFileTransfer final : public FileTransfer {
public:
    // `deliver(k)`: any thread; must run k(now) on the stations' thread.
    using Deliver = std::function<void(std::function<void(model::Timestamp)>)>;
    HttpFileTransfer(HttpTransferOptions options, Deliver deliver);
    ~HttpFileTransfer() override;
    HttpFileTransfer(const HttpFileTransfer&) = delete;
    HttpFileTransfer& operator=(const HttpFileTransfer&) = delete;

    // Service thread.
    void download(const std::string& url, Downloaded done) override;
    void upload(const std::string& url, const std::string& filename, std::string content,
                Uploaded done) override;

private:
    void enqueue(std::function<void()> job);
    void work();

    HttpTransferOptions options_;
    Deliver deliver_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_;  // GUARDED_BY(mutex_)
    bool stopping_ = false;                   // GUARDED_BY(mutex_)
    std::thread worker_;                      // started with the first job
};

}  // namespace iskra::sim::app
