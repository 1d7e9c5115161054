// The ops commands go through the same routes as the API, as a built-in super admin: one place
// validates a site or a user, whether it comes from the back office or from a shell script.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "central_app.hpp"
#include "iskra/central/http/api_error.hpp"
#include "iskra/crypto/password_hash.hpp"

namespace iskra::central {
namespace {

using nlohmann::json;

struct Answer {
    int status = 0;
    json body;
};

// The built-in caller of ops commands: no login session, every permission. Not a user row, so
// nothing it creates points at it.
http::UserPrincipal system_principal() {
    return {"", "iskra-central (command line)", http::Role::SuperAdmin, "", ""};
}

Answer call_as_system(CentralApp& app, const std::string& method, const std::string& path,
                      const json& body) {
    http::Request request;
    request.method = method;
    request.path = path;
    request.headers["content-type"] = "application/json";
    request.body = body.dump();
    auto matched = app.router().match(method, path);
    if (!matched) return {404, json{{"error", {{"message", "no route " + path}}}}};
    http::Context context{request, std::move(matched->params), system_principal(), std::nullopt};
    http::Response response;
    try {
        response = matched->route->handler(context);
    } catch (const http::ApiError& error) {
        response = http::error_response(error);
    }
    return {response.status, response.body.empty() ? json::object() : json::parse(response.body)};
}

int report_failure(const Answer& answer, const char* what) {
    const json& error = answer.body.contains("error") ? answer.body["error"] : answer.body;
    std::string message = error.value("message", "failed");
    if (error.contains("field")) message += " (" + error["field"].get<std::string>() + ")";
    std::fprintf(stderr, "iskra-central: %s: %s\n", what, message.c_str());
    return answer.status >= 500 ? 1 : 2;
}

}  // namespace

int create_user_command(CentralApp& app, const CommandLine& line) {
    const std::string password = crypto::random_hex(12);
    json body{{"email", line.options.at("email")},
              {"role", line.options.at("role")},
              {"password", password}};
    body["display_name"] =
        line.options.contains("name") ? line.options.at("name") : line.options.at("email");
    const Answer answer = call_as_system(app, "POST", "/api/v1/users", body);
    if (answer.status != 201) return report_failure(answer, "create-user");
    std::printf("user: %s\npassword: %s\n", answer.body.value("id", "").c_str(), password.c_str());
    return 0;
}

int create_site_command(CentralApp& app, const CommandLine& line) {
    json body{{"name", line.options.at("name")}};
    if (line.options.contains("city")) body["city"] = line.options.at("city");
    const Answer answer = call_as_system(app, "POST", "/api/v1/sites", body);
    if (answer.status != 201) return report_failure(answer, "create-site");
    std::printf("site: %s\n", answer.body.value("id", "").c_str());
    return 0;
}

int enrolment_code_command(CentralApp& app, const CommandLine& line) {
    const Answer answer =
        call_as_system(app, "POST", "/api/v1/sites/" + line.options.at("site") + "/enrolment-codes",
                       json::object());
    if (answer.status != 201) return report_failure(answer, "enrolment-code");
    std::printf("code: %s\nexpires: %s\n", answer.body.value("code", "").c_str(),
                answer.body.value("expires_at", "").c_str());
    return 0;
}

}  // namespace iskra::central
