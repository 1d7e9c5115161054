// Against the site gateway (when it is built): a scenario's sessions appear in the gateway's
// store with the energy the simulator's model produced, to the Wh, for both OCPP versions.
// Skipped when there is no gateway binary or no sqlite3 command to read its store with.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { runSim } = require('./csms');

const root = path.resolve(__dirname, '..', '..');
const gateway = process.env.ISKRA_GATEWAY || path.join(root, 'build', 'gateway', 'iskra-gateway');
const haveSqlite = spawnSync('sqlite3', ['-version']).status === 0;
const skip = !fs.existsSync(gateway) ? `no gateway at ${gateway}` : !haveSqlite ? 'no sqlite3' : false;

async function startGateway(dir) {
    const port = 21000 + Math.floor(Math.random() * 20000);
    const env = { ...process.env, ISKRA_GATEWAY_OCPP_HOST: '127.0.0.1', ISKRA_GATEWAY_OCPP_PORT: String(port),
        ISKRA_GATEWAY_STATUS_PORT: String(port + 1), ISKRA_GATEWAY_DATA_DIR: dir,
        ISKRA_GATEWAY_ACCEPT_UNKNOWN_STATIONS: '1', ISKRA_GATEWAY_OFFLINE_UNKNOWN_TOKENS: 'accept',
        ISKRA_GATEWAY_CENTRAL_URL: '' };
    const child = spawn(gateway, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('gateway not ready')), 15000);
        child.stdout.on('data', () => { if (out.includes('ready:')) { clearTimeout(timer); resolve(); } });
    });
    return { child, url: `ws://127.0.0.1:${port}/ocpp` };
}

function sessions(dir) {
    const r = spawnSync('sqlite3', ['-json', path.join(dir, 'gateway.db'),
        'select station_id, meter_start_wh, meter_stop_wh, stop_reason, state from sessions order by station_id, started_at'],
        { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}

for (const protocol of ['ocpp1.6', 'ocpp2.0.1']) {
    for (const [scenario, reason] of [['normal-ac', 'Local'], ['dc-fast', 'EVDisconnected']]) {
        test(`${protocol} ${scenario}: the gateway stores the model's energy to the Wh`, { skip, timeout: 60000 }, async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iskra-sim-gw-'));
            const gw = await startGateway(dir);
            try {
                const sim = runSim(['--url', gw.url, '--protocol', protocol, '--acceleration', '3600',
                    '--scenario', path.join(root, 'firmware-sim', 'scenarios', `${scenario}.json`)]);
                const { code } = await sim.exited;
                assert.strictEqual(code, 0, sim.out.stderr);
                const modelled = Number(/meter_wh=(\d+)/.exec(sim.out.stdout)[1]);
                assert.ok(modelled > 1000);
                const rows = sessions(dir);
                assert.strictEqual(rows.length, 1, JSON.stringify(rows));
                assert.strictEqual(rows[0].state, 'closed');
                assert.strictEqual(rows[0].stop_reason, reason);
                assert.strictEqual(rows[0].meter_stop_wh - rows[0].meter_start_wh, modelled);
            } finally {
                gw.child.kill('SIGTERM');
                await new Promise((resolve) => gw.child.on('exit', resolve));
            }
        });
    }
}
