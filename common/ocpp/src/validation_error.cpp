#include "iskra/ocpp/validation_error.hpp"

namespace iskra::ocpp {

std::string ValidationError::describe() const {
    if (path.empty()) return message;
    // Appended piecewise: GCC 12 misreports `path + ": " + message` under -O2 (-Wrestrict,
    // its bug 105329), and CI builds optimised with warnings as errors.
    std::string text;
    text.reserve(path.size() + 2 + message.size());
    text.append(path).append(": ").append(message);
    return text;
}

}  // namespace iskra::ocpp
