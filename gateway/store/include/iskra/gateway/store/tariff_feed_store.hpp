// The last tariff feed central served, kept as its JSON text (the gateway reads it with
// parse_tariff_feed). A store job writes it, any connection reads it.
#pragma once

#include <optional>
#include <string>

#include <tl/expected.hpp>

#include "iskra/gateway/store/database.hpp"

namespace iskra::gateway {

struct StoredTariffFeed {
    std::string body;  // the feed's JSON as central sent it
    Timestamp fetched_at;
};

// Replaces the stored feed; the caller has parsed it first, so only a good feed is kept.
tl::expected<void, StoreError> save_tariff_feed(Database& db, const std::string& body,
                                                Timestamp fetched_at);

// nullopt until a feed has been saved.
tl::expected<std::optional<StoredTariffFeed>, StoreError> load_tariff_feed(Database& db);

}  // namespace iskra::gateway
