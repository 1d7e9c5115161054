#include "iskra/ocpp/version.hpp"

namespace iskra::ocpp {

std::string_view subprotocol(Version version) {
    switch (version) {
        case Version::v16:
            return "ocpp1.6";
        case Version::v201:
            return "ocpp2.0.1";
    }
    return {};
}

std::optional<Version> version_from_subprotocol(std::string_view name) {
    if (name == "ocpp1.6") return Version::v16;
    if (name == "ocpp2.0.1") return Version::v201;
    return std::nullopt;
}

}  // namespace iskra::ocpp
