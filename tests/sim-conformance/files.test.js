// iskra-sim's real file transfers (issue 4): UpdateFirmware downloads the image over HTTP from a
// server on 127.0.0.1 and reboots into the version it names; GetDiagnostics / GetLog put a
// generated log file there. Failures: a missing image, an unreachable server, a refused upload
// and a scheme the simulator does not speak (ftp://) each end in the status the spec names.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const { StrictCsms, FileServer, runSim, stopSim } = require('./csms');

const now = () => new Date().toISOString();
const statusesOf = (csms, method, requestId) => csms.calls
    .filter((c) => c.method === method && (requestId === undefined || c.params.requestId === requestId))
    .map((c) => c.params.status);

async function start(protocol, id, t) {
    const csms = new StrictCsms(protocol);
    await csms.listen();
    const files = new FileServer({ '/fw/good.bin': `iskra-sim-firmware 7.7.${protocol === 'ocpp1.6' ? 16 : 201}\nimage\n` });
    await files.listen();
    const sim = runSim(['--url', csms.url(), '--protocol', protocol, '--id', id]);
    t.after(async () => { await stopSim(sim); await files.close(); await csms.close(); });
    await sim.ready;
    return { csms, files, sim, call: (method, params) => csms.command(id, method, params) };
}

test('ocpp2.0.1: firmware and logs over HTTP', { timeout: 90000 }, async (t) => {
    const { csms, files, sim, call } = await start('ocpp2.0.1', 'FILES201', t);
    const waitStatus = (method, requestId, status) => csms.waitFor((c) => c.method === method &&
        c.params.requestId === requestId && c.params.status === status, { timeoutMs: 30000 });

    await t.test('a log is uploaded with PUT to the folder URL', async () => {
        const answer = await call('GetLog', { log: { remoteLocation: files.url('/up/') }, logType: 'SecurityLog', requestId: 1 });
        assert.strictEqual(answer.status, 'Accepted');
        assert.strictEqual(answer.filename, 'security-FILES201.log');
        await waitStatus('LogStatusNotification', 1, 'Uploaded');
        assert.deepStrictEqual(statusesOf(csms, 'LogStatusNotification', 1), ['Uploading', 'Uploaded']);
        const [upload] = files.uploads;
        assert.strictEqual(upload.path, '/up/security-FILES201.log');
        assert.match(upload.body, /^# iskra-sim security log of FILES201\n/);
        assert.match(upload.body, /^connector 1 status Available meter_wh \d+$/m);
    });

    await t.test('refused, failed and unsupported uploads', async () => {
        files.status['/denied/diagnostics-FILES201.log'] = 401;
        files.status['/broken/diagnostics-FILES201.log'] = 500;
        await call('GetLog', { log: { remoteLocation: files.url('/denied/') }, logType: 'DiagnosticsLog', requestId: 2 });
        await waitStatus('LogStatusNotification', 2, 'PermissionDenied');
        await call('GetLog', { log: { remoteLocation: files.url('/broken/') }, logType: 'DiagnosticsLog', requestId: 3 });
        await waitStatus('LogStatusNotification', 3, 'UploadFailure');
        await call('GetLog', { log: { remoteLocation: 'ftp://127.0.0.1/logs/' }, logType: 'DiagnosticsLog', requestId: 4 });
        await waitStatus('LogStatusNotification', 4, 'NotSupportedOperation');
        assert.ok(!files.requests.some((r) => r.path.startsWith('/logs')), 'ftp must not be tried over HTTP');
    });

    await t.test('a missing image and an unreachable server fail the download; nothing installs', async () => {
        const boots = csms.calls.filter((c) => c.method === 'BootNotification').length;
        assert.strictEqual((await call('UpdateFirmware', { requestId: 10, firmware: { location: files.url('/fw/missing.bin'), retrieveDateTime: now() } })).status, 'Accepted');
        await waitStatus('FirmwareStatusNotification', 10, 'DownloadFailed');
        assert.deepStrictEqual(statusesOf(csms, 'FirmwareStatusNotification', 10), ['Downloading', 'DownloadFailed']);
        await call('UpdateFirmware', { requestId: 11, firmware: { location: 'http://127.0.0.1:1/fw.bin', retrieveDateTime: now() } });
        await waitStatus('FirmwareStatusNotification', 11, 'DownloadFailed');
        assert.strictEqual(csms.calls.filter((c) => c.method === 'BootNotification').length, boots);
        assert.match(sim.out.stderr, /\[FILES201\].*download failed: .*missing\.bin.*HTTP 404/);
    });

    await t.test('an image is downloaded, installed, and its version booted', async () => {
        assert.strictEqual((await call('UpdateFirmware', { requestId: 12, firmware: { location: files.url('/fw/good.bin'), retrieveDateTime: now() } })).status, 'Accepted');
        await waitStatus('FirmwareStatusNotification', 12, 'Installed');
        assert.deepStrictEqual(statusesOf(csms, 'FirmwareStatusNotification', 12),
            ['Downloading', 'Downloaded', 'Installing', 'InstallRebooting', 'Installed']);
        assert.ok(files.requests.some((r) => r.method === 'GET' && r.path === '/fw/good.bin'));
        const boot = csms.calls.filter((c) => c.method === 'BootNotification').pop();
        assert.strictEqual(boot.params.reason, 'FirmwareUpdate');
        assert.strictEqual(boot.params.chargingStation.firmwareVersion, '7.7.201');
        assert.deepStrictEqual(csms.failures, []);
    });
});

test('ocpp1.6: diagnostics and firmware over HTTP', { timeout: 90000 }, async (t) => {
    const { csms, files, call } = await start('ocpp1.6', 'FILES16', t);
    const waitFor = (method, status) => csms.waitFor((c) => c.method === method && c.params.status === status, { timeoutMs: 30000 });

    await t.test('diagnostics: uploaded, and UploadFailed for ftp://', async () => {
        assert.strictEqual((await call('GetDiagnostics', { location: files.url('/diag/') })).fileName, 'diagnostics-FILES16.log');
        await waitFor('DiagnosticsStatusNotification', 'Uploaded');
        assert.strictEqual(files.uploads[0].path, '/diag/diagnostics-FILES16.log');
        await call('GetDiagnostics', { location: 'ftp://127.0.0.1/diag/' });
        await waitFor('DiagnosticsStatusNotification', 'UploadFailed');
        assert.deepStrictEqual(statusesOf(csms, 'DiagnosticsStatusNotification'),
            ['Uploading', 'Uploaded', 'Uploading', 'UploadFailed']);
    });

    await t.test('firmware: DownloadFailed, then an update that boots the new version', async () => {
        await call('UpdateFirmware', { location: files.url('/fw/missing.bin'), retrieveDate: now() });
        await waitFor('FirmwareStatusNotification', 'DownloadFailed');
        await call('UpdateFirmware', { location: files.url('/fw/good.bin'), retrieveDate: now() });
        await waitFor('FirmwareStatusNotification', 'Installed');
        assert.deepStrictEqual(statusesOf(csms, 'FirmwareStatusNotification'),
            ['Downloading', 'DownloadFailed', 'Downloading', 'Downloaded', 'Installing', 'Installed']);
        const boot = csms.calls.filter((c) => c.method === 'BootNotification').pop();
        assert.strictEqual(boot.params.firmwareVersion, '7.7.16');
        assert.deepStrictEqual(csms.failures, []);
    });
});
