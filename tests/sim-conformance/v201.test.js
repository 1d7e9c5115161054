// iskra-sim speaking OCPP 2.0.1 to a strict ocpp-rpc CSMS: every message it sends validates,
// and it answers every CSMS command as firmware does.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const { StrictCsms, FileServer, runSim, stopSim } = require('./csms');

const ID = 'SIM201-1';
const later = (s) => new Date(Date.now() + s * 1000).toISOString();
const variable = (component, name, extra = {}) => ({ component: { name: component, ...extra.component }, variable: { name, ...extra.variable } });

test('ocpp2.0.1: boot, session and every command', { timeout: 90000 }, async (t) => {
    const csms = new StrictCsms('ocpp2.0.1');
    await csms.listen();
    const sim = runSim(['--url', csms.url(), '--protocol', 'ocpp2.0.1', '--id', ID,
                        '--connectors', '2', '--auto-plug']);
    t.after(async () => { await stopSim(sim); await csms.close(); });
    await sim.ready;
    const call = (method, params) => csms.command(ID, method, params);
    const seen = (method, count = 1) => csms.waitFor((c) => c.method === method, { count });
    const events = () => csms.calls.filter((c) => c.method === 'TransactionEvent');

    await t.test('boots and reports every EVSE', async () => {
        const [boot] = await seen('BootNotification');
        assert.strictEqual(boot.params.reason, 'PowerUp');
        await seen('StatusNotification', 2);
    });

    await t.test('device model: get, set, reports', async () => {
        const got = await call('GetVariables', { getVariableData: [
            variable('OCPPCommCtrlr', 'HeartbeatInterval'), variable('NoSuch', 'Thing'),
            variable('EVSE', 'AvailabilityState', { component: { evse: { id: 2 } } })] });
        assert.strictEqual(got.getVariableResult[0].attributeValue, '300');
        assert.strictEqual(got.getVariableResult[1].attributeStatus, 'UnknownComponent');
        assert.strictEqual(got.getVariableResult[2].attributeValue, 'Available');
        const set = await call('SetVariables', { setVariableData: [
            { ...variable('SampledDataCtrlr', 'TxUpdatedInterval'), attributeValue: '1' },
            { ...variable('ChargingStation', 'Model'), attributeValue: 'X' }] });
        assert.strictEqual(set.setVariableResult[0].attributeStatus, 'Accepted');
        assert.strictEqual(set.setVariableResult[1].attributeStatus, 'Rejected');
        assert.strictEqual((await call('GetBaseReport', { requestId: 1, reportBase: 'FullInventory' })).status, 'Accepted');
        const reports = await csms.waitFor((c) => c.method === 'NotifyReport' && c.params.requestId === 1 && !c.params.tbc);
        assert.ok(reports.length >= 1);
        assert.strictEqual((await call('GetReport', { requestId: 2, componentVariable: [{ component: { name: 'TxCtrlr' } }] })).status, 'Accepted');
        await csms.waitFor((c) => c.method === 'NotifyReport' && c.params.requestId === 2);
    });

    let transactionId;
    await t.test('remote start with --auto-plug: Started, periodic Updated', async () => {
        const answer = await call('RequestStartTransaction', { idToken: { idToken: 'APP-1', type: 'Central' }, remoteStartId: 17, evseId: 1 });
        assert.strictEqual(answer.status, 'Accepted');
        const [started] = await csms.waitFor((c) => c.method === 'TransactionEvent' && c.params.eventType === 'Started');
        assert.strictEqual(started.params.triggerReason, 'RemoteStart');
        assert.strictEqual(started.params.transactionInfo.remoteStartId, 17);
        assert.strictEqual(started.params.seqNo, 0);
        transactionId = started.params.transactionInfo.transactionId;
        await csms.waitFor((c) => c.method === 'TransactionEvent' && c.params.triggerReason === 'MeterValuePeriodic', { count: 2 });
        const seqs = events().map((e) => e.params.seqNo);
        assert.deepStrictEqual(seqs, seqs.map((_, i) => i), 'seqNo counts from 0 without gaps');
        const status = await call('GetTransactionStatus', { transactionId });
        assert.strictEqual(status.ongoingIndicator, true);
    });

    await t.test('smart charging', async () => {
        const profile = { id: 9, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative',
            transactionId, chargingSchedule: [{ id: 1, chargingRateUnit: 'A',
                chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] }] };
        assert.strictEqual((await call('SetChargingProfile', { evseId: 1, chargingProfile: profile })).status, 'Accepted');
        assert.strictEqual((await call('GetChargingProfiles', { requestId: 3, chargingProfile: { chargingProfilePurpose: 'TxProfile' } })).status, 'Accepted');
        await seen('ReportChargingProfiles');
        const composite = await call('GetCompositeSchedule', { evseId: 1, duration: 300, chargingRateUnit: 'A' });
        assert.strictEqual(composite.schedule.chargingSchedulePeriod[0].limit, 10);
        assert.strictEqual((await call('ClearChargingProfile', { chargingProfileId: 9 })).status, 'Accepted');
        assert.strictEqual((await call('ClearChargingProfile', { chargingProfileId: 9 })).status, 'Unknown');
    });

    await t.test('availability and unlock during the session', async () => {
        assert.strictEqual((await call('ChangeAvailability', { evse: { id: 1 }, operationalStatus: 'Inoperative' })).status, 'Scheduled');
        assert.strictEqual((await call('UnlockConnector', { evseId: 1, connectorId: 1 })).status, 'OngoingAuthorizedTransaction');
        assert.strictEqual((await call('UnlockConnector', { evseId: 7, connectorId: 1 })).status, 'UnknownConnector');
    });

    await t.test('remote stop ends the session', async () => {
        assert.strictEqual((await call('RequestStopTransaction', { transactionId: 'nope' })).status, 'Rejected');
        assert.strictEqual((await call('RequestStopTransaction', { transactionId })).status, 'Accepted');
        const [ended] = await csms.waitFor((c) => c.method === 'TransactionEvent' && c.params.eventType === 'Ended');
        assert.strictEqual(ended.params.transactionInfo.stoppedReason, 'Remote');
        assert.strictEqual(ended.params.triggerReason, 'RemoteStop');
        await csms.waitFor((c) => c.method === 'StatusNotification' && c.params.evseId === 1 && c.params.connectorStatus === 'Unavailable');
        assert.strictEqual((await call('ChangeAvailability', { operationalStatus: 'Operative' })).status, 'Accepted');
    });

    await t.test('triggers', async () => {
        assert.strictEqual((await call('TriggerMessage', { requestedMessage: 'BootNotification' })).status, 'Rejected');
        for (const requestedMessage of ['Heartbeat', 'StatusNotification', 'MeterValues', 'TransactionEvent',
            'FirmwareStatusNotification', 'LogStatusNotification']) {
            assert.strictEqual((await call('TriggerMessage', { requestedMessage })).status, 'Accepted', requestedMessage);
        }
        assert.strictEqual((await call('TriggerMessage', { requestedMessage: 'SignV2GCertificate' })).status, 'NotImplemented');
        await seen('Heartbeat');
        await seen('MeterValues');
    });

    await t.test('reservations, local list, cache, data transfer', async () => {
        assert.strictEqual((await call('ReserveNow', { id: 5, expiryDateTime: later(600), idToken: { idToken: 'R', type: 'ISO14443' }, evseId: 2 })).status, 'Accepted');
        await csms.waitFor((c) => c.method === 'StatusNotification' && c.params.evseId === 2 && c.params.connectorStatus === 'Reserved');
        assert.strictEqual((await call('CancelReservation', { reservationId: 5 })).status, 'Accepted');
        assert.strictEqual((await call('SendLocalList', { versionNumber: 4, updateType: 'Full',
            localAuthorizationList: [{ idToken: { idToken: 'L1', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted' } }] })).status, 'Accepted');
        assert.strictEqual((await call('GetLocalListVersion', {})).versionNumber, 4);
        assert.strictEqual((await call('ClearCache', {})).status, 'Accepted');
        assert.strictEqual((await call('DataTransfer', { vendorId: 'someone' })).status, 'UnknownVendorId');
    });

    await t.test('commands a simple station declines are still answered', async () => {
        assert.strictEqual((await call('CertificateSigned', { certificateChain: 'x' })).status, 'Rejected');
        assert.strictEqual((await call('InstallCertificate', { certificateType: 'CSMSRootCertificate', certificate: 'x' })).status, 'Accepted');
        assert.strictEqual((await call('GetInstalledCertificateIds', {})).status, 'NotFound');
        assert.strictEqual((await call('CustomerInformation', { requestId: 1, report: true, clear: false })).status, 'Rejected');
        assert.strictEqual((await call('GetDisplayMessages', { requestId: 1 })).status, 'Unknown');
        assert.strictEqual((await call('SetMonitoringBase', { monitoringBase: 'All' })).status, 'NotSupported');
        assert.deepStrictEqual(await call('CostUpdated', { totalCost: 1.25, transactionId }), {});
    });

    await t.test('log upload and firmware update sequences', async () => {
        const files = new FileServer({ '/fw.bin': 'iskra-sim-firmware 2.0.1-b\n' });
        await files.listen();
        t.after(() => files.close());
        assert.strictEqual((await call('GetLog', { log: { remoteLocation: files.url('/logs/') }, logType: 'DiagnosticsLog', requestId: 8 })).status, 'Accepted');
        await csms.waitFor((c) => c.method === 'LogStatusNotification' && c.params.status === 'Uploaded', { timeoutMs: 20000 });
        const boots = csms.calls.filter((c) => c.method === 'BootNotification').length;
        assert.strictEqual((await call('UpdateFirmware', { requestId: 3, firmware: { location: files.url('/fw.bin'), retrieveDateTime: new Date().toISOString() } })).status, 'Accepted');
        await csms.waitFor((c) => c.method === 'FirmwareStatusNotification' && c.params.status === 'Installed', { timeoutMs: 40000 });
        const statuses = csms.calls.filter((c) => c.method === 'FirmwareStatusNotification' && c.params.requestId === 3).map((c) => c.params.status);
        assert.deepStrictEqual(statuses, ['Downloading', 'Downloaded', 'Installing', 'InstallRebooting', 'Installed']);
        const boot = csms.calls.filter((c) => c.method === 'BootNotification');
        assert.strictEqual(boot.length, boots + 1);
        assert.strictEqual(boot[boot.length - 1].params.reason, 'FirmwareUpdate');
        assert.strictEqual(boot[boot.length - 1].params.chargingStation.firmwareVersion, '2.0.1-b');
        assert.strictEqual(files.uploads.length, 1);
    });

    await t.test('reset reboots with RemoteReset', async () => {
        const boots = csms.calls.filter((c) => c.method === 'BootNotification').length;
        assert.strictEqual((await call('Reset', { type: 'Immediate' })).status, 'Accepted');
        const all = await seen('BootNotification', boots + 1);
        assert.strictEqual(all[all.length - 1].params.reason, 'RemoteReset');
    });

    await t.test('nothing the simulator sent or answered broke the schema', () => {
        assert.deepStrictEqual(csms.failures, []);
    });
});

// OCPP 2.0.1 EVSEs with several connectors (issue 4: "EVSEs with connectors"): one vehicle per
// EVSE, so the connector it is plugged into reports Occupied and its siblings Unavailable, and
// every message naming a connector carries evseId and connectorId.
test('ocpp2.0.1: an EVSE with two connectors', { timeout: 60000 }, async (t) => {
    const csms = new StrictCsms('ocpp2.0.1');
    await csms.listen();
    const id = 'SIM201-DUAL';
    const sim = runSim(['--url', csms.url(), '--protocol', 'ocpp2.0.1', '--id', id,
                        '--evses', '2', '--connectors-per-evse', '2', '--console']);
    t.after(async () => { await stopSim(sim); await csms.close(); });
    await sim.ready;
    const call = (method, params) => csms.command(id, method, params);
    const statusOf = (evseId, connectorId) => {
        const found = csms.calls.filter((c) => c.method === 'StatusNotification' &&
            c.params.evseId === evseId && c.params.connectorId === connectorId);
        return found.length ? found[found.length - 1].params.connectorStatus : undefined;
    };
    const waitStatus = (evseId, connectorId, connectorStatus) => csms.waitFor((c) =>
        c.method === 'StatusNotification' && c.params.evseId === evseId &&
        c.params.connectorId === connectorId && c.params.connectorStatus === connectorStatus);
    const consoleLine = async (line) => {
        const before = sim.out.stdout.length;
        sim.child.stdin.write(`${line}\n`);
        const deadline = Date.now() + 5000;
        while (!/^(ok|refused.*)$/m.test(sim.out.stdout.slice(before)) && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return sim.out.stdout.slice(before).trim();
    };

    await t.test('every connector of every EVSE reports its status', async () => {
        await csms.waitFor((c) => c.method === 'StatusNotification', { count: 4 });
        for (const [e, c] of [[1, 1], [1, 2], [2, 1], [2, 2]]) assert.strictEqual(statusOf(e, c), 'Available', `${e}/${c}`);
    });

    await t.test('the device model has an EVSE and a Connector component per instance', async () => {
        assert.strictEqual((await call('GetBaseReport', { requestId: 21, reportBase: 'FullInventory' })).status, 'Accepted');
        const reports = await csms.waitFor((c) => c.method === 'NotifyReport' && c.params.requestId === 21 && !c.params.tbc);
        const items = csms.calls.filter((c) => c.method === 'NotifyReport' && c.params.requestId === 21)
            .flatMap((c) => c.params.reportData);
        assert.ok(reports.length >= 1);
        const connectors = items.filter((i) => i.component.name === 'Connector' && i.variable.name === 'ConnectorType')
            .map((i) => `${i.component.evse.id}/${i.component.evse.connectorId}`);
        assert.deepStrictEqual(connectors, ['1/1', '1/2', '2/1', '2/2']);
        const evses = items.filter((i) => i.component.name === 'EVSE' && i.variable.name === 'AvailabilityState')
            .map((i) => i.component.evse.id);
        assert.deepStrictEqual(evses, [1, 2]);
    });

    let transactionId;
    await t.test('a car at connector 2 makes connector 1 Unavailable; a remote start by EVSE uses it', async () => {
        assert.strictEqual(await consoleLine(`plug ${id} 1:2`), 'ok');
        await waitStatus(1, 2, 'Occupied');
        await waitStatus(1, 1, 'Unavailable');
        assert.match(await consoleLine(`plug ${id} 1:1`), /^refused: EVSE 1 already has an EV at connector 2/);
        assert.strictEqual((await call('RequestStartTransaction', { idToken: { idToken: 'APP-2', type: 'Central' }, remoteStartId: 31, evseId: 1 })).status, 'Accepted');
        const [started] = await csms.waitFor((c) => c.method === 'TransactionEvent' && c.params.eventType === 'Started');
        assert.deepStrictEqual(started.params.evse, { id: 1, connectorId: 2 });
        assert.strictEqual(started.params.triggerReason, 'RemoteStart');
        transactionId = started.params.transactionInfo.transactionId;
    });

    await t.test('unlock, availability and trigger address EVSE and connector', async () => {
        assert.strictEqual((await call('UnlockConnector', { evseId: 1, connectorId: 2 })).status, 'OngoingAuthorizedTransaction');
        assert.strictEqual((await call('UnlockConnector', { evseId: 1, connectorId: 1 })).status, 'Unlocked');
        assert.strictEqual((await call('UnlockConnector', { evseId: 1, connectorId: 3 })).status, 'UnknownConnector');
        assert.strictEqual((await call('ChangeAvailability', { evse: { id: 2, connectorId: 1 }, operationalStatus: 'Inoperative' })).status, 'Accepted');
        await waitStatus(2, 1, 'Unavailable');
        assert.strictEqual(statusOf(2, 2), 'Available');
        assert.strictEqual((await call('ChangeAvailability', { evse: { id: 2, connectorId: 3 }, operationalStatus: 'Inoperative' })).status, 'Rejected');
        assert.strictEqual((await call('ChangeAvailability', { evse: { id: 2, connectorId: 1 }, operationalStatus: 'Operative' })).status, 'Accepted');
        await waitStatus(2, 1, 'Available');
        const before = csms.calls.filter((c) => c.method === 'StatusNotification').length;
        assert.strictEqual((await call('TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 1, connectorId: 2 } })).status, 'Accepted');
        const all = await csms.waitFor((c) => c.method === 'StatusNotification', { count: before + 1 });
        assert.deepStrictEqual([all[all.length - 1].params.evseId, all[all.length - 1].params.connectorId], [1, 2]);
        assert.strictEqual((await call('TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 1, connectorId: 3 } })).status, 'Rejected');
    });

    await t.test('after the session and the car, both connectors are Available again', async () => {
        assert.strictEqual((await call('RequestStopTransaction', { transactionId })).status, 'Accepted');
        await csms.waitFor((c) => c.method === 'TransactionEvent' && c.params.eventType === 'Ended');
        assert.strictEqual(await consoleLine(`unplug ${id} 1:2`), 'ok');
        await waitStatus(1, 2, 'Available');
        await waitStatus(1, 1, 'Available');
    });

    await t.test('nothing the simulator sent or answered broke the schema', () => {
        assert.deepStrictEqual(csms.failures, []);
    });
});
