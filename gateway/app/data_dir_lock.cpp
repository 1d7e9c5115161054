#include "data_dir_lock.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace iskra::gateway {

tl::expected<DataDirLock, std::string> DataDirLock::acquire(const std::filesystem::path& data_dir) {
    const std::filesystem::path path = data_dir / "gateway.lock";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return tl::unexpected("cannot open " + path.string() + ": " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd);
        if (error == EWOULDBLOCK) {
            return tl::unexpected("another iskra-gateway is running on data_dir " +
                                  data_dir.string() + " (it holds " + path.string() + ")");
        }
        return tl::unexpected("cannot lock " + path.string() + ": " + std::strerror(error));
    }
    return DataDirLock(fd);
}

DataDirLock::DataDirLock(DataDirLock&& other) noexcept : fd_(other.fd_) {
    other.fd_ = -1;
}

DataDirLock::~DataDirLock() {
    if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the flock
}

}  // namespace iskra::gateway
