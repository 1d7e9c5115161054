// iskra-sim's security profiles (issue 4, OCPP security whitepaper / 2.0.1 part 2 A00) against a
// strict ocpp-rpc CSMS that checks what each profile requires:
//   - profile 1: HTTP basic auth (user = station id) over ws://;
//   - profile 2: the same over wss://, the simulator checking the CSMS's certificate (CA and
//     host name) with --ca;
//   - profile 3: wss:// with a client certificate (--cert/--key) the CSMS checks against its CA.
// Wrong passwords, an untrusted server and an untrusted client certificate must fail, and the
// simulator must say why on stderr. Certificates are made at test time with the openssl CLI
// (tests/conformance/lib/pki.js); every connection is to 127.0.0.1.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const { StrictCsms, runSim, stopSim } = require('./csms');
const { Pki } = require('../conformance/lib/pki');

const PASSWORD = 'sim-profile-password-16chars';

function passwordCheck(expected) {
    return (handshake) => {
        if (handshake.password === undefined) return [401, 'no credentials'];
        if (handshake.password.toString('utf8') !== expected) return [401, 'wrong password'];
        return null;
    };
}

// Profile 3: the TLS layer verified the chain (rejectUnauthorized); the CN must name the station.
function clientCertificateCheck(handshake) {
    const socket = handshake.request.socket;
    if (!socket.authorized) return [401, `client certificate: ${socket.authorizationError}`];
    const cn = socket.getPeerCertificate().subject?.CN;
    if (cn !== handshake.identity) return [401, `certificate CN ${cn} is not ${handshake.identity}`];
    return null;
}

