'use strict';
// iskra-gateway for the end-to-end run: enrolled to central (`iskra-gateway enroll`), then run
// against it with two loopback ports kept across restarts (the stations reconnect to the same
// URL), its technician status API, and its SQLite store read with Debian's sqlite3 shell,
// read-only. Every SQL and status field the test depends on is in this file.

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Child, HOST, cleanEnv, freePort, runToEnd } = require('./process');
const { request, describe } = require('./http');

const READY_TIMEOUT_MS = 30000;
const READY = /^ready: ocpp=(\d+) status=(\d+)\s*$/m;

function sqlText(value) {
    return `'${String(value).replace(/'/g, "''")}'`;
}

class Gateway {
    // env: further ISKRA_GATEWAY_* settings; they win over the ones below.
    constructor({ binary, runDir, centralUrl, env = {} }) {
        this.extraEnv = env;
        this.binary = binary;
        this.dataDir = path.join(runDir, 'gateway');
        fs.mkdirSync(this.dataDir, { recursive: true });
        this.centralUrl = centralUrl;
        this.ocppPort = 0;
        this.statusPort = 0;
        this.child = null;
        this.logFile = path.join(runDir, 'gateway.log');
        this.gatewayId = null;
    }

    get ocppUrl() {
        return `ws://${HOST}:${this.ocppPort}/ocpp`;
    }

    get statusUrl() {
        return `http://${HOST}:${this.statusPort}`;
    }

    get running() {
        return this.child !== null && this.child.running;
    }

    environment() {
        return cleanEnv({
            ISKRA_GATEWAY_OCPP_HOST: HOST,
            ISKRA_GATEWAY_OCPP_PORT: String(this.ocppPort),
            ISKRA_GATEWAY_STATUS_HOST: HOST,
            ISKRA_GATEWAY_STATUS_PORT: String(this.statusPort),
            ISKRA_GATEWAY_DATA_DIR: this.dataDir,
            ISKRA_GATEWAY_CENTRAL_URL: this.centralUrl,
            ISKRA_GATEWAY_ACCEPT_UNKNOWN_STATIONS: '1',
            ISKRA_GATEWAY_OFFLINE_UNKNOWN_TOKENS: 'reject',
            // Retry central every 1-2 s while it is away (default: backing off up to 60 s), so
            // the drain after a restart starts within the test's time.
            ISKRA_GATEWAY_CENTRAL_RETRY_MAX_S: '2',
            ...this.extraEnv,
        });
    }

    // `iskra-gateway enroll --central URL --code CODE`: trades the code for an identity, kept in
    // DATA_DIR/central-identity.json (0600). Returns the gateway id.
    async enroll(code) {
        // The ports are part of the configuration every subcommand checks: choose them now.
        if (!this.ocppPort) this.ocppPort = await freePort();
        if (!this.statusPort) this.statusPort = await freePort();
        const result = await runToEnd(this.binary, ['enroll', '--central', this.centralUrl, '--code', code],
            this.environment(), 60000);
        if (result.code !== 0) {
            throw new Error(`iskra-gateway enroll exited ${result.code}:\n${result.stderr}${result.stdout}`);
        }
        const file = path.join(this.dataDir, 'central-identity.json');
        if (!fs.existsSync(file)) {
            throw new Error(`iskra-gateway enroll exited 0 but wrote no ${file}; it said:\n${result.stdout}${result.stderr}`);
        }
        const mode = fs.statSync(file).mode & 0o777;
        const identity = JSON.parse(fs.readFileSync(file, 'utf8'));
        if (typeof identity.gateway_id !== 'string' || typeof identity.secret !== 'string') {
            throw new Error(`${file}: expected gateway_id and secret, got keys ${Object.keys(identity)}`);
        }
        this.gatewayId = identity.gateway_id;
        return { gatewayId: identity.gateway_id, mode, stdout: result.stdout };
    }

