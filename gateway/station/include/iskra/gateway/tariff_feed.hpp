// Central's tariff feed (GET /api/gateway/v1/tariffs) as the gateway keeps it: for each station of
// the site, and by default, the tariff each customer kind pays, with the version in force and the
// next one. Read
// from the feed's JSON, which the gateway stores verbatim so a restart while central is
// unreachable still prices sessions. Pure values; safe to share once built.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "iskra/gateway/running_cost.hpp"

namespace iskra::gateway {

struct FeedTariff {
    std::string id;
    std::string currency;
    std::vector<TariffVersion> versions;  // current and next, those the feed has
};

class TariffFeed {
public:
    // The versions a `customer` pays at `station_id`; a station the feed does not list pays the
    // default. Empty when no assignment applies (then there is no running cost).
    const std::vector<TariffVersion>& versions_for(const std::string& station_id,
                                                   tariff::CustomerKind customer) const;
    const FeedTariff* tariff_for(const std::string& station_id,
                                 tariff::CustomerKind customer) const;
    bool empty() const { return tariffs_.empty(); }

    // The feed's JSON; an error names the first field at fault. A tariff the engine cannot read
    // fails the whole feed, so a half-understood feed never replaces the last good one.
    friend tl::expected<TariffFeed, std::string> parse_tariff_feed(const nlohmann::json& json);

private:
    std::map<std::string, FeedTariff> tariffs_;  // by tariff id
    // station id → tariff id per customer kind (ad hoc, subscriber, fleet)
    std::map<std::string, std::array<std::optional<std::string>, 3>> stations_;
    // What the site's default assignments give a station the feed does not list yet (one
    // commissioned since the feed was fetched).
    std::array<std::optional<std::string>, 3> defaults_;
};

tl::expected<TariffFeed, std::string> parse_tariff_feed(const nlohmann::json& json);
// The same from the feed's text, as central sends it and the store keeps it.
tl::expected<TariffFeed, std::string> parse_tariff_feed_text(const std::string& body);

}  // namespace iskra::gateway
