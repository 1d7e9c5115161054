'use strict';
// Issue 6, "Running cost": the gateway prices a session in progress from the tariff central last
// sent it, and tells the station: OCPP 2.0.1 CostUpdated, and for 1.6 a DataTransfer
// (vendorId "org.iskra", messageId "RunningCost", data {"transactionId", "totalCost", "currency"}).
// Also offline: with central stopped and the gateway restarted, the stored tariff and the open
// session carry on. Central prices the same session the same way for the web app
// (GET /api/v1/sessions/{uuid}/cost).
//
// Real processes on 127.0.0.1: iskra-central (SQLite), an enrolled iskra-gateway, and strict
// ocpp-rpc stations, which refuse any CALL from the gateway that breaks the official schema.
// The tariff: energy at 2.00 zł/kWh gross, nothing else, so every figure is kWh × 2.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { connectStation, call } = require('../lib/station');
const { Central } = require('../../end-to-end/lib/central');
const { Gateway } = require('../../end-to-end/lib/gateway');
const { endAll, waitFor, sleep } = require('../../end-to-end/lib/process');

const centralBin = process.env.ISKRA_CENTRAL_BIN;
const gatewayBin = process.env.ISKRA_GATEWAY_BIN;
const skip = !(centralBin && gatewayBin) && 'set ISKRA_CENTRAL_BIN and ISKRA_GATEWAY_BIN (ctest does)';

const TEST_TIMEOUT_MS = 90000;
const UPDATE_WAIT_MS = 15000;
const QUIET_MS = 3000;  // an ended session must stay silent this long (three update intervals)

const run = { dir: null, central: null, gateway: null, stations: [] };

// Resolves with the first call of `action` the station received (after `from`) that `accept`s.
function nextCall(client, action, accept, from = 0) {
    return waitFor(`${client.identity} to receive ${action}`, () => {
        const found = client.incomingCalls.slice(from).find((c) => c.method === action && accept(c.params));
        return found || null;
    }, { timeoutMs: UPDATE_WAIT_MS, intervalMs: 100, describe: () => JSON.stringify(client.incomingCalls) });
}

async function station(id, protocol, answers) {
    const client = await connectStation(run.gateway, id, protocol);
    for (const [action, answer] of Object.entries(answers)) {
        client.handle(action, ({ params }) => {
            client.incomingCalls.push({ method: action, params });
            return answer;
        });
    }
    run.stations.push(client);
    return client;
}

function assertStrict(client) {
    assert.deepEqual(client.strictFailures, [], `${client.identity}: schema failures`);
}

