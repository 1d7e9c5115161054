// The parts of the scenario parser that live in files of their own. Private to the scenario
// library.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "iskra/sim/model/rng.hpp"
#include "iskra/sim/scenario/scenario.hpp"

// Reads a field or returns its error: keeps each parse step to one line.
#define ISKRA_READ(target, expr)                                     \
    do {                                                             \
        auto read_ = (expr);                                         \
        if (!read_) return tl::unexpected(std::move(read_.error())); \
        target = std::move(*read_);                                  \
    } while (0)

// The same for steps that only succeed or fail.
#define ISKRA_CHECK(expr)                                              \
    do {                                                               \
        auto check_ = (expr);                                          \
        if (!check_) return tl::unexpected(std::move(check_.error())); \
    } while (0)

namespace iskra::sim::scenario {

// An "ev" object over the defaults in `ev`; a [lo, hi] soc is drawn from `rng`.
tl::expected<model::EvSpec, ScenarioError> parse_ev(const nlohmann::json& j,
                                                    const std::string& path,
                                                    const std::string& file, model::EvSpec ev,
                                                    model::Rng& rng);

// One entry of "stations": a station, or `count` alike named id_prefix01, id_prefix02, ...
tl::expected<std::vector<StationConfig>, ScenarioError> parse_station(
    const nlohmann::json& j, const std::string& path, const std::string& file,
    const ScenarioDefaults& defaults, model::Rng& rng);

}  // namespace iskra::sim::scenario
