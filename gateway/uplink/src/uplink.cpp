#include "iskra/gateway/uplink/uplink.hpp"

#include "iskra/gateway/store/migrations.hpp"
#include "iskra/log/log.hpp"
#include "uplink_impl.hpp"

namespace iskra::gateway {

Uplink::Impl::Impl(UplinkOptions options, StoreThread& store, UplinkHooks hooks)
    : options_(std::move(options)),
      store_(store),
      hooks_(std::move(hooks)),
      board_(options_.central_url) {
    auto endpoint = parse_central_url(options_.central_url);
    if (endpoint) endpoint_ = *endpoint;
    authorizer_ =
        std::make_unique<CentralAuthorizer>(endpoint_, options_.identity.bearer(),
                                            options_.authorize_timeout, board_, options_.ca_file);
}

void Uplink::Impl::start() {
    events_thread_ = std::thread([this] { events_loop(); });
    commands_thread_ = std::thread([this] { commands_loop(); });
    runner_thread_ = std::thread([this] { runner_loop(); });
}

void Uplink::Impl::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        if (events_client_ != nullptr) events_client_->cancel();
        if (commands_client_ != nullptr) commands_client_->cancel();
        wake_.notify_all();
    }
    for (auto* thread : {&events_thread_, &commands_thread_, &runner_thread_}) {
        if (thread->joinable()) thread->join();
    }
    authorizer_->stop();
}

void Uplink::Impl::wake() {
    std::lock_guard lock(mutex_);
    woken_ = true;
    wake_.notify_all();
}

bool Uplink::Impl::pause(std::chrono::milliseconds delay, bool wakeable) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, delay, [&] { return stopping() || (wakeable && woken_); });
    if (wakeable) woken_ = false;
    return !stopping();
}

std::unique_ptr<CentralClient> Uplink::Impl::connect(std::chrono::milliseconds read_timeout) {
    return std::make_unique<CentralClient>(
        endpoint_, CentralClientOptions{options_.connect_timeout, read_timeout,
                                        options_.identity.bearer(), options_.ca_file});
}

void Uplink::Impl::failed(const std::string& what, const std::string& reason) {
    const std::string message = what + ": " + reason;
    const auto before = board_.snapshot();
    if (before.last_error != message || before.connected) log::warn("uplink", message);
    board_.failed(message, hooks_.now());
}

std::unique_ptr<Database> Uplink::Impl::open_reader() {
    while (!stopping()) {
        auto reader = open_gateway_reader(options_.database_file);
        if (reader) return std::move(*reader);
        failed("cannot read the store", reader.error().describe());
        if (!pause(options_.backoff_max)) break;
    }
    return nullptr;
}

void Uplink::Impl::runner_loop() {
    for (;;) {
        CentralCommandJob job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping() || !to_run_.empty(); });
            if (stopping()) return;
            job = std::move(to_run_.front());
            to_run_.pop_front();
        }
        log::info(job.station_id,
                  "command " + job.action + " from central (" + job.central_command_id + ")");
        if (hooks_.run_command) hooks_.run_command(job);
    }
}

void Uplink::Impl::enqueue(std::vector<CentralCommandJob> jobs) {
    std::lock_guard lock(mutex_);
    for (auto& job : jobs)
        to_run_.push_back(std::move(job));
    wake_.notify_all();
}

Uplink::Uplink(UplinkOptions options, StoreThread& store, UplinkHooks hooks)
    : impl_(std::make_unique<Impl>(std::move(options), store, std::move(hooks))) {}

Uplink::~Uplink() {
    stop();
}

void Uplink::start() {
    impl_->start();
}
void Uplink::stop() {
    impl_->stop();
}
void Uplink::wake() {
    impl_->wake();
}
UplinkStatus Uplink::status() const {
    return impl_->board_.snapshot();
}
OnlineAuthorizer& Uplink::authorizer() {
    return *impl_->authorizer_;
}

}  // namespace iskra::gateway
