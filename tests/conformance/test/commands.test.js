'use strict';
// Issue 3, "every CSMS→station command the back office needs, as a gateway API": the technician
// API's POST /api/v1/stations/{id}/commands/{Action} takes the OCPP request payload as its body,
// sends it as a CALL of the station's version and answers
//   200 {command_id, outcome: "answered", response: <the station's CALLRESULT payload>}
// or an error JSON {error: {code, message, field?}}: 404 when the station is not connected or the
// action is not a command of its version, 400 when the payload breaks the request schema
// (nothing is sent), 502 when the station fails or does not answer within the call timeout.
// The station is a strict ocpp-rpc client, so a CALL the gateway sends that breaks the official
// schema is refused by the station and fails the test.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Gateway } = require('../lib/gateway');
const { connectStation, call } = require('../lib/station');
const { v16, v201 } = require('../lib/messages');
const api = require('../lib/api');

const TEST_TIMEOUT_MS = 30000;
const CALL_TIMEOUT_S = 2;
const QUIET_MS = 500;  // how long "the station receives nothing" is watched

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Each command: the request the API is given and the answer the test station returns.
const COMMANDS = {
    'ocpp1.6': [
        {
            action: 'RemoteStartTransaction',
            request: { connectorId: 1, idTag: 'CMD-TAG-16' },
            response: { status: 'Accepted' },
        },
        { action: 'Reset', request: { type: 'Soft' }, response: { status: 'Accepted' } },
        {
            action: 'ChangeAvailability',
            request: { connectorId: 1, type: 'Inoperative' },
            response: { status: 'Scheduled' },
        },
        {
            action: 'GetConfiguration',
            request: { key: ['HeartbeatInterval', 'NoSuchKey'] },
            response: {
                configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }],
                unknownKey: ['NoSuchKey'],
            },
        },
        {
            action: 'TriggerMessage',
            request: { requestedMessage: 'StatusNotification', connectorId: 1 },
            response: { status: 'Accepted' },
        },
        {
            action: 'UnlockConnector', request: { connectorId: 1 },
            response: { status: 'Unlocked' },
        },
        {
            action: 'DataTransfer',
            request: { vendorId: 'org.iskra.test', messageId: 'ping', data: '{"n":1}' },
            response: { status: 'Accepted', data: 'pong' },
        },
    ],
    'ocpp2.0.1': [
        {
            action: 'RequestStartTransaction',
            request: {
                idToken: { idToken: 'CMD-TAG-201', type: 'ISO14443' }, remoteStartId: 7, evseId: 1,
            },
            response: { status: 'Accepted', transactionId: 'cmd-tx-1' },
        },
        { action: 'Reset', request: { type: 'Immediate' }, response: { status: 'Accepted' } },
        {
            action: 'ChangeAvailability',
            request: { operationalStatus: 'Inoperative', evse: { id: 1, connectorId: 1 } },
            response: { status: 'Scheduled' },
        },
        {
            action: 'GetVariables',
            request: {
                getVariableData: [{
                    component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' },
                }],
            },
            response: {
                getVariableResult: [{
                    attributeStatus: 'Accepted', attributeValue: '300',
                    component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' },
                }],
            },
        },
        {
            action: 'TriggerMessage',
            request: { requestedMessage: 'StatusNotification', evse: { id: 1, connectorId: 1 } },
            response: { status: 'Accepted' },
        },
        {
            action: 'UnlockConnector',
            request: { evseId: 1, connectorId: 1 },
            response: { status: 'Unlocked' },
        },
        {
            action: 'DataTransfer',
            request: { vendorId: 'org.iskra.test', messageId: 'ping', data: { n: 1 } },
            response: { status: 'Accepted', data: 'pong' },
        },
    ],
};

// Payloads the request schema refuses, with a word the 400's message must contain.
const INVALID = {
    'ocpp1.6': [
        {
            action: 'Reset', request: { type: 'Warm' }, names: 'type',
            why: 'not in the enumeration',
        },
        {
            action: 'ChangeAvailability', request: { connectorId: 1 }, names: 'type',
            why: 'a required field missing',
        },
        {
            action: 'RemoteStartTransaction', request: { idTag: 42 }, names: 'idTag',
            why: 'a number where a string is required',
        },
    ],
    'ocpp2.0.1': [
        {
            action: 'Reset', request: { type: 'Warm' }, names: 'type',
            why: 'not in the enumeration',
        },
        {
            action: 'RequestStartTransaction', request: { remoteStartId: 1 }, names: 'idToken',
            why: 'a required field missing',
        },
        {
            action: 'UnlockConnector', request: { evseId: '1', connectorId: 1 }, names: 'evseId',
            why: 'a string where an integer is required',
        },
    ],
};

