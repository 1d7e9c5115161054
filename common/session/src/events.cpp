#include "iskra/session/events.hpp"

namespace iskra::session {

std::string_view event_name(const Event& event) {
    return std::visit([](const auto& body) { return std::decay_t<decltype(body)>::kName; }, event);
}

}  // namespace iskra::session
