'use strict';
// DESIGN.md's command-line contract, which ops scripts and these tests rely on: the `ready:` line
// with the ports it was given, a clean exit on SIGTERM, and a non-zero exit with a one-line reason
// on bad configuration.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const { Gateway, freePort } = require('../lib/gateway');
const status = require('../lib/status');

describe('command-line contract', () => {
    it('prints "ready: ocpp=<port> status=<port>", serves the status API, exits 0 on SIGTERM',
        { timeout: 30000 }, async () => {
            const gateway = new Gateway();
            try {
                await gateway.start();  // checks the ready line names the ports it was given
                const now = await status.readStatus(gateway);
                assert.deepEqual(status.connectedStations(now), [], 'no station connected yet');
                assert.ok(fs.existsSync(gateway.dbPath),
                    `the gateway keeps its SQLite database at ${gateway.dbPath}`);
                const exit = await gateway.stop();
                assert.deepEqual(exit, { code: 0, signal: null }, 'exit status after SIGTERM');
            } finally {
                await gateway.dispose();
            }
        });

    it('a bad setting makes it exit non-zero with a one-line reason', { timeout: 15000 },
        async () => {
            const gateway = new Gateway({
                env: { ISKRA_GATEWAY_OFFLINE_UNKNOWN_TOKENS: 'maybe' },
                ocppPort: await freePort(),
                statusPort: await freePort(),
            });
            try {
                const run = spawnSync(gateway.binary, [], {
                    env: gateway.environment(), encoding: 'utf8', timeout: 10000,
                });
                assert.equal(run.error, undefined, `the gateway must exit by itself: ${run.error}`);
                assert.notEqual(run.status, 0, 'exit status with offline_unknown_tokens=maybe');
                assert.doesNotMatch(run.stdout, /^ready:/m, 'it must not say it is ready');
                assert.match(run.stderr, /offline_unknown_tokens|OFFLINE_UNKNOWN_TOKENS/,
                    `the reason names the bad setting; stderr was: ${run.stderr}`);
            } finally {
                fs.rmSync(gateway.dataDir, { recursive: true, force: true });
            }
        });
});
