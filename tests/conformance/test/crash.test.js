'use strict';
// Issue 3's crash test: 50 stations (both versions) in sessions sending meter values; kill -9 the
// gateway at a random moment; restart it on the same data folder; the stations reconnect and
// resend what was not answered, then finish their sessions. Then: every answered message is in
// the store exactly once, and the outbox holds each once, in the order the station was answered.
//
// ISKRA_CRASH_SEED=<n> repeats a run's kill moment; ISKRA_CRASH_STATIONS and ISKRA_CRASH_SAMPLES
// change its size.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { Gateway } = require('../lib/gateway');
const { ScriptedStation, mulberry32, sleep, WH_PER_SAMPLE } = require('../lib/scripted-station');
const store = require('../lib/store');
const status = require('../lib/status');

const STATIONS = Number(process.env.ISKRA_CRASH_STATIONS) || 50;
const SAMPLES = Number(process.env.ISKRA_CRASH_SAMPLES) || 150;
const KILL_WINDOW_MS = [300, 1500];
const STAGGER_MS = 1200;
const PHASE_TIMEOUT_MS = 60000;

async function within(promise, ms, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
        const error = new Error(`timed out after ${ms} ms waiting until ${what}`);
        timer = setTimeout(() => reject(error), ms);
    });
    try {
        return await Promise.race([promise, timeout]);
    } finally {
        clearTimeout(timer);
    }
}

// Boots and status reports carry no identity the gateway could deduplicate a resend on (a
// station may really boot twice), so for those a resend may be stored twice; money messages
// (start, meter values, stop) never.
const MAY_REPEAT_WHEN_RESENT = new Set(['boot', 'status']);

function describeMessage(station, message) {
    const when = message.answeredIn === 'before' ? 'answered before the kill'
        : 'answered after the restart';
    return `${station.id} ${message.action} (${message.key}, ${when}` +
        `${message.resent ? ', resent after the restart' : ''})`;
}

// Everything wrong with what the store holds for one station, as readable lines.
function checkStation(station, facts) {
    const problems = [];
    const answered = station.answered();
    const count = (list, predicate) => list.filter(predicate).length;

    // Its session: one, with the transactionId the station was told, closed with its last reading.
    const sessions = facts.sessions.filter((s) => s.stationId === station.id);
    const start = answered.find((m) => m.kind === 'start');
    const end = answered.find((m) => m.kind === 'end');
    if (sessions.length !== 1) {
        problems.push(`${station.id}: ${sessions.length} sessions stored, expected 1: ` +
            JSON.stringify(sessions));
    } else {
        const [session] = sessions;
        const told = station.protocol === 'ocpp1.6' ? start.result.transactionId
            : start.payload.transactionInfo.transactionId;
        if (session.transactionId !== told) {
            problems.push(`${station.id}: session stored with transactionId ` +
                `${session.transactionId}, the station was told/used ${told}`);
        }
        const finalWh = (SAMPLES + 1) * WH_PER_SAMPLE;
        if (session.state !== 'closed' || session.meterStartWh !== 0 ||
            session.meterStopWh !== finalWh) {
            problems.push(`${station.id}: session should be closed with 0..${finalWh} Wh, is ` +
                JSON.stringify(session));
        }
        if (end && session.endedAt !== end.key.slice('end|'.length)) {
            problems.push(`${station.id}: session ended_at ${session.endedAt}, ` +
                `stop said ${end.key}`);
        }
    }

    // Every meter reading it was answered for: stored exactly once.
    for (const message of answered.filter((m) => m.sample)) {
        const stored = count(facts.samples, (s) => s.stationId === station.id &&
            s.sampledAt === message.sample.time && s.energyWh === message.sample.wh);
        if (stored !== 1) {
            problems.push(`${describeMessage(station, message)}: its meter reading ` +
                `${message.sample.wh} Wh at ${message.sample.time} is stored ${stored} times`);
        }
    }

    // Every status report it was answered for: in the history once (twice at most if resent).
    for (const message of answered.filter((m) => m.kind === 'status')) {
        const [, evse, connector, value, time] = message.key.split('|');
        const stored = count(facts.history, (h) => h.stationId === station.id &&
            h.evseId === Number(evse) && h.connectorId === Number(connector) &&
            h.status === value && h.stationTime === time);
        const allowed = message.resent ? [1, 2] : [1];
        if (!allowed.includes(stored)) {
            problems.push(`${describeMessage(station, message)}: in the status history ` +
                `${stored} times`);
        }
    }

    // The outbox: its events, in sequence order, are its answered messages in answer order.
    const expected = answered.map((m) => m.key);
    let actual = facts.outbox.filter((e) => store.outboxStation(e) === station.id)
        .map(store.outboxMessageKey).filter((key) => key !== null);
    for (const message of answered) {
        if (!message.resent || !MAY_REPEAT_WHEN_RESENT.has(message.kind)) continue;
        const first = actual.indexOf(message.key);
        const second = actual.indexOf(message.key, first + 1);
        if (second === first + 1) actual = actual.filter((_, i) => i !== second);
    }
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        const firstDiff = expected.findIndex((key, i) => actual[i] !== key);
        const at = firstDiff === -1 ? expected.length : firstDiff;
        const message = answered[at];
        problems.push(`${station.id}: outbox events differ from the answered messages at ` +
            `position ${at}${message ? ` (${describeMessage(station, message)})` : ''}: ` +
            `expected ${JSON.stringify(expected.slice(at, at + 3))}..., outbox has ` +
            `${JSON.stringify(actual.slice(at, at + 3))}... (${expected.length} answered, ` +
            `${actual.length} outbox events)`);
    }
    return problems;
}

