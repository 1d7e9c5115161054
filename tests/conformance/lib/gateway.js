'use strict';
// Runs the real iskra-gateway process for a test: a fresh data folder, two free loopback ports,
// the environment of DESIGN.md's command-line contract, the `ready:` line awaited, SIGTERM to
// stop (or SIGKILL to crash it), and its stderr kept for failure messages.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = Number(process.env.ISKRA_TEST_READY_TIMEOUT_MS) || 15000;
const STOP_TIMEOUT_MS = 10000;
const STDERR_KEEP_BYTES = 64 * 1024;

// The binary: ISKRA_GATEWAY_BIN (ctest sets it), else the first build folder that has one.
function gatewayBinary() {
    if (process.env.ISKRA_GATEWAY_BIN) return process.env.ISKRA_GATEWAY_BIN;
    const root = path.resolve(__dirname, '..', '..', '..');
    const candidates = [path.join(root, 'build', 'gateway', 'iskra-gateway')];
    for (const entry of safeReaddir(path.join(root, 'build'))) {
        candidates.push(path.join(root, 'build', entry, 'gateway', 'iskra-gateway'));
    }
    const found = candidates.find((file) => fs.existsSync(file));
    if (!found) {
        throw new Error('no iskra-gateway binary: build it (packaging/scripts/build.sh) or set ' +
            'ISKRA_GATEWAY_BIN to its path');
    }
    return found;
}

