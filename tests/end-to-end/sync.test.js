'use strict';
// End-to-end: central + an enrolled gateway + 20 simulated stations (10 OCPP 1.6, 10 OCPP 2.0.1),
// real processes on 127.0.0.1 (issue 5, "Tests and proof", first bullet).
//
// Setup: central on SQLite, a super admin, a site, 20 RFID tokens over the API, an enrolment
// code, `iskra-gateway enroll`, the gateway run against central until it holds the local list.
// Phase A: the stations charge (plug, tap, charge, tap, unplug, three times each); central is
//   stopped (SIGTERM) for ~22 s meanwhile: sessions keep starting at the gateway, authorised
//   from the local list; central restarts on the same database and the outbox drains to 0.
//   Then every session of the gateway's store is in central exactly once with the same meter
//   start/stop and energy to the Wh, closed ones closed.
// Phase B: 20 more stations; central stopped to build a backlog, then kill -9 of the gateway
//   as soon as the first batch of the drain is acknowledged (the next batch in flight), and
//   later kill -9 of central the same way; both restarted on their data; the same assertions
//   over every session of both phases.
// Program faults that are not the sync itself (a simulator that does not exit) are collected
// and fail the last test, so the sync results are still reported.
//
// Run: ctest -L e2e (or node --test tests/end-to-end/ with ISKRA_*_BIN set or a build under
// build/). ISKRA_TEST_KEEP=1 keeps the run folder (logs, databases); ISKRA_TEST_VERBOSE=1
// echoes every program's output.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const { findBinaries } = require('./lib/binaries');
const { Central } = require('./lib/central');
const { Gateway } = require('./lib/gateway');
const { Sim, sitePlan, scenarioFor, tokenFor } = require('./lib/sim');
const { endAll, waitFor, sleep } = require('./lib/process');

const binaries = findBinaries();
const haveSqlite = spawnSync('sqlite3', ['-version']).status === 0;
const skip = binaries.missing || (!haveSqlite && 'no sqlite3 command to read the gateway store with');
if (binaries.error) test('the programs are built', () => assert.fail(binaries.error));

const STATIONS_PER_PROTOCOL = 10;
const TOKEN_COUNT = 2 * STATIONS_PER_PROTOCOL;
const LIST_TIMEOUT_MS = 30000;
const SCENARIO_TIMEOUT_MS = 100000;   // a scenario is ~58 s of wall time
const SIM_EXIT_GRACE_MS = 10000;      // after its scenario's end, a sim must exit by itself
const DRAIN_TIMEOUT_MS = 60000;
const FIRST_ACK_TIMEOUT_MS = 45000;
const SESSION_TYPES = new Set(['SessionStarted', 'SessionUpdated', 'MeterValuesReported', 'SessionEnded',
    'AuthorizationRequested', 'AuthorizationAnswered', 'SessionFlagged']);

const run = {
    dir: null,
    central: null,
    gateway: null,
    email: 'e2e-admin@iskra.test',
    expectedSessions: 0,      // across phases, from the scenarios
    phases: [],               // [{name, stations}]
    problems: [],             // program faults outside the sync path, reported by the last test
    notes: [],
};

function note(text) {
    run.notes.push(text);
    process.stderr.write(`e2e ${new Date().toISOString()}: ${text}\n`);
}

function where() {
    return `\n(run folder: ${run.dir}${process.env.ISKRA_TEST_KEEP ? '' : '; set ISKRA_TEST_KEEP=1 to keep it'})`;
}

// --- the simulated site -----------------------------------------------------------------------

// Starts both simulators of a phase; resolves once both printed `ready:`. Returns
// {sims, startedAt, expected}.
async function startSite(phase, { seed, sessions, sampleIntervalS }) {
    const stations = sitePlan(phase, STATIONS_PER_PROTOCOL);
    // Simulated time runs 60x; starting it two hours back keeps every station timestamp in the past.
    const startAt = new Date(Date.now() - 2 * 3600 * 1000).toISOString();
    const sims = [];
    let expected = 0;
    for (const protocol of ['ocpp1.6', 'ocpp2.0.1']) {
        const mine = stations.filter((s) => s.protocol === protocol);
        const scenario = scenarioFor({ name: `e2e ${phase} ${protocol}`, seed, stations: mine, sessions,
            periodMin: 18, chargeMin: 13, sampleIntervalS, startAt });
        expected += scenario.sessions;
        sims.push(new Sim({ binary: binaries.sim, runDir: run.dir, name: `sim-${phase}-${protocol}`, protocol,
            url: run.gateway.ocppUrl, scenario: scenario.json }));
    }
    await Promise.all(sims.map((s) => s.start()));
    run.expectedSessions += expected;
    run.phases.push({ name: phase, stations });
    return { sims, stations, startedAt: Date.now(), expected };
}

