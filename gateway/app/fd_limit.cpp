#include "fd_limit.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace iskra::gateway {

tl::expected<FdLimit, std::string> raise_fd_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return tl::unexpected(std::string("getrlimit(RLIMIT_NOFILE): ") + std::strerror(errno));
    }
    FdLimit result;
    result.before = limit.rlim_cur;
    result.hard = limit.rlim_max;
    const rlim_t wanted = std::min<rlim_t>(limit.rlim_max, kMaxOpenFiles);
    if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= wanted) {
        result.after = limit.rlim_cur;
        return result;
    }
    limit.rlim_cur = wanted;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return tl::unexpected(std::string("setrlimit(RLIMIT_NOFILE): ") + std::strerror(errno));
    }
    result.after = wanted;
    return result;
}

}  // namespace iskra::gateway
