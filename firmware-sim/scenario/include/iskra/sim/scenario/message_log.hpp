// The message log of a run: every frame each station sent and received, grouped by station in
// the order the stations were declared, so two runs of one scenario and seed compare byte for
// byte (apart from timestamps and the CSMS's ids). Kept in memory, written at the end; meant for
// scenario runs, not for load runs. Service thread only.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "iskra/sim/station/transport.hpp"

namespace iskra::sim::scenario {

class MessageLog final : public MessageSink {
public:
    // Stations are written in the order they were first declared here.
    void declare(const std::string& station_id);
    void frame(std::string_view station_id, Direction direction, std::string_view text) override;
    // One line per frame: "<station> <-|-> <frame>".
    void write(std::ostream& out) const;

private:
    std::vector<std::string> order_;
    std::map<std::string, std::vector<std::string>, std::less<>> lines_;
};

}  // namespace iskra::sim::scenario
