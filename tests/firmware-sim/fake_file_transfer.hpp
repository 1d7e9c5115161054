// A FileTransfer test double: records each download and upload the station asks for and
// finishes it only when the test says how (so tests see the statuses before and after).
// Single-threaded, like the station.
#pragma once

#include <string>
#include <vector>

#include "fake_csms.hpp"
#include "iskra/sim/station/file_transfer.hpp"

namespace iskra::sim::testing {

class FakeFileTransfer : public FileTransfer {
public:
    struct Request {
        bool upload = false;
        std::string url;
        std::string filename;
        std::string content;
        Downloaded downloaded;
        Uploaded uploaded;
    };

    void download(const std::string& url, Downloaded done) override {
        requests.push_back(Request{false, url, {}, {}, std::move(done), {}});
    }
    void upload(const std::string& url, const std::string& filename, std::string content,
                Uploaded done) override {
        requests.push_back(Request{true, url, filename, std::move(content), {}, std::move(done)});
    }

    // Finishes the oldest unfinished request, then lets `csms` answer what the station sent.
    void serve(FakeCsms& csms, std::string body) {
        Request r = take();
        if (r.upload) {
            r.uploaded({}, csms.now());
        } else {
            r.downloaded(std::move(body), csms.now());
        }
        csms.pump();
    }
    void fail(FakeCsms& csms, TransferFailure::Kind kind) {
        Request r = take();
        const TransferFailure failure{kind, r.url + ": refused by the test"};
        if (r.upload) {
            r.uploaded(tl::unexpected(failure), csms.now());
        } else {
            r.downloaded(tl::unexpected(failure), csms.now());
        }
        csms.pump();
    }
    std::size_t open() const { return requests.size() - finished_; }

    std::vector<Request> requests;

private:
    Request take() {
        if (finished_ >= requests.size()) throw std::logic_error("no transfer is open");
        return requests[finished_++];
    }
    std::size_t finished_ = 0;
};

}  // namespace iskra::sim::testing
