// One gateway per data folder. The store keeps state in memory that assumes it is the only
// writer (the outbox sequence, open sessions, the command cursor), so a second gateway started
// on the same folder, by a technician or a misconfigured unit file, must refuse to start
// rather than interleave its writes with the first one's.
#pragma once

#include <filesystem>
#include <string>

#include <tl/expected.hpp>

namespace iskra::gateway {

// Holds an exclusive flock(2) on DATA_DIR/gateway.lock for its lifetime. The kernel drops the
// lock when the process dies, kill -9 included, so a crash never leaves a stale lock behind.
class DataDirLock {
public:
    static tl::expected<DataDirLock, std::string> acquire(const std::filesystem::path& data_dir);
    DataDirLock(DataDirLock&& other) noexcept;
    DataDirLock& operator=(DataDirLock&&) = delete;
    DataDirLock(const DataDirLock&) = delete;
    DataDirLock& operator=(const DataDirLock&) = delete;
    ~DataDirLock();

private:
    explicit DataDirLock(int fd) : fd_(fd) {}
    int fd_ = -1;
};

}  // namespace iskra::gateway
