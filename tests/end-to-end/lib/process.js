'use strict';
// One child process of the end-to-end run: spawned with an environment of our choosing (no
// ISKRA_* of the developer's shell leaks in), its `ready:` line awaited with a deadline, its
// stdout and stderr kept (the tail) for failure messages, stopped with SIGTERM (the contract:
// it exits 0) or crashed with SIGKILL. Every process started is remembered so that the test's
// after() hook can end whatever is still running, whatever failed.

const { spawn, execFile } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');

const HOST = '127.0.0.1';
const KEEP_BYTES = 96 * 1024;
// A program that loops writing the same line must not fill the disk.
const LOG_CAP_BYTES = 4 * 1024 * 1024;
const live = new Set();

// An environment without the caller's ISKRA_* settings, plus `extra`.
function cleanEnv(extra) {
    const env = {};
    for (const [key, value] of Object.entries(process.env)) {
        if (!key.startsWith('ISKRA_')) env[key] = value;
    }
    return Object.assign(env, extra);
}

// A port nothing listens on right now: bind port 0, read what the kernel chose, let it go.
function freePort() {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.once('error', reject);
        server.listen(0, HOST, () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

function tail(text, lines = 40) {
    const kept = text.trim().split('\n').slice(-lines).join('\n');
    return kept || '(empty)';
}

function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

class Child {
    // name: for messages ("central", "gateway", "sim ocpp1.6"); logFile: where everything the
    // process writes is appended too (kept in the run's folder for a failure's post-mortem).
    constructor(name, binary, args, env, logFile) {
        this.name = name;
        this.binary = binary;
        this.args = args;
        this.env = env;
        this.logFile = logFile;
        this.child = null;
        this.stdout = '';
        this.stderr = '';
        this.exit = null;
        this.exitPromise = null;
        this.starts = 0;
        this.logged = 0;
    }

    get running() {
        return this.child !== null && this.exit === null;
    }

    get pid() {
        return this.child ? this.child.pid : null;
    }

    keep(stream, text) {
        this[stream] += text;
        if (this[stream].length > KEEP_BYTES) this[stream] = this[stream].slice(-KEEP_BYTES);
        if (this.logFile && this.logged < LOG_CAP_BYTES) {
            this.logged += text.length;
            fs.appendFileSync(this.logFile, this.logged < LOG_CAP_BYTES ? text
                : `${text}\n[log capped at ${LOG_CAP_BYTES} bytes; only the tail is kept in memory]\n`);
        }
        if (process.env.ISKRA_TEST_VERBOSE) process.stderr.write(`[${this.name}] ${text}`);
    }

    // Spawns the process and resolves with the match of readyPattern on its stdout; rejects (and
    // kills it) when it exits first or says nothing within timeoutMs.
    start(readyPattern, timeoutMs) {
        if (this.running) return Promise.reject(new Error(`${this.name} already running`));
        this.starts += 1;
        this.stdout = '';
        this.stderr = '';  // this run's only; the log file keeps every run's
        this.exit = null;
        if (this.logFile) {
            fs.appendFileSync(this.logFile, `\n===== start #${this.starts} at ` +
                `${new Date().toISOString()}: ${this.binary} ${this.args.join(' ')}\n`);
        }
        const child = spawn(this.binary, this.args, { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
        this.child = child;
        live.add(this);
        child.stdout.setEncoding('utf8');
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (text) => this.keep('stderr', text));
        child.stdout.on('data', (text) => this.keep('stdout', text));
        this.exitPromise = new Promise((resolve) => {
            child.once('exit', (code, signal) => {
                this.exit = { code, signal };
                live.delete(this);
                if (this.logFile) {
                    fs.appendFileSync(this.logFile, `\n===== exit code=${code} signal=${signal} ` +
                        `at ${new Date().toISOString()}\n`);
                }
                resolve(this.exit);
            });
            child.once('error', (error) => {
                this.keep('stderr', `[spawn failed: ${error.message}]\n`);
                this.exit = { code: null, signal: null, error };
                live.delete(this);
                resolve(this.exit);
            });
        });
        return new Promise((resolve, reject) => {
            let settled = false;
            const finish = (error, match) => {
                if (settled) return;
                settled = true;
                clearTimeout(timer);
                child.stdout.off('data', onData);
                if (!error) return resolve(match);
                if (this.running) child.kill('SIGKILL');
                reject(error);
            };
            const onData = () => {
                const match = readyPattern.exec(this.stdout);
                if (match) finish(null, match);
            };
            const timer = setTimeout(() => finish(this.failure(
                `printed no line matching ${readyPattern} within ${timeoutMs} ms`)), timeoutMs);
            child.stdout.on('data', onData);
            this.exitPromise.then((exit) => finish(this.failure(
                `exited before it was ready (code ${exit.code}, signal ${exit.signal})`)));
        });
    }

    failure(message) {
        return new Error(`${this.name}: ${message}\n--- ${this.name} stdout (last lines) ---\n` +
            `${tail(this.stdout, 10)}\n--- ${this.name} stderr (last lines) ---\n${tail(this.stderr)}` +
            (this.logFile ? `\n--- full log: ${this.logFile}` : ''));
    }

    // The exit ({code, signal}), or null if the process still runs after timeoutMs.
    waitForExit(timeoutMs) {
        if (!this.exitPromise) return Promise.resolve(this.exit);
        let timer;
        return Promise.race([
            this.exitPromise,
            new Promise((resolve) => { timer = setTimeout(resolve, timeoutMs, null); }),
        ]).finally(() => clearTimeout(timer));
    }

    // SIGTERM and wait; the contract says the program stops cleanly (exit 0) on SIGTERM.
    async stop(timeoutMs = 15000) {
        if (!this.running) return this.exit;
        this.child.kill('SIGTERM');
        const exit = await this.waitForExit(timeoutMs);
        if (exit === null) {
            this.child.kill('SIGKILL');
            await this.exitPromise;
            throw this.failure(`did not exit within ${timeoutMs} ms of SIGTERM (killed it with SIGKILL)`);
        }
        if (exit.code !== 0) {
            throw this.failure(`did not stop cleanly on SIGTERM: exit code ${exit.code}, signal ${exit.signal}`);
        }
        return exit;
    }

    // kill -9.
    async kill() {
        if (!this.running) return this.exit;
        this.child.kill('SIGKILL');
        return this.exitPromise;
    }
}

// Ends every process still running (SIGTERM, then SIGKILL after a grace); for after() hooks.
async function endAll(graceMs = 5000) {
    const children = [...live];
    for (const c of children) if (c.running) c.child.kill('SIGTERM');
    await Promise.all(children.map(async (c) => {
        if ((await c.waitForExit(graceMs)) === null) {
            c.child.kill('SIGKILL');
            await c.exitPromise;
        }
    }));
}

// Runs a command to completion: {code, stdout, stderr}; rejects only if it cannot be run or
// outlives timeoutMs (then it is killed).
function runToEnd(binary, args, env, timeoutMs = 30000) {
    return new Promise((resolve, reject) => {
        execFile(binary, args, { env, timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8',
            maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
            if (error && (error.killed || typeof error.code !== 'number')) {
                return reject(new Error(`${binary} ${args.join(' ')}: ${error.killed
                    ? `did not finish within ${timeoutMs} ms` : error.message}\n${tail(stderr)}`));
            }
            resolve({ code: error ? error.code : 0, stdout, stderr });
        });
    });
}

// Polls `probe` (async; a truthy result ends the wait) every intervalMs until timeoutMs; then
// throws with `what` and the description of the last probe.
async function waitFor(what, probe, { timeoutMs, intervalMs = 200, describe } = {}) {
    const deadline = Date.now() + timeoutMs;
    let last;
    let lastError;
    for (;;) {
        try {
            last = await probe();
            lastError = undefined;
            if (last) return last;
        } catch (error) {
            lastError = error;
        }
        if (Date.now() > deadline) {
            const detail = lastError ? `last error: ${lastError.message}`
                : describe ? `last: ${await describe()}` : `last: ${JSON.stringify(last)}`;
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${detail}`);
        }
        await sleep(intervalMs);
    }
}

module.exports = { Child, HOST, cleanEnv, freePort, endAll, runToEnd, waitFor, sleep, tail };
