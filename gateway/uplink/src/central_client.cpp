#include "iskra/gateway/uplink/central_client.hpp"

#include <httplib.h>

#include "iskra/sync/uplink_messages.hpp"

namespace iskra::gateway {

tl::expected<CentralEndpoint, std::string> parse_central_url(std::string_view url) {
    std::string_view rest = url;
    std::string scheme;
    if (rest.starts_with("https://")) {
        scheme = "https";
    } else if (rest.starts_with("http://")) {
        scheme = "http";
    } else {
        return tl::unexpected("central URL '" + std::string(url) +
                              "' must start with http:// or https://");
    }
    rest.remove_prefix(scheme.size() + 3);
    const auto slash = rest.find('/');
    const std::string_view authority = rest.substr(0, slash);
    if (authority.empty()) {
        return tl::unexpected("central URL '" + std::string(url) + "' names no host");
    }
    std::string base_path = slash == std::string_view::npos ? "" : std::string(rest.substr(slash));
    while (!base_path.empty() && base_path.back() == '/')
        base_path.pop_back();
    return CentralEndpoint{scheme + "://" + std::string(authority), base_path};
}

CentralClient::CentralClient(const CentralEndpoint& endpoint, CentralClientOptions options)
    : endpoint_(endpoint), http_(std::make_unique<httplib::Client>(endpoint.origin)) {
    http_->set_keep_alive(true);
    http_->set_connection_timeout(options.connect_timeout);
    http_->set_read_timeout(options.read_timeout);
    http_->set_write_timeout(options.read_timeout);
    if (!options.bearer.empty()) http_->set_bearer_token_auth(options.bearer);
    if (!options.ca_file.empty()) http_->set_ca_cert_path(options.ca_file);
    http_->enable_server_certificate_verification(true);
}

CentralClient::~CentralClient() = default;

std::string CentralClient::full_path(std::string_view path) const {
    return endpoint_.base_path + "/api/gateway/v1" + std::string(path);
}

tl::expected<HttpReply, std::string> CentralClient::post(std::string_view path,
                                                         const std::string& json) {
    auto result = http_->Post(full_path(path), json, "application/json");
    if (!result) return tl::unexpected(httplib::to_string(result.error()));
    return HttpReply{result->status, result->body};
}

tl::expected<HttpReply, std::string> CentralClient::get(std::string_view path) {
    auto result = http_->Get(full_path(path));
    if (!result) return tl::unexpected(httplib::to_string(result.error()));
    return HttpReply{result->status, result->body};
}

void CentralClient::set_read_timeout(std::chrono::milliseconds timeout) {
    http_->set_read_timeout(timeout);
}

void CentralClient::cancel() {
    http_->stop();
}

std::string describe_failure(const HttpReply& reply) {
    std::string text = std::to_string(reply.status);
    auto body = sync::parse_json(reply.body);
    if (body) {
        if (auto error = sync::decode_error_body(*body)) {
            text += " " + error->code;
            if (!error->message.empty()) text += ": " + error->message;
            if (error->field) text += " (field " + *error->field + ")";
            return text;
        }
    }
    return text + " from central";
}

}  // namespace iskra::gateway
