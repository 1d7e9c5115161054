'use strict';
// Issue 3, item 6, "the bugs every CSMS has": a repeated StartTransaction (same connector, idTag,
// meterStart, timestamp) gets the transactionId it got the first time, never a second session; a
// StopTransaction or Ended event sent twice is accepted both times and applied once.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Gateway } = require('../lib/gateway');
const { connectStation, call } = require('../lib/station');
const { v16, v201, iso } = require('../lib/messages');
const store = require('../lib/store');
const status = require('../lib/status');

const TEST_TIMEOUT_MS = 20000;

function outboxOf(gateway, stationId, type) {
    return store.outbox(gateway.dbPath)
        .filter((e) => store.outboxStation(e) === stationId && e.type === type);
}

function assertOneClosedSession(gateway, stationId, { meterStart, meterStop, what }) {
    const rows = store.sessions(gateway.dbPath, stationId);
    assert.equal(rows.length, 1, `${what}: exactly one session stored for ${stationId}, got ` +
        JSON.stringify(rows));
    const [session] = rows;
    assert.equal(session.state, 'closed', `${what}: the session is closed`);
    assert.equal(session.meterStartWh, meterStart, `${what}: meter start`);
    assert.equal(session.meterStopWh, meterStop, `${what}: meter stop`);
    assert.equal(session.meterStopWh - session.meterStartWh, meterStop - meterStart,
        `${what}: energy = meterStop - meterStart`);
    for (const type of ['SessionStarted', 'SessionEnded']) {
        assert.equal(outboxOf(gateway, stationId, type).length, 1,
            `${what}: one ${type} event in the outbox for central`);
    }
}

describe('repeated messages are applied once', () => {
    let gateway;
    const clients = [];

    before(async () => {
        gateway = await Gateway.start();
    });
    after(async () => {
        await Promise.all(clients.map((c) => c.close({ force: true })));
        if (gateway) await gateway.stop().finally(() => gateway.dispose());
    });

    it('OCPP 1.6: a repeated StartTransaction gets the same transactionId; a double ' +
        'StopTransaction closes the session once', { timeout: TEST_TIMEOUT_MS }, async () => {
        const id = 'DUR-16';
        const station = await connectStation(gateway, id, 'ocpp1.6');
        clients.push(station);
        await call(station, 'BootNotification', v16.boot());
        const t0 = Date.now() - 120000;
        const start = v16.start({ connectorId: 1, idTag: 'TAG-DUR', meterStart: 1000, time: t0 });

        const first = await call(station, 'StartTransaction', start);
        const again = await call(station, 'StartTransaction', start);
        assert.equal(again.transactionId, first.transactionId,
            'the same StartTransaction (connector, idTag, meterStart, timestamp) sent twice must ' +
            'get the transactionId of the first');
        assert.equal(store.sessions(gateway.dbPath, id).length, 1,
            'a repeated StartTransaction must not open a second session');
        const open = status.openSessions(await status.readStatus(gateway))
            .filter((s) => s.stationId === id);
        assert.equal(open.length, 1, `status API: one open session for ${id}`);

        await call(station, 'MeterValues',
            v16.meterValues({ transactionId: first.transactionId, wh: 2500, time: t0 + 30000 }));
        const stop = v16.stop({
            transactionId: first.transactionId, meterStop: 4500, time: t0 + 60000, idTag: 'TAG-DUR',
        });
        await call(station, 'StopTransaction', stop);
        await call(station, 'StopTransaction', stop);  // the answer was "lost": sent again

        assertOneClosedSession(gateway, id, {
            meterStart: 1000, meterStop: 4500, what: 'StopTransaction sent twice',
        });
        const [session] = store.sessions(gateway.dbPath, id);
        assert.equal(session.endedAt, iso(t0 + 60000), 'session end time is the stop timestamp');
    });

    it('OCPP 2.0.1: a repeated TransactionEvent Started opens one session; a double Ended ' +
        'closes it once', { timeout: TEST_TIMEOUT_MS }, async () => {
        const id = 'DUR-201';
        const station = await connectStation(gateway, id, 'ocpp2.0.1');
        clients.push(station);
        await call(station, 'BootNotification', v201.boot());
        const t0 = Date.now() - 120000;
        const transactionId = 'tx-durability-201';
        const started = v201.transactionEvent({
            kind: 'Started', transactionId, seqNo: 0, wh: 1000, time: t0, idToken: 'TAG-DUR',
        });
        await call(station, 'TransactionEvent', started);
        await call(station, 'TransactionEvent', started);
        assert.equal(store.sessions(gateway.dbPath, id).length, 1,
            'a repeated TransactionEvent Started must not open a second session');

        const updated = v201.transactionEvent({
            kind: 'Updated', transactionId, seqNo: 1, wh: 2500, time: t0 + 30000,
        });
        await call(station, 'TransactionEvent', updated);
        await call(station, 'TransactionEvent', updated);
        const samples = store.meterSamples(gateway.dbPath)
            .filter((s) => s.stationId === id && s.sampledAt === iso(t0 + 30000));
        assert.equal(samples.length, 1, 'a repeated TransactionEvent Updated (same seqNo) stores ' +
            `its meter value once, got ${JSON.stringify(samples)}`);

        const ended = v201.transactionEvent({
            kind: 'Ended', transactionId, seqNo: 2, wh: 4500, time: t0 + 60000, idToken: 'TAG-DUR',
        });
        await call(station, 'TransactionEvent', ended);
        await call(station, 'TransactionEvent', ended);

        assertOneClosedSession(gateway, id, {
            meterStart: 1000, meterStop: 4500, what: 'TransactionEvent Ended sent twice',
        });
    });
});
