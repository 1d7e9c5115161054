// OcppServer on a loopback port, driven by raw WebSocket clients: the keep-alive pings a silent
// station and hangs up one that never answers while keeping one that does, and stop() ends run()
// promptly with stations connected.
#include "iskra/gateway/ocpp_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace iskra::gateway {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class AdmitAll final : public StationGate {
public:
    Admission admit(std::string_view, ocpp::Version, const std::optional<BasicCredentials>&,
                    bool) override {
        return {true, "", Refusal::Forbidden};
    }
};

class CountingHandler final : public StationHandler {
public:
    void on_connected(StationConnection&) override { ++connected; }
    void on_disconnected(StationConnection&) override { ++disconnected; }
    std::atomic<int> connected{0};
    std::atomic<int> disconnected{0};
};

// A WebSocket client that speaks only what the test needs: the upgrade, reading frames' first
// bytes, and sending masked control frames.
class RawClient {
public:
    explicit RawClient(std::uint16_t port, const std::string& station) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
        const std::string upgrade = "GET /ocpp/" + station +
                                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                                    "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                    "Sec-WebSocket-Protocol: ocpp1.6\r\n\r\n";
        if (connected_) connected_ = ::send(fd_, upgrade.data(), upgrade.size(), 0) > 0;
        std::string response;
        while (connected_ && response.find("\r\n\r\n") == std::string::npos) {
            char byte = 0;
            if (!wait_readable(5s) || ::recv(fd_, &byte, 1, 0) != 1) break;
            response += byte;
        }
        upgraded_ = response.starts_with("HTTP/1.1 101");
    }
    ~RawClient() {
        if (fd_ >= 0) ::close(fd_);
    }

    bool upgraded() const { return upgraded_; }

    struct Frame {
        int opcode = -1;  // 0x9 ping, 0x8 close...; -1 at end of stream or timeout
        std::string payload;
    };
    Frame next_frame(std::chrono::milliseconds timeout) {
        unsigned char head[2];
        if (!read_exact(head, 2, timeout)) return {};
        std::string payload(head[1] & 0x7Fu, '\0');
        if (!payload.empty() &&
            !read_exact(reinterpret_cast<unsigned char*>(payload.data()), payload.size(), timeout))
            return {};
        return {head[0] & 0x0F, payload};
    }

    // What a live station's WebSocket library does: answers each ping with a pong echoing it.
    // False if the connection ended.
    bool answer_pings_for(std::chrono::milliseconds span) {
        const auto until = Clock::now() + span;
        while (Clock::now() < until) {
            if (!wait_readable(10ms)) continue;
            const Frame frame = next_frame(1s);
            if (frame.opcode < 0) return false;
            if (frame.opcode == 0x9) send_pong(frame.payload);
        }
        return true;
    }

    // True when the server closed the TCP connection within `timeout` (frames before it are
    // skipped).
    bool closed_within(std::chrono::milliseconds timeout) {
        const auto deadline = Clock::now() + timeout;
        char buffer[256];
        while (Clock::now() < deadline) {
            if (!wait_readable(
                    std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now())))
                return false;
            const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) return true;
        }
        return false;
    }

    // Masked with a mask of zeros, so the payload goes as it is.
    void send_pong(const std::string& payload) {
        std::string frame = {'\x8A', static_cast<char>(0x80 | payload.size()), 0, 0, 0, 0};
        frame += payload;
        (void)::send(fd_, frame.data(), frame.size(), MSG_NOSIGNAL);
    }

private:
    bool wait_readable(std::chrono::milliseconds timeout) {
        pollfd p{fd_, POLLIN, 0};
        return ::poll(&p, 1, static_cast<int>(timeout.count())) == 1;
    }
    bool read_exact(unsigned char* out, std::size_t n, std::chrono::milliseconds timeout) {
        std::size_t got = 0;
        while (got < n) {
            if (!wait_readable(timeout)) return false;
            const auto r = ::recv(fd_, out + got, n - got, 0);
            if (r <= 0) return false;
            got += static_cast<std::size_t>(r);
        }
        return true;
    }

    int fd_ = -1;
    bool connected_ = false;
    bool upgraded_ = false;
};