describe('crash test', () => {
    it(`${STATIONS} stations, kill -9 mid-session, restart: every answered message stored ` +
        'exactly once, outbox in order', { timeout: 240000 }, async (t) => {
        const seed = Number(process.env.ISKRA_CRASH_SEED) || (Date.now() % 1000000007);
        const random = mulberry32(seed);
        t.diagnostic(`seed ${seed} (ISKRA_CRASH_SEED=${seed} repeats the kill moment)`);

        const gateway = await Gateway.start();
        t.after(() => gateway.dispose());
        const t0 = Date.now();
        const stations = Array.from({ length: STATIONS }, (_, i) => new ScriptedStation({
            id: `CRASH-${String(i).padStart(3, '0')}`,
            protocol: i % 2 === 0 ? 'ocpp1.6' : 'ocpp2.0.1',
            t0,
            samples: SAMPLES,
        }));
        const pause = () => Math.floor(random() * 8);

        // Phase 1: play until the power cut.
        await Promise.all(stations.map((s) => s.connect(gateway)));
        const killAfter = KILL_WINDOW_MS[0] +
            Math.floor(random() * (KILL_WINDOW_MS[1] - KILL_WINDOW_MS[0]));
        // Stations begin at staggered moments, so that the kill finds some booting or starting
        // their session, not only sending meter values.
        const before = stations.map(async (s) => {
            await sleep(Math.floor(random() * STAGGER_MS));
            await s.play('before', pause);
        });
        await sleep(killAfter);
        await gateway.kill();
        await within(Promise.all(before), 15000, 'the stations noticed that the gateway had died');
        const failedBefore = stations.filter((s) => s.failure);
        assert.deepEqual(failedBefore.map((s) => s.failure.message), [],
            'no call answered with an error before the kill');
        const answeredBefore = stations.reduce((n, s) => n + s.answered().length, 0);
        const inFlight = stations.filter((s) => s.unanswered().length > 0);
        t.diagnostic(`killed after ${killAfter} ms: ${answeredBefore} messages answered, ` +
            `${inFlight.length} stations had a call in flight ` +
            `(${[...new Set(inFlight.flatMap((s) => s.unanswered()))].join(', ')})`);
        assert.ok(answeredBefore > 0, 'the gateway answered messages before it was killed');
        assert.ok(stations.some((s) => !s.done), 'the kill came while stations were mid-script');

        // Phase 2: restart on the same data folder and ports; stations reconnect and go on.
        await gateway.start();
        await within(Promise.all(stations.map((s) => s.connect(gateway))), 20000,
            'all stations reconnected after the restart');
        await within(Promise.all(stations.map((s) => s.play('after', pause))), PHASE_TIMEOUT_MS,
            'all stations finished their scripts after the restart');
        const failedAfter = stations.filter((s) => s.failure);
        assert.deepEqual(failedAfter.map((s) => s.failure.message), [],
            'no call answered with an error after the restart');
        assert.deepEqual(stations.filter((s) => !s.done).map((s) => s.id), [],
            'every station finished its script');

        // What the technician sees: nothing open, every outbox event waiting for central.
        const now = await status.readStatus(gateway);
        const open = status.openSessions(now).filter((s) => s.stationId.startsWith('CRASH-'));
        assert.deepEqual(open, [], 'status API: no session left open');
        await Promise.all(stations.map((s) => s.close()));
        const backlog = status.outboxBacklog(now);
        await gateway.stop();

        const facts = {
            sessions: store.sessions(gateway.dbPath),
            samples: store.meterSamples(gateway.dbPath),
            history: store.statusHistory(gateway.dbPath),
            outbox: store.outbox(gateway.dbPath),
        };
        assert.equal(backlog, facts.outbox.length,
            'status API outbox backlog = outbox rows (standalone: nothing was sent to central)');
        const seqs = facts.outbox.map((e) => e.seq);
        assert.ok(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]), 'outbox seq increases');

        const problems = stations.flatMap((s) => checkStation(s, facts));
        const resent = stations
            .reduce((n, s) => n + s.answered().filter((m) => m.resent).length, 0);
        t.diagnostic(`${stations.reduce((n, s) => n + s.answered().length, 0)} messages answered ` +
            `in all, ${resent} of them resent after the restart; ${facts.outbox.length} outbox ` +
            `events, ${facts.samples.length} meter samples stored`);
        assert.deepEqual(problems.slice(0, 40), [],
            `${problems.length} problems in what the gateway stored (first 40 shown)`);
    });
});
