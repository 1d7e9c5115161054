#include "upgrade_support.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace iskra::gateway::detail {

std::string header(lws* wsi, lws_token_indexes token) {
    const int length = lws_hdr_total_length(wsi, token);
    if (length <= 0) return {};
    std::string value(static_cast<std::size_t>(length) + 1, '\0');
    const int copied = lws_hdr_copy(wsi, value.data(), length + 1, token);
    value.resize(copied > 0 ? static_cast<std::size_t>(copied) : 0);
    return value;
}

std::optional<BasicCredentials> basic_credentials(lws* wsi) {
    const std::string authorization = header(wsi, WSI_TOKEN_HTTP_AUTHORIZATION);
    constexpr std::string_view kBasic = "Basic ";
    if (authorization.size() <= kBasic.size() || !authorization.starts_with(kBasic)) {
        return std::nullopt;
    }
    std::string decoded(authorization.size(), '\0');
    const int n = lws_b64_decode_string(authorization.c_str() + kBasic.size(), decoded.data(),
                                        static_cast<int>(decoded.size()));
    if (n <= 0) return std::nullopt;
    decoded.resize(static_cast<std::size_t>(n));
    const auto colon = decoded.find(':');
    if (colon == std::string::npos) return std::nullopt;
    return BasicCredentials{decoded.substr(0, colon), decoded.substr(colon + 1)};
}

// "%2F"-style escapes are not allowed in a station id we accept: ids are printable identifiers.
bool valid_station_id(std::string_view id) {
    if (id.empty() || id.size() > 48) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u < 0x7F && c != '/' && c != '%' && c != '?' && c != '#';
    });
}

// A plain HTTP answer to an upgrade we refuse, so the station's log says why.
void reply_http(lws* wsi, unsigned int status, const std::string& text, bool ask_for_basic_auth) {
    std::vector<unsigned char> buffer(LWS_PRE + 1024);
    unsigned char* start = buffer.data() + LWS_PRE;
    unsigned char* p = start;
    unsigned char* end = buffer.data() + buffer.size();
    const std::string body = text + "\n";
    static constexpr char kRealm[] = "Basic realm=\"iskra-gateway\"";
    static constexpr char kType[] = "text/plain; charset=utf-8";
    if (lws_add_http_header_status(wsi, status, &p, end) != 0 ||
        (ask_for_basic_auth &&
         lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_WWW_AUTHENTICATE,
                                      reinterpret_cast<const unsigned char*>(kRealm),
                                      static_cast<int>(sizeof kRealm - 1), &p, end) != 0) ||
        lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CONTENT_TYPE,
                                     reinterpret_cast<const unsigned char*>(kType),
                                     static_cast<int>(sizeof kType - 1), &p, end) != 0 ||
        lws_add_http_header_content_length(wsi, body.size(), &p, end) != 0 ||
        lws_finalize_http_header(wsi, &p, end) != 0) {
        return;
    }
    const auto header_length = static_cast<std::size_t>(p - start);
    std::memcpy(p, body.data(), std::min(body.size(), static_cast<std::size_t>(end - p)));
    lws_write(wsi, start, header_length + std::min(body.size(), static_cast<std::size_t>(end - p)),
              LWS_WRITE_HTTP_HEADERS);
}

// OCPP-J (1.6 and 2.0.1, section 3.1.2): when no offered subprotocol is acceptable, complete
// the WebSocket handshake without naming one and close at once. libwebsockets would drop the
// TCP connection without a word, so the gateway writes the handshake and the close itself.
void answer_handshake_then_close(lws* wsi) {
    const std::string key = header(wsi, WSI_TOKEN_KEY) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_length = 0;
    EVP_Digest(key.data(), key.size(), digest, &digest_length, EVP_sha1(), nullptr);
    char accept[64] = "";
    lws_b64_encode_string(reinterpret_cast<const char*>(digest), static_cast<int>(digest_length),
                          accept, sizeof accept);
    std::string response = std::string("HTTP/1.1 101 Switching Protocols\r\n") +
                           "Upgrade: websocket\r\nConnection: Upgrade\r\n" +
                           "Sec-WebSocket-Accept: " + accept + "\r\n\r\n";
    // A close frame, code 1002 (protocol error): unmasked, as a server's frames are.
    response += std::string("\x88\x02\x03\xea", 4);
    std::vector<unsigned char> buffer(LWS_PRE + response.size());
    std::memcpy(buffer.data() + LWS_PRE, response.data(), response.size());
    lws_write(wsi, buffer.data() + LWS_PRE, response.size(), LWS_WRITE_HTTP_HEADERS);
}

// The first subprotocol the station offers that we speak, as libwebsockets will pick it.
std::optional<ocpp::Version> chosen_version(const std::string& offered) {
    std::size_t from = 0;
    while (from <= offered.size()) {
        std::size_t to = offered.find(',', from);
        if (to == std::string::npos) to = offered.size();
        std::string_view name(offered.data() + from, to - from);
        while (!name.empty() && name.front() == ' ')
            name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ')
            name.remove_suffix(1);
        if (auto version = ocpp::version_from_subprotocol(name)) return version;
        from = to + 1;
    }
    return std::nullopt;
}

}  // namespace iskra::gateway::detail
