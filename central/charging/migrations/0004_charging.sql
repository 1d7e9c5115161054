-- Migration 4 (charging): tokens and the versioned local authorisation list, sessions as the
-- gateways report them, their meter samples, and the authorisation log.

-- Central owns tokens (DESIGN.md). A 1.6 station presents an idTag without a type, so lookups
-- fall back from (id, type) to the id alone for type 'IdTag' (tokens.cpp).
CREATE TABLE tokens (
    id_token TEXT NOT NULL,
    token_type TEXT NOT NULL,
    user_id TEXT NULL REFERENCES users (id),
    contract_id TEXT NULL,
    status TEXT NOT NULL CHECK (status IN ('Accepted', 'Blocked', 'Expired', 'Invalid')),
    expires_at_ms BIGINT NULL,
    group_id TEXT NULL,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    PRIMARY KEY (id_token, token_type)
);
CREATE INDEX tokens_by_user ON tokens (user_id);

-- One row: the local list's version. Every token change bumps it and writes a change row, so a
-- gateway at version V fetches only what changed after V. Changes below oldest_version have
-- been pruned: a gateway that old gets the whole list.
CREATE TABLE local_list_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL,
    oldest_version BIGINT NOT NULL
);
INSERT INTO local_list_state (id, version, oldest_version) VALUES (1, 0, 0);

CREATE TABLE local_list_changes (
    version BIGINT PRIMARY KEY,
    id_token TEXT NOT NULL,
    token_type TEXT NOT NULL,
    changed_at_ms BIGINT NOT NULL
);

-- Keyed by the gateway's UUID. Every column but the key is filled by whichever event carries
-- it (central/sync applies them in the gateway's order), so most may be NULL for a while.
CREATE TABLE sessions (
    session_uuid TEXT PRIMARY KEY,
    gateway_id TEXT NOT NULL,
    station_id TEXT NOT NULL,
    evse_id BIGINT NULL,
    connector_id BIGINT NULL,
    transaction_ref TEXT NULL,
    id_token TEXT NULL,
    token_type TEXT NULL,
    user_id TEXT NULL,
    contract_id TEXT NULL,
    started_at_ms BIGINT NULL,
    ended_at_ms BIGINT NULL,
    meter_start_wh BIGINT NULL,
    meter_stop_wh BIGINT NULL,
    energy_wh BIGINT NULL,
    stop_reason TEXT NULL,
    closed_by TEXT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    offline INTEGER NOT NULL DEFAULT 0,
    flags TEXT NOT NULL DEFAULT '',
    updated_at_ms BIGINT NOT NULL
);
CREATE INDEX sessions_by_station ON sessions (station_id, started_at_ms);
CREATE INDEX sessions_by_user ON sessions (user_id, started_at_ms);
CREATE INDEX sessions_by_token ON sessions (id_token, started_at_ms);
CREATE INDEX sessions_by_start ON sessions (started_at_ms);

-- One row per quantity per sample. Energy and power are exact integers (value_int, Wh and W);
-- current, voltage and SoC keep the station's number as text (value_text). The unique key makes
-- a sample that arrives twice (in MeterValues and again in the closing event) one row.
CREATE TABLE session_samples (
    session_uuid TEXT NOT NULL,
    at_ms BIGINT NOT NULL,
    measurand TEXT NOT NULL,
    phase TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    context TEXT NOT NULL,
    value_int BIGINT NULL,
    value_text TEXT NULL,
    unit TEXT NOT NULL,
    UNIQUE (session_uuid, at_ms, measurand, phase, location)
);

-- Every decision about a token: central's own (POST /api/gateway/v1/authorize) and the
-- gateway's offline ones, which arrive later as AuthorizationAnswered events.
CREATE TABLE authorizations (
    id {{id_pk}},
    at_ms BIGINT NOT NULL,
    gateway_id TEXT NOT NULL,
    station_id TEXT NOT NULL,
    id_token TEXT NOT NULL,
    token_type TEXT NOT NULL,
    status TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('central', 'local_list', 'cache', 'offline_policy',
                                           'gateway')),
    session_uuid TEXT NULL
);
CREATE INDEX authorizations_by_at ON authorizations (at_ms);
CREATE INDEX authorizations_by_token ON authorizations (id_token, at_ms);
