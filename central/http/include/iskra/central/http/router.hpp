// Routes: method + path pattern ("/api/v1/stations/{id}/commands/{action}") → access + handler.
// Registered once at start by each module, then only read, so lookups need no lock.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iskra/central/http/access.hpp"
#include "iskra/central/http/context.hpp"
#include "iskra/central/http/response.hpp"

namespace iskra::central::http {

using Handler = std::function<Response(const Context&)>;

struct Route {
    std::string method;
    std::string pattern;
    Access access;
    Handler handler;
};

struct RouteMatch {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
};

class Router {
public:
    // Throws std::logic_error for a malformed pattern or a route registered twice: both are
    // programming errors found at start.
    void add(std::string method, std::string pattern, Access access, Handler handler);

    // Empty when nothing matches; `allowed` then lists the methods the path has (405 vs 404).
    std::optional<RouteMatch> match(std::string_view method, std::string_view path,
                                    std::vector<std::string>* allowed = nullptr) const;

    const std::vector<Route>& routes() const { return routes_; }

private:
    std::vector<Route> routes_;
};

// Splits "/a/{id}/b" into segments; a segment "{x}" matches any one non-empty segment.
bool match_pattern(std::string_view pattern, std::string_view path,
                   std::map<std::string, std::string>& params);

}  // namespace iskra::central::http
