#include "lws_client.hpp"

// uv.h first: libwebsockets declares its libuv helpers only when libuv's header is in.
#include <uv.h>

#include <libwebsockets.h>

#include <cstring>

#include "iskra/log/log.hpp"

namespace iskra::sim::app {

struct ClientContext::Wakeup {
    lws_sorted_usec_list_t sul;
    ClientContext* owner;
};

// Our own libuv loop, handed to lws as a "foreign" loop so that we run and stop it.
struct ClientContext::Loop {
    uv_loop_t uv;
};

namespace {

int dispatch(lws* wsi, lws_callback_reasons reason, void* user, void* in, std::size_t len) {
    auto* owner = static_cast<ClientContext*>(lws_context_user(lws_get_context(wsi)));
    if (owner == nullptr) return lws_callback_http_dummy(wsi, reason, user, in, len);
    return owner->on_callback(wsi, static_cast<int>(reason), user, in, len);
}

// Small receive buffer: messages arrive in fragments we join, and 10,000 connections each
// holding lws's default would cost tens of MiB for nothing.
const lws_protocols kProtocols[] = {
    {"iskra-ocpp-client", dispatch, 0, 2048, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0},
};

std::string base64(std::string_view text) {
    std::string out(text.size() * 4 / 3 + 8, '\0');
    const int n = lws_b64_encode_string(text.data(), static_cast<int>(text.size()), out.data(),
                                        static_cast<int>(out.size()));
    out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return out;
}

}  // namespace

tl::expected<Endpoint, std::string> parse_url(const std::string& url) {
    Endpoint e;
    std::string_view rest = url;
    if (rest.starts_with("wss://")) {
        e.tls = true;
        e.port = 443;
        rest.remove_prefix(6);
    } else if (rest.starts_with("ws://")) {
        rest.remove_prefix(5);
    } else {
        return tl::unexpected(std::string("--url must start with ws:// or wss://"));
    }
    const auto slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    e.base_path = slash == std::string_view::npos ? "" : std::string(rest.substr(slash));
    while (e.base_path.ends_with('/'))
        e.base_path.pop_back();
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
        const std::string port(authority.substr(colon + 1));
        char* end = nullptr;
        const long p = std::strtol(port.c_str(), &end, 10);
        if (port.empty() || *end != '\0' || p < 1 || p > 65535) {
            return tl::unexpected("--url has a bad port: \"" + port + "\"");
        }
        e.port = static_cast<int>(p);
        authority = authority.substr(0, colon);
    }
    if (authority.empty()) return tl::unexpected(std::string("--url has no host"));
    e.host = std::string(authority);
    return e;
}

ClientContext::ClientContext(ClientOptions options, ConnectionEvents& events)
    : options_(std::move(options)), events_(events) {}

ClientContext::~ClientContext() {
    // Connections lws still holds end now; the host that would hear of them is going too.
    context_ending_ = true;
    if (context_ != nullptr) lws_context_destroy(context_);
    if (loop_) {
        // On a foreign loop lws 4.1 tears down in stages: the first call starts closing its
        // handles, the loop runs their close callbacks, the second call frees what is left
        // (without it LeakSanitizer finds lws's per-thread buffers).
        uv_run(&loop_->uv, UV_RUN_DEFAULT);
        lws_context_destroy(context_);
        uv_run(&loop_->uv, UV_RUN_DEFAULT);
        for (int i = 0; i < 1000 && uv_loop_close(&loop_->uv) == UV_EBUSY; ++i)
            uv_run(&loop_->uv, UV_RUN_NOWAIT);
    }
}