const OTHER_VERSION_ACTION = {
    'ocpp1.6': { action: 'RequestStartTransaction', request: COMMANDS['ocpp2.0.1'][0].request },
    'ocpp2.0.1': { action: 'GetConfiguration', request: {} },
};

const BOOT = { 'ocpp1.6': v16.boot, 'ocpp2.0.1': v201.boot };

// A strict station that answers every command of COMMANDS[protocol] with its response and
// records what it received: received = [{method, params}] in arrival order.
async function commandStation(gateway, id, protocol) {
    const station = await connectStation(gateway, id, protocol);
    station.received = [];
    for (const command of COMMANDS[protocol]) {
        station.handle(command.action, ({ method, params }) => {
            station.received.push({ method, params });
            return command.response;
        });
    }
    await call(station, 'BootNotification', BOOT[protocol]());
    return station;
}

// Everything the station got from the gateway: its own handlers' record, and calls it does not
// handle (lib/station.js's wildcard handler keeps those in incomingCalls).
function everythingReceived(station) {
    return [...station.received, ...station.incomingCalls];
}

function assertError(answer, status, code, what) {
    assert.equal(answer.status, status, `${what}: ${api.describe(answer)}`);
    assert.ok(answer.body && typeof answer.body === 'object' && answer.body.error,
        `${what}: the body must be {"error": {...}}: ${api.describe(answer)}`);
    assert.equal(typeof answer.body.error.message, 'string',
        `${what}: error.message: ${api.describe(answer)}`);
    if (code) assert.equal(answer.body.error.code, code, `${what}: error.code`);
}

