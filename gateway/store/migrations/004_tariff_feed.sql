-- The last tariff feed central served (GET /api/gateway/v1/tariffs), kept verbatim so the gateway
-- prices sessions in progress after a restart while central is unreachable. One row: each good
-- fetch replaces it whole.
CREATE TABLE tariff_feed (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    body       TEXT NOT NULL,
    fetched_at TEXT NOT NULL
) STRICT;