tl::expected<void, std::string> ClientContext::start() {
    lws_set_log_level(LLL_ERR, [](int, const char* line) {
        std::string text(line);
        while (!text.empty() && text.back() == '\n')
            text.pop_back();
        log::warn("lws", text);
    });
    lws_context_creation_info info{};
    info.port = CONTEXT_PORT_NO_LISTEN;
    info.protocols = kProtocols;
    info.user = this;
    info.count_threads = 1;
    info.fd_limit_per_thread = static_cast<unsigned int>(options_.max_connections + 64);
    // A server that takes the connection and never answers the upgrade (one starting up)
    // costs an attempt this long, then the station's backoff goes on.
    info.timeout_secs = 10;
    info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
    // libuv's loop (epoll): plain poll() walks every socket each turn, which at 10,000
    // connections costs more than the traffic itself.
    void* foreign[1] = {nullptr};
    if (options_.event_loop_uv) {
        loop_ = std::make_unique<Loop>();
        uv_loop_init(&loop_->uv);
        foreign[0] = &loop_->uv;
        info.foreign_loops = foreign;
        info.options |= LWS_SERVER_OPTION_LIBUV;
    }
    if (options_.endpoint.tls) {
        info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
        if (options_.ca_file) info.client_ssl_ca_filepath = options_.ca_file->c_str();
        if (options_.cert_file) info.client_ssl_cert_filepath = options_.cert_file->c_str();
        if (options_.key_file) info.client_ssl_private_key_filepath = options_.key_file->c_str();
    }
    context_ = lws_create_context(&info);
    if (context_ == nullptr && options_.event_loop_uv) {
        log::warn("sim", "libuv event loop unavailable; using poll()");
        options_.event_loop_uv = false;
        uv_loop_close(&loop_->uv);
        loop_.reset();
        info.foreign_loops = nullptr;
        info.options &= ~static_cast<std::uint64_t>(LWS_SERVER_OPTION_LIBUV);
        context_ = lws_create_context(&info);
    }
    if (context_ == nullptr) {
        return tl::unexpected(std::string("cannot create the libwebsockets client context") +
                              (options_.endpoint.tls ? " (TLS files unreadable?)" : ""));
    }
    wakeup_ = std::make_unique<Wakeup>();
    std::memset(&wakeup_->sul, 0, sizeof wakeup_->sul);
    wakeup_->owner = this;
    return {};
}

void ClientContext::run() {
    if (loop_) {
        while (!stopping_)
            uv_run(&loop_->uv, UV_RUN_DEFAULT);  // returns at stop_loop()
        return;
    }
    while (!stopping_) {
        if (lws_service(context_, 0) < 0) break;
    }
}

void ClientContext::stop_loop() {
    if (loop_) uv_stop(&loop_->uv);
}

void ClientContext::stop() {
    stopping_ = true;
    if (context_ != nullptr) lws_cancel_service(context_);
}

void ClientContext::drain(std::chrono::milliseconds for_at_most) {
    if (loop_) {
        draining_ = true;
        schedule_wakeup(std::chrono::duration_cast<std::chrono::microseconds>(for_at_most));
        uv_run(&loop_->uv, UV_RUN_DEFAULT);
        draining_ = false;
        return;
    }
    const auto end = std::chrono::steady_clock::now() + for_at_most;
    while (std::chrono::steady_clock::now() < end) {
        // lws_service sleeps until its next event; a short timer bounds the wait.
        schedule_wakeup(std::chrono::milliseconds(10));
        if (lws_service(context_, 0) < 0) break;
    }
}

void ClientContext::post(std::function<void()> work) {
    {
        std::lock_guard lock(posted_mutex_);
        posted_.push_back(std::move(work));
    }
    if (context_ != nullptr) lws_cancel_service(context_);
}

void ClientContext::run_posted() {
    std::vector<std::function<void()>> batch;
    {
        std::lock_guard lock(posted_mutex_);
        batch.swap(posted_);
    }
    for (auto& work : batch)
        work();
}

void ClientContext::schedule_wakeup(std::chrono::microseconds delay) {
    lws_sul_schedule(context_, 0, &wakeup_->sul, &ClientContext::wakeup_callback,
                     std::max<lws_usec_t>(0, delay.count()));
}

void ClientContext::wakeup_callback(lws_sorted_usec_list_t* sul) {
    auto* wakeup = lws_container_of(sul, Wakeup, sul);
    if (wakeup->owner->draining_) {
        wakeup->owner->stop_loop();
        return;
    }
    wakeup->owner->events_.on_wakeup();
}

