'use strict';
// Issue 3, "every station→CSMS message is accepted, validated, stored and answered correctly":
// a strict ocpp-rpc charge point of each version walks through boot, heartbeat, status,
// authorisation, a whole session and the firmware/diagnostics/security messages. ocpp-rpc's
// strict mode rejects any answer of the gateway that breaks the official schema.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Gateway } = require('../lib/gateway');
const { connectStation, call } = require('../lib/station');
const { v16, v201 } = require('../lib/messages');
const status = require('../lib/status');

const TEST_TIMEOUT_MS = 20000;

function assertServerTime(currentTime, action) {
    assert.equal(typeof currentTime, 'string', `${action}: currentTime must be a string`);
    const skew = Math.abs(Date.parse(currentTime) - Date.now());
    assert.ok(skew < 60000, `${action}: currentTime ${currentTime} should be the gateway's clock ` +
        `(now is ${new Date().toISOString()})`);
}

function assertBootAccepted(response) {
    assert.equal(response.status, 'Accepted',
        'BootNotification: with ACCEPT_UNKNOWN_STATIONS=1 any station is Accepted');
    assert.ok(Number.isInteger(response.interval) && response.interval > 0,
        'BootNotification: interval must be a positive heartbeat interval, got ' +
        `${response.interval}`);
    assertServerTime(response.currentTime, 'BootNotification');
}

async function openSessionOf(gateway, stationId) {
    const now = await status.readStatus(gateway);
    return status.openSessions(now).filter((s) => s.stationId === stationId);
}

