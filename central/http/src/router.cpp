#include "iskra/central/http/router.hpp"

#include <stdexcept>

namespace iskra::central::http {
namespace {

// Next '/'-separated segment of `rest`, consuming it; `rest` starts after a '/'.
std::string_view next_segment(std::string_view& rest) {
    const auto slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    return segment;
}

bool is_parameter(std::string_view segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

bool match_pattern(std::string_view pattern, std::string_view path,
                   std::map<std::string, std::string>& params) {
    if (pattern.empty() || path.empty() || pattern.front() != '/' || path.front() != '/') {
        return false;
    }
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    std::map<std::string, std::string> found;
    for (;;) {
        const bool pattern_done = pattern.empty();
        const bool path_done = path.empty();
        if (pattern_done || path_done) {
            if (!pattern_done || !path_done) return false;
            break;
        }
        const std::string_view want = next_segment(pattern);
        const std::string_view have = next_segment(path);
        if (is_parameter(want)) {
            if (have.empty()) return false;
            found[std::string(want.substr(1, want.size() - 2))] = std::string(have);
        } else if (want != have) {
            return false;
        }
    }
    params = std::move(found);
    return true;
}

void Router::add(std::string method, std::string pattern, Access access, Handler handler) {
    if (pattern.empty() || pattern.front() != '/' || pattern.find("//") != std::string::npos) {
        throw std::logic_error("route pattern must start with one '/': " + pattern);
    }
    for (const auto& route : routes_) {
        if (route.method == method && route.pattern == pattern) {
            throw std::logic_error("route registered twice: " + method + " " + pattern);
        }
    }
    routes_.push_back({std::move(method), std::move(pattern), access, std::move(handler)});
}

std::optional<RouteMatch> Router::match(std::string_view method, std::string_view path,
                                        std::vector<std::string>* allowed) const {
    // A literal segment beats a parameter ("/stations/export" over "/stations/{id}"): the route
    // with the fewest parameters wins among those matching.
    std::optional<RouteMatch> best;
    std::size_t best_parameters = 0;
    for (const auto& route : routes_) {
        std::map<std::string, std::string> params;
        if (!match_pattern(route.pattern, path, params)) continue;
        if (route.method != method) {
            if (allowed) allowed->push_back(route.method);
            continue;
        }
        if (!best || params.size() < best_parameters) {
            best_parameters = params.size();
            best = RouteMatch{&route, std::move(params)};
        }
    }
    return best;
}

}  // namespace iskra::central::http
