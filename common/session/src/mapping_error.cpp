#include "iskra/session/mapping_error.hpp"

namespace iskra::session {

std::string MappingError::describe() const {
    if (field.empty()) return message;
    return field + ": " + message;
}

}  // namespace iskra::session
