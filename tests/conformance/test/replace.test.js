'use strict';
// Issue 3: "a second connection with the same id replaces the first cleanly": the first socket
// is closed by the gateway, the second one works, and the station is listed once.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Gateway } = require('../lib/gateway');
const { connectStation, call, closed, RPCClient } = require('../lib/station');
const { v16, v201 } = require('../lib/messages');
const status = require('../lib/status');

const BOOT = { 'ocpp1.6': v16.boot(), 'ocpp2.0.1': v201.boot() };

describe('a second connection with the same station id', () => {
    let gateway;
    const clients = [];

    before(async () => {
        gateway = await Gateway.start();
    });
    after(async () => {
        await Promise.all(clients.map((c) => c.close({ force: true })));
        if (gateway) await gateway.stop().finally(() => gateway.dispose());
    });

    for (const [first, second] of [['ocpp1.6', 'ocpp1.6'], ['ocpp2.0.1', 'ocpp2.0.1'],
        ['ocpp1.6', 'ocpp2.0.1']]) {
        it(`replaces the first (${first}, then ${second})`, { timeout: 15000 }, async () => {
            const id = `DUP-${first}-${second}`;
            const old = await connectStation(gateway, id, first);
            clients.push(old);
            await call(old, 'BootNotification', BOOT[first]);
            const oldClosed = closed(old, 5000);

            const fresh = await connectStation(gateway, id, second);
            clients.push(fresh);
            const closeEvent = await oldClosed.catch((error) => {
                throw new Error(`the gateway did not close the first connection of ${id} when ` +
                    `the second came: ${error.message}`);
            });
            assert.notEqual(closeEvent.code, 1006, 'the first connection must be closed cleanly, ' +
                `with a WebSocket close frame, not dropped (got ${JSON.stringify(closeEvent)})`);
            assert.equal(old.state, RPCClient.CLOSED, 'first connection closed');

            await call(fresh, 'BootNotification', BOOT[second]);
            const heartbeat = await call(fresh, 'Heartbeat', {});
            assert.equal(typeof heartbeat.currentTime, 'string', 'Heartbeat on the new connection');

            const listed = await status.waitForStatus(gateway, (s) =>
                status.connectedStations(s).filter((c) => c.id === id).length === 1,
            `${id} listed once`);
            assert.deepEqual(status.connectedStations(listed).filter((c) => c.id === id),
                [{ id, protocol: second }], 'status API lists the new connection only');
        });
    }
});
