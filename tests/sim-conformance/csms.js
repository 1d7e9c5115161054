// A strict, independent CSMS for the simulator's conformance tests: an ocpp-rpc RPCServer in
// strict mode (every message either way is checked against the official schemas), answering the
// simulator's calls with valid canned answers and recording everything, plus a helper that runs
// iskra-sim against it and waits for its ready line.
'use strict';

const { spawn } = require('node:child_process');
const path = require('node:path');
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const { RPCServer } = require('ocpp-rpc');

function simBinary() {
    if (process.env.ISKRA_SIM) return process.env.ISKRA_SIM;
    const root = path.resolve(__dirname, '..', '..');
    for (const dir of ['build', 'build-sim', 'build-ci']) {
        const candidate = path.join(root, dir, 'firmware-sim', 'app', 'iskra-sim');
        if (fs.existsSync(candidate)) return candidate;
    }
    throw new Error('iskra-sim not found: set ISKRA_SIM to the binary');
}

function stationNumber(identity) {
    let h = 0;
    for (const ch of identity) h = (h * 31 + ch.charCodeAt(0)) % 100000;
    return h;
}

function answerFor(protocol, identity, method, params, state) {
    const now = new Date().toISOString();
    const v16 = protocol === 'ocpp1.6';
    switch (method) {
        case 'BootNotification':
            return v16 ? { status: 'Accepted', currentTime: now, interval: 300 }
                       : { status: 'Accepted', currentTime: now, interval: 300 };
        case 'Heartbeat':
            return { currentTime: now };
        case 'Authorize':
            return v16 ? { idTagInfo: { status: 'Accepted' } }
                       : { idTokenInfo: { status: 'Accepted' } };
        case 'StartTransaction': {
            // Numbered per station, so runs compare alike however stations interleave.
            const n = (state.counters[identity] = (state.counters[identity] || 0) + 1);
            state.lastTransactionId = stationNumber(identity) * 1000 + n;
            return { idTagInfo: { status: 'Accepted' }, transactionId: state.lastTransactionId };
        }
        case 'StopTransaction':
            return { idTagInfo: { status: 'Accepted' } };
        case 'TransactionEvent':
            return params.idToken ? { idTokenInfo: { status: 'Accepted' } } : {};
        case 'DataTransfer':
            return { status: 'UnknownVendorId' };
        case 'SignCertificate':
            return { status: 'Rejected' };
        default:
            return {};
    }
}

class StrictCsms {
    // options.authorize(handshake): null to accept, or [httpStatus, reason] to refuse the
    // upgrade (security profiles 1-3). options.tls: node `https.createServer` options (cert,
    // key, and for profile 3 ca + requestCert); the server then speaks wss://.
    constructor(protocol, options = {}) {
        this.protocol = protocol;
        this.options = options;
        this.refusals = [];       // { identity, status, reason }
        this.calls = [];          // { identity, method, params, at }
        this.failures = [];       // strict validation failures, either direction
        this.clients = new Map(); // identity -> client
        this.state = { counters: {}, lastTransactionId: 0 };
        this.waiters = [];
        this.server = new RPCServer({ protocols: [protocol], strictMode: true });
        this.server.auth((accept, reject, handshake) => {
            const refusal = options.authorize ? options.authorize(handshake) : null;
            if (!refusal) {
                accept({ identity: handshake.identity });
                return;
            }
            this.refusals.push({ identity: handshake.identity, status: refusal[0], reason: refusal[1] });
            reject(refusal[0], refusal[1]);
        });
        this.server.on('client', (client) => {
            this.clients.set(client.identity, client);
            client.on('strictValidationFailure', (event) => {
                this.failures.push({ identity: client.identity, message: String(event.error?.message ?? event.error), event });
            });
            client.handle(({ method, params }) => {
                this.calls.push({ identity: client.identity, method, params, at: Date.now() });
                const answer = answerFor(this.protocol, client.identity, method, params, this.state);
                setImmediate(() => this._wake());
                return answer;
            });
        });
    }

    // On `port`, or any free one (0).
    async listen(port = 0) {
        if (this.options.tls) {
            this.https = https.createServer(this.options.tls);
            this.https.on('upgrade', this.server.handleUpgrade);
            this.tlsErrors = [];
            this.https.on('tlsClientError', (error) => this.tlsErrors.push(String(error.message)));
            await new Promise((resolve, reject) => {
                this.https.once('error', reject);
                this.https.listen(port, '127.0.0.1', resolve);
            });
            this.port = this.https.address().port;
            return this.port;
        }
        const http = await this.server.listen(port, '127.0.0.1');
        this.port = http.address().port;
        return this.port;
    }

