// A scenario file: stations, a seed and a timeline of driver and fault actions, run with time
// acceleration. Parsing is strict: anything wrong is reported with the file, the JSON path and
// what is wrong ("site.json: $.timeline[3].at: ..."), never guessed at. Pure values; the app's
// loop applies the actions when their simulated time comes.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "iskra/sim/station/station.hpp"
#include "iskra/sim/station/station_config.hpp"

namespace iskra::sim::scenario {

enum class ActionKind {
    Plug,
    Unplug,
    Tap,
    Fault,
    Recover,
    PowerLoss,
    PowerRestore,
    Offline,
    Drift,
};

struct Action {
    std::chrono::milliseconds at{0};  // from the scenario's start
    std::string station;              // an id, or "*" for every station
    ActionKind kind = ActionKind::Plug;
    std::int64_t connector = 1;       // a 1.6 connector or a 2.0.1 EVSE ("evse" in the file)
    std::int64_t evse_connector = 0;  // plug, unplug: which connector of that EVSE; 0 any
    std::optional<std::string> token;
    std::optional<model::EvSpec> ev;
    WhenFull when_full = WhenFull::Stay;
    std::string error_code = "OtherError";
    std::chrono::milliseconds duration{0};  // offline: how long; drift: the offset
};

struct Scenario {
    std::string name;
    std::uint64_t seed = 1;
    double acceleration = 1;
    // Simulated time at the start; fixed in a file, it makes timestamps reproducible too.
    std::optional<model::Timestamp> start;
    // When the run ends; by default a minute after the last action.
    std::chrono::milliseconds duration{0};
    std::vector<StationConfig> stations;
    std::vector<Action> timeline;  // sorted by `at`, file order kept for equal times
};

struct ScenarioError {
    std::string file;
    std::string path;  // JSON path, "$.timeline[3].at"
    std::string message;
    std::string describe() const;
};

// What the command line supplies that a scenario may leave out.
struct ScenarioDefaults {
    ocpp::Version version = ocpp::Version::v16;
    std::optional<std::string> password;
    bool auto_plug = false;
};

tl::expected<Scenario, ScenarioError> parse_scenario(std::string_view json_text,
                                                     std::string_view file_name,
                                                     const ScenarioDefaults& defaults);
tl::expected<Scenario, ScenarioError> load_scenario(const std::string& path,
                                                    const ScenarioDefaults& defaults);

// "90s", "5m", "1h30m", "250ms", "01:30:00" or a number of seconds.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// Performs one action on one station at `now`. Errors say why it could not be done
// ("connector 3 does not exist"); the run logs them and goes on, as a driver would.
tl::expected<void, std::string> apply(Station& station, const Action& action, model::Timestamp now);

std::string_view action_name(ActionKind kind);

}  // namespace iskra::sim::scenario