describe('running cost to stations and the web app', { skip, timeout: 4 * TEST_TIMEOUT_MS }, () => {
    before(async () => {
        run.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iskra-cost-'));
        run.central = new Central({ binary: centralBin, runDir: run.dir });
        await run.central.start();
        const email = 'cost-admin@iskra.test';
        await run.central.login(email, await run.central.createUser(email, 'super_admin'));
        const siteId = await run.central.createSite('Cost site');
        for (const id of ['COST-16', 'COST-201']) {
            await run.central.apiOk('POST', '/api/v1/stations', { id, site_id: siteId, allowed: true }, [201]);
        }
        for (const id of ['COST-TAG-16', 'COST-TAG-201']) await run.central.createToken(id);
        const tariff = await run.central.apiOk('POST', '/api/v1/tariffs', {
            name: 'Standard', entry: 'gross',
            elements: [{ price_components: [{ type: 'ENERGY', price_micro: 2000000, vat: '23' }] }],
        }, [201]);
        await run.central.apiOk('POST', '/api/v1/tariff-assignments', { tariff_id: tariff.id, scope: 'default' }, [201]);

        run.gateway = new Gateway({ binary: gatewayBin, runDir: run.dir, centralUrl: run.central.url,
            env: { ISKRA_GATEWAY_COST_UPDATE_INTERVAL_S: '1', ISKRA_GATEWAY_CENTRAL_TARIFFS_INTERVAL_S: '10' } });
        await run.gateway.enroll(await run.central.enrolmentCode(siteId));
        await run.gateway.start();
        await waitFor('the gateway to store central\'s tariff feed',
            () => run.gateway.scalar('SELECT COUNT(*) AS n FROM tariff_feed') === 1, { timeoutMs: 20000 });
    });

    after(async () => {
        for (const client of run.stations) await client.close({ force: true }).catch(() => {});
        await endAll();
        if (run.dir && !process.env.ISKRA_TEST_KEEP) fs.rmSync(run.dir, { recursive: true, force: true });
    });

    it('sends a 1.6 station its running cost by DataTransfer until the session stops', { timeout: TEST_TIMEOUT_MS }, async () => {
        const client = await station('COST-16', 'ocpp1.6', { DataTransfer: { status: 'Accepted' } });
        await call(client, 'BootNotification', { chargePointVendor: 'Iskra', chargePointModel: 'Cost test' });
        const started = await call(client, 'StartTransaction', {
            connectorId: 1, idTag: 'COST-TAG-16', meterStart: 1000, timestamp: new Date().toISOString() });
        await call(client, 'MeterValues', { connectorId: 1, transactionId: started.transactionId, meterValue: [{
            timestamp: new Date().toISOString(),
            sampledValue: [{ value: '13170', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }] });

        // 13,170 − 1,000 Wh = 12.17 kWh × 2.00 zł = 24.34 zł.
        const update = await nextCall(client, 'DataTransfer', (p) => JSON.parse(p.data).totalCost === '24.34');
        assert.equal(update.params.vendorId, 'org.iskra');
        assert.equal(update.params.messageId, 'RunningCost');
        assert.deepEqual(JSON.parse(update.params.data),
            { transactionId: started.transactionId, totalCost: '24.34', currency: 'PLN' });

        await call(client, 'StopTransaction', { transactionId: started.transactionId, meterStop: 14000,
            timestamp: new Date().toISOString() });
        const seen = client.incomingCalls.length;
        await sleep(QUIET_MS);
        assert.deepEqual(client.incomingCalls.slice(seen), [], 'no figures after the session stopped');
        assertStrict(client);
    });

    it('sends a 2.0.1 station CostUpdated, central prices it alike, and both go on with central down', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
        let client = await station('COST-201', 'ocpp2.0.1', { CostUpdated: {} });
        await call(client, 'BootNotification', { reason: 'PowerUp',
            chargingStation: { vendorName: 'Iskra', model: 'Cost test' } });
        const transactionId = `cost-${Date.now()}`;
        const energy = (wh, context) => [{ timestamp: new Date().toISOString(), sampledValue: [
            { value: wh, context, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } }] }];
        await call(client, 'TransactionEvent', { eventType: 'Started', timestamp: new Date().toISOString(),
            triggerReason: 'Authorized', seqNo: 0, transactionInfo: { transactionId },
            evse: { id: 1, connectorId: 1 }, idToken: { idToken: 'COST-TAG-201', type: 'ISO14443' },
            meterValue: energy(2000, 'Transaction.Begin') });
        await call(client, 'TransactionEvent', { eventType: 'Updated', timestamp: new Date().toISOString(),
            triggerReason: 'MeterValuePeriodic', seqNo: 1, transactionInfo: { transactionId },
            meterValue: energy(8170, 'Sample.Periodic') });

        // 8,170 − 2,000 Wh = 6.17 kWh × 2.00 zł = 12.34 zł.
        const update = await nextCall(client, 'CostUpdated', (p) => p.totalCost === 12.34);
        assert.deepEqual(update.params, { totalCost: 12.34, transactionId });

        // The web app's figure for the same session, from central's copy of it.
        const sessions = await waitFor('central to hold the session', async () => {
            const page = await run.central.apiOk('GET', '/api/v1/sessions?station=COST-201&state=open');
            return page.items.length === 1 ? page.items : null;
        }, { timeoutMs: 20000 });
        const uuid = sessions[0].session_uuid;
        const cost = await waitFor('central to price the synced sample', async () => {
            const body = await run.central.apiOk('GET', `/api/v1/sessions/${uuid}/cost`);
            return body.total.gross_grosz === 1234 ? body : null;
        }, { timeoutMs: 20000 });
        assert.equal(cost.provisional, true);
        assert.equal(cost.tariff.currency, 'PLN');

        // Central goes away and the gateway restarts: the stored feed and the open session remain.
        await run.central.stop();
        await client.close({ force: true });
        await run.gateway.stop();
        await run.gateway.start();
        client = await station('COST-201', 'ocpp2.0.1', { CostUpdated: {} });
        await call(client, 'TransactionEvent', { eventType: 'Updated', timestamp: new Date().toISOString(),
            triggerReason: 'MeterValuePeriodic', seqNo: 2, transactionInfo: { transactionId },
            meterValue: energy(9170, 'Sample.Periodic') });
        // 9,170 − 2,000 Wh = 7.17 kWh × 2.00 zł = 14.34 zł.
        const offline = await nextCall(client, 'CostUpdated', (p) => p.totalCost === 14.34);
        assert.equal(offline.params.transactionId, transactionId);
        assertStrict(client);
    });
});