    url() {
        return `${this.options.tls ? 'wss' : 'ws'}://127.0.0.1:${this.port}/ocpp`;
    }

    _wake() {
        const still = [];
        for (const w of this.waiters) {
            const found = this.calls.filter(w.predicate);
            if (found.length >= w.count) w.resolve(found); else still.push(w);
        }
        this.waiters = still;
    }

    // Resolves with the matching calls once `count` of them have arrived.
    waitFor(predicate, { count = 1, timeoutMs = 15000 } = {}) {
        const found = this.calls.filter(predicate);
        if (found.length >= count) return Promise.resolve(found);
        return new Promise((resolve, reject) => {
            const waiter = { predicate, count, resolve };
            this.waiters.push(waiter);
            setTimeout(() => {
                this.waiters = this.waiters.filter((w) => w !== waiter);
                reject(new Error(`timed out waiting for ${count} call(s); have: ` +
                    this.calls.map((c) => c.method).join(',')));
            }, timeoutMs);
        });
    }

    // A command to a station; strict mode validates the station's answer.
    command(identity, method, params) {
        const client = this.clients.get(identity);
        if (!client) throw new Error(`station ${identity} is not connected`);
        return client.call(method, params);
    }

    async close() {
        await this.server.close({ force: true });
        if (this.https) {
            this.https.closeAllConnections();
            await new Promise((resolve) => this.https.close(resolve));
        }
    }
}

// A plain HTTP file server on 127.0.0.1 for firmware downloads and log uploads: serves
// `files[path]` to GET (404 otherwise), records every PUT, and answers `status[path]` instead
// when one is set (401 to refuse an upload, 500 to fail one).
class FileServer {
    constructor(files = {}) {
        this.files = files;
        this.status = {};
        this.requests = [];   // { method, path }
        this.uploads = [];    // { path, body, contentType }
        this.server = http.createServer((req, res) => {
            const chunks = [];
            req.on('data', (c) => chunks.push(c));
            req.on('end', () => {
                this.requests.push({ method: req.method, path: req.url });
                if (this.status[req.url]) {
                    res.writeHead(this.status[req.url]).end();
                } else if (req.method === 'GET' && this.files[req.url] !== undefined) {
                    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(this.files[req.url]);
                } else if (req.method === 'PUT' || req.method === 'POST') {
                    this.uploads.push({ path: req.url, body: Buffer.concat(chunks).toString('utf8'),
                        contentType: req.headers['content-type'] });
                    res.writeHead(201).end();
                } else {
                    res.writeHead(404).end();
                }
            });
        });
    }

    async listen() {
        await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
        this.port = this.server.address().port;
        return this.port;
    }

    url(p) {
        return `http://127.0.0.1:${this.port}${p}`;
    }

    async close() {
        this.server.closeAllConnections();
        await new Promise((resolve) => this.server.close(resolve));
    }
}

// Runs iskra-sim; resolves once it printed its ready line (or the given marker).
function runSim(args, { readyMarker = 'ready:', timeoutMs = 20000, env } = {}) {
    const child = spawn(simBinary(), args, { stdio: ['pipe', 'pipe', 'pipe'],
        env: env ? { ...process.env, ...env } : process.env });
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (d) => { out.stdout += d; });
    child.stderr.on('data', (d) => { out.stderr += d; });
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const ready = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no ready line; stderr:\n' + out.stderr)), timeoutMs);
        const check = () => {
            if (out.stdout.includes(readyMarker)) {
                clearTimeout(timer);
                resolve();
            }
        };
        child.stdout.on('data', check);
        exited.then(({ code }) => {
            clearTimeout(timer);
            if (!out.stdout.includes(readyMarker)) reject(new Error(`iskra-sim exited ${code}: ${out.stderr}`));
        });
    });
    return { child, out, ready, exited };
}

async function stopSim(sim) {
    if (sim.child.exitCode === null) sim.child.kill('SIGTERM');
    return sim.exited;
}

module.exports = { StrictCsms, FileServer, runSim, stopSim, simBinary };
