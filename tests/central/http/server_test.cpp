// The Poco server on a free loopback port: routing to the dispatcher, the body limit, static
// files, and a stop that lets a request in flight finish.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <unistd.h>

#include "iskra/central/http/server.hpp"

namespace iskra::central::http {
namespace {

class NobodyAuthenticator final : public Authenticator {
public:
    std::optional<UserPrincipal> user(const Request&) override { return std::nullopt; }
    std::optional<GatewayPrincipal> gateway(const Request&) override { return std::nullopt; }
};

struct Answer {
    int status = 0;
    std::string body;
};

Answer call(std::uint16_t port, const std::string& method, const std::string& path,
            const std::string& body = {}) {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!body.empty()) {
        request.setContentType("application/json");
        request.setContentLength64(static_cast<Poco::Int64>(body.size()));
    }
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    Answer answer;
    answer.status = static_cast<int>(response.getStatus());
    std::ostringstream text;
    Poco::StreamCopier::copyStream(in, text);
    answer.body = text.str();
    return answer;
}

class ServerTest : public ::testing::Test {
protected:
    void SetUp() override {
        web_root = std::filesystem::temp_directory_path() /
                   ("iskra-server-test-" + std::to_string(::getpid()));
        std::filesystem::create_directories(web_root);
        std::ofstream(web_root / "index.html") << "<!doctype html><title>Iskra</title>";
        router.add("POST", "/api/v1/echo", Access::public_route(), [](const Context& c) {
            return json_response(200, {{"bytes", c.request.body.size()}});
        });
        router.add("GET", "/api/v1/slow", Access::public_route(), [this](const Context&) {
            slow_started = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(400));
            return json_response(200, {{"finished", true}});
        });
        ServerOptions options;
        options.host = "127.0.0.1";
        options.port = 0;
        options.max_body_bytes = 1024;
        options.web_root = web_root;
        server = std::make_unique<Server>(dispatcher, options);
        server->start();
    }
    void TearDown() override {
        server.reset();
        std::filesystem::remove_all(web_root);
    }

    std::filesystem::path web_root;
    Router router;
    NobodyAuthenticator authenticator;
    Dispatcher dispatcher{router, authenticator};
    std::unique_ptr<Server> server;
    std::atomic<bool> slow_started{false};
};

TEST_F(ServerTest, RoutesApiCallsToTheDispatcher) {
    auto answer = call(server->port(), "POST", "/api/v1/echo", R"({"a":1})");
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(nlohmann::json::parse(answer.body)["bytes"], 7);
    EXPECT_EQ(call(server->port(), "GET", "/api/v1/none").status, 404);
}

TEST_F(ServerTest, RefusesABodyOverTheLimitWith413) {
    auto answer = call(server->port(), "POST", "/api/v1/echo", std::string(2000, 'x'));
    EXPECT_EQ(answer.status, 413);
    EXPECT_EQ(nlohmann::json::parse(answer.body)["error"]["code"], "body_too_large");
}

TEST_F(ServerTest, ServesTheWebAppOutsideTheApi) {
    auto answer = call(server->port(), "GET", "/sessions/123");
    EXPECT_EQ(answer.status, 200);
    EXPECT_NE(answer.body.find("<title>Iskra</title>"), std::string::npos);
    EXPECT_EQ(call(server->port(), "GET", "/../etc/passwd").status, 404);
}

TEST_F(ServerTest, StopLetsARequestInFlightFinish) {
    const std::uint16_t port = server->port();
    auto slow =
        std::async(std::launch::async, [port] { return call(port, "GET", "/api/v1/slow"); });
    while (!slow_started)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    server->stop(std::chrono::seconds(5));
    auto answer = slow.get();
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(nlohmann::json::parse(answer.body)["finished"], true);
}

}  // namespace
}  // namespace iskra::central::http
