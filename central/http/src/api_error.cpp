#include "iskra/central/http/api_error.hpp"

#include <utility>

namespace iskra::central::http {

ApiError ApiError::bad_request(std::string field, std::string message, std::string code) {
    return {400, std::move(code), std::move(message), std::move(field)};
}
ApiError ApiError::unauthorized(std::string message, std::string code) {
    return {401, std::move(code), std::move(message), {}};
}
ApiError ApiError::forbidden(std::string message, std::string code) {
    return {403, std::move(code), std::move(message), {}};
}
ApiError ApiError::not_found(std::string message, std::string code) {
    return {404, std::move(code), std::move(message), {}};
}
ApiError ApiError::conflict(std::string message, std::string code, std::string field) {
    return {409, std::move(code), std::move(message), std::move(field)};
}
ApiError ApiError::unprocessable(std::string field, std::string message, std::string code) {
    return {422, std::move(code), std::move(message), std::move(field)};
}

}  // namespace iskra::central::http
