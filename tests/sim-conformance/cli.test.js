// iskra-sim's command-line contract (DESIGN.md): one-line reasons and non-zero exits for bad
// arguments and bad scenario files, a clean stop on SIGTERM.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { StrictCsms, runSim, stopSim, simBinary } = require('./csms');

function run(args) {
    return spawnSync(simBinary(), args, { encoding: 'utf8', timeout: 10000 });
}

test('bad arguments: non-zero exit, the reason on the first line of stderr', () => {
    const cases = [
        [[], '--url is required'],
        [['--url', 'http://x', '--protocol', 'ocpp1.6'], 'ws:// or wss://'],
        [['--url', 'ws://127.0.0.1:1/ocpp', '--protocol', 'ocpp9'], '--protocol must be'],
        [['--url', 'ws://127.0.0.1:1/ocpp', '--protocol', 'ocpp1.6', '--stations', '0'], '--stations'],
        [['--url', 'ws://127.0.0.1:1/ocpp', '--protocol', 'ocpp1.6', '--bogus'], 'unknown argument'],
        [['--url', 'ws://127.0.0.1:1/ocpp', '--protocol', 'ocpp1.6', '--load', 'meter=soon'], '--load'],
        [['--url', 'ws://127.0.0.1:1/ocpp', '--protocol', 'ocpp1.6', '--connectors-per-evse', '2'], '--connectors-per-evse needs --protocol ocpp2.0.1'],
        [['--url', 'ws://127.0.0.1:1/ocpp', '--protocol', 'ocpp1.6', '--evses', '2'], '--evses needs --protocol ocpp2.0.1'],
        [['--url', 'ws://127.0.0.1:1/ocpp', '--protocol', 'ocpp2.0.1', '--connectors-per-evse', '9'], '--connectors-per-evse must be'],
        [['--url', 'ws://127.0.0.1:1/ocpp', '--protocol', 'ocpp2.0.1', '--evses', '2', '--connectors', '2'], 'either --connectors or --evses'],
    ];
    for (const [args, reason] of cases) {
        const r = run(args);
        assert.notStrictEqual(r.status, 0, args.join(' '));
        const first = r.stderr.split('\n')[0];
        assert.match(first, /^iskra-sim: /);
        assert.ok(first.includes(reason), `${first} should mention ${reason}`);
    }
});

test('a bad scenario names the file, the JSON path and what is wrong', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iskra-sim-'));
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, JSON.stringify({
        stations: [{ id: 'A' }],
        timeline: [{ at: '10s', action: 'plug' }, { at: 'soon', action: 'tap', token: 'X' }],
    }));
    const r = run(['--url', 'ws://127.0.0.1:1/ocpp', '--protocol', 'ocpp1.6', '--scenario', file]);
    assert.notStrictEqual(r.status, 0);
    const first = r.stderr.split('\n')[0];
    assert.ok(first.includes(file), first);
    assert.ok(first.includes('$.timeline[1].at'), first);
    assert.ok(first.includes('not a duration'), first);
    // EVSEs with several connectors are 2.0.1's; the error names the field.
    const flat = path.join(dir, 'flat.json');
    fs.writeFileSync(flat, JSON.stringify({ stations: [{ id: 'A', evses: [{ connectors: 2 }] }] }));
    const r16 = run(['--url', 'ws://127.0.0.1:1/ocpp', '--protocol', 'ocpp1.6', '--scenario', flat]);
    assert.notStrictEqual(r16.status, 0);
    assert.match(r16.stderr.split('\n')[0], /\$\.stations\[0\]\.evses\[0\]\.connectors: several connectors on one EVSE need protocol ocpp2\.0\.1/);
    const missing = run(['--url', 'ws://127.0.0.1:1/ocpp', '--protocol', 'ocpp1.6', '--scenario', path.join(dir, 'none.json')]);
    assert.notStrictEqual(missing.status, 0);
    assert.ok(missing.stderr.includes('cannot be read'));
});

test('stations boot, log with their id, stop cleanly on SIGTERM', { timeout: 30000 }, async () => {
    const csms = new StrictCsms('ocpp1.6');
    await csms.listen();
    const sim = runSim(['--url', csms.url(), '--protocol', 'ocpp1.6', '--stations', '3', '--id-prefix', 'CLI-']);
    await sim.ready;
    assert.match(sim.out.stdout, /^ready: 3 station\(s\) connected/m);
    assert.deepStrictEqual([...csms.clients.keys()].sort(), ['CLI-1', 'CLI-2', 'CLI-3']);
    const { code, signal } = await stopSim(sim);
    assert.strictEqual(signal, null);
    assert.strictEqual(code, 0);
    assert.match(sim.out.stderr, /\[CLI-2\] connected/);
    await csms.close();
});
