// The one error shape every Iskra API answers with (DESIGN.md):
//   { "error": { "code": "...", "message": "...", "field": "..." } }
// Handlers throw an ApiError where a check fails and the dispatcher turns it into that response.
// Validating a body is a run of a dozen checks each of which ends the request; throwing keeps
// handlers straight-line, and nothing is written before the checks pass.
#pragma once

#include <string>

namespace iskra::central::http {

struct ApiError {
    int status = 400;
    std::string code;     // stable, machine-readable: "invalid_field", "not_found", ...
    std::string message;  // one sentence for a person
    std::string field;    // the body field or parameter at fault ("connector_id"), or empty

    static ApiError bad_request(std::string field, std::string message,
                                std::string code = "invalid_field");
    static ApiError unauthorized(std::string message, std::string code = "unauthenticated");
    static ApiError forbidden(std::string message, std::string code = "forbidden");
    static ApiError not_found(std::string message, std::string code = "not_found");
    static ApiError conflict(std::string message, std::string code = "conflict",
                             std::string field = {});
    static ApiError unprocessable(std::string field, std::string message,
                                  std::string code = "unprocessable");
};

}  // namespace iskra::central::http