function sleepUntil(startedAt, seconds) {
    return sleep(Math.max(0, startedAt + seconds * 1000 - Date.now()));
}

// Waits for each sim to finish its scenario and exit. A sim that says "scenario finished" but
// does not exit within SIM_EXIT_GRACE_MS is killed and noted as a problem. Returns the merged
// summaries (station -> {meterWh, queued}), or null for a sim that had to be killed.
async function finishSite(site) {
    const summaries = new Map();
    await Promise.all(site.sims.map(async (sim) => {
        await waitFor(`${sim.name} to finish its scenario`,
            () => !sim.child.running || /scenario finished/.test(sim.child.stderr),
            { timeoutMs: SCENARIO_TIMEOUT_MS, intervalMs: 250 }).catch((error) => {
            throw sim.child.failure(error.message);
        });
        const exit = await sim.child.waitForExit(SIM_EXIT_GRACE_MS);
        if (exit === null) {
            await sim.child.kill();
            run.problems.push(`${sim.name} (iskra-sim) logged "scenario finished" but did not exit within ` +
                `${SIM_EXIT_GRACE_MS} ms (killed with SIGKILL; its log: ${sim.child.logFile}). It printed ` +
                `"scenario finished" ${(sim.child.stderr.match(/scenario finished/g) || []).length}+ times in ` +
                'its last 96 KiB of stderr');
            return;
        }
        const { summaries: mine } = await sim.finished(1000);
        for (const [station, summary] of mine) summaries.set(station, summary);
    }));
    return summaries;
}

// --- waits on the gateway ------------------------------------------------------------------------

async function waitForDrain(what) {
    const started = Date.now();
    const last = await waitFor(`the gateway's outbox backlog to reach 0 (${what})`, async () => {
        const o = await run.gateway.outbox();
        return o.backlog === 0 && o.acknowledged === o.lastSeq ? o : null;
    }, { timeoutMs: DRAIN_TIMEOUT_MS, intervalMs: 250,
        describe: async () => JSON.stringify(await run.gateway.status().catch((e) => e.message)).slice(0, 1500) });
    note(`${what}: outbox drained (acknowledged ${last.acknowledged}) ${Date.now() - started} ms after the wait began`);
    return last;
}

// Polls the gateway's outbox every 20 ms until `acknowledged` moves past `from`; returns the
// status seen at that moment. The batch after the one just acknowledged is then on its way.
async function firstAckAfter(from, what) {
    return waitFor(`the gateway's first acknowledged batch after ${what} (acknowledged > ${from})`, async () => {
        const o = await run.gateway.outbox();
        return o.acknowledged > from ? o : null;
    }, { timeoutMs: FIRST_ACK_TIMEOUT_MS, intervalMs: 20,
        describe: async () => JSON.stringify(await run.gateway.status().catch((e) => e.message)).slice(0, 1500) });
}

// --- the comparison -----------------------------------------------------------------------------