std::string ClientContext::tls_failure(lws* wsi, const std::string& why) const {
    SSL* ssl = lws_get_ssl(wsi);
    if (ssl != nullptr) {
        const long verify = SSL_get_verify_result(ssl);
        if (verify != X509_V_OK) {
            return std::string(" (server certificate not trusted: ") +
                   X509_verify_cert_error_string(verify) +
                   (options_.ca_file ? "; --ca " + *options_.ca_file : std::string("; no --ca")) +
                   ")";
        }
    }
    // TLS 1.3 servers refuse a client certificate after the handshake: lws sees a dead read,
    // or a connection closed before the upgrade's answer.
    if ((why.find("read failed") != std::string::npos ||
         why.find("before answering") != std::string::npos) &&
        options_.cert_file) {
        return " (the server closed the TLS connection: it may not trust our client certificate "
               "--cert " +
               *options_.cert_file + ")";
    }
    if (why.find("SSL") == std::string::npos && why.find("tls") == std::string::npos) return {};
    return " (TLS handshake failed: the server's certificate is not trusted by --ca, does not name "
           "the URL's host, or the server refused our client certificate)";
}

int ClientContext::on_callback(lws* wsi, int reason, void* user, void* in, std::size_t len) {
    auto* c = static_cast<Connection*>(user);
    // Callbacks of a connection the station already let go of (it asked to close) are only
    // lws tidying up: nothing to tell the station.
    const bool current = c != nullptr && c->wsi_ == wsi;
    switch (reason) {
        case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER: {
            if (!current || !c->authorization_) return 0;
            auto** p = static_cast<unsigned char**>(in);
            unsigned char* end = *p + len;
            const auto& value = *c->authorization_;
            if (lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_AUTHORIZATION,
                                             reinterpret_cast<const unsigned char*>(value.data()),
                                             static_cast<int>(value.size()), p, end) != 0) {
                return -1;
            }
            return 0;
        }
        case LWS_CALLBACK_CLIENT_ESTABLISHED:
            if (!current) return -1;
            c->established_ = true;
            c->inbound_.clear();
            events_.on_established(*c);
            return 0;
        case LWS_CALLBACK_CLIENT_RECEIVE: {
            if (!current) return -1;
            if (lws_is_first_fragment(wsi)) c->inbound_.clear();
            c->inbound_.append(static_cast<const char*>(in), len);
            if (!lws_is_final_fragment(wsi) || lws_remaining_packet_payload(wsi) > 0) return 0;
            std::string text;
            text.swap(c->inbound_);
            events_.on_text(*c, text);
            return 0;
        }
        case LWS_CALLBACK_CLIENT_WRITEABLE: {
            if (!current) return -1;
            if (c->outbound_.empty()) {
                if (!c->shutting_down_) return 0;
                static const char kBye[] = "simulator stopping";
                lws_close_reason(wsi, LWS_CLOSE_STATUS_GOINGAWAY,
                                 reinterpret_cast<unsigned char*>(const_cast<char*>(kBye)),
                                 sizeof kBye - 1);
                c->wsi_ = nullptr;
                c->established_ = false;
                return -1;
            }
            const std::string& frame = c->outbound_.front();
            write_buffer_.resize(LWS_PRE + frame.size());
            std::memcpy(write_buffer_.data() + LWS_PRE, frame.data(), frame.size());
            const int written =
                lws_write(wsi, write_buffer_.data() + LWS_PRE, frame.size(), LWS_WRITE_TEXT);
            if (written < static_cast<int>(frame.size())) return -1;
            c->outbound_.pop_front();
            if (!c->outbound_.empty() || c->shutting_down_) lws_callback_on_writable(wsi);
            return 0;
        }
        case LWS_CALLBACK_CLIENT_CONNECTION_ERROR: {
            if (!current) return 0;
            c->wsi_ = nullptr;
            c->established_ = false;
            c->attempt_failed_ = true;
            c->outbound_.clear();
            std::string why = in != nullptr ? static_cast<const char*>(in) : "connection failed";
            // A refused upgrade (401 for wrong credentials, 403, 404) says more than lws's text.
            if (const unsigned status = lws_http_client_http_response(wsi); status != 0) {
                why += " (HTTP " + std::to_string(status) + ")";
            }
            // lws's text for a failed TLS handshake is OpenSSL's bare error number: say why.
            if (options_.endpoint.tls) why += tls_failure(wsi, why);
            if (!context_ending_) events_.on_failed(*c, why);
            return 0;
        }
        case LWS_CALLBACK_CLIENT_CLOSED:
            if (!current) return 0;
            c->wsi_ = nullptr;
            c->established_ = false;
            c->outbound_.clear();
            if (!context_ending_) events_.on_closed(*c, "closed by the server or the network");
            return 0;
        case LWS_CALLBACK_CLOSED_CLIENT_HTTP:
        case LWS_CALLBACK_WSI_DESTROY: {
            // lws 4.1 can end a client connection without CLIENT_CONNECTION_ERROR or
            // CLIENT_CLOSED: when the server closes it after our upgrade request went out but
            // before answering it (a TLS 1.3 server refusing our client certificate does that,
            // racing our request), lws ends it as a plain HTTP client connection. Unreported,
            // the station would stay "connecting" for ever: no error, no retry. Whatever ends a
            // connection the station still holds is reported here, once.
            if (!current) return 0;
            const bool was_established = c->established_;
            c->wsi_ = nullptr;
            c->established_ = false;
            c->outbound_.clear();
            if (context_ending_) return 0;
            if (was_established) {
                events_.on_closed(*c, "closed by the server or the network");
                return 0;
            }
            std::string why = "the server closed the connection before answering the upgrade";
            if (const unsigned status = lws_http_client_http_response(wsi); status != 0) {
                why += " (HTTP " + std::to_string(status) + ")";
            }
            if (options_.endpoint.tls) why += tls_failure(wsi, why);
            events_.on_failed(*c, why);
            return 0;
        }
        case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
            run_posted();
            if (stopping_) stop_loop();
            return 0;
        default:
            return lws_callback_http_dummy(wsi, static_cast<lws_callback_reasons>(reason), user, in,
                                           len);
    }
}

