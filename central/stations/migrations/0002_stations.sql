-- Migration 2, stations: sites, gateways, stations, connectors and their status history, the
-- command queue and the allow-list version. Times are BIGINT epoch milliseconds (UTC).
-- Table and column names listed in issue 5 are a contract with sync and charging.

CREATE TABLE sites (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    address TEXT,
    city TEXT,
    postal_code TEXT,
    country TEXT,
    latitude_e7 BIGINT,
    longitude_e7 BIGINT,
    timezone TEXT NOT NULL DEFAULT 'Europe/Warsaw',
    -- Points of interest near the site ([{"kind", "name", "distance_m"?}]): shown with the
    -- site, never queried by, so a JSON column rather than a table.
    pois TEXT NOT NULL DEFAULT '[]',
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL
);
CREATE INDEX sites_name ON sites (name);

-- Rows are inserted by central/sync at enrolment; staff list, rename and disable them.
CREATE TABLE gateways (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites (id),
    name TEXT,
    secret_hash TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    software_version TEXT,
    enrolled_at_ms BIGINT,
    last_seen_at_ms BIGINT,
    -- The last station_commands.seq handed out for this gateway: incrementing this row is
    -- what serialises concurrent enqueues on both databases.
    last_command_seq BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX gateways_site ON gateways (site_id, enrolled_at_ms);

CREATE TABLE station_categories (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT,
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE stations (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites (id),
    gateway_id TEXT REFERENCES gateways (id),
    name TEXT,
    protocol TEXT,
    vendor TEXT,
    model TEXT,
    serial_number TEXT,
    firmware_version TEXT,
    category TEXT REFERENCES station_categories (id),
    availability TEXT NOT NULL DEFAULT 'Operative'
        CHECK (availability IN ('Operative', 'Inoperative')),
    allowed INTEGER NOT NULL DEFAULT 0,
    password_hash TEXT,
    security_profile INTEGER,
    -- EVSE 0's status: the station's own, as StatusNotification on connector 0 reports it.
    status TEXT,
    error_code TEXT,
    status_at_ms BIGINT,
    last_boot_at_ms BIGINT,
    last_seen_at_ms BIGINT,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL
);
CREATE INDEX stations_site ON stations (site_id);

CREATE TABLE connectors (
    station_id TEXT NOT NULL REFERENCES stations (id) ON DELETE CASCADE,
    evse_id BIGINT NOT NULL,
    connector_id BIGINT NOT NULL,
    type TEXT,
    max_power_w BIGINT,
    -- Staff-set, like stations.availability, for one connector.
    availability TEXT NOT NULL DEFAULT 'Operative'
        CHECK (availability IN ('Operative', 'Inoperative')),
    status TEXT,
    error_code TEXT,
    info TEXT,
    status_at_ms BIGINT,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    PRIMARY KEY (station_id, evse_id, connector_id)
);
CREATE INDEX connectors_status ON connectors (status);

-- The unique key makes a repeated event (same status at the same instant) a no-op.
CREATE TABLE connector_status_history (
    id {{id_pk}},
    station_id TEXT NOT NULL REFERENCES stations (id) ON DELETE CASCADE,
    evse_id BIGINT NOT NULL,
    connector_id BIGINT NOT NULL,
    status TEXT NOT NULL,
    error_code TEXT,
    info TEXT,
    at_ms BIGINT NOT NULL,
    recorded_at_ms BIGINT NOT NULL,
    UNIQUE (station_id, evse_id, connector_id, at_ms, status)
);
CREATE INDEX connector_status_history_time ON connector_status_history (station_id, at_ms);

-- No foreign key to stations: a command's record outlives the station it was for.
CREATE TABLE station_commands (
    id TEXT PRIMARY KEY,
    gateway_id TEXT NOT NULL REFERENCES gateways (id),
    seq BIGINT NOT NULL,
    station_id TEXT,
    action TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'Queued' CHECK (status IN
        ('Queued', 'Delivered', 'Accepted', 'Rejected', 'Failed', 'Timeout')),
    result TEXT,
    requested_by TEXT,
    queued_at_ms BIGINT NOT NULL,
    delivered_at_ms BIGINT,
    completed_at_ms BIGINT,
    UNIQUE (gateway_id, seq)
);
CREATE INDEX station_commands_station ON station_commands (station_id, queued_at_ms);

-- The allow-list's version: one row, bumped by UPDATE so concurrent changes serialise.
CREATE TABLE stations_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO stations_version (id, version) VALUES (1, 0);

-- One row per (version, site) a change touched; a gateway reads its site's rows after V.
CREATE TABLE station_allowlist_changes (
    version BIGINT NOT NULL,
    site_id TEXT NOT NULL,
    station_id TEXT NOT NULL,
    changed_at_ms BIGINT NOT NULL,
    PRIMARY KEY (version, site_id, station_id)
);
CREATE INDEX station_allowlist_changes_site ON station_allowlist_changes (site_id, version);
