#include "json_reader.hpp"

namespace iskra::sim::scenario {

tl::expected<std::optional<std::string>, ScenarioError> ObjectReader::text(const char* key) {
    if (!has(key)) return std::optional<std::string>{};
    const auto& v = raw(key);
    if (!v.is_string()) return tl::unexpected(error(path_of(key), "must be a string"));
    return std::optional<std::string>{v.get<std::string>()};
}

tl::expected<std::optional<double>, ScenarioError> ObjectReader::number(const char* key, double min,
                                                                        double max) {
    if (!has(key)) return std::optional<double>{};
    const auto& v = raw(key);
    if (!v.is_number()) return tl::unexpected(error(path_of(key), "must be a number"));
    const double d = v.get<double>();
    if (d < min || d > max) {
        return tl::unexpected(error(path_of(key), "must be between " + nlohmann::json(min).dump() +
                                                      " and " + nlohmann::json(max).dump()));
    }
    return std::optional<double>{d};
}

tl::expected<std::optional<std::int64_t>, ScenarioError> ObjectReader::integer(const char* key,
                                                                               std::int64_t min,
                                                                               std::int64_t max) {
    if (!has(key)) return std::optional<std::int64_t>{};
    const auto& v = raw(key);
    if (!v.is_number_integer()) return tl::unexpected(error(path_of(key), "must be an integer"));
    const auto n = v.get<std::int64_t>();
    if (n < min || n > max) {
        return tl::unexpected(error(path_of(key), "must be between " + std::to_string(min) +
                                                      " and " + std::to_string(max)));
    }
    return std::optional<std::int64_t>{n};
}

tl::expected<std::optional<bool>, ScenarioError> ObjectReader::flag(const char* key) {
    if (!has(key)) return std::optional<bool>{};
    const auto& v = raw(key);
    if (!v.is_boolean()) return tl::unexpected(error(path_of(key), "must be true or false"));
    return std::optional<bool>{v.get<bool>()};
}

tl::expected<std::optional<std::chrono::milliseconds>, ScenarioError> ObjectReader::duration(
    const char* key) {
    if (!has(key)) return std::optional<std::chrono::milliseconds>{};
    const auto& v = raw(key);
    std::optional<std::chrono::milliseconds> d;
    if (v.is_number()) {
        d = std::chrono::milliseconds(static_cast<std::int64_t>(v.get<double>() * 1000.0));
    } else if (v.is_string()) {
        d = parse_duration(v.get<std::string>());
    }
    if (!d) {
        return tl::unexpected(error(path_of(key), "is not a duration (" + v.dump() +
                                                      "); write 90s, 5m, 1h30m, 250ms, "
                                                      "HH:MM:SS or a number of seconds"));
    }
    return d;
}

tl::expected<void, ScenarioError> ObjectReader::finish() const {
    for (const auto& [key, value] : object_.items()) {
        if (!used_.contains(key)) return tl::unexpected(error(path_ + "." + key, "unknown member"));
    }
    return {};
}

}  // namespace iskra::sim::scenario
