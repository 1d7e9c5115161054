// One HTTP request as central's handlers see it: already read whole (bounded by the server's body
// limit), header names lower-cased, the query decoded. Plain data, so the dispatcher and every
// handler are tested without a socket.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace iskra::central::http {

struct Request {
    std::string method;                          // "GET", "POST", ...
    std::string path;                            // decoded, without the query: "/api/v1/stations"
    std::map<std::string, std::string> query;    // ?limit=10 → {"limit": "10"}; last one wins
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
    std::string remote_address;  // "127.0.0.1:53412"
    bool secure = false;         // arrived over TLS: cookies get the Secure attribute

    std::optional<std::string_view> header(std::string_view lower_case_name) const;
    std::optional<std::string> cookie(std::string_view name) const;
    std::optional<std::string_view> query_value(std::string_view name) const;
};

// "a=1&b=x%20y" → {"a": "1", "b": "x y"}; '+' is a space as in HTML forms.
std::map<std::string, std::string> parse_query(std::string_view query);
std::string percent_decode(std::string_view text);

}  // namespace iskra::central::http