function safeReaddir(dir) {
    try {
        return fs.readdirSync(dir);
    } catch {
        return [];
    }
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

class Gateway {
    // options.env: extra ISKRA_GATEWAY_* settings (they win over the defaults below).
    // options.dataDir: reuse a data folder (a restart); default a new temporary one.
    constructor(options = {}) {
        this.binary = options.binary || gatewayBinary();
        this.extraEnv = options.env || {};
        this.dataDir = options.dataDir || fs.mkdtempSync(path.join(os.tmpdir(), 'iskra-gw-'));
        this.ownsDataDir = !options.dataDir;
        this.ocppPort = options.ocppPort || 0;
        this.statusPort = options.statusPort || 0;
        this.child = null;
        this.stderr = '';
        this.stdout = '';
        this.exit = null;  // {code, signal} once the process ended
        this.exitPromise = null;
    }

    static async start(options) {
        const gateway = new Gateway(options);
        await gateway.start();
        return gateway;
    }

    get dbPath() {
        return path.join(this.dataDir, 'gateway.db');
    }

    // Base URL a station appends its id to.
    get ocppUrl() {
        return `ws://${HOST}:${this.ocppPort}/ocpp`;
    }

    get statusUrl() {
        return `http://${HOST}:${this.statusPort}`;
    }

    get running() {
        return this.child !== null && this.exit === null;
    }

    environment() {
        const env = {};
        // Only the basics of ours: an ISKRA_* setting of the developer's shell must not leak in.
        for (const [key, value] of Object.entries(process.env)) {
            if (!key.startsWith('ISKRA_')) env[key] = value;
        }
        return Object.assign(env, {
            ISKRA_GATEWAY_OCPP_HOST: HOST,
            ISKRA_GATEWAY_OCPP_PORT: String(this.ocppPort),
            ISKRA_GATEWAY_STATUS_HOST: HOST,
            ISKRA_GATEWAY_STATUS_PORT: String(this.statusPort),
            ISKRA_GATEWAY_DATA_DIR: this.dataDir,
            ISKRA_GATEWAY_CENTRAL_URL: '',
            ISKRA_GATEWAY_ACCEPT_UNKNOWN_STATIONS: '1',
            ISKRA_GATEWAY_OFFLINE_UNKNOWN_TOKENS: 'accept',
        }, this.extraEnv);
    }

    // Starts the process (again, on the same data folder and ports after stop() or kill()) and
    // resolves once it printed `ready:`; rejects with its stderr if it exits or is slow.
    async start() {
        if (this.running) throw new Error('gateway already running');
        if (!this.ocppPort) this.ocppPort = await freePort();
        if (!this.statusPort) this.statusPort = await freePort();
        this.stdout = '';
        this.exit = null;
        const child = spawn(this.binary, [], {
            env: this.environment(),
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        this.child = child;
        child.stderr.setEncoding('utf8');
        child.stdout.setEncoding('utf8');
        child.stderr.on('data', (text) => this.keepStderr(text));
        this.exitPromise = new Promise((resolve) => {
            child.once('exit', (code, signal) => {
                this.exit = { code, signal };
                resolve(this.exit);
            });
            child.once('error', (error) => {
                this.keepStderr(`[spawn failed: ${error.message}]\n`);
                this.exit = { code: null, signal: null, error };
                resolve(this.exit);
            });
        });
        try {
            await this.waitForReady();
        } catch (error) {
            if (this.running) {
                child.kill('SIGKILL');
                await this.exitPromise;
            }
            throw error;
        }
    }

    keepStderr(text) {
        this.stderr += text;
        if (this.stderr.length > STDERR_KEEP_BYTES) {
            this.stderr = this.stderr.slice(-STDERR_KEEP_BYTES);
        }
        if (process.env.ISKRA_TEST_VERBOSE) process.stderr.write(text);
    }

    waitForReady() {
        return new Promise((resolve, reject) => {
            let settled = false;
            const finish = (error) => {
                if (settled) return;
                settled = true;
                clearTimeout(timer);
                this.child.stdout.off('data', onData);
                if (error) reject(error); else resolve();
            };
            const onData = (text) => {
                this.stdout += text;
                const match = /^ready: ocpp=(\d+) status=(\d+)\s*$/m.exec(this.stdout);
                if (!match) return;
                const [ocpp, status] = [Number(match[1]), Number(match[2])];
                if (ocpp !== this.ocppPort || status !== this.statusPort) {
                    return finish(this.failure(`gateway said "${match[0].trim()}" but was told ` +
                        `ocpp=${this.ocppPort} status=${this.statusPort}`));
                }
                finish();
            };
            const timer = setTimeout(() => finish(this.failure(
                `gateway printed no "ready: ocpp=<port> status=<port>" line within ` +
                `${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
            this.child.stdout.on('data', onData);
            // Keep reading stdout after ready so the pipe never fills.
            this.child.stdout.on('data', (text) => {
                if (settled) this.stdout += text;
            });
            this.exitPromise.then((exit) => finish(this.failure(
                `gateway exited before it was ready (code ${exit.code}, signal ${exit.signal})`)));
        });
    }

    // An Error whose message ends with what the gateway wrote to stderr.
    failure(message) {
        const tail = this.stderr.trim().split('\n').slice(-40).join('\n');
        return new Error(`${message}\n--- gateway stderr (last lines) ---\n${tail || '(empty)'}` +
            `\n--- data dir: ${this.dataDir}`);
    }

    // SIGTERM, then wait: the contract says the gateway stops cleanly, i.e. exits 0.
    async stop() {
        if (!this.running) return this.exit;
        this.child.kill('SIGTERM');
        const exit = await this.waitForExit(STOP_TIMEOUT_MS);
        if (exit === null) {
            this.child.kill('SIGKILL');
            await this.exitPromise;
            throw this.failure(`gateway did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM ` +
                '(killed it with SIGKILL)');
        }
        if (exit.code !== 0) {
            throw this.failure(`gateway did not stop cleanly on SIGTERM: exit code ${exit.code}, ` +
                `signal ${exit.signal}`);
        }
        return exit;
    }

    // The exit ({code, signal}), or null if the process still runs after timeoutMs.
    waitForExit(timeoutMs) {
        let timer;
        return Promise.race([
            this.exitPromise,
            new Promise((resolve) => { timer = setTimeout(resolve, timeoutMs, null); }),
        ]).finally(() => clearTimeout(timer));
    }

    // kill -9: the crash test's power cut.
    async kill() {
        if (!this.running) return this.exit;
        this.child.kill('SIGKILL');
        return this.exitPromise;
    }

    // Stops the process if still running (SIGKILL if SIGTERM is not enough) and removes the data
    // folder unless the test asked to keep it (ISKRA_TEST_KEEP=1). For after() hooks.
    async dispose() {
        if (this.running) {
            this.child.kill('SIGTERM');
            const exit = await this.waitForExit(STOP_TIMEOUT_MS);
            if (exit === null) {
                this.child.kill('SIGKILL');
                await this.exitPromise;
            }
        }
        if (this.ownsDataDir && !process.env.ISKRA_TEST_KEEP) {
            fs.rmSync(this.dataDir, { recursive: true, force: true });
        }
    }
}

module.exports = { Gateway, freePort, gatewayBinary, HOST };