class OcppServerLoopback : public ::testing::Test {
protected:
    void start(std::chrono::milliseconds ping_interval) {
        OcppServerOptions options;
        options.host = "127.0.0.1";
        options.port = 0;
        options.ping_interval = ping_interval;
        server_ = std::make_unique<OcppServer>(options, gate_, handler_);
        ASSERT_TRUE(server_->start());
        thread_ = std::thread([this] { server_->run(); });
    }
    void TearDown() override {
        if (server_) server_->stop();
        if (thread_.joinable()) thread_.join();
    }

    AdmitAll gate_;
    CountingHandler handler_;
    std::unique_ptr<OcppServer> server_;
    std::thread thread_;
};

TEST_F(OcppServerLoopback, ASilentStationIsPingedAndHungUpWhenItNeverAnswers) {
    start(1s);
    RawClient dead(server_->port(), "CP-dead");
    RawClient alive(server_->port(), "CP-alive");
    ASSERT_TRUE(dead.upgraded());
    ASSERT_TRUE(alive.upgraded());

    // Silent for the interval: a ping comes (the server's first tick is within a second).
    const auto ping = dead.next_frame(3s);
    EXPECT_EQ(ping.opcode, 0x9);

    // The live one answers its pings, the dead one never does: the dead one is gone after three
    // intervals of silence (plus a tick), the live one stays through several rounds.
    const auto started = Clock::now();
    bool dead_closed = false;
    while (Clock::now() - started < 5s && !dead_closed) {
        EXPECT_TRUE(alive.answer_pings_for(100ms));
        dead_closed = dead.closed_within(100ms);
    }
    EXPECT_TRUE(dead_closed) << "a station that never answers a ping must be hung up";
    EXPECT_LT(Clock::now() - started, 4s);
    EXPECT_TRUE(alive.answer_pings_for(3s)) << "a station that answers must stay connected";
    EXPECT_EQ(handler_.connected.load(), 2);
    EXPECT_EQ(handler_.disconnected.load(), 1);
}

TEST_F(OcppServerLoopback, StopEndsRunPromptlyWithStationsConnected) {
    start(30s);
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < 20; ++i) {
        clients.push_back(std::make_unique<RawClient>(server_->port(), "CP-" + std::to_string(i)));
        ASSERT_TRUE(clients.back()->upgraded());
    }
    const auto stopping = Clock::now();
    server_->stop();
    thread_.join();
    EXPECT_LT(Clock::now() - stopping, 1s);
    EXPECT_EQ(handler_.disconnected.load(), 20) << "every station's disconnect is heard";
}

TEST_F(OcppServerLoopback, WorkPostedFromAnotherThreadRunsOnTheServiceThread) {
    start(30s);
    std::atomic<int> ran{0};
    std::thread poster([this, &ran] {
        for (int i = 0; i < 1000; ++i)
            server_->post([&ran] { ++ran; });
    });
    poster.join();
    const auto deadline = Clock::now() + 5s;
    while (ran.load() < 1000 && Clock::now() < deadline)
        std::this_thread::sleep_for(10ms);
    EXPECT_EQ(ran.load(), 1000);
}

TEST_F(OcppServerLoopback, APortAlreadyInUseFailsStartInsteadOfServingNobody) {
    start(30s);
    OcppServerOptions options;
    options.host = "127.0.0.1";
    options.port = server_->port();
    OcppServer second(options, gate_, handler_);
    const auto started = second.start();
    ASSERT_FALSE(started) << "a second server on a taken port must not report ready";
    EXPECT_NE(started.error().find(std::to_string(server_->port())), std::string::npos)
        << started.error();
}

}  // namespace
}  // namespace iskra::gateway
