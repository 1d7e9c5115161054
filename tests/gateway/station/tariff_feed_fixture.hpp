// A one-tariff feed for the station tests, as central's GET /api/gateway/v1/tariffs shapes it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "iskra/gateway/tariff_feed.hpp"
#include "iskra/tariff/ocpi_json.hpp"

namespace iskra::gateway::test {

// Energy at `day` grosz/kWh gross, VAT 23 %; with `night`, that price from 22:00 to 06:00 UTC.
inline nlohmann::json energy_tariff_json(std::int64_t day,
                                         std::optional<std::int64_t> night = std::nullopt) {
    const auto price = [](std::int64_t grosz) {
        return tariff::PriceComponent{tariff::ComponentType::kEnergy,
                                      tariff::UnitPrice::from_grosz(grosz), tariff::VatRate::k23,
                                      1};
    };
    tariff::Tariff t;
    t.zone = tariff::TimeZone::utc();
    if (night) {
        tariff::TariffElement element;
        element.components.push_back(price(*night));
        element.restrictions.start_time = std::chrono::hours(22);
        element.restrictions.end_time = std::chrono::hours(6);
        t.elements.push_back(element);
    }
    tariff::TariffElement element;
    element.components.push_back(price(day));
    t.elements.push_back(element);
    return tariff::tariff_to_json(t);
}

// `station` pays tariff "std" (PLN, in force since 2026-11-01) whatever the customer kind.
inline std::shared_ptr<const TariffFeed> feed_for(const std::string& station,
                                                  nlohmann::json tariff) {
    const nlohmann::json body = {
        {"generated_at", "2026-11-28T12:00:00.000Z"},
        {"tariffs",
         {{{"id", "std"},
           {"name", "Standard"},
           {"currency", "PLN"},
           {"current",
            {{"version", 1},
             {"valid_from", "2026-11-01T00:00:00.000Z"},
             {"tariff", std::move(tariff)}}},
           {"next", nullptr}}}},
        {"stations",
         {{{"station_id", station}, {"ad_hoc", "std"}, {"subscriber", "std"}, {"fleet", "std"}}}}};
    auto feed = parse_tariff_feed(body);
    EXPECT_TRUE(feed) << feed.error();
    if (!feed) return nullptr;
    return std::make_shared<const TariffFeed>(*std::move(feed));
}

}  // namespace iskra::gateway::test