// Runs a simulator that must fail to connect: waits for its reason on stderr and checks that
// it never became ready and the CSMS never heard a message from it.
async function expectRefused(csms, args, reason, what) {
    const sim = runSim(args);
    sim.ready.catch(() => {});
    const deadline = Date.now() + 15000;
    while (!reason.test(sim.out.stderr) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await stopSim(sim);
    assert.match(sim.out.stderr, reason, `${what}: stderr should say why; it was:\n${sim.out.stderr}`);
    assert.doesNotMatch(sim.out.stdout, /^ready:/m, `${what}: the simulator must not be ready`);
    assert.strictEqual(csms.calls.length, 0, `${what}: the CSMS heard ${csms.calls.map((c) => c.method)}`);
    return sim;
}

async function expectBoots(csms, args, id, what, env) {
    const sim = runSim(args, { env });
    try {
        await sim.ready;
        const [boot] = await csms.waitFor((c) => c.identity === id && c.method === 'BootNotification');
        assert.ok(boot, `${what}: no BootNotification`);
        assert.deepStrictEqual(csms.failures, [], `${what}: strict validation failures`);
    } finally {
        const { code } = await stopSim(sim);
        assert.strictEqual(code, 0, `${what}: exit code; stderr:\n${sim.out.stderr}`);
    }
}

test('security profile 1: basic auth over ws://', { timeout: 60000 }, async (t) => {
    const csms = new StrictCsms('ocpp1.6', { authorize: passwordCheck(PASSWORD) });
    await csms.listen();
    t.after(() => csms.close());

    await t.test('the right password boots', () => expectBoots(csms,
        ['--url', csms.url(), '--protocol', 'ocpp1.6', '--id', 'SP1-A', '--password', PASSWORD],
        'SP1-A', 'profile 1'));

    await t.test('the password can come from ISKRA_SIM_PASSWORD, off the command line', () =>
        expectBoots(csms, ['--url', csms.url(), '--protocol', 'ocpp1.6', '--id', 'SP1-ENV'],
            'SP1-ENV', 'profile 1 from the environment', { ISKRA_SIM_PASSWORD: PASSWORD }));

    await t.test('a wrong password is refused with a reason', async () => {
        csms.calls.length = 0;
        await expectRefused(csms,
            ['--url', csms.url(), '--protocol', 'ocpp1.6', '--id', 'SP1-B', '--password', 'not-it'],
            /\[SP1-B\].*cannot connect.*401/, 'wrong password');
        assert.ok(csms.refusals.some((r) => r.identity === 'SP1-B' && r.reason === 'wrong password'));
    });

    await t.test('no password at all is refused', async () => {
        csms.calls.length = 0;
        await expectRefused(csms, ['--url', csms.url(), '--protocol', 'ocpp1.6', '--id', 'SP1-C'],
            /\[SP1-C\].*cannot connect.*401/, 'no password');
        assert.ok(csms.refusals.some((r) => r.identity === 'SP1-C' && r.reason === 'no credentials'));
    });
});

test('security profiles 2 and 3: TLS', { timeout: 120000 }, async (t) => {
    const pki = new Pki();
    t.after(() => pki.dispose());
    const ca = pki.makeCa('sim-test-ca');
    const otherCa = pki.makeCa('sim-untrusted-ca');
    const server = pki.makeLeaf(ca, 'server', '127.0.0.1', 'server');
    const client = pki.makeLeaf(ca, 'sp3-station', 'SP3-A', 'client');
    const stranger = pki.makeLeaf(otherCa, 'sp3-stranger', 'SP3-B', 'client');
    const serverTls = { cert: fs.readFileSync(server.cert), key: fs.readFileSync(server.key) };

    await t.test('profile 2: basic auth over wss://, the server certificate checked', async (t2) => {
        const csms = new StrictCsms('ocpp2.0.1', { tls: serverTls, authorize: passwordCheck(PASSWORD) });
        await csms.listen();
        t2.after(() => csms.close());
        assert.match(csms.url(), /^wss:/);
        await expectBoots(csms, ['--url', csms.url(), '--protocol', 'ocpp2.0.1', '--id', 'SP2-A',
            '--password', PASSWORD, '--ca', ca.cert], 'SP2-A', 'profile 2');

        csms.calls.length = 0;
        await expectRefused(csms, ['--url', csms.url(), '--protocol', 'ocpp2.0.1', '--id', 'SP2-B',
            '--password', PASSWORD, '--ca', otherCa.cert],
        /\[SP2-B\].*cannot connect.*certificate/i, 'profile 2 with the wrong CA');

        csms.calls.length = 0;
        await expectRefused(csms, ['--url', csms.url(), '--protocol', 'ocpp2.0.1', '--id', 'SP2-C',
            '--password', 'not-it', '--ca', ca.cert],
        /\[SP2-C\].*cannot connect.*401/, 'profile 2 with a wrong password');
    });

    await t.test('profile 3: a client certificate checked against the CSMS CA', async (t3) => {
        const csms = new StrictCsms('ocpp1.6', {
            tls: { ...serverTls, ca: fs.readFileSync(ca.cert), requestCert: true,
                rejectUnauthorized: true },
            authorize: clientCertificateCheck,
        });
        await csms.listen();
        t3.after(() => csms.close());
        await expectBoots(csms, ['--url', csms.url(), '--protocol', 'ocpp1.6', '--id', 'SP3-A',
            '--ca', ca.cert, '--cert', client.cert, '--key', client.key], 'SP3-A', 'profile 3');
        assert.deepStrictEqual(csms.refusals, []);

        // After SP3-A's accepted connection the server's refusal of SP3-B's certificate can race
        // SP3-B's upgrade request: lws then ends the connection as a plain HTTP one, without a
        // connection error. The simulator once stayed silent in "connecting" for ever; it must
        // say why and retry. Run a few times: the race goes either way.
        await t3.test('an untrusted client certificate is refused with a reason, and retried', async () => {
            const refused = /\[SP3-B\].*cannot connect.*client certificate/g;
            for (let run = 1; run <= 4; ++run) {
                csms.calls.length = 0;
                const sim = runSim(['--url', csms.url(), '--protocol', 'ocpp1.6', '--id', 'SP3-B',
                    '--ca', ca.cert, '--cert', stranger.cert, '--key', stranger.key]);
                sim.ready.catch(() => {});
                const deadline = Date.now() + 15000;
                while ((sim.out.stderr.match(refused) || []).length < 2 && Date.now() < deadline) {
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                await stopSim(sim);
                const what = `run ${run}: stderr should say why, twice (refused, then retried)`;
                assert.ok((sim.out.stderr.match(refused) || []).length >= 2, `${what}; it was:\n${sim.out.stderr}`);
                assert.doesNotMatch(sim.out.stdout, /^ready:/m);
                assert.strictEqual(csms.calls.length, 0, `the CSMS heard ${csms.calls.map((c) => c.method)}`);
            }
            assert.ok(csms.tlsErrors.length > 0 || csms.refusals.length > 0,
                'the CSMS should have refused the untrusted client certificate');
        });

        csms.calls.length = 0;
        await expectRefused(csms, ['--url', csms.url(), '--protocol', 'ocpp1.6', '--id', 'SP3-C',
            '--ca', ca.cert], /\[SP3-C\].*cannot connect/, 'profile 3 without a client certificate');
    });

    await t.test('an unreadable certificate file is a one-line start-up error', () => {
        const r = require('node:child_process').spawnSync(require('./csms').simBinary(),
            ['--url', 'wss://127.0.0.1:1/ocpp', '--protocol', 'ocpp1.6', '--id', 'X',
                '--ca', ca.cert, '--cert', `${pki.dir}/none.crt`, '--key', client.key],
            { encoding: 'utf8', timeout: 10000 });
        assert.notStrictEqual(r.status, 0);
        assert.match(r.stderr.split('\n')[0], /^iskra-sim: .*none\.crt/);
    });
});
