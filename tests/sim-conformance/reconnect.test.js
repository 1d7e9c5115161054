// iskra-sim's stations when the CSMS goes away and comes back (issue 4: "network loss ... with
// transaction messages queued and replayed"): found in an end-to-end run, where after the
// gateway was killed and restarted 2.0.1 stations came back one per ~30 s. Each station retries
// on its own backoff (1 s doubling to 30 s, with jitter), and in a lockstep scenario a station
// that is disconnected or connecting does not hold the simulated clock for the others: it
// queues its transaction messages, as firmware does offline, and replays them when back.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const net = require('node:net');
const path = require('node:path');
const { StrictCsms, runSim, stopSim } = require('./csms');

const STATIONS = 6;

function scenarioFile() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iskra-sim-reconnect-'));
    const file = path.join(dir, 'reconnect.json');
    fs.writeFileSync(file, JSON.stringify({
        name: 'CSMS restart', seed: 3, acceleration: 60, duration: '2h',
        stations: [{ id_prefix: 'RC-', count: STATIONS, protocol: 'ocpp2.0.1', connectors: 1,
            ev: { capacity_wh: 1000000, soc: 10 }, settings: { sample_interval_s: 60 } }],
        timeline: [
            { at: '1s', station: '*', action: 'plug', connector: 1 },
            { at: '2s', station: '*', action: 'tap', token: 'RC-CARD', connector: 1 },
        ],
    }));
    return file;
}

async function waitUntil(what, predicate, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

// A CSMS that is starting up: it takes TCP connections and answers nothing, then drops them.
async function blackHole(port) {
    const sockets = [];
    const server = net.createServer((socket) => {
        sockets.push(socket);
        socket.on('error', () => {});
    });
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
    });
    return {
        accepted: () => sockets.length,
        close: async () => {
            for (const socket of sockets) socket.destroy();
            await new Promise((resolve) => server.close(resolve));
        },
    };
}

test('ocpp2.0.1: every station reconnects within seconds after the CSMS restarts', { timeout: 90000 }, async (t) => {
    const first = new StrictCsms('ocpp2.0.1');
    const port = await first.listen();
    const sim = runSim(['--url', first.url(), '--protocol', 'ocpp2.0.1', '--scenario', scenarioFile()]);
    let second;
    t.after(async () => {
        await stopSim(sim);
        if (second) await second.close();
    });
    await sim.ready;
    await first.waitFor((c) => c.method === 'TransactionEvent' && c.params.eventType === 'Started',
        { count: STATIONS });
    assert.deepStrictEqual(first.failures, []);
    // Simulated time, as one station's clock tells it (lockstep: the time of the run's loop).
    const simulatedNow = async (csms) => {
        const got = await csms.command('RC-01', 'GetVariables', { getVariableData: [
            { component: { name: 'ClockCtrlr' }, variable: { name: 'DateTime' } }] });
        return Date.parse(got.getVariableResult[0].attributeValue);
    };
    const before = { simulated: await simulatedNow(first), real: Date.now() };

    // The CSMS dies with every connection.
    await first.close();
    await waitUntil('every station saw its connection close',
        () => (sim.out.stderr.match(/connection closed/g) || []).length >= STATIONS, 10000);
    // Down for a while: the stations' retries are refused, and their clocks run on (a periodic
    // sample is due every simulated minute, a real second at this acceleration).
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const refused = new Set([...sim.out.stderr.matchAll(/\[(RC-\d+)\] cannot connect/g)].map((m) => m[1]));
    assert.strictEqual(refused.size, STATIONS, 'every station retried on its own');

    // Starting up: connections are taken and not answered. Stations waiting in "connecting"
    // must not stop simulated time for the others, nor for ever for themselves.
    const starting = await blackHole(port);
    await waitUntil('the stations tried the starting CSMS', () => starting.accepted() >= 1, 10000);
    await new Promise((resolve) => setTimeout(resolve, 6000));
    await starting.close();

    second = new StrictCsms('ocpp2.0.1');
    await second.listen(port);
    const back = Date.now();
    await waitUntil(`all ${STATIONS} stations connected again`, () => second.clients.size === STATIONS, 8000);
    const took = Date.now() - back;
    assert.ok(took < 6000, `reconnecting took ${took} ms`);
    // Simulated time ran on through the outage (at 60x), held at most a moment by connections
    // being opened: it once stood still while any station was "connecting".
    const after = { simulated: await simulatedNow(second), real: Date.now() };
    const ran = (after.simulated - before.simulated) / 60;
    const real = after.real - before.real;
    assert.ok(ran > 0.6 * real, `simulated time ran ${ran} ms (at 1x) in ${real} ms of outage`);

    // What happened offline arrives: periodic TransactionEvents made while disconnected, flagged.
    await second.waitFor((c) => c.method === 'TransactionEvent' && c.params.offline === true,
        { count: STATIONS, timeoutMs: 10000 });
    const offline = new Set(second.calls.filter((c) => c.method === 'TransactionEvent' && c.params.offline)
        .map((c) => c.identity));
    assert.strictEqual(offline.size, STATIONS, 'every station queued while offline and replayed');
    // Each station's seqNo carries on without a gap across the outage.
    for (const id of offline) {
        const seqs = [...first.calls, ...second.calls]
            .filter((c) => c.identity === id && c.method === 'TransactionEvent').map((c) => c.params.seqNo);
        assert.deepStrictEqual(seqs, seqs.map((_, i) => i), `${id}: seqNo ${seqs}`);
    }
    assert.deepStrictEqual(second.failures, []);
});
