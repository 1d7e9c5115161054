#include "iskra/gateway/tariff_feed.hpp"

#include <array>
#include <cstddef>
#include <string_view>

#include "iskra/tariff/ocpi_json.hpp"

namespace iskra::gateway {
namespace {

constexpr std::array<std::string_view, 3> kKindNames{"ad_hoc", "subscriber", "fleet"};

std::size_t kind_index(tariff::CustomerKind kind) {
    switch (kind) {
        case tariff::CustomerKind::kAdHoc:
            return 0;
        case tariff::CustomerKind::kSubscriber:
            return 1;
        case tariff::CustomerKind::kFleet:
            return 2;
    }
    return 0;
}

tl::expected<std::optional<TariffVersion>, std::string> parse_version(const nlohmann::json& json,
                                                                      const std::string& field) {
    if (json.is_null()) return std::optional<TariffVersion>{};
    if (!json.is_object() || !json.contains("valid_from") || !json["valid_from"].is_string() ||
        !json.contains("tariff")) {
        return tl::unexpected(field + ": not a version with valid_from and tariff");
    }
    const auto valid_from = session::parse_timestamp(json["valid_from"].get<std::string>());
    if (!valid_from) return tl::unexpected(field + "/valid_from: not a timestamp");
    auto parsed = tariff::tariff_from_json(json["tariff"]);
    if (!parsed) return tl::unexpected(field + "/tariff/" + parsed.error().describe());
    return std::optional<TariffVersion>{TariffVersion{*valid_from, std::move(*parsed)}};
}

// The tariff id each customer kind pays, from an object with ad_hoc, subscriber and fleet.
std::array<std::optional<std::string>, 3> kinds_of(const nlohmann::json& object) {
    std::array<std::optional<std::string>, 3> kinds;
    for (std::size_t k = 0; k < kKindNames.size(); ++k) {
        const std::string name(kKindNames[k]);
        if (object.contains(name) && object[name].is_string()) {
            kinds[k] = object[name].get<std::string>();
        }
    }
    return kinds;
}

const std::vector<TariffVersion> kNoVersions;

}  // namespace

const FeedTariff* TariffFeed::tariff_for(const std::string& station_id,
                                         tariff::CustomerKind customer) const {
    const auto station = stations_.find(station_id);
    const auto& kinds = station == stations_.end() ? defaults_ : station->second;
    const auto& id = kinds[kind_index(customer)];
    if (!id) return nullptr;
    const auto found = tariffs_.find(*id);
    return found == tariffs_.end() ? nullptr : &found->second;
}

const std::vector<TariffVersion>& TariffFeed::versions_for(const std::string& station_id,
                                                           tariff::CustomerKind customer) const {
    const FeedTariff* found = tariff_for(station_id, customer);
    return found ? found->versions : kNoVersions;
}

tl::expected<TariffFeed, std::string> parse_tariff_feed(const nlohmann::json& json) {
    if (!json.is_object() || !json.contains("tariffs") || !json["tariffs"].is_array() ||
        !json.contains("stations") || !json["stations"].is_array()) {
        return tl::unexpected(std::string("feed: needs tariffs and stations arrays"));
    }
    TariffFeed feed;
    const auto& tariffs = json["tariffs"];
    for (std::size_t i = 0; i < tariffs.size(); ++i) {
        const std::string at = "tariffs/" + std::to_string(i);
        const auto& t = tariffs[i];
        if (!t.is_object() || !t.contains("id") || !t["id"].is_string()) {
            return tl::unexpected(at + "/id: missing");
        }
        FeedTariff entry;
        entry.id = t["id"].get<std::string>();
        entry.currency = t.value("currency", std::string("PLN"));
        for (const char* which : {"current", "next"}) {
            auto version = parse_version(t.value(which, nlohmann::json()), at + "/" + which);
            if (!version) return tl::unexpected(version.error());
            if (*version) entry.versions.push_back(std::move(**version));
        }
        feed.tariffs_[entry.id] = std::move(entry);
    }
    if (const auto d = json.find("default"); d != json.end() && !d->is_null()) {
        if (!d->is_object()) return tl::unexpected(std::string("default: not an object"));
        feed.defaults_ = kinds_of(*d);
    }
    const auto& stations = json["stations"];
    for (std::size_t i = 0; i < stations.size(); ++i) {
        const std::string at = "stations/" + std::to_string(i);
        const auto& s = stations[i];
        if (!s.is_object() || !s.contains("station_id") || !s["station_id"].is_string()) {
            return tl::unexpected(at + "/station_id: missing");
        }
        feed.stations_[s["station_id"].get<std::string>()] = kinds_of(s);
    }
    return feed;
}

tl::expected<TariffFeed, std::string> parse_tariff_feed_text(const std::string& body) {
    const auto json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_discarded()) return tl::unexpected(std::string("feed: not JSON"));
    return parse_tariff_feed(json);
}

}  // namespace iskra::gateway
