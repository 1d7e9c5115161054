'use strict';
// iskra-central for the end-to-end run: SQLite in the run's folder, one loopback port kept for
// every restart (the gateway's central URL does not change), the ops subcommands of the
// command-line contract, and a signed-in API client (session cookie + X-CSRF-Token).
//
// Every path and field of central's API the test depends on is named in this file:
//   POST /api/v1/auth/login {email, password} -> Set-Cookie iskra_session, {csrf_token}
//   POST /api/v1/tokens {id, type, status}
//   GET  /api/v1/sessions?limit=&offset= -> {items: [{session_uuid, meter_start_wh, ...}], total}
//   GET  /api/v1/gateways/{id}/sync -> {acknowledged_seq, events_applied, rejected_count, rejected}

const fs = require('node:fs');
const path = require('node:path');
const { Child, HOST, cleanEnv, freePort, runToEnd } = require('./process');
const { request, describe } = require('./http');

const READY_TIMEOUT_MS = 30000;
const READY = /^ready: http=(\d+)\s*$/m;

class Central {
    constructor({ binary, runDir }) {
        this.binary = binary;
        this.dir = path.join(runDir, 'central');
        fs.mkdirSync(path.join(this.dir, 'data'), { recursive: true });
        fs.mkdirSync(path.join(this.dir, 'web'), { recursive: true });
        fs.writeFileSync(path.join(this.dir, 'web', 'index.html'), '<!doctype html><title>e2e</title>\n');
        this.dbPath = path.join(this.dir, 'central.db');
        this.port = 0;
        this.child = null;
        this.logFile = path.join(runDir, 'central.log');
        this.cookie = null;
        this.csrf = null;
        this.credentials = null;
    }

    get url() {
        return `http://${HOST}:${this.port}`;
    }

    environment() {
        return cleanEnv({
            ISKRA_CENTRAL_HTTP_HOST: HOST,
            ISKRA_CENTRAL_HTTP_PORT: String(this.port),
            ISKRA_CENTRAL_DATABASE: `sqlite:${this.dbPath}`,
            ISKRA_CENTRAL_DATA_DIR: path.join(this.dir, 'data'),
            ISKRA_CENTRAL_WEB_ROOT: path.join(this.dir, 'web'),
            ISKRA_CENTRAL_HTTP_SHUTDOWN_GRACE_S: '2',
        });
    }

    // Starts (or restarts, on the same database and port) and waits for `ready: http=PORT`.
    // A restart right after a kill may find the port still held for a moment: it retries.
    async start() {
        if (!this.port) this.port = await freePort();
        if (!this.child) this.child = new Child('central', this.binary, [], this.environment(), this.logFile);
        let lastError;
        for (let attempt = 0; attempt < 3; attempt += 1) {
            try {
                const match = await this.child.start(READY, READY_TIMEOUT_MS);
                if (Number(match[1]) !== this.port) {
                    throw this.child.failure(`said "${match[0].trim()}" but was told port ${this.port}`);
                }
                return;
            } catch (error) {
                lastError = error;
                if (!/address already in use|bind/i.test(this.child.stderr)) break;
                await new Promise((resolve) => setTimeout(resolve, 1000));
            }
        }
        throw lastError;
    }

    stop() {
        return this.child.stop();
    }

    kill() {
        return this.child.kill();
    }

    get running() {
        return this.child !== null && this.child.running;
    }

    // An ops subcommand (same environment); its stdout, or an error with what it said.
    async ops(args) {
        const result = await runToEnd(this.binary, args, this.environment(), 60000);
        if (result.code !== 0) {
            throw new Error(`iskra-central ${args.join(' ')} exited ${result.code}:\n${result.stderr}${result.stdout}`);
        }
        return result.stdout;
    }

    static field(stdout, name, command) {
        const match = new RegExp(`^${name}: (\\S+)\\s*$`, 'm').exec(stdout);
        if (!match) throw new Error(`iskra-central ${command} printed no "${name}: ..." line:\n${stdout}`);
        return match[1];
    }

    async createUser(email, role) {
        const out = await this.ops(['create-user', '--email', email, '--role', role, '--name', 'E2E admin']);
        return Central.field(out, 'password', 'create-user');
    }

    async createSite(name) {
        return Central.field(await this.ops(['create-site', '--name', name]), 'site', 'create-site');
    }

    async enrolmentCode(siteId) {
        return Central.field(await this.ops(['enrolment-code', '--site', siteId]), 'code', 'enrolment-code');
    }

    // --- the API, signed in ---------------------------------------------------------------

    async login(email, password) {
        this.credentials = { email, password };
        const answer = await request('POST', `${this.url}/api/v1/auth/login`, { body: { email, password } });
        if (answer.status !== 200) throw new Error(`login as ${email}: ${describe(answer)}`);
        const cookies = [].concat(answer.headers['set-cookie'] || []);
        const session = cookies.map((c) => /^(iskra_session=[^;]+)/.exec(c)).find(Boolean);
        if (!session) throw new Error(`login: no iskra_session cookie in ${JSON.stringify(cookies)}`);
        if (typeof answer.body.csrf_token !== 'string') {
            throw new Error(`login: no csrf_token in ${describe(answer)}`);
        }
        this.cookie = session[1];
        this.csrf = answer.body.csrf_token;
    }

    // A signed-in request; a 401 (say, a login session central did not keep across a restart)
    // signs in again once.
    async api(method, apiPath, body) {
        for (let attempt = 0; ; attempt += 1) {
            const headers = { cookie: this.cookie };
            if (method !== 'GET') headers['x-csrf-token'] = this.csrf;
            const answer = await request(method, `${this.url}${apiPath}`, { body, headers });
            if (answer.status === 401 && attempt === 0 && this.credentials) {
                await this.login(this.credentials.email, this.credentials.password);
                continue;
            }
            return answer;
        }
    }

    async apiOk(method, apiPath, body, expected = [200]) {
        const answer = await this.api(method, apiPath, body);
        if (!expected.includes(answer.status)) {
            throw new Error(`${method} ${apiPath}${body ? ` ${JSON.stringify(body)}` : ''}: ${describe(answer)}`);
        }
        return answer.body;
    }

    createToken(id) {
        return this.apiOk('POST', '/api/v1/tokens', { id, type: 'ISO14443', status: 'Accepted' }, [201]);
    }

    // Every session central holds, page by page: {items, total}.
    async sessions() {
        const items = [];
        const limit = 200;
        let total = 0;
        for (let offset = 0; ; offset += limit) {
            const page = await this.apiOk('GET', `/api/v1/sessions?limit=${limit}&offset=${offset}`);
            if (!Array.isArray(page.items) || !Number.isInteger(page.total)) {
                throw new Error(`GET /api/v1/sessions: expected {items: [], total}, got ${JSON.stringify(page).slice(0, 500)}`);
            }
            items.push(...page.items);
            total = page.total;
            if (page.items.length < limit || offset + limit >= total) break;
        }
        return { items, total };
    }

    syncState(gatewayId) {
        return this.apiOk('GET', `/api/v1/gateways/${encodeURIComponent(gatewayId)}/sync?limit=100`);
    }
}

module.exports = { Central };
