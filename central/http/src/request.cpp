#include "iskra/central/http/request.hpp"

namespace iskra::central::http {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    return text;
}

}  // namespace

std::optional<std::string_view> Request::header(std::string_view lower_case_name) const {
    auto found = headers.find(std::string(lower_case_name));
    if (found == headers.end()) return std::nullopt;
    return std::string_view(found->second);
}

std::optional<std::string> Request::cookie(std::string_view name) const {
    auto all = header("cookie");
    if (!all) return std::nullopt;
    std::string_view rest = *all;
    while (!rest.empty()) {
        const auto end = rest.find(';');
        std::string_view pair = trim(rest.substr(0, end));
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
        const auto equals = pair.find('=');
        if (equals == std::string_view::npos) continue;
        if (trim(pair.substr(0, equals)) == name) return std::string(trim(pair.substr(equals + 1)));
    }
    return std::nullopt;
}

std::optional<std::string_view> Request::query_value(std::string_view name) const {
    auto found = query.find(std::string(name));
    if (found == query.end()) return std::nullopt;
    return std::string_view(found->second);
}

std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out.push_back(' ');
        } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
                   hex_value(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
            i += 2;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::map<std::string, std::string> parse_query(std::string_view query) {
    std::map<std::string, std::string> out;
    while (!query.empty()) {
        const auto end = query.find('&');
        std::string_view pair = query.substr(0, end);
        query = end == std::string_view::npos ? std::string_view{} : query.substr(end + 1);
        if (pair.empty()) continue;
        const auto equals = pair.find('=');
        if (equals == std::string_view::npos) {
            out[percent_decode(pair)] = "";
        } else {
            out[percent_decode(pair.substr(0, equals))] = percent_decode(pair.substr(equals + 1));
        }
    }
    return out;
}

}  // namespace iskra::central::http
