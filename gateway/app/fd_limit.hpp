// The open-files limit: each station is a socket, and systemd and login shells start processes
// with a soft limit of 1,024, which caps a site at about a thousand stations. The gateway raises
// its soft limit to the hard one at start-up (an unprivileged process may), once, before any
// thread or socket exists.
#pragma once

#include <cstdint>
#include <string>

#include <tl/expected.hpp>

namespace iskra::gateway {

struct FdLimit {
    std::uint64_t before = 0;  // soft limit found
    std::uint64_t after = 0;   // soft limit now
    std::uint64_t hard = 0;
};

// Most the soft limit is raised to: libwebsockets allocates a table entry per possible
// descriptor, and some containers report a hard limit of a billion.
inline constexpr std::uint64_t kMaxOpenFiles = std::uint64_t{1} << 20;

// Raises the soft RLIMIT_NOFILE to min(hard, kMaxOpenFiles); never lowers it.
tl::expected<FdLimit, std::string> raise_fd_limit();

}  // namespace iskra::gateway
