-- Migration 5, tariffs: tariffs, their versions and where they apply. Prices are integers in
-- millionths of a złoty (1/10,000 grosz, the engine's UnitPrice); times BIGINT epoch ms (UTC).

CREATE TABLE tariffs (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    currency TEXT NOT NULL DEFAULT 'PLN' CHECK (currency = 'PLN'),
    -- The last version number handed out. Numbers are never reused, not even a withdrawn
    -- scheduled version's, since a gateway may hold it; bumping this row also serialises
    -- concurrent additions.
    last_version BIGINT NOT NULL DEFAULT 0,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL
);
CREATE INDEX tariffs_name ON tariffs (name);

-- A session is priced with the version in force at its start, so a version whose valid_from has
-- passed is never changed or deleted: editing a tariff adds a version. The elements (OCPI
-- TariffElements in iskra::tariff's exact JSON form) are read whole and never queried, hence
-- one JSON column; the rest is what billing and reports may want to query.
CREATE TABLE tariff_versions (
    tariff_id TEXT NOT NULL REFERENCES tariffs (id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    valid_from_ms BIGINT NOT NULL,
    entry TEXT NOT NULL CHECK (entry IN ('net', 'gross')),
    utc_offset_min BIGINT NOT NULL,
    eu_summer_time INTEGER NOT NULL,
    elements TEXT NOT NULL,
    parking_after_ms BIGINT,
    subscription_price_micro BIGINT,
    subscription_vat TEXT,
    card_price_micro BIGINT,
    card_vat TEXT,
    created_by TEXT,
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tariff_id, version),
    UNIQUE (tariff_id, valid_from_ms)
);

-- Where a tariff applies: a station, a station category or the default, each for one customer
-- kind or for all ('any'). `slot` ("station/ST-1/ad_hoc", "default//any") makes each place
-- unique on both databases, where a UNIQUE over NULLable columns would not. An assignment goes
-- with its station or category; a tariff still assigned cannot be deleted.
CREATE TABLE tariff_assignments (
    id TEXT PRIMARY KEY,
    tariff_id TEXT NOT NULL REFERENCES tariffs (id),
    scope TEXT NOT NULL CHECK (scope IN ('station', 'category', 'default')),
    station_id TEXT REFERENCES stations (id) ON DELETE CASCADE,
    category_id TEXT REFERENCES station_categories (id) ON DELETE CASCADE,
    customer_kind TEXT NOT NULL CHECK (customer_kind IN ('any', 'ad_hoc', 'subscriber', 'fleet')),
    slot TEXT NOT NULL UNIQUE,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL
);
CREATE INDEX tariff_assignments_tariff ON tariff_assignments (tariff_id);
CREATE INDEX tariff_assignments_station ON tariff_assignments (station_id);
CREATE INDEX tariff_assignments_category ON tariff_assignments (category_id);
