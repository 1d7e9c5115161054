#include "secrets.hpp"

#include <cctype>
#include <sstream>

#include <Poco/Base64Encoder.h>
#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include "iskra/crypto/password_hash.hpp"

namespace iskra::central::sync::detail {
namespace {

std::string random_bytes(std::size_t count) {
    const std::string hex = crypto::random_hex(count);
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        bytes.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return bytes;
}

}  // namespace

std::string sha256_hex(std::string_view text) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(text.data(), static_cast<unsigned>(text.size()));
    return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string new_enrolment_code() {
    static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    const std::string bytes = random_bytes(16);
    std::string code;
    for (std::size_t i = 0; i < 16; ++i) {
        if (i > 0 && i % 4 == 0) code.push_back('-');
        code.push_back(kAlphabet[static_cast<unsigned char>(bytes[i]) % kAlphabet.size()]);
    }
    return code;
}

std::string normalise_code(std::string_view code) {
    std::string out;
    for (char c : code) {
        if (c == '-' || c == ' ') continue;
        out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    return out;
}

std::string new_gateway_secret() {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    encoder.rdbuf()->setLineLength(0);
    encoder << random_bytes(32);
    encoder.close();
    return out.str();
}

}  // namespace iskra::central::sync::detail