// Every session in the gateway's store is in central exactly once, with the same numbers.
async function assertExactlyOnce(label, summaries) {
    const gwRows = run.gateway.sessions();
    const central = await run.central.sessions();
    const context = `${label}: gateway has ${gwRows.length} sessions, central lists ${central.items.length} ` +
        `(total ${central.total})`;

    // The gateway holds what the scenarios made: every plug cycle one session, all closed.
    assert.equal(gwRows.length, run.expectedSessions,
        `${context}: the scenarios make ${run.expectedSessions} sessions; the gateway store has ${gwRows.length}` +
        ` (per station: ${JSON.stringify(countBy(gwRows, (r) => r.station_id))})${where()}`);
    const open = gwRows.filter((r) => r.state !== 'closed');
    assert.deepEqual(open, [], `${context}: sessions still open at the gateway after every EV left${where()}`);

    // Central: no duplicates, the same set.
    const centralIds = central.items.map((s) => s.session_uuid);
    const duplicates = [...countBy(centralIds, (id) => id)].filter(([, n]) => n > 1);
    assert.deepEqual(duplicates, [], `${context}: session_uuid listed more than once by central${where()}`);
    assert.equal(central.total, central.items.length, `${context}: central's total disagrees with its pages`);
    const byUuid = new Map(central.items.map((s) => [s.session_uuid, s]));
    const gwIds = new Set(gwRows.map((r) => r.session_uuid));
    const missing = gwRows.filter((r) => !byUuid.has(r.session_uuid));
    const extra = central.items.filter((s) => !gwIds.has(s.session_uuid));
    assert.deepEqual(missing.map((r) => `${r.station_id} ${r.session_uuid}`), [],
        `${context}: sessions of the gateway missing in central${where()}`);
    assert.deepEqual(extra.map((s) => `${s.station_id} ${s.session_uuid}`), [],
        `${context}: sessions in central the gateway does not have${where()}`);
    assert.equal(central.items.length, gwRows.length, context);

    // The same numbers, to the Wh.
    const mismatches = [];
    for (const g of gwRows) {
        const c = byUuid.get(g.session_uuid);
        const want = {
            station_id: g.station_id,
            meter_start_wh: g.meter_start_wh,
            meter_stop_wh: g.meter_stop_wh,
            energy_wh: g.meter_stop_wh - g.meter_start_wh,
            state: g.state,
        };
        const got = {
            station_id: c.station_id,
            meter_start_wh: c.meter_start_wh,
            meter_stop_wh: c.meter_stop_wh,
            energy_wh: c.energy_wh,
            state: c.state,
        };
        if (JSON.stringify(want) !== JSON.stringify(got)) {
            mismatches.push(`${g.session_uuid}: gateway ${JSON.stringify(want)} central ${JSON.stringify(got)}`);
        }
        if (run.gateway.gatewayId && c.gateway_id !== undefined && c.gateway_id !== run.gateway.gatewayId) {
            mismatches.push(`${g.session_uuid}: central says gateway ${c.gateway_id}, enrolled as ${run.gateway.gatewayId}`);
        }
    }
    assert.deepEqual(mismatches.slice(0, 20), [],
        `${context}: ${mismatches.length} sessions differ between the gateway and central${where()}`);

    // Total energy, as a one-line summary.
    const sum = (rows, f) => rows.reduce((a, r) => a + (f(r) || 0), 0);
    note(`${label}: ${gwRows.length} sessions exactly once in central, ` +
        `${sum(gwRows, (r) => r.meter_stop_wh - r.meter_start_wh)} Wh at the gateway, ` +
        `${sum(central.items, (s) => s.energy_wh)} Wh in central`);

    // The model's meter (what the simulator says each station's register ended at) is the last
    // session's meter stop: one connector, and no energy flows outside a session.
    if (summaries) {
        const last = new Map();
        for (const g of gwRows) last.set(g.station_id, Math.max(last.get(g.station_id) ?? 0, g.meter_stop_wh));
        const off = [];
        for (const [station, s] of summaries) {
            if (s.queued !== 0) off.push(`${station}: ${s.queued} transaction messages still queued in the simulator`);
            if (last.get(station) !== s.meterWh) {
                off.push(`${station}: simulator register ${s.meterWh} Wh, last meter stop at the gateway ${last.get(station)}`);
            }
        }
        assert.deepEqual(off, [], `${label}: the simulator's meters disagree with the stored sessions${where()}`);
    }

    // Central acknowledged everything and rejected no event about sessions.
    const sync = await run.central.syncState(run.gateway.gatewayId);
    const outbox = await run.gateway.outbox();
    assert.equal(sync.acknowledged_seq, outbox.lastSeq,
        `${label}: central acknowledged ${sync.acknowledged_seq}, the gateway's outbox ends at ${outbox.lastSeq}`);
    const rejected = (sync.rejected && sync.rejected.items) || [];
    const bad = rejected.filter((r) => SESSION_TYPES.has(r.type));
    assert.deepEqual(bad.map((r) => `${r.seq} ${r.type}: ${r.reason}`), [],
        `${label}: central rejected session events (rejected_count ${sync.rejected_count})${where()}`);
    if (sync.rejected_count > 0) {
        const kinds = [...countBy(rejected, (r) => `${r.type}: ${r.reason}`)].map(([k, n]) => `${n}x ${k}`);
        const problem = `central kept ${sync.rejected_count} gateway events as rejected (sync_rejected_events): ` +
            kinds.join('; ');
        if (!run.problems.includes(problem)) run.problems.push(problem);
    }
}

