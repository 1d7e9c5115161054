#include "iskra/gateway/store/session_ids.hpp"

#include <array>

namespace iskra::gateway {

RandomSessionIdGenerator::RandomSessionIdGenerator() {
    // The full 64-bit state space would be one random_device word; seed_seq over eight gives
    // the engine a seed that is not a guessable small number.
    std::random_device device;
    std::array<std::random_device::result_type, 8> words{};
    for (auto& word : words)
        word = device();
    std::seed_seq seed(words.begin(), words.end());
    engine_.seed(seed);
}

std::string RandomSessionIdGenerator::next_session_id() {
    std::array<std::uint8_t, 16> bytes{};
    for (std::size_t i = 0; i < bytes.size(); i += 8) {
        std::uint64_t word = engine_();
        for (std::size_t j = 0; j < 8; ++j) {
            bytes[i + j] = static_cast<std::uint8_t>(word >> (8 * j));
        }
    }
    bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0f) | 0x40);  // version 4
    bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text;
    text.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
        text += kHex[bytes[i] >> 4];
        text += kHex[bytes[i] & 0x0f];
    }
    return text;
}

}  // namespace iskra::gateway
