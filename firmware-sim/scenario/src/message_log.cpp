#include "iskra/sim/scenario/message_log.hpp"

namespace iskra::sim::scenario {

void MessageLog::declare(const std::string& station_id) {
    if (lines_.emplace(station_id, std::vector<std::string>{}).second) order_.push_back(station_id);
}

void MessageLog::frame(std::string_view station_id, Direction direction, std::string_view text) {
    auto it = lines_.find(station_id);
    if (it == lines_.end()) {
        declare(std::string(station_id));
        it = lines_.find(station_id);
    }
    std::string line;
    line.reserve(station_id.size() + text.size() + 4);
    line.append(station_id).append(direction == Direction::Sent ? " -> " : " <- ").append(text);
    it->second.push_back(std::move(line));
}

void MessageLog::write(std::ostream& out) const {
    for (const auto& id : order_) {
        for (const auto& line : lines_.at(id))
            out << line << '\n';
    }
}

}  // namespace iskra::sim::scenario
