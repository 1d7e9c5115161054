// Route-by-route access check for any central router: every route answers as its declared
// http::Access says, whatever module added it. The app test runs it over the whole router;
// each module's test over its own routes.
//
// For each route, with a `{}` JSON body and every {param} a well-formed id that names nothing:
//   User routes     no session → 401; each role without the permission → 403 (not a CSRF 403);
//                   each role with it → neither 401 nor 403; a state-changing route with the
//                   session but a missing or wrong X-CSRF-Token → 403 csrf_token_invalid.
//   Gateway routes  no credentials → 401, and a user's session is not a gateway's credential.
//   Public routes   answered without a session (no 401 unauthenticated).
// Handlers may still answer 400/404/409 and so on: a body of `{}` and unknown ids are the point,
// since the checker must never change data it does not know about.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "iskra/central/http/dispatcher.hpp"
#include "iskra/central/http/router.hpp"

namespace iskra::central::testing {

// Headers (lower-case names) that make a request come from a freshly signed-in user of `role`:
// "cookie" and "x-csrf-token". Called for every request, because a route such as logout ends
// the session it is given.
using SignIn = std::function<std::map<std::string, std::string>(http::Role role)>;

// One line per broken expectation ("GET /api/v1/users as driver: 200, expected 403"); empty
// when every route behaves.
std::vector<std::string> check_route_access(const http::Router& router,
                                            const http::Dispatcher& dispatcher,
                                            const SignIn& sign_in);

// "/api/v1/users/{id}/password" → "/api/v1/users/00000000-0000-4000-8000-000000000000/password"
std::string sample_path(std::string_view pattern);

}  // namespace iskra::central::testing
