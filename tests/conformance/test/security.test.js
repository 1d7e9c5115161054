'use strict';
// Issue 3: "Security profile 1 (HTTP basic auth, per-station passwords stored as salted slow
// hashes), profile 2 (TLS with the configured server certificate), profile 3 (TLS with client
// certificates checked against a configured CA)", and BootNotification "Accepted, Pending or
// Rejected by the station allow-list". The OCPP security whitepaper / 2.0.1 part 2 A00 say how:
//   - profile 1: HTTP basic auth, user = the station id, over plain ws;
//   - profile 2: the same basic auth, over TLS (wss) with the CSMS's server certificate;
//   - profile 3: TLS with a client certificate the CSMS verifies; its CN is the station id;
//   - a refused upgrade gets an HTTP answer: 401 with `WWW-Authenticate: Basic` for missing or
//     wrong credentials, 403 for a station the operator rejected, 404 for an id nobody knows.
// Stations are put on the allow-list through the technician API (lib/api.js), with
// ACCEPT_UNKNOWN_STATIONS=0 (no commissioning mode). Certificates come from a test CA made with
// the openssl CLI (lib/pki.js); every connection is to 127.0.0.1.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Gateway } = require('../lib/gateway');
const { connectStation, call, tryUpgrade } = require('../lib/station');
const { v16, v201 } = require('../lib/messages');
const api = require('../lib/api');
const store = require('../lib/store');
const { Pki } = require('../lib/pki');

const TEST_TIMEOUT_MS = 30000;
const STRICT = { ISKRA_GATEWAY_ACCEPT_UNKNOWN_STATIONS: '0' };

const boot = { 'ocpp1.6': v16.boot, 'ocpp2.0.1': v201.boot };

