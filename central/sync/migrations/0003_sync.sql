-- Migration 3 (sync): enrolment codes, and what central holds of each gateway's event stream:
-- the highest sequence applied, one row per applied event, and the events it could not read.

-- A code is random and long, so SHA-256 (hex) is enough to store it; it is traded once.
CREATE TABLE enrolment_codes (
    code_hash TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites (id),
    created_by TEXT NULL,
    created_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    used_at_ms BIGINT NULL,
    gateway_id TEXT NULL
);

-- The row a batch locks first (SELECT ... FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE
-- serialises every writer), so two batches of one gateway never apply side by side.
CREATE TABLE gateway_sync_state (
    gateway_id TEXT PRIMARY KEY REFERENCES gateways (id),
    acknowledged_seq BIGINT NOT NULL DEFAULT 0,
    last_batch_at_ms BIGINT NULL,
    events_applied BIGINT NOT NULL DEFAULT 0,
    events_rejected BIGINT NOT NULL DEFAULT 0
);

-- The unique key that makes "apply once" hold even if the state row's rule were bypassed (two
-- central instances, a bug): a second insert of (gateway, seq) fails the whole batch.
CREATE TABLE applied_events (
    gateway_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    event_type TEXT NOT NULL,
    applied_at_ms BIGINT NOT NULL,
    PRIMARY KEY (gateway_id, seq)
);

-- Events central could not use (unknown type, unreadable payload), kept whole for staff and
-- acknowledged, so one bad event never stops a site's sync.
CREATE TABLE sync_rejected_events (
    gateway_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    event_type TEXT NOT NULL,
    event_at TEXT NULL,
    payload TEXT NOT NULL,
    reason TEXT NOT NULL,
    received_at_ms BIGINT NOT NULL,
    PRIMARY KEY (gateway_id, seq)
);