function countBy(items, key) {
    const counts = new Map();
    for (const item of items) counts.set(key(item), (counts.get(key(item)) || 0) + 1);
    return counts;
}

// Central, its admin, site and tokens; the enrolled gateway holding the local list.
async function setup() {
    run.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iskra-e2e-'));
    run.central = new Central({ binary: binaries.central, runDir: run.dir });
    await run.central.start();
    const password = await run.central.createUser(run.email, 'super_admin');
    await run.central.login(run.email, password);
    const siteId = await run.central.createSite('E2E site');
    for (let i = 0; i < TOKEN_COUNT; i += 1) await run.central.createToken(tokenFor(i));
    const code = await run.central.enrolmentCode(siteId);

    run.gateway = new Gateway({ binary: binaries.gateway, runDir: run.dir, centralUrl: run.central.url });
    const enrolled = await run.gateway.enroll(code);
    assert.equal(enrolled.mode, 0o600,
        `central-identity.json has mode ${enrolled.mode.toString(8)}; the protocol says 0600`);
    await run.gateway.start();
    const wanted = Array.from({ length: TOKEN_COUNT }, (_, i) => tokenFor(i));
    await waitFor(`the gateway to pull the local list of ${TOKEN_COUNT} tokens from central`, () => {
        const list = run.gateway.localList();
        return list.version > 0 && wanted.every((t) => list.tokens.has(t)) ? list : null;
    }, { timeoutMs: LIST_TIMEOUT_MS, intervalMs: 250,
        describe: async () => {
            const list = run.gateway.localList();
            return `version ${list.version}, tokens [${[...list.tokens].join(', ')}]; status ` +
                JSON.stringify(await run.gateway.status().catch((e) => e.message)).slice(0, 800);
        } });
    note(`setup: gateway ${run.gateway.gatewayId} enrolled and holds the local list`);
}

// --- the run ------------------------------------------------------------------------------------

