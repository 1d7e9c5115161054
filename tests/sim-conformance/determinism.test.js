// The same scenario and seed give byte-identical message logs, apart from the CSMS's own clock
// in its answers (the simulator's timestamps are simulated time, fixed by the scenario).
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { StrictCsms, runSim } = require('./csms');

const scenarios = path.resolve(__dirname, '..', '..', 'firmware-sim', 'scenarios');

async function runOnce(protocol, scenario, logFile) {
    const csms = new StrictCsms(protocol);
    await csms.listen();
    const sim = runSim(['--url', csms.url(), '--protocol', protocol, '--scenario', scenario,
                        '--acceleration', '3600', '--message-log', logFile], { timeoutMs: 60000 });
    const { code } = await sim.exited;
    await csms.close();
    assert.strictEqual(code, 0, sim.out.stderr);
    assert.deepStrictEqual(csms.failures, []);
    return fs.readFileSync(logFile, 'utf8').replace(/"currentTime":"[^"]*"/g, '"currentTime":""');
}

for (const protocol of ['ocpp1.6', 'ocpp2.0.1']) {
    test(`${protocol}: fault storm twice, same log`, { timeout: 60000 }, async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iskra-sim-det-'));
        const file = path.join(scenarios, 'fault-storm.json');
        const first = await runOnce(protocol, file, path.join(dir, 'a.log'));
        const second = await runOnce(protocol, file, path.join(dir, 'b.log'));
        assert.ok(first.split('\n').length > 300);
        assert.strictEqual(first, second);
    });
}

test('every shipped scenario runs clean against the strict CSMS', { timeout: 120000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iskra-sim-all-'));
    for (const name of fs.readdirSync(scenarios).filter((f) => f.endsWith('.json'))) {
        const log = await runOnce(name.includes('dc') ? 'ocpp2.0.1' : 'ocpp1.6',
                                  path.join(scenarios, name), path.join(dir, name + '.log'));
        assert.ok(!log.includes(',[4,') && !/^\S+ <- \[4,/m.test(log), `${name}: a CALLERROR`);
    }
});
