// What the uplink tells the status page: is central reachable, what went wrong last, how far
// the outbox and the command queue have got. A snapshot value; the board behind it is shared
// by the uplink's threads under its own lock.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "iskra/session/timestamp.hpp"

namespace iskra::gateway {

struct UplinkStatus {
    std::string central_url;
    bool connected = false;  // the last request reached central and was accepted
    std::optional<std::string> last_error;
    std::optional<session::Timestamp> last_error_at;
    std::optional<session::Timestamp> last_ack_at;
    std::int64_t acknowledged = 0;  // the outbox marker
    std::int64_t backlog = 0;       // rows waiting to be sent
    std::int64_t command_cursor = 0;
    std::int64_t local_list_version = 0;
    std::int64_t stations_version = 0;
    std::uint64_t events_sent = 0;
    std::uint64_t commands_received = 0;
    std::uint64_t authorizations_online = 0;
    std::uint64_t authorizations_fallen_back = 0;  // central did not answer in time
};

nlohmann::json to_json(const UplinkStatus& status);

// The uplink threads' shared view. Every method takes the lock; none blocks on I/O.
class UplinkStatusBoard {
public:
    explicit UplinkStatusBoard(std::string central_url) { status_.central_url = central_url; }

    UplinkStatus snapshot() const;
    void succeeded();
    void failed(std::string error, session::Timestamp at);
    template <typename Edit>
    void update(Edit edit) {
        std::lock_guard lock(mutex_);
        edit(status_);
    }

private:
    mutable std::mutex mutex_;
    UplinkStatus status_;  // guarded by mutex_
};

}  // namespace iskra::gateway
