// The two values nearly every row needs: a fresh UUID for a TEXT id, and "now" as BIGINT epoch
// milliseconds. now_ms() is the one place storage reads the clock; code with business rules
// takes `now` as a parameter instead (STYLE: injected time) and converts with to_epoch_ms().
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace iskra::central::storage {

// A random (version 4) UUID in lower-case 8-4-4-4-12 form. Thread-safe.
std::string new_uuid();

std::int64_t to_epoch_ms(std::chrono::system_clock::time_point time);
std::chrono::system_clock::time_point from_epoch_ms(std::int64_t ms);

// to_epoch_ms(system_clock::now()).
std::int64_t now_ms();

}  // namespace iskra::central::storage