    async start() {
        if (!this.ocppPort) this.ocppPort = await freePort();
        if (!this.statusPort) this.statusPort = await freePort();
        if (!this.child) this.child = new Child('gateway', this.binary, [], this.environment(), this.logFile);
        let lastError;
        for (let attempt = 0; attempt < 3; attempt += 1) {
            try {
                const match = await this.child.start(READY, READY_TIMEOUT_MS);
                if (Number(match[1]) !== this.ocppPort || Number(match[2]) !== this.statusPort) {
                    throw this.child.failure(`said "${match[0].trim()}" but was told ocpp=${this.ocppPort} ` +
                        `status=${this.statusPort}`);
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

    // --- the status API -------------------------------------------------------------------

    async status() {
        const answer = await request('GET', `${this.statusUrl}/api/v1/status`, { timeoutMs: 5000 });
        if (answer.status !== 200 || typeof answer.body !== 'object') {
            throw new Error(`GET /api/v1/status: ${describe(answer)}`);
        }
        return answer.body;
    }

    // {backlog, acknowledged, lastSeq, uplink} from the status API.
    async outbox() {
        const s = await this.status();
        for (const field of ['outbox_backlog', 'outbox_last_seq', 'outbox_acknowledged']) {
            if (!Number.isInteger(s[field])) {
                throw new Error(`status API: "${field}" is not an integer in ${JSON.stringify(s).slice(0, 1000)}`);
            }
        }
        return { backlog: s.outbox_backlog, acknowledged: s.outbox_acknowledged, lastSeq: s.outbox_last_seq,
            uplink: s.uplink };
    }

    // --- the store, read-only ---------------------------------------------------------------

    get dbPath() {
        const preferred = path.join(this.dataDir, 'gateway.db');
        if (fs.existsSync(preferred)) return preferred;
        const found = fs.readdirSync(this.dataDir).find((f) => f.endsWith('.db'));
        if (!found) throw new Error(`no *.db in the gateway's data folder ${this.dataDir}`);
        return path.join(this.dataDir, found);
    }

    query(sql) {
        let out;
        try {
            out = execFileSync('sqlite3', ['-readonly', '-json', '-cmd', '.timeout 5000', this.dbPath, sql], {
                encoding: 'utf8', timeout: 20000, maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'],
            });
        } catch (error) {
            throw new Error(`sqlite3 ${this.dbPath} "${sql}" failed: ${error.stderr || error.message}`);
        }
        return out.trim() ? JSON.parse(out) : [];
    }

    scalar(sql) {
        const rows = this.query(sql);
        return rows.length ? Object.values(rows[0])[0] : null;
    }

    // Every session of the store: {session_uuid, station_id, meter_start_wh, meter_stop_wh, state, ...}.
    sessions() {
        return this.query('SELECT session_uuid, station_id, token_id, meter_start_wh, meter_stop_wh, state, ' +
            'closed_by, started_at, ended_at FROM sessions ORDER BY station_id, started_at');
    }

    sessionCount() {
        return this.scalar('SELECT COUNT(*) AS n FROM sessions');
    }

    // The local authorisation list as central last sent it: {version, tokens: Set of ids}.
    localList() {
        const version = this.scalar('SELECT version FROM local_auth_list_version WHERE singleton = 1');
        const rows = this.query("SELECT token_id, status FROM local_auth_list WHERE status = 'Accepted'");
        return { version, tokens: new Set(rows.map((r) => r.token_id)) };
    }

    lastAuthorizationId() {
        return this.scalar('SELECT IFNULL(MAX(id), 0) AS id FROM authorization_log');
    }

    // Decisions logged with id in (afterId, upToId]: [{token_id, decision, source, decided_at}].
    authorizations(afterId = 0, upToId = Number.MAX_SAFE_INTEGER) {
        return this.query('SELECT id, station_id, token_id, decision, source, decided_at FROM authorization_log ' +
            `WHERE id > ${Number(afterId)} AND id <= ${Number(upToId)} ORDER BY id`);
    }

    outboxTypes() {
        return this.query('SELECT event_type, COUNT(*) AS n FROM outbox GROUP BY event_type ORDER BY event_type');
    }

    stationSessions(stationId) {
        return this.query(`SELECT * FROM sessions WHERE station_id = ${sqlText(stationId)} ORDER BY started_at`);
    }
}

module.exports = { Gateway };