Connection::Connection(ClientContext& context, std::size_t index, std::string station_id,
                       ocpp::Version version, std::optional<std::string> password)
    : context_(context),
      index_(index),
      station_id_(std::move(station_id)),
      path_(context.options().endpoint.base_path + "/" + station_id_),
      subprotocol_(ocpp::subprotocol(version)) {
    // Security profiles 1 and 2: HTTP basic auth, user name = the station's identity.
    if (password) authorization_ = "Basic " + base64(station_id_ + ":" + *password);
}

void Connection::connect() {
    const Endpoint& e = context_.options().endpoint;
    lws_client_connect_info ci{};
    ci.context = context_.context_;
    ci.address = e.host.c_str();
    ci.port = e.port;
    ci.path = path_.c_str();
    ci.host = e.host.c_str();
    ci.origin = e.host.c_str();
    ci.protocol = subprotocol_.c_str();
    ci.local_protocol_name = kProtocols[0].name;
    ci.ietf_version_or_minus_one = -1;
    ci.userdata = this;
    ci.pwsi = &wsi_;
    if (e.tls) {
        ci.ssl_connection = LCCSCF_USE_SSL;
        if (context_.options().insecure) {
            ci.ssl_connection |= LCCSCF_ALLOW_SELFSIGNED | LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK |
                                 LCCSCF_ALLOW_EXPIRED;
        }
    }
    established_ = false;
    attempt_failed_ = false;
    outbound_.clear();
    connect_started_at_ = std::chrono::steady_clock::now();
    if (lws_client_connect_via_info(&ci) == nullptr && !attempt_failed_) {
        wsi_ = nullptr;
        // Refused before any callback (no fds left, bad address): say so on the next turn, not
        // from inside the station's own connect().
        Connection* self = this;
        context_.post(
            [self] { self->context_.events_.on_failed(*self, "cannot start connecting"); });
    }
}

void Connection::send(std::string text) {
    if (wsi_ == nullptr || !established_) return;
    if (text.starts_with("[2,")) call_sent_at = std::chrono::steady_clock::now();
    outbound_.push_back(std::move(text));
    lws_callback_on_writable(wsi_);
}

void Connection::shut_down() {
    if (wsi_ == nullptr) return;
    if (!established_) {
        close();
        return;
    }
    shutting_down_ = true;
    lws_callback_on_writable(wsi_);
}

void Connection::close() {
    if (wsi_ == nullptr) return;
    lws* old = wsi_;
    wsi_ = nullptr;
    established_ = false;
    outbound_.clear();
    // Killed on lws's next turn; its later callbacks no longer match wsi_ and are ignored.
    lws_set_timeout(old, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
}

}  // namespace iskra::sim::app