describe('OCPP 1.6 station, strict', () => {
    let gateway;
    let station;
    const id = 'CORE-16';

    before(async () => {
        gateway = await Gateway.start({ env: { ISKRA_GATEWAY_OFFLINE_UNKNOWN_TOKENS: 'accept' } });
        station = await connectStation(gateway, id, 'ocpp1.6');
    });
    after(async () => {
        if (station) await station.close({ force: true });
        if (gateway) await gateway.stop().finally(() => gateway.dispose());
    });

    it('BootNotification is Accepted with interval and currentTime', { timeout: TEST_TIMEOUT_MS },
        async () => {
            assertBootAccepted(await call(station, 'BootNotification', v16.boot()));
        });

    it('Heartbeat returns the current time', { timeout: TEST_TIMEOUT_MS }, async () => {
        const response = await call(station, 'Heartbeat', {});
        assertServerTime(response.currentTime, 'Heartbeat');
    });

    it('StatusNotification is answered and shows on the status API', { timeout: TEST_TIMEOUT_MS },
        async () => {
            for (const connectorId of [0, 1]) {
                assert.deepEqual(await call(station, 'StatusNotification',
                    v16.status(connectorId, 'Available')), {});
            }
            await status.waitForStatus(gateway, (s) => status.connectors(s).some((c) =>
                c.stationId === id && c.connectorId === 1 && c.status === 'Available'),
            `connector 1 of ${id} Available`);
            const connected = status.connectedStations(await status.readStatus(gateway));
            assert.deepEqual(connected.filter((s) => s.id === id), [{ id, protocol: 'ocpp1.6' }],
                'status API lists the station once, as connected with ocpp1.6');
        });

    it('Authorize of an unknown token is Accepted with OFFLINE_UNKNOWN_TOKENS=accept',
        { timeout: TEST_TIMEOUT_MS }, async () => {
            const response = await call(station, 'Authorize', v16.authorize('UNKNOWN-16'));
            assert.equal(response.idTagInfo.status, 'Accepted');
        });

    it('a whole session: StartTransaction, MeterValues, StopTransaction',
        { timeout: TEST_TIMEOUT_MS }, async () => {
            const t0 = Date.now() - 60000;
            await call(station, 'StatusNotification', v16.status(1, 'Preparing', t0));
            const started = await call(station, 'StartTransaction',
                v16.start({ idTag: 'TAG-16', meterStart: 12000, time: t0 }));
            assert.equal(started.idTagInfo.status, 'Accepted', 'StartTransaction: idTagInfo');
            assert.ok(Number.isInteger(started.transactionId),
                `StartTransaction: transactionId must be an integer, got ${started.transactionId}`);
            await call(station, 'StatusNotification', v16.status(1, 'Charging', t0 + 1000));

            const open = await openSessionOf(gateway, id);
            assert.equal(open.length, 1, `status API: one open session for ${id}, got ` +
                JSON.stringify(open));
            assert.equal(open[0].meterStartWh, 12000, 'open session: meter start in Wh');

            for (let k = 1; k <= 3; k += 1) {
                assert.deepEqual(await call(station, 'MeterValues', v16.meterValues({
                    transactionId: started.transactionId, wh: 12000 + k * 250, time: t0 + k * 10000,
                })), {});
            }
            const stopped = await call(station, 'StopTransaction', v16.stop({
                transactionId: started.transactionId, meterStop: 13000, time: t0 + 40000,
                idTag: 'TAG-16',
            }));
            if (stopped.idTagInfo) assert.equal(stopped.idTagInfo.status, 'Accepted');
            await call(station, 'StatusNotification', v16.status(1, 'Available', t0 + 41000));
            await status.waitForStatus(gateway,
                (s) => !status.openSessions(s).some((x) => x.stationId === id),
                `no open session for ${id} after StopTransaction`);
        });

    it('DataTransfer is answered with a valid status', { timeout: TEST_TIMEOUT_MS }, async () => {
        const response = await call(station, 'DataTransfer', v16.dataTransfer());
        assert.ok(['Accepted', 'Rejected', 'UnknownMessageId', 'UnknownVendorId']
            .includes(response.status));
    });

    it('SecurityEventNotification, FirmwareStatusNotification, DiagnosticsStatusNotification and ' +
        'LogStatusNotification are answered', { timeout: TEST_TIMEOUT_MS }, async () => {
        assert.deepEqual(await call(station, 'SecurityEventNotification', v16.securityEvent()), {});
        assert.deepEqual(
            await call(station, 'FirmwareStatusNotification', v16.firmwareStatus()), {});
        assert.deepEqual(
            await call(station, 'DiagnosticsStatusNotification', v16.diagnosticsStatus()), {});
        assert.deepEqual(await call(station, 'LogStatusNotification', v16.logStatus()), {});
    });

    it('the gateway sent the station no call it should not have', () => {
        assert.deepEqual(station.strictFailures, [], 'no schema failure in either direction');
    });
});

