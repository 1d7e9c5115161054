// File transfers of a station (firmware in, logs out) over the FileTransfer it was given, with
// the commands' retries, and the log file it uploads. The versions' maintenance handlers turn
// the outcomes into status notifications.
#include <algorithm>
#include <sstream>

#include "iskra/log/log.hpp"
#include "iskra/session/timestamp.hpp"
#include "iskra/sim/station/station.hpp"

namespace iskra::sim {

namespace {
constexpr std::int64_t kMaxAttempts = 10;
}  // namespace

Station::TransferPlan Station::transfer_plan(std::optional<std::int64_t> retries,
                                             std::optional<std::int64_t> retry_interval_s) {
    TransferPlan plan;
    // "How many times the station must try before giving up": at least once, and a CSMS
    // asking for a thousand tries does not keep a simulated station busy for a day.
    plan.attempts = std::clamp<std::int64_t>(retries.value_or(1), 1, kMaxAttempts);
    if (retry_interval_s && *retry_interval_s > 0) {
        plan.retry_interval = std::chrono::seconds(std::min<std::int64_t>(*retry_interval_s, 3600));
    }
    return plan;
}

void Station::fetch_file(std::string url, TransferPlan plan, FileTransfer::Downloaded done) {
    auto outcome = [this, epoch = power_epoch_, url, plan, done = std::move(done)](
                       tl::expected<std::string, TransferFailure> result,
                       model::Timestamp now) mutable {
        if (epoch != power_epoch_ || !powered_) return;
        now_ = now;
        if (!result) {
            log::warn(id(), "download failed: " + result.error().message);
            if (result.error().kind != TransferFailure::Kind::UnsupportedScheme &&
                plan.attempts > 1) {
                --plan.attempts;
                timers_.schedule(now + plan.retry_interval,
                                 [this, url, plan, done = std::move(done)](model::Timestamp) {
                                     fetch_file(url, plan, done);
                                 });
                return;
            }
        }
        done(std::move(result), now);
        drop_retired();
    };
    if (files_ == nullptr) {
        timers_.schedule(now_, [outcome = std::move(outcome)](model::Timestamp t) mutable {
            outcome(tl::unexpected(TransferFailure{TransferFailure::Kind::Failed,
                                                   "this station cannot transfer files"}),
                    t);
        });
        return;
    }
    log::info(id(), "downloading " + url);
    files_->download(url, std::move(outcome));
}

void Station::put_file(std::string url, std::string filename, std::string content,
                       TransferPlan plan, FileTransfer::Uploaded done) {
    auto outcome = [this, epoch = power_epoch_, url, filename, content, plan,
                    done = std::move(done)](tl::expected<void, TransferFailure> result,
                                            model::Timestamp now) mutable {
        if (epoch != power_epoch_ || !powered_) return;
        now_ = now;
        if (!result) {
            log::warn(id(), "upload failed: " + result.error().message);
            if (result.error().kind != TransferFailure::Kind::UnsupportedScheme &&
                plan.attempts > 1) {
                --plan.attempts;
                timers_.schedule(
                    now + plan.retry_interval,
                    [this, url, filename, content, plan, done = std::move(done)](model::Timestamp) {
                        put_file(url, filename, content, plan, done);
                    });
                return;
            }
        }
        done(std::move(result), now);
        drop_retired();
    };
    if (files_ == nullptr) {
        timers_.schedule(now_, [outcome = std::move(outcome)](model::Timestamp t) mutable {
            outcome(tl::unexpected(TransferFailure{TransferFailure::Kind::Failed,
                                                   "this station cannot transfer files"}),
                    t);
        });
        return;
    }
    log::info(id(), "uploading " + filename + " to " + url);
    files_->upload(url, filename, std::move(content), std::move(outcome));
}

std::string Station::log_file(std::string_view kind, model::Timestamp now) {
    std::ostringstream out;
    const auto& who = config_.identity;
    out << "# iskra-sim " << kind << " log of " << who.id << "\n"
        << "generated " << session::format_timestamp(station_time(now)) << "\n"
        << "protocol " << ocpp::subprotocol(config_.version) << "\n"
        << "vendor " << who.vendor << " model " << who.model << " firmware " << who.firmware_version
        << "\n"
        << "registration "
        << (registration_ == Registration::Accepted  ? "accepted"
            : registration_ == Registration::Pending ? "pending"
                                                     : "none")
        << " connections " << connection_count_ << " queued " << queued_tx_messages() << "\n";
    for (auto& c : connectors_) {
        out << "connector " << c.id << " status "
            << session::to_string(wire_status(current_status(c, now))) << " meter_wh "
            << c.physics.meter_wh() << (c.tx ? " transaction " + c.tx->id : std::string())
            << (c.fault ? " fault " + *c.fault : std::string());
        if (c.outlets.size() > 1) {
            for (std::size_t k = 0; k < c.outlets.size(); ++k) {
                const auto n = static_cast<std::int64_t>(k) + 1;
                out << (k == 0 ? " connectors " : ",") << n << ":"
                    << connector_type(c.outlets[k].config) << ":"
                    << session::to_string(wire_status(outlet_status(c, n, now)));
            }
        }
        out << "\n";
    }
    return out.str();
}

}  // namespace iskra::sim
