'use strict';
// The simulated site: a scenario file written for the run (stations, their tokens, a timeline of
// plug / tap / charge / tap / unplug, repeated) and iskra-sim processes that play it, one per
// OCPP version. Every station has one connector and its own token; with acceleration 60 a
// simulated minute takes a wall second.

const fs = require('node:fs');
const path = require('node:path');
const { Child, cleanEnv } = require('./process');

const READY_TIMEOUT_MS = 30000;

// The token of the station at `index` (0-based, across both versions): 20 tokens for 20 stations.
function tokenFor(index) {
    return `E2ETAG${String(index + 1).padStart(2, '0')}`;
}

function minutes(m) {
    // "17m30s"-style durations of whole seconds.
    const total = Math.round(m * 60);
    const mm = Math.floor(total / 60);
    const ss = total % 60;
    return ss ? `${mm}m${ss}s` : `${mm}m`;
}

// The stations of one phase: [{id, protocol, token, index}], `perProtocol` of each version.
function sitePlan(phase, perProtocol) {
    const stations = [];
    let index = 0;
    for (const [protocol, tag] of [['ocpp1.6', '16'], ['ocpp2.0.1', '201']]) {
        for (let n = 1; n <= perProtocol; n += 1) {
            stations.push({ id: `${phase}${tag}-${String(n).padStart(2, '0')}`, protocol, token: tokenFor(index), index });
            index += 1;
        }
    }
    return stations;
}

// A scenario for the stations of one protocol: `sessions` charging sessions per station, one
// every `periodMin` simulated minutes, each `chargeMin` long, stations staggered by 30 s.
// Returns {json, sessions (expected count), lastActionMin}.
function scenarioFor({ name, seed, stations, sessions, periodMin, chargeMin, sampleIntervalS, startAt }) {
    const timeline = [];
    let lastActionMin = 0;
    stations.forEach((station, k) => {
        const offset = 0.5 + k * 0.5;
        for (let s = 0; s < sessions; s += 1) {
            const t0 = offset + s * periodMin;
            const actions = [
                { at: t0, action: 'plug', connector: 1 },
                { at: t0 + 0.5, action: 'tap', token: station.token, connector: 1 },
                { at: t0 + 0.5 + chargeMin, action: 'tap', token: station.token, connector: 1 },
                { at: t0 + 1 + chargeMin, action: 'unplug', connector: 1 },
            ];
            for (const a of actions) {
                lastActionMin = Math.max(lastActionMin, a.at);
                timeline.push({ ...a, at: minutes(a.at), station: station.id, sortKey: a.at });
            }
        }
    });
    timeline.sort((a, b) => a.sortKey - b.sortKey);
    for (const a of timeline) delete a.sortKey;
    const json = {
        name,
        description: 'iskra end-to-end: several plug, tap, charge, tap, unplug sessions per station',
        seed,
        acceleration: 60,
        start: startAt,
        duration: minutes(lastActionMin + 1),
        stations: stations.map((station) => ({
            id: station.id,
            protocol: station.protocol,
            // Distinct registers per station, so a mixed-up session shows in its numbers.
            meter_start_wh: 1000000 + station.index * 100003,
            connectors: [{ type: 'AC', max_power_w: 22000 }],
            ev: { capacity_wh: 80000, soc: [10, 30], max_ac_power_w: 11000 },
            settings: { sample_interval_s: sampleIntervalS },
        })),
        timeline,
    };
    return { json, sessions: stations.length * sessions, lastActionMin };
}

class Sim {
    constructor({ binary, runDir, name, protocol, url, scenario }) {
        this.name = name;
        this.protocol = protocol;
        this.scenarioFile = path.join(runDir, `${name}.scenario.json`);
        fs.writeFileSync(this.scenarioFile, `${JSON.stringify(scenario, null, 2)}\n`);
        this.child = new Child(name, binary, ['--url', url, '--protocol', protocol, '--scenario', this.scenarioFile,
            '--message-log', path.join(runDir, `${name}.messages.log`)], cleanEnv({}), path.join(runDir, `${name}.log`));
    }

    start() {
        return this.child.start(/^ready: \d+ station\(s\) connected/m, READY_TIMEOUT_MS);
    }

    // Waits for the scenario's end; {code, summaries: Map(station -> {meterWh, queued})}.
    async finished(timeoutMs) {
        const exit = await this.child.waitForExit(timeoutMs);
        if (exit === null) {
            await this.child.kill();
            throw this.child.failure(`scenario still running after ${timeoutMs} ms (killed it)`);
        }
        if (exit.code !== 0) throw this.child.failure(`exited with code ${exit.code}, signal ${exit.signal}`);
        const summaries = new Map();
        for (const m of this.child.stdout.matchAll(/^summary: (\S+) meter_wh=(-?\d+) queued=(\d+)\s*$/gm)) {
            summaries.set(m[1], { meterWh: Number(m[2]), queued: Number(m[3]) });
        }
        return { code: exit.code, summaries };
    }
}

module.exports = { Sim, sitePlan, scenarioFor, tokenFor };
