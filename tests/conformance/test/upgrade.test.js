'use strict';
// Issue 3: "an unsupported subprotocol is refused at the upgrade"; so are a missing subprotocol
// and a path that is not {prefix}/{stationId}. How to refuse is OCPP-J's (1.6 section 3.1.2,
// 2.0.1 part 4 section 3.1.2):
//   - "If the Central System does not agree to using one of the subprotocols offered by the
//     client, it MUST complete the WebSocket handshake with a response without a
//     Sec-WebSocket-Protocol header and then immediately close the WebSocket connection."
//   - "If the Central System does not recognize the charge point identifier in the URL path, it
//     SHOULD send an HTTP response with status 404 and abort the WebSocket connection."
// Either way the station (and the technician reading its log) gets an HTTP answer, never a
// connection dropped without one.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Gateway, HOST } = require('../lib/gateway');
const { tryUpgrade } = require('../lib/station');
const { handshake } = require('../lib/handshake');
const status = require('../lib/status');

const TEST_TIMEOUT_MS = 15000;
const IMMEDIATE_CLOSE_MS = 1000;

function assertAnswered(result, what) {
    assert.equal(result.answered, true, `${what}: the gateway must answer the upgrade request ` +
        `with an HTTP response, not drop the connection without one (${result.error})`);
}

// 101 without Sec-WebSocket-Protocol, then a close at once.
function assertHandshakeThenClose(result, what) {
    assertAnswered(result, what);
    assert.equal(result.status, 101, `${what}: OCPP-J says complete the handshake (101) without ` +
        `a Sec-WebSocket-Protocol header, then close; got HTTP ${result.status}`);
    assert.equal(result.headers['sec-websocket-protocol'], undefined,
        `${what}: the 101 must not name a subprotocol`);
    assert.ok(result.closedAfterMs !== null && result.closedAfterMs <= IMMEDIATE_CLOSE_MS,
        `${what}: the gateway must close the WebSocket immediately after the handshake ` +
        `(closed after ${result.closedAfterMs} ms)`);
}

describe('WebSocket upgrade', () => {
    let gateway;
    const upgrade = (path, protocols) => handshake(HOST, gateway.ocppPort, path, protocols);

    before(async () => {
        gateway = await Gateway.start();
    });
    after(async () => {
        if (gateway) await gateway.stop().finally(() => gateway.dispose());
    });

    it('offering only ocpp1.5: handshake without a subprotocol, then closed at once',
        { timeout: TEST_TIMEOUT_MS }, async () => {
            assertHandshakeThenClose(await upgrade('/ocpp/UPG-15', ['ocpp1.5']),
                'subprotocol ocpp1.5 offered');
            const client = await tryUpgrade(`${gateway.ocppUrl}/UPG-15`, ['ocpp1.5']);
            if (client.opened) client.ws.terminate();
            assert.equal(client.opened, false, 'a WebSocket client offering only ocpp1.5 must ' +
                `not end up connected (it saw ${JSON.stringify({ ...client, ws: undefined })})`);
        });

    it('offering no subprotocol: refused with an HTTP 4xx, or handshake without one and closed',
        { timeout: TEST_TIMEOUT_MS }, async () => {
            const result = await upgrade('/ocpp/UPG-NONE', []);
            assertAnswered(result, 'no subprotocol offered');
            if (result.status === 101) {
                assertHandshakeThenClose(result, 'no subprotocol offered');
            } else {
                assert.ok(result.status >= 400 && result.status < 500,
                    `no subprotocol offered: HTTP ${result.status}, expected a 4xx refusal`);
            }
        });

    it('a path that is not /ocpp/{stationId} gets HTTP 404', { timeout: TEST_TIMEOUT_MS },
        async () => {
            for (const path of ['/elsewhere/UPG-PATH', '/ocpp', '/ocpp/']) {
                const result = await upgrade(path, ['ocpp1.6']);
                assertAnswered(result, `path ${path}`);
                assert.equal(result.status, 404, `path ${path}: HTTP status`);
            }
        });

    it('ocpp1.6 and ocpp2.0.1 are accepted, also when offered beside an unsupported one',
        { timeout: TEST_TIMEOUT_MS }, async () => {
            const cases = [
                [['ocpp1.6'], 'ocpp1.6'],
                [['ocpp2.0.1'], 'ocpp2.0.1'],
                [['ocpp1.5', 'ocpp2.0.1'], 'ocpp2.0.1'],
            ];
            for (const [offered, chosen] of cases) {
                const outcome = await tryUpgrade(`${gateway.ocppUrl}/UPG-OK`, offered);
                assert.equal(outcome.opened, true,
                    `offering ${offered.join(',')} must open: ${JSON.stringify(outcome)}`);
                assert.equal(outcome.protocol, chosen, `offering ${offered.join(',')}`);
                outcome.ws.terminate();
            }
        });

    it('each refused upgrade is logged with the station id or path, for the technician',
        { timeout: TEST_TIMEOUT_MS }, async () => {
            await new Promise((resolve) => setTimeout(resolve, 200));  // let the log reach us
            for (const name of ['UPG-15', 'UPG-NONE', '/elsewhere/UPG-PATH']) {
                assert.ok(gateway.stderr.includes(name), `the gateway's log must say it refused ` +
                    `${name}; its log:\n${gateway.stderr}`);
            }
        });

    it('no refused station is listed as connected', { timeout: TEST_TIMEOUT_MS }, async () => {
        const connected = status.connectedStations(await status.readStatus(gateway));
        const refused = connected.filter((s) => /^UPG-(15|NONE|PATH)$/.test(s.id));
        assert.deepEqual(refused, [], 'status API connected list');
    });
});