function basic(user, password) {
    return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

// Opens a strict station; returns {client} or {error} (with httpStatus/httpHeaders if refused
// at HTTP). Never throws.
async function attempt(gateway, id, protocol, options) {
    try {
        return { client: await connectStation(gateway, id, protocol, options) };
    } catch (error) {
        return { error };
    }
}

function assertRefusedWith(outcome, status, what) {
    if (outcome.client) outcome.client.close({ force: true });
    assert.ok(!outcome.client, `${what}: the gateway accepted the connection; expected HTTP ` +
        `${status}`);
    assert.equal(outcome.error.httpStatus, status,
        `${what}: expected the upgrade refused with HTTP ${status}; got: ${outcome.error.message}`);
}

function assertBasicChallenge(outcome, what) {
    const challenge = outcome.error.httpHeaders && outcome.error.httpHeaders['www-authenticate'];
    assert.ok(typeof challenge === 'string' && /^Basic\b/i.test(challenge),
        `${what}: a 401 must carry "WWW-Authenticate: Basic ..." (RFC 7235/7617); got ` +
        `${JSON.stringify(challenge)}`);
}

async function assertBoot(client, protocol, expected, what) {
    const response = await call(client, 'BootNotification', boot[protocol]());
    assert.equal(response.status, expected, `${what}: BootNotification status`);
    return response;
}

describe('security profile 1: HTTP basic auth over ws', () => {
    let gateway;
    const clients = [];
    const PASSWORD = 'sp1-correct-horse-battery';
    const open = async (id, protocol, options) => {
        const outcome = await attempt(gateway, id, protocol, options);
        if (outcome.client) clients.push(outcome.client);
        return outcome;
    };

    before(async () => {
        gateway = await Gateway.start({
            env: { ...STRICT, ISKRA_GATEWAY_SECURITY_PROFILE: '1' },
        });
        await api.setStation(gateway, 'SP1-OK', 'allowed', PASSWORD);
        await api.setStation(gateway, 'SP1-PENDING', 'pending', PASSWORD);
        await api.setStation(gateway, 'SP1-REJECTED', 'rejected', PASSWORD);
        await api.setStation(gateway, 'SP1-NOPW', 'allowed');
    });
    after(async () => {
        await Promise.all(clients.map((c) => c.close({ force: true })));
        if (gateway) await gateway.stop().finally(() => gateway.dispose());
    });

    it('the password set through the API is stored as an Argon2id hash, never as it is',
        { timeout: TEST_TIMEOUT_MS }, async () => {
            const row = store.station(gateway.dbPath, 'SP1-OK');
            assert.ok(row, 'SP1-OK must be in the stations table after PUT /api/v1/stations');
            assert.equal(row.allowState, 'allowed');
            assert.match(String(row.passwordHash), /^\$argon2id\$/,
                'the stored password must be an encoded Argon2id hash');
            assert.ok(!String(row.passwordHash).includes(PASSWORD),
                'the stored hash must not contain the password');
        });

    for (const protocol of ['ocpp1.6', 'ocpp2.0.1']) {
        it(`${protocol}: the right password connects and boots Accepted`,
            { timeout: TEST_TIMEOUT_MS }, async () => {
                const outcome = await open('SP1-OK', protocol, { password: PASSWORD });
                assert.ok(outcome.client, `right password refused: ${outcome.error?.message}`);
                await assertBoot(outcome.client, protocol, 'Accepted',
                    'allowed station, right password');
                await outcome.client.close({ force: true });
            });
    }

    it('a wrong password gets 401 with WWW-Authenticate: Basic', { timeout: TEST_TIMEOUT_MS },
        async () => {
            for (const protocol of ['ocpp1.6', 'ocpp2.0.1']) {
                const outcome = await open('SP1-OK', protocol, { password: `${PASSWORD}-wrong` });
                assertRefusedWith(outcome, 401, `${protocol} wrong password`);
                assertBasicChallenge(outcome, `${protocol} wrong password`);
            }
        });

    it('no credentials get 401 with WWW-Authenticate: Basic', { timeout: TEST_TIMEOUT_MS },
        async () => {
            for (const protocol of ['ocpp1.6', 'ocpp2.0.1']) {
                const outcome = await open('SP1-OK', protocol, {});
                assertRefusedWith(outcome, 401, `${protocol} no Authorization header`);
                assertBasicChallenge(outcome, `${protocol} no Authorization header`);
            }
        });

    it('basic auth naming another station (right password) gets 401',
        { timeout: TEST_TIMEOUT_MS }, async () => {
            const result = await tryUpgrade(`${gateway.ocppUrl}/SP1-OK`, ['ocpp1.6'], 5000,
                { headers: { authorization: basic('SP1-PENDING', PASSWORD) } });
            if (result.opened) result.ws.terminate();
            assert.equal(result.httpStatus, 401, 'user in the Authorization header is not the ' +
                `station id of the URL: ${JSON.stringify({ ...result, ws: undefined })}`);
        });

    it('an allowed station without a password set gets 401 (nothing to check it against)',
        { timeout: TEST_TIMEOUT_MS }, async () => {
            const outcome = await open('SP1-NOPW', 'ocpp1.6', { password: 'anything-at-all-16' });
            assertRefusedWith(outcome, 401, 'allowed station with no password on record');
        });

    it('a rejected station gets 403, even with its right password', { timeout: TEST_TIMEOUT_MS },
        async () => {
            for (const protocol of ['ocpp1.6', 'ocpp2.0.1']) {
                const outcome = await open('SP1-REJECTED', protocol, { password: PASSWORD });
                assertRefusedWith(outcome, 403, `${protocol} rejected station`);
            }
        });

    it('an unknown station gets 404 (no commissioning mode)', { timeout: TEST_TIMEOUT_MS },
        async () => {
            for (const protocol of ['ocpp1.6', 'ocpp2.0.1']) {
                const outcome = await open('SP1-STRANGER', protocol, { password: PASSWORD });
                assertRefusedWith(outcome, 404, `${protocol} unknown station`);
            }
        });

    it('a pending station boots Pending; once allowed through the API it boots Accepted',
        { timeout: TEST_TIMEOUT_MS }, async () => {
            for (const protocol of ['ocpp1.6', 'ocpp2.0.1']) {
                await api.setStation(gateway, 'SP1-PENDING', 'pending');
                const outcome = await open('SP1-PENDING', protocol, { password: PASSWORD });
                assert.ok(outcome.client, `${protocol} pending station with its password must ` +
                    `connect: ${outcome.error?.message}`);
                const pending = await assertBoot(outcome.client, protocol, 'Pending',
                    `${protocol} station pending on the allow-list`);
                assert.ok(Number.isInteger(pending.interval),
                    `${protocol} Pending BootNotification: interval (retry) must be given`);
                // No password in the body: the one on record stays.
                await api.setStation(gateway, 'SP1-PENDING', 'allowed');
                await assertBoot(outcome.client, protocol, 'Accepted',
                    `${protocol} the same station after PUT allow_state=allowed`);
                await outcome.client.close({ force: true });
            }
        });

    it('a new password set through the API replaces the old one', { timeout: TEST_TIMEOUT_MS },
        async () => {
            const NEW = 'sp1-a-brand-new-password';
            await api.setStation(gateway, 'SP1-CHANGE', 'allowed', PASSWORD);
            const first = await open('SP1-CHANGE', 'ocpp1.6', { password: PASSWORD });
            assert.ok(first.client, `old password before the change: ${first.error?.message}`);
            await first.client.close({ force: true });
            await api.setStation(gateway, 'SP1-CHANGE', 'allowed', NEW);
            const old = await open('SP1-CHANGE', 'ocpp1.6', { password: PASSWORD });
            assertRefusedWith(old, 401, 'old password after the change');
            const fresh = await open('SP1-CHANGE', 'ocpp1.6', { password: NEW });
            assert.ok(fresh.client, `new password after the change: ${fresh.error?.message}`);
        });

    it('the API refuses a password shorter than 16 characters (400, field password)',
        { timeout: TEST_TIMEOUT_MS }, async () => {
            const answer = await api.putStation(gateway, 'SP1-SHORT',
                { allow_state: 'allowed', password: 'short-15-chars!' });
            assert.equal(answer.status, 400, api.describe(answer));
            assert.equal(answer.body?.error?.field, 'password', api.describe(answer));
            const bad = await api.putStation(gateway, 'SP1-SHORT', { allow_state: 'maybe' });
            assert.equal(bad.status, 400, api.describe(bad));
            assert.equal(bad.body?.error?.field, 'allow_state', api.describe(bad));
            assert.equal(store.station(gateway.dbPath, 'SP1-SHORT'), null,
                'a refused PUT must not add the station');
        });
});

describe('security profile 2: TLS (wss) with a server certificate, and basic auth', () => {
    let gateway;
    let pki;
    let ca;
    const clients = [];
    const PASSWORD = 'sp2-correct-horse-battery';
    let wssUrl;

    before(async () => {
        pki = new Pki();
        ca = pki.makeCa('test-ca');
        const server = pki.makeLeaf(ca, 'gateway', '127.0.0.1', 'server');
        gateway = await Gateway.start({
            env: {
                ...STRICT,
                ISKRA_GATEWAY_SECURITY_PROFILE: '2',
                ISKRA_GATEWAY_SECURITY_TLS_CERTIFICATE: server.cert,
                ISKRA_GATEWAY_SECURITY_TLS_PRIVATE_KEY: server.key,
            },
        });
        wssUrl = gateway.ocppUrl.replace(/^ws:/, 'wss:');
        await api.setStation(gateway, 'SP2-OK', 'allowed', PASSWORD);
    });
    after(async () => {
        await Promise.all(clients.map((c) => c.close({ force: true })));
        if (gateway) await gateway.stop().finally(() => gateway.dispose());
        if (pki) pki.dispose();
    });

    for (const protocol of ['ocpp1.6', 'ocpp2.0.1']) {
        it(`${protocol}: wss trusting the test CA, with the password, connects and boots`,
            { timeout: TEST_TIMEOUT_MS }, async () => {
                const outcome = await attempt(gateway, 'SP2-OK', protocol, {
                    endpoint: wssUrl, password: PASSWORD, wsOpts: Pki.wsOptions(ca),
                });
                assert.ok(outcome.client, `wss with password: ${outcome.error?.message}`);
                clients.push(outcome.client);
                await assertBoot(outcome.client, protocol, 'Accepted', 'profile 2 station');
                await outcome.client.close({ force: true });
            });
    }

    it('basic auth is still required over TLS: none or a wrong one gets 401',
        { timeout: TEST_TIMEOUT_MS }, async () => {
            const none = await attempt(gateway, 'SP2-OK', 'ocpp1.6',
                { endpoint: wssUrl, wsOpts: Pki.wsOptions(ca) });
            assertRefusedWith(none, 401, 'wss without credentials');
            assertBasicChallenge(none, 'wss without credentials');
            const wrong = await attempt(gateway, 'SP2-OK', 'ocpp2.0.1',
                { endpoint: wssUrl, password: `${PASSWORD}-wrong`, wsOpts: Pki.wsOptions(ca) });
            assertRefusedWith(wrong, 401, 'wss with a wrong password');
        });

    it('a plain ws connection (no TLS) fails', { timeout: TEST_TIMEOUT_MS }, async () => {
        const result = await tryUpgrade(`${gateway.ocppUrl}/SP2-OK`, ['ocpp1.6'], 5000,
            { headers: { authorization: basic('SP2-OK', PASSWORD) } });
        if (result.opened) result.ws.terminate();
        assert.equal(result.opened, false, 'profile 2 must not speak OCPP over plain ws');
        assert.notEqual(result.httpStatus, 101);
    });

    it('the server certificate is the configured one: a client not trusting the test CA fails',
        { timeout: TEST_TIMEOUT_MS }, async () => {
            const result = await tryUpgrade(`${wssUrl}/SP2-OK`, ['ocpp1.6'], 5000,
                { headers: { authorization: basic('SP2-OK', PASSWORD) } });
            if (result.opened) result.ws.terminate();
            assert.equal(result.opened, false, 'TLS must fail without trusting the test CA');
            assert.match(String(result.error), /certificate|self.signed|verify/i,
                `expected a certificate verification error, got ${result.error}`);
        });
});

describe('security profile 3: TLS with client certificates', () => {
    let gateway;
    let pki;
    let ca;
    let certs;
    const clients = [];
    let wssUrl;

    const tlsAs = (client) => Pki.wsOptions(ca, client);

    before(async () => {
        pki = new Pki();
        ca = pki.makeCa('station-ca');
        const rogueCa = pki.makeCa('rogue-ca');
        const server = pki.makeLeaf(ca, 'gateway', '127.0.0.1', 'server');
        certs = {
            ok: pki.makeLeaf(ca, 'sp3-ok', 'SP3-OK', 'client'),
            other: pki.makeLeaf(ca, 'sp3-other', 'SP3-OTHER', 'client'),
            rogue: pki.makeLeaf(rogueCa, 'sp3-rogue', 'SP3-OK', 'client'),
        };
        gateway = await Gateway.start({
            env: {
                ...STRICT,
                ISKRA_GATEWAY_SECURITY_PROFILE: '3',
                ISKRA_GATEWAY_SECURITY_TLS_CERTIFICATE: server.cert,
                ISKRA_GATEWAY_SECURITY_TLS_PRIVATE_KEY: server.key,
                ISKRA_GATEWAY_SECURITY_TLS_CLIENT_CA: ca.cert,
            },
        });
        wssUrl = gateway.ocppUrl.replace(/^ws:/, 'wss:');
        // Both on the allow-list: a refusal below is about the certificate, not the id.
        await api.setStation(gateway, 'SP3-OK', 'allowed');
        await api.setStation(gateway, 'SP3-OTHER', 'allowed');
    });
    after(async () => {
        await Promise.all(clients.map((c) => c.close({ force: true })));
        if (gateway) await gateway.stop().finally(() => gateway.dispose());
        if (pki) pki.dispose();
    });

    for (const protocol of ['ocpp1.6', 'ocpp2.0.1']) {
        it(`${protocol}: a certificate from the CA with CN = station id connects and boots`,
            { timeout: TEST_TIMEOUT_MS }, async () => {
                const outcome = await attempt(gateway, 'SP3-OK', protocol,
                    { endpoint: wssUrl, wsOpts: tlsAs(certs.ok) });
                assert.ok(outcome.client,
                    `client certificate CN=SP3-OK: ${outcome.error?.message}`);
                clients.push(outcome.client);
                await assertBoot(outcome.client, protocol, 'Accepted', 'profile 3 station');
                await outcome.client.close({ force: true });
            });
    }

    it('a certificate from the CA naming another station is refused', { timeout: TEST_TIMEOUT_MS },
        async () => {
            const result = await tryUpgrade(`${wssUrl}/SP3-OK`, ['ocpp1.6'], 5000,
                tlsAs(certs.other));
            if (result.opened) result.ws.terminate();
            assert.equal(result.opened, false, 'SP3-OK with the certificate of SP3-OTHER must be ' +
                'refused');
            if (result.httpStatus !== undefined) {
                assert.ok([401, 403].includes(result.httpStatus), 'a certificate that does not ' +
                    `name the station: expected HTTP 401 or 403, got ${result.httpStatus}`);
            }
        });

    it('no client certificate is refused at TLS, before any HTTP', { timeout: TEST_TIMEOUT_MS },
        async () => {
            const result = await tryUpgrade(`${wssUrl}/SP3-OK`, ['ocpp1.6'], 5000, tlsAs(null));
            if (result.opened) result.ws.terminate();
            assert.equal(result.opened, false, 'profile 3 without a client certificate');
            assert.equal(result.httpStatus, undefined, 'the TLS handshake must fail, so no HTTP ' +
                `answer comes; got HTTP ${result.httpStatus}`);
            assert.equal(result.upgraded, false);
        });

    it('a certificate with the right CN from another CA is refused at TLS',
        { timeout: TEST_TIMEOUT_MS }, async () => {
            const result = await tryUpgrade(`${wssUrl}/SP3-OK`, ['ocpp1.6'], 5000,
                tlsAs(certs.rogue));
            if (result.opened) result.ws.terminate();
            assert.equal(result.opened, false, 'profile 3 with an untrusted client certificate');
            assert.equal(result.httpStatus, undefined, 'the TLS handshake must fail, so no HTTP ' +
                `answer comes; got HTTP ${result.httpStatus}`);
        });
});
