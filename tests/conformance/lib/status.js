'use strict';
// Reads the gateway's technician status API (GET /api/v1/status). Its JSON shape is young: every
// field the tests use is read here and only here, so a change of shape is fixed in one place.
//
// Shape assumed (the gateway's status_page.cpp renders the same fields):
//   { connected: [{station_id, protocol, ...}], connectors: [{station_id, evse_id, connector_id,
//     status, ...}], open_sessions: [{session_id, station_id, connector_id, token, started_at,
//     meter_start_wh, last_meter_wh, ...}], outbox_backlog: <int>, uplink: ... }

const http = require('node:http');

const REQUEST_TIMEOUT_MS = 5000;

function getJson(url) {
    return new Promise((resolve, reject) => {
        // agent: false: one connection per request, closed after it. A kept-alive connection
        // (Node 19+'s default) holds the gateway's HTTP worker and so slows its SIGTERM stop.
        const request = http.get(url, { timeout: REQUEST_TIMEOUT_MS, agent: false }, (response) => {
            let body = '';
            response.setEncoding('utf8');
            response.on('data', (chunk) => { body += chunk; });
            response.on('end', () => {
                if (response.statusCode !== 200) {
                    return reject(new Error(`GET ${url}: HTTP ${response.statusCode}: ${body}`));
                }
                try {
                    resolve(JSON.parse(body));
                } catch (error) {
                    reject(new Error(`GET ${url}: not JSON (${error.message}): ${body}`));
                }
            });
        });
        request.on('timeout', () => request.destroy(new Error(`GET ${url}: timed out`)));
        request.on('error', reject);
    });
}

async function readStatus(gateway) {
    return getJson(`${gateway.statusUrl}/api/v1/status`);
}

function listField(status, name) {
    const value = status[name];
    if (!Array.isArray(value)) {
        throw new Error(`status API: expected "${name}" to be a list, got ` +
            `${JSON.stringify(value)} in ${JSON.stringify(status)}`);
    }
    return value;
}

// [{id, protocol}] of the stations connected now.
function connectedStations(status) {
    return listField(status, 'connected').map((s) => ({ id: s.station_id, protocol: s.protocol }));
}

// [{stationId, evseId, connectorId, status}]
function connectors(status) {
    return listField(status, 'connectors').map((c) => ({
        stationId: c.station_id,
        evseId: c.evse_id,
        connectorId: c.connector_id,
        status: c.status,
    }));
}

// [{sessionId, stationId, meterStartWh, lastMeterWh}]
function openSessions(status) {
    return listField(status, 'open_sessions').map((s) => ({
        sessionId: s.session_id,
        stationId: s.station_id,
        meterStartWh: s.meter_start_wh,
        lastMeterWh: s.last_meter_wh,
    }));
}

// How many outbox events wait for central.
function outboxBacklog(status) {
    const value = status.outbox_backlog;
    if (!Number.isInteger(value)) {
        throw new Error(`status API: expected "outbox_backlog" to be an integer, got ` +
            `${JSON.stringify(value)}`);
    }
    return value;
}

// Polls the status until `predicate(status)` is true; bounded by time. Returns the last status.
async function waitForStatus(gateway, predicate, what, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
        last = await readStatus(gateway);
        if (predicate(last)) return last;
        if (Date.now() > deadline) {
            throw new Error(`status API never showed ${what} within ${timeoutMs} ms; last: ` +
                JSON.stringify(last));
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

module.exports = {
    readStatus, connectedStations, connectors, openSessions, outboxBacklog, waitForStatus, getJson,
};
