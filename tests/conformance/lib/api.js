'use strict';
// Writes to the gateway's technician API (the status server, loopback by default): the station
// allow-list, the local authorisation list, and commands to a station. Every path and body shape
// of these routes is known here only; lib/status.js keeps the reads of GET /api/v1/status.
//
//   PUT  /api/v1/stations/{id}                  {allow_state, password?}
//   POST /api/v1/local-list                     {version, update_type, entries: [...]}
//   POST /api/v1/stations/{id}/commands/{Action} the OCPP request payload
// Errors: a 4xx/5xx with {error: {code, message, field?}}.

const http = require('node:http');

const REQUEST_TIMEOUT_MS = 10000;

// Resolves with {status, headers, body (parsed JSON, or the text if it is not JSON), text};
// rejects only when no HTTP answer came (refused, reset, timeout).
function request(method, url, body, timeoutMs = REQUEST_TIMEOUT_MS) {
    const text = body === undefined ? undefined
        : typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
        // agent: false: one connection per request (see lib/status.js for why).
        const req = http.request(url, {
            method,
            agent: false,
            timeout: timeoutMs,
            headers: text === undefined ? {} : {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(text),
            },
        }, (response) => {
            let data = '';
            response.setEncoding('utf8');
            response.on('data', (chunk) => { data += chunk; });
            response.on('end', () => {
                let parsed = data;
                try {
                    parsed = JSON.parse(data);
                } catch {
                    // left as text: the assertion that wanted JSON says so
                }
                resolve({ status: response.statusCode, headers: response.headers, body: parsed,
                    text: data });
            });
        });
        req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer within ` +
            `${timeoutMs} ms`)));
        req.on('error', reject);
        if (text !== undefined) req.write(text);
        req.end();
    });
}

// A one-line description of an answer, for assertion messages.
function describe(answer) {
    return `HTTP ${answer.status} ${answer.text}`;
}

function stationUrl(gateway, id) {
    return `${gateway.statusUrl}/api/v1/stations/${encodeURIComponent(id)}`;
}

// Adds or changes a station on the allow-list; the raw answer.
function putStation(gateway, id, body) {
    return request('PUT', stationUrl(gateway, id), body);
}

// Same, and fails unless the gateway took it (200).
async function setStation(gateway, id, allowState, password) {
    const body = { allow_state: allowState };
    if (password !== undefined) body.password = password;
    const answer = await putStation(gateway, id, body);
    if (answer.status !== 200) {
        throw new Error(`PUT station ${id} ${JSON.stringify(body)}: ${describe(answer)}`);
    }
    return answer.body;
}

// Sets the local authorisation list; the raw answer. `body` may be a string (sent as it is).
function postLocalList(gateway, body) {
    return request('POST', `${gateway.statusUrl}/api/v1/local-list`, body);
}

// Sends an OCPP command to a connected station; the raw answer. The HTTP wait is bounded by
// timeoutMs (the gateway answers after the station does, or after its call timeout).
function sendCommand(gateway, id, action, payload, timeoutMs = 20000) {
    return request('POST', `${stationUrl(gateway, id)}/commands/${encodeURIComponent(action)}`,
        payload, timeoutMs);
}

module.exports = {
    request, describe, putStation, setStation, postLocalList, sendCommand,
};
