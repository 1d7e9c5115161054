// What a handler answers. JSON by default; the server adds the access log and nothing else.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "iskra/central/http/api_error.hpp"

namespace iskra::central::http {

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // Set-Cookie may repeat

    Response& with_header(std::string name, std::string value);
};

Response json_response(int status, const nlohmann::json& body);
Response no_content();
Response error_response(const ApiError& error);

}  // namespace iskra::central::http
