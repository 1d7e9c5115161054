// iskra-sim speaking OCPP 1.6-J to a strict ocpp-rpc CSMS: every message it sends validates,
// and it answers every CSMS command as firmware does.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const { StrictCsms, FileServer, runSim, stopSim } = require('./csms');

const ID = 'SIM16-1';
const later = (s) => new Date(Date.now() + s * 1000).toISOString();

test('ocpp1.6: boot, session and every command', { timeout: 90000 }, async (t) => {
    const csms = new StrictCsms('ocpp1.6');
    await csms.listen();
    const sim = runSim(['--url', csms.url(), '--protocol', 'ocpp1.6', '--id', ID,
                        '--connectors', '2', '--auto-plug']);
    t.after(async () => { await stopSim(sim); await csms.close(); });
    await sim.ready;
    const call = (method, params) => csms.command(ID, method, params);
    const seen = (method, count = 1) => csms.waitFor((c) => c.method === method, { count });

    await t.test('boots and reports every connector', async () => {
        await seen('BootNotification');
        const status = await seen('StatusNotification', 3);
        assert.deepStrictEqual(status.map((s) => s.params.connectorId).sort(), [0, 1, 2]);
    });

    await t.test('configuration is read and changed', async () => {
        const all = await call('GetConfiguration', {});
        assert.ok(all.configurationKey.length > 20);
        const some = await call('GetConfiguration', { key: ['HeartbeatInterval', 'NoSuchKey'] });
        assert.strictEqual(some.configurationKey[0].value, '300');
        assert.deepStrictEqual(some.unknownKey, ['NoSuchKey']);
        assert.strictEqual((await call('ChangeConfiguration',
            { key: 'MeterValueSampleInterval', value: '1' })).status, 'Accepted');
        assert.strictEqual((await call('ChangeConfiguration',
            { key: 'NumberOfConnectors', value: '5' })).status, 'Rejected');
        assert.strictEqual((await call('ChangeConfiguration',
            { key: 'NoSuchKey', value: '5' })).status, 'NotSupported');
    });

    let transactionId;
    await t.test('remote start with --auto-plug charges and sends meter values', async () => {
        assert.strictEqual((await call('RemoteStartTransaction', { idTag: 'APP-1', connectorId: 1 })).status, 'Accepted');
        const [start] = await seen('StartTransaction');
        assert.strictEqual(start.params.idTag, 'APP-1');
        transactionId = csms.state.lastTransactionId;
        const values = await csms.waitFor((c) => c.method === 'MeterValues' && c.params.transactionId === transactionId, { count: 2 });
        const energy = values.map((v) => Number(v.params.meterValue[0].sampledValue[0].value));
        assert.ok(energy[1] >= energy[0], 'the register only counts up');
    });

    await t.test('smart charging', async () => {
        const profile = {
            chargingProfileId: 7, stackLevel: 1, chargingProfilePurpose: 'TxDefaultProfile',
            chargingProfileKind: 'Absolute', chargingSchedule: {
                chargingRateUnit: 'W', startSchedule: new Date(Date.now() - 1000).toISOString(),
                chargingSchedulePeriod: [{ startPeriod: 0, limit: 3000 }] } };
        assert.strictEqual((await call('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile })).status, 'Accepted');
        const composite = await call('GetCompositeSchedule', { connectorId: 1, duration: 600, chargingRateUnit: 'W' });
        assert.strictEqual(composite.status, 'Accepted');
        assert.strictEqual(composite.chargingSchedule.chargingSchedulePeriod[0].limit, 3000);
        assert.strictEqual((await call('ClearChargingProfile', { id: 7 })).status, 'Accepted');
        assert.strictEqual((await call('ClearChargingProfile', { id: 7 })).status, 'Unknown');
    });

    await t.test('availability change is scheduled behind the session', async () => {
        assert.strictEqual((await call('ChangeAvailability', { connectorId: 1, type: 'Inoperative' })).status, 'Scheduled');
        assert.strictEqual((await call('ChangeAvailability', { connectorId: 2, type: 'Inoperative' })).status, 'Accepted');
        assert.strictEqual((await call('ChangeAvailability', { connectorId: 2, type: 'Operative' })).status, 'Accepted');
    });

    await t.test('remote stop ends the session', async () => {
        assert.strictEqual((await call('RemoteStopTransaction', { transactionId: 999999 })).status, 'Rejected');
        assert.strictEqual((await call('RemoteStopTransaction', { transactionId })).status, 'Accepted');
        const [stop] = await seen('StopTransaction');
        assert.strictEqual(stop.params.transactionId, transactionId);
        assert.strictEqual(stop.params.reason, 'Remote');
        await csms.waitFor((c) => c.method === 'StatusNotification' && c.params.connectorId === 1 && c.params.status === 'Unavailable');
        assert.strictEqual((await call('ChangeAvailability', { connectorId: 1, type: 'Operative' })).status, 'Accepted');
    });

    await t.test('triggers', async () => {
        for (const requestedMessage of ['BootNotification', 'DiagnosticsStatusNotification',
            'FirmwareStatusNotification', 'Heartbeat', 'MeterValues', 'StatusNotification']) {
            assert.strictEqual((await call('TriggerMessage', { requestedMessage })).status, 'Accepted', requestedMessage);
        }
        assert.strictEqual((await call('TriggerMessage', { requestedMessage: 'Heartbeat', connectorId: 9 })).status, 'Rejected');
        await seen('Heartbeat');
        await seen('DiagnosticsStatusNotification');
        for (const requestedMessage of ['BootNotification', 'Heartbeat', 'MeterValues', 'StatusNotification',
            'FirmwareStatusNotification', 'LogStatusNotification']) {
            assert.strictEqual((await call('ExtendedTriggerMessage', { requestedMessage })).status, 'Accepted', requestedMessage);
        }
        assert.strictEqual((await call('ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' })).status, 'Rejected');
    });

    await t.test('reservations, local list, cache, unlock, data transfer', async () => {
        assert.strictEqual((await call('ReserveNow', { connectorId: 2, expiryDate: later(600), idTag: 'R1', reservationId: 4 })).status, 'Accepted');
        await csms.waitFor((c) => c.method === 'StatusNotification' && c.params.connectorId === 2 && c.params.status === 'Reserved');
        assert.strictEqual((await call('CancelReservation', { reservationId: 4 })).status, 'Accepted');
        assert.strictEqual((await call('CancelReservation', { reservationId: 4 })).status, 'Rejected');
        assert.strictEqual((await call('SendLocalList', { listVersion: 3, updateType: 'Full',
            localAuthorizationList: [{ idTag: 'LOCAL1', idTagInfo: { status: 'Accepted' } }] })).status, 'Accepted');
        assert.strictEqual((await call('SendLocalList', { listVersion: 2, updateType: 'Differential' })).status, 'VersionMismatch');
        assert.strictEqual((await call('GetLocalListVersion', {})).listVersion, 3);
        assert.strictEqual((await call('ClearCache', {})).status, 'Accepted');
        assert.strictEqual((await call('UnlockConnector', { connectorId: 1 })).status, 'Unlocked');
        assert.strictEqual((await call('UnlockConnector', { connectorId: 5 })).status, 'NotSupported');
        assert.strictEqual((await call('DataTransfer', { vendorId: 'someone' })).status, 'UnknownVendorId');
    });

    await t.test('diagnostics, logs, certificates, firmware', async () => {
        const files = new FileServer({ '/fw.bin': 'iskra-sim-firmware 1.6.1\n' });
        await files.listen();
        t.after(() => files.close());
        assert.ok((await call('GetDiagnostics', { location: files.url('/diag/') })).fileName);
        assert.strictEqual((await call('GetLog', { log: { remoteLocation: files.url('/logs/') }, logType: 'DiagnosticsLog', requestId: 1 })).status, 'Accepted');
        assert.strictEqual((await call('InstallCertificate', { certificateType: 'CentralSystemRootCertificate', certificate: '-----BEGIN CERTIFICATE-----' })).status, 'Accepted');
        const ids = await call('GetInstalledCertificateIds', { certificateType: 'CentralSystemRootCertificate' });
        assert.strictEqual(ids.status, 'Accepted');
        assert.strictEqual((await call('DeleteCertificate', { certificateHashData: ids.certificateHashData[0] })).status, 'Accepted');
        assert.strictEqual((await call('CertificateSigned', { certificateChain: '-----BEGIN CERTIFICATE-----' })).status, 'Rejected');
        await call('UpdateFirmware', { location: files.url('/fw.bin'), retrieveDate: new Date().toISOString() });
        const fw = await csms.waitFor((c) => c.method === 'FirmwareStatusNotification' && c.params.status === 'Downloaded');
        assert.ok(fw.length >= 1);
        await csms.waitFor((c) => c.method === 'DiagnosticsStatusNotification' && c.params.status === 'Uploaded', { timeoutMs: 20000 });
        await csms.waitFor((c) => c.method === 'LogStatusNotification' && c.params.status === 'Uploaded', { timeoutMs: 20000 });
        assert.deepStrictEqual(files.uploads.map((u) => u.path).sort(),
            [`/diag/diagnostics-${ID}.log`, `/logs/diagnostics-${ID}.log`]);
        await csms.waitFor((c) => c.method === 'FirmwareStatusNotification' && c.params.status === 'Installed', { timeoutMs: 40000 });
        const boot = csms.calls.filter((c) => c.method === 'BootNotification');
        assert.strictEqual(boot[boot.length - 1].params.firmwareVersion, '1.6.1');
    });

    await t.test('reset reboots and boots again', async () => {
        const boots = csms.calls.filter((c) => c.method === 'BootNotification').length;
        assert.strictEqual((await call('Reset', { type: 'Soft' })).status, 'Accepted');
        await seen('BootNotification', boots + 1);
    });

    await t.test('nothing the simulator sent or answered broke the schema', () => {
        assert.deepStrictEqual(csms.failures, []);
    });
});
