-- The gateway's first schema: the site's durable truth (issue 3, items 4-6).
-- Timestamps are UTC ISO-8601 text with milliseconds ("2026-11-28T12:00:00.000Z"), which sorts
-- as it reads; energy in Wh and power in W as integers. Applied in one transaction.

CREATE TABLE stations (
    station_id          TEXT PRIMARY KEY,
    protocol            TEXT,                 -- 'ocpp1.6' | 'ocpp2.0.1'; NULL until it boots
    vendor              TEXT,
    model               TEXT,
    serial_number       TEXT,
    firmware_version    TEXT,
    iccid               TEXT,
    imsi                TEXT,
    meter_type          TEXT,
    meter_serial_number TEXT,
    allow_state         TEXT NOT NULL DEFAULT 'pending'
                        CHECK (allow_state IN ('allowed', 'pending', 'rejected')),
    password_hash       TEXT,                 -- salted slow hash, computed by the caller
    first_seen_at       TEXT NOT NULL,
    last_seen_at        TEXT NOT NULL,
    last_boot_at        TEXT,
    last_boot_reason    TEXT
) STRICT;

CREATE TABLE connectors (
    station_id        TEXT NOT NULL REFERENCES stations(station_id),
    evse_id           INTEGER NOT NULL,
    connector_id      INTEGER NOT NULL,
    status            TEXT NOT NULL,
    error_code        TEXT,
    info              TEXT,
    vendor_id         TEXT,
    vendor_error_code TEXT,
    station_time      TEXT,                   -- the station's timestamp, when it sent one
    updated_at        TEXT NOT NULL,          -- when the gateway received it
    PRIMARY KEY (station_id, evse_id, connector_id)
) STRICT;

CREATE TABLE connector_status_history (
    id                INTEGER PRIMARY KEY,
    station_id        TEXT NOT NULL REFERENCES stations(station_id),
    evse_id           INTEGER NOT NULL,
    connector_id      INTEGER NOT NULL,
    status            TEXT NOT NULL,
    error_code        TEXT,
    info              TEXT,
    vendor_id         TEXT,
    vendor_error_code TEXT,
    station_time      TEXT,
    received_at       TEXT NOT NULL
) STRICT;
CREATE INDEX connector_status_history_by_connector
    ON connector_status_history (station_id, evse_id, connector_id, id);

-- One row per charging session. The UUID names it everywhere; transaction_id_v16 is the integer
-- this gateway handed a 1.6 station (or the one a station reported that we never saw start),
-- transaction_id_v201 the string a 2.0.1 station chose.
CREATE TABLE sessions (
    session_uuid        TEXT PRIMARY KEY,
    station_id          TEXT NOT NULL REFERENCES stations(station_id),
    evse_id             INTEGER,
    connector_id        INTEGER,
    transaction_id_v16  INTEGER,
    transaction_id_v201 TEXT,
    token_id            TEXT,
    token_type          TEXT,
    meter_start_wh      INTEGER,
    meter_stop_wh       INTEGER,
    started_at          TEXT,
    ended_at            TEXT,
    stop_reason         TEXT,
    state               TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    closed_by           TEXT CHECK (closed_by IN ('station', 'status', 'reboot', 'new_session')),
    offline             INTEGER NOT NULL DEFAULT 0 CHECK (offline IN (0, 1)),
    last_seq_no         INTEGER,
    last_meter_wh       INTEGER,
    last_meter_at       TEXT,
    reservation_id      INTEGER,
    remote_start_id     INTEGER,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    CHECK (transaction_id_v16 IS NOT NULL OR transaction_id_v201 IS NOT NULL)
) STRICT;
CREATE UNIQUE INDEX sessions_by_v16_id ON sessions (station_id, transaction_id_v16)
    WHERE transaction_id_v16 IS NOT NULL;
CREATE UNIQUE INDEX sessions_by_v201_id ON sessions (station_id, transaction_id_v201)
    WHERE transaction_id_v201 IS NOT NULL;
CREATE INDEX sessions_open ON sessions (station_id, evse_id, connector_id) WHERE state = 'open';
-- How a repeated 1.6 StartTransaction is recognised.
CREATE INDEX sessions_by_start
    ON sessions (station_id, evse_id, connector_id, token_id, meter_start_wh, started_at);

-- The 1.6 transactionIds this gateway has handed out, so a number is never given twice even if
-- the session that held it is pruned.
CREATE TABLE v16_transaction_ids (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_uuid TEXT NOT NULL
) STRICT;

