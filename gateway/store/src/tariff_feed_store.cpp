#include "iskra/gateway/store/tariff_feed_store.hpp"

namespace iskra::gateway {

tl::expected<void, StoreError> save_tariff_feed(Database& db, const std::string& body,
                                                Timestamp fetched_at) {
    return db.execute(
        "INSERT INTO tariff_feed (singleton, body, fetched_at) VALUES (1, ?, ?) "
        "ON CONFLICT (singleton) DO UPDATE SET body = excluded.body, "
        "fetched_at = excluded.fetched_at",
        body, fetched_at);
}

tl::expected<std::optional<StoredTariffFeed>, StoreError> load_tariff_feed(Database& db) {
    auto query = db.prepare("SELECT body, fetched_at FROM tariff_feed WHERE singleton = 1");
    if (!query) return tl::unexpected(query.error());
    auto row = query->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return std::optional<StoredTariffFeed>{};
    const auto fetched_at = query->optional_timestamp(1);
    return std::optional<StoredTariffFeed>{
        StoredTariffFeed{query->text(0), fetched_at.value_or(Timestamp{})}};
}

}  // namespace iskra::gateway