describe('OCPP 2.0.1 station, strict', () => {
    let gateway;
    let station;
    const id = 'CORE-201';

    before(async () => {
        gateway = await Gateway.start({ env: { ISKRA_GATEWAY_OFFLINE_UNKNOWN_TOKENS: 'accept' } });
        station = await connectStation(gateway, id, 'ocpp2.0.1');
    });
    after(async () => {
        if (station) await station.close({ force: true });
        if (gateway) await gateway.stop().finally(() => gateway.dispose());
    });

    it('BootNotification is Accepted with interval and currentTime', { timeout: TEST_TIMEOUT_MS },
        async () => {
            assertBootAccepted(await call(station, 'BootNotification', v201.boot()));
        });

    it('Heartbeat returns the current time', { timeout: TEST_TIMEOUT_MS }, async () => {
        const response = await call(station, 'Heartbeat', {});
        assertServerTime(response.currentTime, 'Heartbeat');
    });

    it('StatusNotification is answered and shows on the status API', { timeout: TEST_TIMEOUT_MS },
        async () => {
            assert.deepEqual(
                await call(station, 'StatusNotification', v201.status(1, 'Available')), {});
            await status.waitForStatus(gateway, (s) => status.connectors(s).some((c) =>
                c.stationId === id && c.evseId === 1 && c.connectorId === 1 &&
                c.status === 'Available'), `EVSE 1 connector 1 of ${id} Available`);
            const connected = status.connectedStations(await status.readStatus(gateway));
            assert.deepEqual(connected.filter((s) => s.id === id), [{ id, protocol: 'ocpp2.0.1' }],
                'status API lists the station once, as connected with ocpp2.0.1');
        });

    it('Authorize of an unknown token is Accepted with OFFLINE_UNKNOWN_TOKENS=accept',
        { timeout: TEST_TIMEOUT_MS }, async () => {
            const response = await call(station, 'Authorize', v201.authorize('UNKNOWN-201'));
            assert.equal(response.idTokenInfo.status, 'Accepted');
        });

    it('a whole session: TransactionEvent Started, Updated, MeterValues, Ended',
        { timeout: TEST_TIMEOUT_MS }, async () => {
            const t0 = Date.now() - 60000;
            const transactionId = `tx-core-${Date.now()}`;
            const started = await call(station, 'TransactionEvent', v201.transactionEvent({
                kind: 'Started', transactionId, seqNo: 0, wh: 5000, time: t0, idToken: 'TAG-201',
            }));
            // 2.0.1: idTokenInfo "is required when the TransactionEventRequest contained an
            // idToken".
            assert.equal(started.idTokenInfo && started.idTokenInfo.status, 'Accepted',
                'TransactionEvent Started with an idToken must be answered with its idTokenInfo');
            await call(station, 'StatusNotification', v201.status(1, 'Occupied', t0 + 500));

            const open = await openSessionOf(gateway, id);
            assert.equal(open.length, 1, `status API: one open session for ${id}, got ` +
                JSON.stringify(open));
            assert.equal(open[0].meterStartWh, 5000, 'open session: meter start in Wh');

            for (let k = 1; k <= 3; k += 1) {
                await call(station, 'TransactionEvent', v201.transactionEvent({
                    kind: 'Updated', transactionId, seqNo: k, wh: 5000 + k * 300,
                    time: t0 + k * 10000,
                }));
            }
            assert.deepEqual(await call(station, 'MeterValues',
                v201.meterValues({ wh: 6000, time: t0 + 35000 })), {});
            const ended = await call(station, 'TransactionEvent', v201.transactionEvent({
                kind: 'Ended', transactionId, seqNo: 4, wh: 6100, time: t0 + 40000,
                idToken: 'TAG-201',
            }));
            assert.equal(ended.idTokenInfo && ended.idTokenInfo.status, 'Accepted',
                'TransactionEvent Ended with an idToken must be answered with its idTokenInfo');
            await call(station, 'StatusNotification', v201.status(1, 'Available', t0 + 41000));
            await status.waitForStatus(gateway,
                (s) => !status.openSessions(s).some((x) => x.stationId === id),
                `no open session for ${id} after TransactionEvent Ended`);
        });

    it('DataTransfer is answered with a valid status', { timeout: TEST_TIMEOUT_MS }, async () => {
        const response = await call(station, 'DataTransfer', v201.dataTransfer());
        assert.ok(['Accepted', 'Rejected', 'UnknownMessageId', 'UnknownVendorId']
            .includes(response.status));
    });

    it('SecurityEventNotification, FirmwareStatusNotification and LogStatusNotification are ' +
        'answered', { timeout: TEST_TIMEOUT_MS }, async () => {
        assert.deepEqual(
            await call(station, 'SecurityEventNotification', v201.securityEvent()), {});
        assert.deepEqual(
            await call(station, 'FirmwareStatusNotification', v201.firmwareStatus()), {});
        assert.deepEqual(await call(station, 'LogStatusNotification', v201.logStatus()), {});
    });

    it('the gateway sent the station no call it should not have', () => {
        assert.deepEqual(station.strictFailures, [], 'no schema failure in either direction');
    });
});