test.describe('end-to-end: exactly-once sessions from 20 stations through an outage and crashes',
    { skip: skip || Boolean(binaries.error), timeout: 235000 }, () => {
    test.before(setup, { timeout: 90000 });

    test.after(async () => {
        await endAll();
        if (run.dir && !process.env.ISKRA_TEST_KEEP) fs.rmSync(run.dir, { recursive: true, force: true });
        else if (run.dir) process.stderr.write(`e2e: run folder kept: ${run.dir}\n`);
    });

    test('phase A: central stopped for a while; the gateway authorises locally and buffers; all arrive once',
        { timeout: 150000 }, async () => {
        const site = await startSite('A', { seed: 5, sessions: 3, sampleIntervalS: 60 });

        // Central goes away before the second wave of sessions starts (18.5-23 simulated minutes).
        await sleepUntil(site.startedAt, 12);
        const authBefore = run.gateway.lastAuthorizationId();
        const sessionsAtStop = run.gateway.sessionCount();
        await run.central.stop();
        note(`phase A: central stopped (SIGTERM) with ${sessionsAtStop} sessions at the gateway`);

        await sleepUntil(site.startedAt, 34);
        const sessionsBeforeRestart = run.gateway.sessionCount();
        const authUpTo = run.gateway.lastAuthorizationId();
        const whileDown = await run.gateway.outbox();
        note(`phase A: while central was down: sessions ${sessionsAtStop} -> ${sessionsBeforeRestart}, ` +
            `outbox ${JSON.stringify(whileDown)}`);
        assert.ok(sessionsBeforeRestart > sessionsAtStop,
            `no session started at the gateway while central was down (${sessionsAtStop} before, ` +
            `${sessionsBeforeRestart} after)${where()}`);
        assert.ok(whileDown.backlog > 0, `the gateway buffered nothing while central was down: ${JSON.stringify(whileDown)}`);
        const decisions = run.gateway.authorizations(authBefore, authUpTo);
        assert.ok(decisions.length > 0, `no authorisation decided while central was down${where()}`);
        const notAccepted = decisions.filter((d) => d.decision !== 'Accepted' || d.source === 'central');
        assert.deepEqual(notAccepted, [],
            `while central was down, every token on the local list must be Accepted from the local list or cache${where()}`);

        await run.central.start();
        note('phase A: central restarted on the same database');
        const summaries = await finishSite(site);
        await waitForDrain('phase A');
        await assertExactlyOnce('phase A', summaries);
    });

    test('phase B: kill -9 of the gateway mid-sync and of central mid-apply; all arrive once',
        { timeout: 170000 }, async () => {
        // Phase A may have failed half-way: start whatever is down.
        if (!run.central.running) await run.central.start();
        if (!run.gateway.running) await run.gateway.start();
        // Samples every 10 simulated seconds: a backlog of several batches builds in seconds.
        const site = await startSite('B', { seed: 11, sessions: 3, sampleIntervalS: 10 });

        // 1. A backlog, then kill -9 of the gateway while it drains.
        await sleepUntil(site.startedAt, 3);
        await run.central.stop();
        await sleepUntil(site.startedAt, 19);
        const beforeGatewayKill = await run.gateway.outbox();
        await run.central.start();
        const seen = await firstAckAfter(beforeGatewayKill.acknowledged, 'central came back');
        await run.gateway.kill();
        note(`phase B: gateway killed (-9) with backlog ${seen.backlog} after central acknowledged ` +
            `${beforeGatewayKill.acknowledged} -> ${seen.acknowledged} of ${seen.lastSeq}` +
            (seen.backlog === 0 ? ' (the drain was one batch: not mid-batch)' : ''));
        await run.gateway.start();
        const afterGatewayRestart = await run.gateway.outbox();
        const syncAfterGatewayKill = await run.central.syncState(run.gateway.gatewayId);
        assert.ok(afterGatewayRestart.lastSeq >= seen.lastSeq,
            `the gateway lost outbox rows in the crash: last seq ${seen.lastSeq} before, ` +
            `${afterGatewayRestart.lastSeq} after${where()}`);
        assert.ok(syncAfterGatewayKill.acknowledged_seq >= afterGatewayRestart.acknowledged,
            `the gateway's outbox marker (${afterGatewayRestart.acknowledged}) is ahead of what central holds ` +
            `(${syncAfterGatewayKill.acknowledged_seq})${where()}`);

        // 2. Another backlog, then kill -9 of central while it applies.
        await sleepUntil(site.startedAt, 28);
        await run.central.stop();
        await sleepUntil(site.startedAt, 42);
        const beforeCentralKill = await run.gateway.outbox();
        await run.central.start();
        const applying = await firstAckAfter(beforeCentralKill.acknowledged, 'central came back again');
        await run.central.kill();
        note(`phase B: central killed (-9) with backlog ${applying.backlog} after it acknowledged ` +
            `${beforeCentralKill.acknowledged} -> ${applying.acknowledged} of ${applying.lastSeq}` +
            (applying.backlog === 0 ? ' (the drain was one batch: not mid-apply)' : ''));
        await run.central.start();
        // What central acknowledged before the kill, it still holds after it.
        const syncAfterCentralKill = await run.central.syncState(run.gateway.gatewayId);
        assert.ok(syncAfterCentralKill.acknowledged_seq >= applying.acknowledged,
            `central acknowledged ${applying.acknowledged} before kill -9 but holds only ` +
            `${syncAfterCentralKill.acknowledged_seq} after restarting${where()}`);

        const summaries = await finishSite(site);
        await waitForDrain('phase B');
        await assertExactlyOnce('phase B (both phases)', summaries);

        // Every decision about our tokens, online or not, was Accepted.
        const refused = run.gateway.authorizations().filter((d) => d.decision !== 'Accepted');
        assert.deepEqual(refused, [], `a token on central's list was refused at some point${where()}`);
    });

    test('the programs behaved (SIGTERM stops, simulators exit at the end of their scenario)', () => {
        for (const problem of run.problems) note(`problem: ${problem}`);
        if (run.problems.length) assert.fail(`program faults seen during the run:\n- ${run.problems.join('\n- ')}`);
    });
});
