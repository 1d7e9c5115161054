#include "iskra/central/storage/ids.hpp"

#include <Poco/UUIDGenerator.h>

namespace iskra::central::storage {

std::string new_uuid() {
    // Poco's default generator is internally locked; createRandom() is version 4, so ids
    // reveal neither the host nor the time they were made at.
    return Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
}

std::int64_t to_epoch_ms(std::chrono::system_clock::time_point time) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

std::chrono::system_clock::time_point from_epoch_ms(std::int64_t ms) {
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
}

std::int64_t now_ms() {
    return to_epoch_ms(std::chrono::system_clock::now());
}

}  // namespace iskra::central::storage
