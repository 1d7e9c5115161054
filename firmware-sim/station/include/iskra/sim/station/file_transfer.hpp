// How a simulated station moves files: it fetches the firmware image an UpdateFirmware names and
// uploads the diagnostics or log file a GetDiagnostics / GetLog asks for. The app implements it
// over HTTP (cpp-httplib on a worker thread); tests use a fake that answers when told.
//
// Asynchronous by contract: download() and upload() return at once, and `done` runs later on
// the thread that owns the station, with the time of that moment. An implementation that cannot
// speak a URL's scheme answers UnsupportedScheme without trying.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "iskra/sim/model/charging_point.hpp"

namespace iskra::sim {

struct TransferFailure {
    enum class Kind {
        UnsupportedScheme,  // not http:// or https://
        Denied,             // the server answered 401 or 403
        Failed,             // no connection, timeout, another HTTP error, too large
    };
    Kind kind = Kind::Failed;
    std::string message;  // for the log: names the URL and what went wrong
};

class FileTransfer {
public:
    virtual ~FileTransfer() = default;
    // The body of the file at `url`, or why not.
    using Downloaded =
        std::function<void(tl::expected<std::string, TransferFailure>, model::Timestamp now)>;
    using Uploaded = std::function<void(tl::expected<void, TransferFailure>, model::Timestamp now)>;
    virtual void download(const std::string& url, Downloaded done) = 0;
    // Puts `content` as `filename` at `url` (a folder URL ending in '/' gets the name appended).
    virtual void upload(const std::string& url, const std::string& filename, std::string content,
                        Uploaded done) = 0;
};

// The scheme of `url` in lower case ("http"), or empty when it has none.
std::string url_scheme(std::string_view url);

// The version a firmware image installs: the text after "iskra-sim-firmware " on its first
// line when it has one (how the tests and ops name a version), otherwise `current` with a
// "+" and 8 hex digits of a hash of the image, so two different images never look alike.
std::string firmware_version_of(std::string_view image, const std::string& current);

}  // namespace iskra::sim
