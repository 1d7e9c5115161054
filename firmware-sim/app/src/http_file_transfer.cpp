#include "http_file_transfer.hpp"

#include <httplib.h>

#include <utility>

namespace iskra::sim::app {

namespace {

struct SplitUrl {
    std::string origin;  // scheme://host[:port]
    std::string path;    // from the first '/', "/" when there is none
};

SplitUrl split(const std::string& url) {
    const auto authority = url.find("://") + 3;
    const auto slash = url.find('/', authority);
    if (slash == std::string::npos) return {url, "/"};
    return {url.substr(0, slash), url.substr(slash)};
}

tl::expected<void, TransferFailure> check_scheme(const std::string& url) {
    const std::string scheme = url_scheme(url);
    if (scheme == "http" || scheme == "https") return {};
    return tl::unexpected(
        TransferFailure{TransferFailure::Kind::UnsupportedScheme,
                        url + ": the simulator transfers files over http:// and https:// only"});
}

void configure(httplib::Client& client, const HttpTransferOptions& options) {
    client.set_connection_timeout(static_cast<time_t>(options.connect_timeout.count()), 0);
    client.set_read_timeout(static_cast<time_t>(options.io_timeout.count()), 0);
    client.set_write_timeout(static_cast<time_t>(options.io_timeout.count()), 0);
    client.set_follow_location(true);
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
    if (options.ca_file) client.set_ca_cert_path(*options.ca_file);
    client.enable_server_certificate_verification(!options.insecure);
#endif
}

TransferFailure http_failure(const std::string& url, const httplib::Result& result,
                             const std::string& what) {
    if (!result) {
        return TransferFailure{TransferFailure::Kind::Failed,
                               url + ": " + httplib::to_string(result.error())};
    }
    const int status = result->status;
    return TransferFailure{status == 401 || status == 403 ? TransferFailure::Kind::Denied
                                                          : TransferFailure::Kind::Failed,
                           url + ": " + what + " answered HTTP " + std::to_string(status)};
}

}  // namespace

HttpFileTransfer::HttpFileTransfer(HttpTransferOptions options, Deliver deliver)
    : options_(std::move(options)), deliver_(std::move(deliver)) {}

HttpFileTransfer::~HttpFileTransfer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        jobs_.clear();
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

void HttpFileTransfer::download(const std::string& url, Downloaded done) {
    if (auto ok = check_scheme(url); !ok) {
        deliver_([done = std::move(done), failure = ok.error()](model::Timestamp now) {
            done(tl::unexpected(failure), now);
        });
        return;
    }
    enqueue([this, url, done = std::move(done)] {
        const auto [origin, path] = split(url);
        httplib::Client client(origin);
        configure(client, options_);
        std::string body;
        bool too_large = false;
        const auto result = client.Get(path, [&](const char* data, std::size_t length) {
            if (body.size() + length > options_.max_download_bytes) {
                too_large = true;
                return false;
            }
            body.append(data, length);
            return true;
        });
        tl::expected<std::string, TransferFailure> outcome;
        if (too_large) {
            outcome = tl::unexpected(TransferFailure{
                TransferFailure::Kind::Failed,
                url + ": larger than " + std::to_string(options_.max_download_bytes) + " bytes"});
        } else if (!result || result->status != 200) {
            outcome = tl::unexpected(http_failure(url, result, "GET"));
        } else {
            outcome = std::move(body);
        }
        deliver_([done, outcome = std::move(outcome)](model::Timestamp now) mutable {
            done(std::move(outcome), now);
        });
    });
}

void HttpFileTransfer::upload(const std::string& url, const std::string& filename,
                              std::string content, Uploaded done) {
    if (auto ok = check_scheme(url); !ok) {
        deliver_([done = std::move(done), failure = ok.error()](model::Timestamp now) {
            done(tl::unexpected(failure), now);
        });
        return;
    }
    const std::string target = url.ends_with('/') ? url + filename : url;
    enqueue([this, target, content = std::move(content), done = std::move(done)] {
        const auto [origin, path] = split(target);
        httplib::Client client(origin);
        configure(client, options_);
        const auto result = client.Put(path, content, "text/plain");
        tl::expected<void, TransferFailure> outcome;
        if (!result || result->status < 200 || result->status >= 300) {
            outcome = tl::unexpected(http_failure(target, result, "PUT"));
        }
        deliver_([done, outcome = std::move(outcome)](model::Timestamp now) mutable {
            done(std::move(outcome), now);
        });
    });
}

void HttpFileTransfer::enqueue(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    if (!worker_.joinable()) worker_ = std::thread([this] { work(); });
    wake_.notify_one();
}

void HttpFileTransfer::work() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (stopping_) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        job();
    }
}

}  // namespace iskra::sim::app
