#include "iskra/central/http/response.hpp"

namespace iskra::central::http {

Response& Response::with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

Response json_response(int status, const nlohmann::json& body) {
    Response response;
    response.status = status;
    // Replacing invalid UTF-8 rather than throwing: a stored name with a broken byte must not
    // turn a listing into a 500.
    response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

Response no_content() {
    Response response;
    response.status = 204;
    response.content_type.clear();
    return response;
}

Response error_response(const ApiError& error) {
    nlohmann::json detail{{"code", error.code}, {"message", error.message}};
    if (!error.field.empty()) detail["field"] = error.field;
    return json_response(error.status, nlohmann::json{{"error", detail}});
}

}  // namespace iskra::central::http
