'use strict';
// A station that plays a fixed script (boot, status, a session with meter values, stop) one call at
// a time, as OCPP requires, and survives the gateway dying: a call whose socket closed stays
// unanswered and is resent, byte for byte the same payload, after reconnecting. It remembers which
// of its messages were answered, and when (before or after the crash), for the crash test's checks.

const { connectStation, call, RPCClient } = require('./station');
const { v16, v201, iso } = require('./messages');

const WH_PER_SAMPLE = 10;  // 10 Wh a second: 36 kW, a plausible DC charge
const SAMPLE_SPACING_MS = 1000;

// A deterministic pseudo-random generator, so a failing run can be repeated from its seed.
function mulberry32(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6D2B79F5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Was the call lost with its socket (to be resent), rather than answered with an error?
function lostWithSocket(error, client) {
    return client.state !== RPCClient.OPEN || error.name === 'AbortError' ||
        /disconnect|not open|going away/i.test(error.message);
}

class ScriptedStation {
    // t0: the session's start time (ms); samples: how many meter values between start and stop.
    constructor({ id, protocol, t0, samples }) {
        this.id = id;
        this.protocol = protocol;
        this.state = { transactionId: null };
        const script = protocol === 'ocpp1.6' ? script16 : script201;
        this.steps = script(id, t0, samples);
        this.payloads = [];   // built once per step, so that a resend is identical
        this.records = this.steps.map(() => ({ attempts: [], answeredIn: null, result: null }));
        this.next = 0;
        this.client = null;
        this.failure = null;  // a CALLERROR or schema failure: the gateway answered wrongly
    }

    get done() {
        return this.next >= this.steps.length;
    }

    async connect(gateway) {
        this.client = await connectStation(gateway, this.id, this.protocol);
    }

    // Plays steps until the script ends, the socket closes, or the gateway answers wrongly.
    // `phase` names this run ('before' or 'after' the crash); `pause()` gives the gap between
    // calls.
    async play(phase, pause) {
        while (!this.done && !this.failure) {
            if (this.client.state !== RPCClient.OPEN) return;
            const index = this.next;
            const step = this.steps[index];
            if (!this.payloads[index]) this.payloads[index] = step.build(this.state);
            const record = this.records[index];
            record.attempts.push(phase);
            let result;
            try {
                result = await call(this.client, step.action, this.payloads[index]);
            } catch (error) {
                if (lostWithSocket(error, this.client)) return;
                this.failure = error;
                return;
            }
            record.answeredIn = phase;
            record.result = result;
            if (step.onResult) step.onResult(result, this.state);
            this.next += 1;
            await sleep(pause());
        }
    }

    // The answered messages in answer order: [{index, action, key, payload, result, answeredIn,
    // resent}], `resent` when it was sent more than once.
    answered() {
        const out = [];
        this.records.forEach((record, index) => {
            if (record.answeredIn === null) return;
            const step = this.steps[index];
            out.push({
                index,
                action: step.action,
                kind: step.kind,
                key: step.key(this.payloads[index], record.result),
                sample: step.sample ? step.sample(this.payloads[index]) : null,
                payload: this.payloads[index],
                result: record.result,
                answeredIn: record.answeredIn,
                resent: record.attempts.length > 1,
            });
        });
        return out;
    }

    // The step in flight when the socket closed, if any: sent, not answered.
    unanswered() {
        return this.records
            .map((record, index) => ({ record, index }))
            .filter(({ record }) => record.attempts.length && record.answeredIn === null)
            .map(({ index }) => this.steps[index].action);
    }

    async close() {
        if (this.client) await this.client.close({ force: true });
    }
}

const statusKey = (status, time) => `status|1|1|${status}|${iso(time)}`;

function script16(id, t0, samples) {
    const tag = `TAG-${id}`;
    const steps = [
        { action: 'BootNotification', kind: 'boot', build: () => v16.boot(), key: () => 'boot' },
        {
            action: 'StatusNotification', kind: 'status',
            build: () => v16.status(1, 'Preparing', t0 - 1000),
            key: () => statusKey('Preparing', t0 - 1000),
        },
        {
            action: 'StartTransaction', kind: 'start',
            build: () => v16.start({ idTag: tag, meterStart: 0, time: t0 }),
            key: () => `start|${iso(t0)}`,
            onResult: (result, state) => { state.transactionId = result.transactionId; },
        },
    ];
    for (let k = 1; k <= samples; k += 1) {
        const time = t0 + k * SAMPLE_SPACING_MS;
        steps.push({
            action: 'MeterValues', kind: 'meter',
            build: (state) => v16.meterValues({
                transactionId: state.transactionId, wh: k * WH_PER_SAMPLE, time,
            }),
            key: () => `meter|${iso(time)}`,
            sample: () => ({ time: iso(time), wh: k * WH_PER_SAMPLE }),
        });
    }
    const end = t0 + (samples + 1) * SAMPLE_SPACING_MS;
    steps.push({
        action: 'StopTransaction', kind: 'end',
        build: (state) => v16.stop({
            transactionId: state.transactionId, meterStop: (samples + 1) * WH_PER_SAMPLE, time: end,
            idTag: tag,
        }),
        key: () => `end|${iso(end)}`,
    });
    steps.push({
        action: 'StatusNotification', kind: 'status',
        build: () => v16.status(1, 'Available', end + 500),
        key: () => statusKey('Available', end + 500),
    });
    return steps;
}

function script201(id, t0, samples) {
    const transactionId = `tx-${id}`;
    const event = (kind, seqNo, wh, time, idToken) =>
        v201.transactionEvent({ kind, transactionId, seqNo, wh, time, idToken });
    const sampleOf = (payload) => ({
        time: payload.meterValue[0].timestamp, wh: payload.meterValue[0].sampledValue[0].value,
    });
    const steps = [
        { action: 'BootNotification', kind: 'boot', build: () => v201.boot(), key: () => 'boot' },
        {
            action: 'StatusNotification', kind: 'status',
            build: () => v201.status(1, 'Occupied', t0 - 1000),
            key: () => statusKey('Occupied', t0 - 1000),
        },
        {
            action: 'TransactionEvent', kind: 'start',
            build: () => event('Started', 0, 0, t0, `TAG-${id}`),
            key: () => `start|${iso(t0)}`,
            sample: sampleOf,
        },
    ];
    for (let k = 1; k <= samples; k += 1) {
        const time = t0 + k * SAMPLE_SPACING_MS;
        steps.push({
            action: 'TransactionEvent', kind: 'meter',
            build: () => event('Updated', k, k * WH_PER_SAMPLE, time),
            key: () => `update|${k}`,
            sample: sampleOf,
        });
    }
    const end = t0 + (samples + 1) * SAMPLE_SPACING_MS;
    steps.push({
        action: 'TransactionEvent', kind: 'end',
        build: () => event('Ended', samples + 1, (samples + 1) * WH_PER_SAMPLE, end, `TAG-${id}`),
        key: () => `end|${iso(end)}`,
        sample: sampleOf,
    });
    steps.push({
        action: 'StatusNotification', kind: 'status',
        build: () => v201.status(1, 'Available', end + 500),
        key: () => statusKey('Available', end + 500),
    });
    return steps;
}

module.exports = { ScriptedStation, mulberry32, sleep, WH_PER_SAMPLE };