-- 2.0.1 seqNo values already applied, so a repeated TransactionEvent is applied once.
CREATE TABLE session_seq_nos (
    session_uuid TEXT NOT NULL REFERENCES sessions(session_uuid),
    seq_no       INTEGER NOT NULL,
    PRIMARY KEY (session_uuid, seq_no)
) STRICT, WITHOUT ROWID;

CREATE TABLE meter_samples (
    id            INTEGER PRIMARY KEY,
    session_uuid  TEXT REFERENCES sessions(session_uuid),   -- NULL: a connector-level reading
    station_id    TEXT NOT NULL REFERENCES stations(station_id),
    evse_id       INTEGER,
    connector_id  INTEGER,
    sampled_at    TEXT NOT NULL,
    context       TEXT NOT NULL,
    energy_wh     INTEGER,
    power_w       INTEGER,
    current_a     REAL,
    voltage_v     REAL,
    soc_percent   REAL,
    measurands    TEXT NOT NULL,            -- every measurand sent, comma-separated, in order
    source        TEXT NOT NULL,            -- the event that carried it
    received_at   TEXT NOT NULL
) STRICT;
-- A message the station repeats because its answer was lost must not store its readings twice.
CREATE UNIQUE INDEX meter_samples_unique ON meter_samples (
    station_id, IFNULL(session_uuid, ''), IFNULL(evse_id, -1), IFNULL(connector_id, -1),
    sampled_at, context, IFNULL(energy_wh, -1), IFNULL(power_w, -1));
CREATE INDEX meter_samples_by_session ON meter_samples (session_uuid, sampled_at);

CREATE TABLE session_flags (
    id           INTEGER PRIMARY KEY,
    session_uuid TEXT NOT NULL REFERENCES sessions(session_uuid),
    kind         TEXT NOT NULL,
    detail       TEXT NOT NULL,
    at           TEXT NOT NULL
) STRICT;
CREATE INDEX session_flags_by_session ON session_flags (session_uuid, id);

CREATE TABLE authorization_log (
    id            INTEGER PRIMARY KEY,
    station_id    TEXT NOT NULL,
    token_id      TEXT NOT NULL,
    token_type    TEXT NOT NULL,
    decision      TEXT NOT NULL,
    expires_at    TEXT,
    group_id      TEXT,
    source        TEXT NOT NULL
                  CHECK (source IN ('central', 'local_list', 'cache', 'offline_policy')),
    needs_recheck INTEGER NOT NULL CHECK (needs_recheck IN (0, 1)),
    decided_at    TEXT NOT NULL
) STRICT;
CREATE INDEX authorization_log_recheck ON authorization_log (id) WHERE needs_recheck = 1;

CREATE TABLE local_auth_list (
    token_id   TEXT PRIMARY KEY,
    token_type TEXT NOT NULL,
    status     TEXT NOT NULL,
    expires_at TEXT,
    group_id   TEXT
) STRICT;

-- One row: the version central last sent (0: never).
CREATE TABLE local_auth_list_version (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    version   INTEGER NOT NULL
) STRICT;
INSERT INTO local_auth_list_version (singleton, version) VALUES (1, 0);

CREATE TABLE auth_cache (
    token_id   TEXT PRIMARY KEY,
    token_type TEXT NOT NULL,
    status     TEXT NOT NULL,
    expires_at TEXT,
    group_id   TEXT,
    cached_at  TEXT NOT NULL
) STRICT;

-- Events for central, in commit order. AUTOINCREMENT: a sequence number is never reused, even
-- after acknowledged rows are pruned, because central deduplicates on it.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    event_type TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE outbox_ack (
    singleton      INTEGER PRIMARY KEY CHECK (singleton = 1),
    acknowledged   INTEGER NOT NULL,
    acknowledged_at TEXT
) STRICT;
INSERT INTO outbox_ack (singleton, acknowledged) VALUES (1, 0);

CREATE TABLE commands (
    id            INTEGER PRIMARY KEY,
    station_id    TEXT NOT NULL,
    action        TEXT NOT NULL,
    request       TEXT NOT NULL,
    status        TEXT NOT NULL
                  CHECK (status IN ('pending', 'accepted', 'rejected', 'failed', 'timeout')),
    response      TEXT,
    created_at    TEXT NOT NULL,
    completed_at  TEXT
) STRICT;
CREATE INDEX commands_pending ON commands (id) WHERE status = 'pending';

CREATE TABLE security_events (
    id          INTEGER PRIMARY KEY,
    station_id  TEXT NOT NULL,
    type        TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    tech_info   TEXT,
    received_at TEXT NOT NULL
) STRICT;
