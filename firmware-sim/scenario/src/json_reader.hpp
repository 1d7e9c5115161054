// Strict reading of one JSON object for scenario files: each accessor knows the JSON path of
// what it reads, so an error names it; members nobody asked for are errors too (a typo must not
// silently leave a default in force). Private to the scenario library.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "iskra/sim/scenario/scenario.hpp"

namespace iskra::sim::scenario {

class ObjectReader {
public:
    ObjectReader(const nlohmann::json& object, std::string path, const std::string& file)
        : object_(object), path_(std::move(path)), file_(file) {}

    bool has(const char* key) const { return object_.contains(key); }
    std::string path_of(const char* key) const { return path_ + "." + key; }
    const nlohmann::json& raw(const char* key) {
        used_.insert(key);
        return object_.at(key);
    }

    ScenarioError error(const std::string& path, std::string message) const {
        return ScenarioError{file_, path, std::move(message)};
    }

    tl::expected<std::optional<std::string>, ScenarioError> text(const char* key);
    tl::expected<std::optional<double>, ScenarioError> number(const char* key, double min,
                                                              double max);
    tl::expected<std::optional<std::int64_t>, ScenarioError> integer(const char* key,
                                                                     std::int64_t min,
                                                                     std::int64_t max);
    tl::expected<std::optional<bool>, ScenarioError> flag(const char* key);
    tl::expected<std::optional<std::chrono::milliseconds>, ScenarioError> duration(const char* key);

    // Every member must have been read by now; returns the first that was not.
    tl::expected<void, ScenarioError> finish() const;

private:
    const nlohmann::json& object_;
    std::string path_;
    const std::string& file_;
    std::set<std::string> used_;
};

}  // namespace iskra::sim::scenario
