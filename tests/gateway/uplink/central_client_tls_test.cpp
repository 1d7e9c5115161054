// The uplink's HTTP client against an HTTPS central on loopback: a certificate signed by the
// configured CA is accepted, and one the gateway cannot verify is refused rather than trusted.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include <httplib.h>
#include <unistd.h>

#include "iskra/gateway/uplink/central_client.hpp"

namespace iskra::gateway {
namespace {

namespace fs = std::filesystem;

class CentralClientTls : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("iskra-uplink-tls-" + std::to_string(::getpid()));
        fs::create_directories(dir);
        // A self-signed certificate for 127.0.0.1: it is its own CA.
        const std::string command =
            "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
            "-addext subjectAltName=IP:127.0.0.1 -keyout " +
            (dir / "key.pem").string() + " -out " + (dir / "cert.pem").string() +
            " >/dev/null 2>&1";
        ASSERT_EQ(std::system(command.c_str()), 0) << "openssl could not make a certificate";
        server = std::make_unique<httplib::SSLServer>((dir / "cert.pem").c_str(),
                                                      (dir / "key.pem").c_str());
        ASSERT_TRUE(server->is_valid());
        server->Get("/api/gateway/v1/stations",
                    [](const httplib::Request& req, httplib::Response& res) {
                        res.set_content(req.get_header_value("Authorization"), "text/plain");
                    });
        port = server->bind_to_any_port("127.0.0.1");
        ASSERT_GT(port, 0);
        thread = std::thread([this] { server->listen_after_bind(); });
    }
    void TearDown() override {
        if (server) server->stop();
        if (thread.joinable()) thread.join();
        fs::remove_all(dir);
    }

    CentralEndpoint endpoint() {
        auto parsed = parse_central_url("https://127.0.0.1:" + std::to_string(port));
        EXPECT_TRUE(parsed) << parsed.error();
        return *parsed;
    }

    fs::path dir;
    std::unique_ptr<httplib::SSLServer> server;
    int port = 0;
    std::thread thread;
};

TEST_F(CentralClientTls, TalksToACentralItsCaVouchesFor) {
    CentralClientOptions options;
    options.bearer = "gw.secret";
    options.ca_file = (dir / "cert.pem").string();
    CentralClient client(endpoint(), options);
    auto reply = client.get("/stations");
    ASSERT_TRUE(reply) << reply.error();
    EXPECT_EQ(reply->status, 200);
    EXPECT_EQ(reply->body, "Bearer gw.secret") << "the credential travels inside TLS";
}

TEST_F(CentralClientTls, RefusesACentralItCannotVerify) {
    CentralClientOptions options;
    options.bearer = "gw.secret";  // must never be sent to an unverified server
    CentralClient client(endpoint(), options);
    auto reply = client.get("/stations");
    EXPECT_FALSE(reply) << "a self-signed certificate outside the trust store was accepted";
}

}  // namespace
}  // namespace iskra::gateway
