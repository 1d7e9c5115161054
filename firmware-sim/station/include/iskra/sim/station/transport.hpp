// What a simulated station needs of its network connection. The libwebsockets client in the app
// implements it for real sockets; tests use a fake that records frames.
//
// Asynchronous by contract: connect() and close() return at once, and the outcome comes back
// through the station's on_connected() / on_connect_failed() / on_closed(). Everything happens on
// the one thread that owns the station (the lws service thread, or the test's thread).
#pragma once

#include <string>
#include <string_view>

namespace iskra::sim {

class Transport {
public:
    virtual ~Transport() = default;
    // Opens `{base url}/{station id}` with the station's subprotocol and credentials.
    virtual void connect() = 0;
    virtual void send(std::string text) = 0;
    // Closes the connection, if any; no on_closed() follows for a close the station asked for.
    virtual void close() = 0;
};

// Where every frame in and out goes, for the deterministic message log of a scenario run.
class MessageSink {
public:
    virtual ~MessageSink() = default;
    enum class Direction { Sent, Received };
    virtual void frame(std::string_view station_id, Direction direction, std::string_view text) = 0;
};

}  // namespace iskra::sim
