#include "iskra/crypto/password_hash.hpp"

#include <argon2.h>
#include <sys/random.h>

#include <array>
#include <stdexcept>
#include <vector>

namespace iskra::crypto {
namespace {

void fill_random(unsigned char* out, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = getrandom(out + done, size - done, 0);
        if (n < 0) throw std::runtime_error("getrandom failed");
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace

tl::expected<std::string, std::string> hash_password(std::string_view password, HashCost cost) {
    std::array<unsigned char, 16> salt{};
    fill_random(salt.data(), salt.size());
    constexpr std::size_t kHashLength = 32;
    const std::size_t encoded_length =
        argon2_encodedlen(cost.time_cost, cost.memory_kib, cost.parallelism,
                          static_cast<uint32_t>(salt.size()), kHashLength, Argon2_id);
    std::vector<char> encoded(encoded_length);
    const int rc = argon2id_hash_encoded(cost.time_cost, cost.memory_kib, cost.parallelism,
                                         password.data(), password.size(), salt.data(), salt.size(),
                                         kHashLength, encoded.data(), encoded.size());
    if (rc != ARGON2_OK) return tl::unexpected(std::string(argon2_error_message(rc)));
    return std::string(encoded.data());
}

bool verify_password(std::string_view encoded, std::string_view password) {
    const std::string terminated(encoded);
    return argon2id_verify(terminated.c_str(), password.data(), password.size()) == ARGON2_OK;
}

std::string random_hex(std::size_t bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::vector<unsigned char> raw(bytes);
    fill_random(raw.data(), raw.size());
    std::string out;
    out.reserve(bytes * 2);
    for (const unsigned char b : raw) {
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 0xF]);
    }
    return out;
}

}  // namespace iskra::crypto
