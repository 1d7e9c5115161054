'use strict';
// Reads what the gateway stored, with Debian's sqlite3 command-line shell, read-only. Every SQL the
// tests depend on is here, against gateway/store/migrations/*.sql: a schema change is fixed in
// this one file. Prefer the status API (lib/status.js) where it gives the answer.

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

function query(dbPath, sql) {
    if (!fs.existsSync(dbPath)) throw new Error(`no gateway database at ${dbPath}`);
    let out;
    try {
        out = execFileSync('sqlite3', ['-readonly', '-json', dbPath, sql], {
            encoding: 'utf8', timeout: 20000, maxBuffer: 256 * 1024 * 1024,
        });
    } catch (error) {
        throw new Error(`sqlite3 ${dbPath} "${sql}" failed: ${error.stderr || error.message}`);
    }
    return out.trim() ? JSON.parse(out) : [];
}

// Normalises a stored timestamp so it compares with what a test sent (both UTC, milliseconds).
function instant(text) {
    return text == null ? null : new Date(text).toISOString();
}

// Every session: {sessionUuid, stationId, transactionId (1.6 number or 2.0.1 string), state,
// meterStartWh, meterStopWh, startedAt, endedAt}.
function sessions(dbPath, stationId) {
    const where = stationId ? ` WHERE station_id = '${stationId.replace(/'/g, "''")}'` : '';
    return query(dbPath, 'SELECT session_uuid, station_id, transaction_id_v16, ' +
        'transaction_id_v201, state, meter_start_wh, meter_stop_wh, started_at, ended_at ' +
        `FROM sessions${where} ORDER BY created_at, session_uuid`).map((row) => ({
        sessionUuid: row.session_uuid,
        stationId: row.station_id,
        transactionId: row.transaction_id_v16 ?? row.transaction_id_v201,
        state: row.state,
        meterStartWh: row.meter_start_wh,
        meterStopWh: row.meter_stop_wh,
        startedAt: instant(row.started_at),
        endedAt: instant(row.ended_at),
    }));
}

// Every stored meter sample: {stationId, sessionUuid, sampledAt, context, energyWh}.
function meterSamples(dbPath) {
    return query(dbPath, 'SELECT station_id, session_uuid, sampled_at, context, energy_wh ' +
        'FROM meter_samples ORDER BY id').map((row) => ({
        stationId: row.station_id,
        sessionUuid: row.session_uuid,
        sampledAt: instant(row.sampled_at),
        context: row.context,
        energyWh: row.energy_wh,
    }));
}

// Every connector status a station reported: {stationId, evseId, connectorId, status, stationTime}.
function statusHistory(dbPath) {
    return query(dbPath, 'SELECT station_id, evse_id, connector_id, status, station_time ' +
        'FROM connector_status_history ORDER BY id').map((row) => ({
        stationId: row.station_id,
        evseId: row.evse_id,
        connectorId: row.connector_id,
        status: row.status,
        stationTime: instant(row.station_time),
    }));
}

// The outbox in sequence order: {seq, type, event (the parsed payload)}.
function outbox(dbPath) {
    return query(dbPath, 'SELECT seq, event_type, payload FROM outbox ORDER BY seq').map((row) => ({
        seq: row.seq,
        type: row.event_type,
        event: JSON.parse(row.payload),
    }));
}

// The station an outbox event is about, and a key naming the station message it came from, in the
// same words as lib/scripted-station.js (messageKey); null for events no station message maps to
// one-to-one (authorisation decisions, flags).
function outboxMessageKey(entry) {
    const e = entry.event;
    const first = (samples) => (samples && samples.length ? instant(samples[0].timestamp) : '-');
    switch (entry.type) {
        case 'StationBooted':
            return 'boot';
        case 'ConnectorStatusChanged':
            return `status|${e.connector.evse_id}|${e.connector.connector_id}|${e.status}|` +
                instant(e.timestamp);
        case 'SessionStarted':
            return `start|${instant(e.started_at)}`;
        case 'MeterValuesReported':
            return `meter|${first(e.samples)}`;
        case 'SessionUpdated':
            return `update|${e.sequence.seq_no}`;
        case 'SessionEnded':
            return `end|${instant(e.ended_at)}`;
        default:
            return null;
    }
}

// A station's allow-list row: {stationId, allowState, passwordHash} or null.
function station(dbPath, stationId) {
    const rows = query(dbPath, 'SELECT station_id, allow_state, password_hash FROM stations ' +
        `WHERE station_id = '${stationId.replace(/'/g, "''")}'`);
    return rows.length ? {
        stationId: rows[0].station_id,
        allowState: rows[0].allow_state,
        passwordHash: rows[0].password_hash,
    } : null;
}

function outboxStation(entry) {
    return entry.event && entry.event.station_id;
}

module.exports = {
    query, sessions, meterSamples, statusHistory, outbox, outboxMessageKey, outboxStation, instant,
    station,
};