for (const protocol of ['ocpp1.6', 'ocpp2.0.1']) {
    describe(`commands to an ${protocol} station through the API`, () => {
        let gateway;
        let station;
        const tag = protocol === 'ocpp1.6' ? '16' : '201';
        const id = `CMD-${tag}`;
        const others = [];

        before(async () => {
            gateway = await Gateway.start({
                env: { ISKRA_GATEWAY_OCPP_CALL_TIMEOUT_S: String(CALL_TIMEOUT_S) },
            });
            station = await commandStation(gateway, id, protocol);
        });
        after(async () => {
            await Promise.all([station, ...others].filter(Boolean)
                .map((s) => s.close({ force: true })));
            if (gateway) await gateway.stop().finally(() => gateway.dispose());
        });

        for (const command of COMMANDS[protocol]) {
            it(`${command.action}: the station gets exactly the payload, the API returns its ` +
                'answer', { timeout: TEST_TIMEOUT_MS }, async () => {
                const before = everythingReceived(station).length;
                const answer = await api.sendCommand(gateway, id, command.action, command.request);
                assert.equal(answer.status, 200, `${command.action}: ${api.describe(answer)}`);
                assert.equal(answer.body.outcome, 'answered', api.describe(answer));
                assert.deepEqual(answer.body.response, command.response,
                    `${command.action}: the API must return the station's CALLRESULT payload`);
                assert.ok(Number.isInteger(answer.body.command_id) && answer.body.command_id > 0,
                    `${command.action}: command_id must name the recorded command: ` +
                    api.describe(answer));
                const got = everythingReceived(station).slice(before);
                assert.deepEqual(got, [{ method: command.action, params: command.request }],
                    `${command.action}: the station must receive one CALL with exactly the ` +
                    'payload given to the API');
                assert.deepEqual(station.strictFailures, [],
                    'the strict station saw no schema failure');
            });
        }

        it('each command gets its own command_id', { timeout: TEST_TIMEOUT_MS }, async () => {
            const command = COMMANDS[protocol][1];
            const first = await api.sendCommand(gateway, id, command.action, command.request);
            const second = await api.sendCommand(gateway, id, command.action, command.request);
            assert.equal(first.status, 200, api.describe(first));
            assert.equal(second.status, 200, api.describe(second));
            assert.notEqual(first.body.command_id, second.body.command_id);
        });

        for (const bad of INVALID[protocol]) {
            it(`${bad.action} with ${bad.why}: 400 naming ${bad.names}, nothing sent`,
                { timeout: TEST_TIMEOUT_MS }, async () => {
                    const before = everythingReceived(station).length;
                    const answer = await api.sendCommand(gateway, id, bad.action, bad.request);
                    assertError(answer, 400, null, `${bad.action} ${JSON.stringify(bad.request)}`);
                    const text = `${answer.body.error.message} ${answer.body.error.field || ''}`;
                    assert.ok(text.includes(bad.names), `the 400 must name the problem ` +
                        `(${bad.names}): ${api.describe(answer)}`);
                    await sleep(QUIET_MS);
                    assert.deepEqual(everythingReceived(station).slice(before), [],
                        'a payload refused by the gateway must not reach the station');
                });
        }

        it('a body that is not a JSON object: 400, nothing sent', { timeout: TEST_TIMEOUT_MS },
            async () => {
                const before = everythingReceived(station).length;
                for (const body of ['{"type": ', '[1,2]', '"Soft"']) {
                    const answer = await api.sendCommand(gateway, id, 'Reset', body);
                    assertError(answer, 400, null, `body ${body}`);
                }
                await sleep(QUIET_MS);
                assert.deepEqual(everythingReceived(station).slice(before), []);
            });

        it('a station that does not answer: 502 after the call timeout, and the connection ' +
            'lives on', { timeout: TEST_TIMEOUT_MS }, async () => {
            const silentId = `CMD-SILENT-${tag}`;
            const silent = await commandStation(gateway, silentId, protocol);
            others.push(silent);
            const command = COMMANDS[protocol].find((c) => c.action === 'Reset');
            const heard = [];
            silent.handle('Reset', ({ params }) => {
                heard.push(params);
                return new Promise(() => {});  // never answers
            });
            const started = Date.now();
            const answer = await api.sendCommand(gateway, silentId, 'Reset', command.request);
            const elapsed = Date.now() - started;
            assertError(answer, 502, null, 'a station that never answers');
            assert.deepEqual(heard, [command.request], 'the station did get the CALL');
            assert.ok(elapsed >= CALL_TIMEOUT_S * 1000 - 250,
                `502 after ${elapsed} ms: not before the call timeout of ${CALL_TIMEOUT_S} s`);
            assert.ok(elapsed < CALL_TIMEOUT_S * 1000 + 3000,
                `502 after ${elapsed} ms: expected soon after the call timeout of ` +
                `${CALL_TIMEOUT_S} s`);
            // The next command goes out and is answered on the same connection.
            const next = COMMANDS[protocol].find((c) => c.action === 'TriggerMessage');
            const after = await api.sendCommand(gateway, silentId, next.action, next.request);
            assert.equal(after.status, 200, `a command after the timeout: ${api.describe(after)}`);
            assert.deepEqual(after.body.response, next.response);
            assert.deepEqual(await call(silent, 'Heartbeat', {}).then((r) => typeof r.currentTime),
                'string', 'the station still talks to the gateway');
        });

        it('a station that answers with a CALLERROR: 502', { timeout: TEST_TIMEOUT_MS },
            async () => {
                // lib/station.js answers any action without a handler NotImplemented.
                const answer = await api.sendCommand(gateway, id, 'ClearCache', {});
                assertError(answer, 502, null, 'CALLERROR NotImplemented from the station');
                assert.deepEqual(station.incomingCalls.at(-1),
                    { method: 'ClearCache', params: {} });
            });

        it('a station that is not connected: 404', { timeout: TEST_TIMEOUT_MS }, async () => {
            const command = COMMANDS[protocol][1];
            const answer = await api.sendCommand(gateway, `CMD-NOBODY-${tag}`, command.action,
                command.request);
            assertError(answer, 404, 'not_connected', 'command to a station never connected');
        });

        it('an action of the other OCPP version: 404, nothing sent', { timeout: TEST_TIMEOUT_MS },
            async () => {
                const before = everythingReceived(station).length;
                const other = OTHER_VERSION_ACTION[protocol];
                const answer = await api.sendCommand(gateway, id, other.action, other.request);
                assertError(answer, 404, 'unknown_action',
                    `${other.action} is not an ${protocol} command`);
                const notACommand = await api.sendCommand(gateway, id, 'BootNotification',
                    BOOT[protocol]());
                assertError(notACommand, 404, 'unknown_action',
                    'BootNotification is sent by stations, not a command');
                await sleep(QUIET_MS);
                assert.deepEqual(everythingReceived(station).slice(before), []);
            });
    });
}
