#include "iskra/central/http/server.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>
#include <nlohmann/json.hpp>

#include "iskra/central/http/static_files.hpp"
#include "iskra/log/log.hpp"

namespace iskra::central::http {
namespace {

using Clock = std::chrono::steady_clock;

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// Reads at most `limit` bytes of body; false when the body is larger.
bool read_body(Poco::Net::HTTPServerRequest& in, std::size_t limit, std::string& body) {
    if (in.hasContentLength() && in.getContentLength64() > static_cast<std::int64_t>(limit)) {
        return false;
    }
    std::istream& stream = in.stream();
    body.clear();
    char buffer[16384];
    while (stream) {
        stream.read(buffer, sizeof buffer);
        const auto got = static_cast<std::size_t>(stream.gcount());
        if (body.size() + got > limit) return false;
        body.append(buffer, got);
    }
    return true;
}

Request to_request(Poco::Net::HTTPServerRequest& in, bool secure) {
    Request request;
    request.method = in.getMethod();
    const std::string& uri = in.getURI();
    const auto question = uri.find('?');
    request.path = percent_decode(uri.substr(0, question));
    if (question != std::string::npos) request.query = parse_query(uri.substr(question + 1));
    for (const auto& [name, value] : in)
        request.headers[lower(name)] = value;
    request.remote_address = in.clientAddress().toString();
    request.secure = secure;
    return request;
}

void send(Poco::Net::HTTPServerResponse& out, const Response& response) {
    out.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
    if (!response.content_type.empty()) out.setContentType(response.content_type);
    out.set("X-Content-Type-Options", "nosniff");
    for (const auto& [name, value] : response.headers)
        out.add(name, value);
    out.setContentLength64(static_cast<Poco::Int64>(response.body.size()));
    out.sendBuffer(response.body.data(), response.body.size());
}

Response static_response(const std::filesystem::path& web_root, const Request& request) {
    auto file = resolve_static_file(web_root, request.path);
    if (!file) return error_response(ApiError::not_found("no such page: " + request.path));
    std::ifstream in(file->path, std::ios::binary | std::ios::ate);
    Response response;
    response.content_type = file->content_type;
    response.body.resize(static_cast<std::size_t>(std::max<std::streamoff>(in.tellg(), 0)));
    in.seekg(0);
    in.read(response.body.data(), static_cast<std::streamsize>(response.body.size()));
    response.body.resize(static_cast<std::size_t>(in.gcount()));
    response.with_header("Cache-Control",
                         file->immutable ? "public, max-age=31536000, immutable" : "no-cache");
    return response;
}

class RequestHandler final : public Poco::Net::HTTPRequestHandler {
public:
    RequestHandler(const Dispatcher& dispatcher, const ServerOptions& options)
        : dispatcher_(dispatcher), options_(options) {}

    void handleRequest(Poco::Net::HTTPServerRequest& in,
                       Poco::Net::HTTPServerResponse& out) override {
        const auto started = Clock::now();
        Request request = to_request(in, !options_.tls_certificate.empty());
        Response response;
        if (!read_body(in, options_.max_body_bytes, request.body)) {
            response = error_response(
                {413,
                 "body_too_large",
                 "the body is larger than " + std::to_string(options_.max_body_bytes) + " bytes",
                 {}});
            // The rest of an oversized body is never read: close rather than reuse the stream.
            out.setKeepAlive(false);
        } else if (request.path.starts_with("/api/") || request.path == "/api" ||
                   request.method != "GET") {
            response = dispatcher_.handle(request);
        } else {
            response = static_response(options_.web_root, request);
        }
        send(out, response);
        const auto micros =
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
        log::info("access", nlohmann::json{{"remote", request.remote_address},
                                           {"method", request.method},
                                           {"path", request.path},
                                           {"status", response.status},
                                           {"bytes", response.body.size()},
                                           {"ms", static_cast<double>(micros) / 1000.0}}
                                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }

private:
    const Dispatcher& dispatcher_;
    const ServerOptions& options_;
};

class HandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    HandlerFactory(const Dispatcher& dispatcher, const ServerOptions& options)
        : dispatcher_(dispatcher), options_(options) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
        return new RequestHandler(dispatcher_, options_);
    }

private:
    const Dispatcher& dispatcher_;
    const ServerOptions& options_;
};

}  // namespace

struct Server::Impl {
    const Dispatcher& dispatcher;
    ServerOptions options;
    std::unique_ptr<Poco::ThreadPool> pool;
    std::unique_ptr<Poco::Net::HTTPServer> server;
    std::uint16_t bound_port = 0;
};

Server::Server(const Dispatcher& dispatcher, ServerOptions options)
    : impl_(std::make_unique<Impl>(Impl{dispatcher, std::move(options), nullptr, nullptr, 0})) {}

Server::~Server() {
    if (impl_->server) stop(std::chrono::seconds(1));
}

void Server::start() {
    const ServerOptions& o = impl_->options;
    const Poco::Net::SocketAddress address(o.host, o.port);
    std::unique_ptr<Poco::Net::ServerSocket> socket;
    try {
        if (!o.tls_certificate.empty()) {
            Poco::Net::initializeSSL();
            Poco::Net::Context::Ptr context =
                new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, o.tls_private_key,
                                       o.tls_certificate, "", Poco::Net::Context::VERIFY_NONE);
            context->disableProtocols(
                Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
            socket = std::make_unique<Poco::Net::SecureServerSocket>(address, 128, context);
        } else {
            socket = std::make_unique<Poco::Net::ServerSocket>(address, 128);
        }
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                                 ": " + e.displayText());
    }
    impl_->bound_port = socket->address().port();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(o.max_threads);
    params->setMaxQueued(o.max_queued);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(5, 0));
    params->setTimeout(Poco::Timespan(60, 0));
    impl_->pool = std::make_unique<Poco::ThreadPool>(2, o.max_threads, 60);
    impl_->server = std::make_unique<Poco::Net::HTTPServer>(
        new HandlerFactory(impl_->dispatcher, impl_->options), *impl_->pool, *socket, params);
    impl_->server->start();
}

std::uint16_t Server::port() const {
    return impl_->bound_port;
}

void Server::stop(std::chrono::milliseconds grace) {
    if (!impl_->server) return;
    impl_->server->stopAll(false);
    const auto deadline = Clock::now() + grace;
    while (impl_->pool->used() > 0 && Clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (impl_->pool->used() > 0) {
        log::warn("http", std::to_string(impl_->pool->used()) +
                              " requests still running at the end of the shutdown grace period");
    } else {
        impl_->pool->joinAll();
    }
    impl_->server.reset();
}

}  // namespace iskra::central::http
