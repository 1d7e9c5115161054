// Which tariff a customer pays at a station, and which version of it: the rules as pure
// functions, so they are tested without a database. Safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iskra/tariff/session.hpp"

namespace iskra::central::tariffs {

// The API's names of the engine's customer kinds: "ad_hoc", "subscriber", "fleet".
std::string_view customer_kind_name(tariff::CustomerKind kind);
std::optional<tariff::CustomerKind> parse_customer_kind(std::string_view name);

enum class Scope : std::uint8_t { kStation, kCategory, kDefault };
std::string_view scope_name(Scope scope);  // "station", "category", "default"
std::optional<Scope> parse_scope(std::string_view name);

struct Assignment {
    std::string id;
    std::string tariff_id;
    Scope scope = Scope::kDefault;
    std::string target;                        // the station or category id; empty for default
    std::optional<tariff::CustomerKind> kind;  // nothing: every kind
};

// The key that makes one assignment per place: "station/ST-1/ad_hoc", "default//any".
std::string slot_of(Scope scope, const std::string& target,
                    const std::optional<tariff::CustomerKind>& kind);

struct StationRef {
    std::string station_id;
    std::optional<std::string> category;
};

// The assignment that prices `kind` at `station`, the most specific first: station and kind,
// station, category and kind, category, default and kind, default. Null when none applies.
const Assignment* resolve(const std::vector<Assignment>& assignments, const StationRef& station,
                          tariff::CustomerKind kind);

// A version of a tariff as far as choosing one goes.
struct VersionRef {
    std::int64_t version = 0;
    std::int64_t valid_from_ms = 0;
    bool operator==(const VersionRef&) const = default;
};

// The version in force at `at_ms`: the latest valid_from at or before it; nothing before the
// first. A session is priced with the one in force at its start. Versions in any order.
std::optional<VersionRef> version_in_force(const std::vector<VersionRef>& versions,
                                           std::int64_t at_ms);
// The first version taking effect after `at_ms`, when one is scheduled.
std::optional<VersionRef> next_version(const std::vector<VersionRef>& versions, std::int64_t at_ms);

}  // namespace iskra::central::tariffs
