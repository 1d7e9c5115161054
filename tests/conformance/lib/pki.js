'use strict';
// A throw-away public key infrastructure for the security-profile tests, made at test time with
// the `openssl` command-line tool into a temporary folder: a test CA, a server certificate for
// 127.0.0.1 signed by it, and client certificates (profile 3) with a chosen common name, signed
// by the test CA or by a second, untrusted one. EC P-256 keys: quick to make.

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function openssl(args, cwd) {
    try {
        return execFileSync('openssl', args, { cwd, encoding: 'utf8', timeout: 20000,
            stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
        if (error.code === 'ENOENT') {
            throw new Error('the security-profile tests need the `openssl` command-line tool ' +
                '(Debian package openssl)');
        }
        throw new Error(`openssl ${args.join(' ')} failed: ${error.stderr || error.message}`);
    }
}

const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

class Pki {
    constructor() {
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iskra-pki-'));
        this.serial = 1;
    }

    file(name) {
        return path.join(this.dir, name);
    }

    // A self-signed CA: {cert, key} file paths.
    makeCa(name) {
        const cert = this.file(`${name}.crt`);
        const key = this.file(`${name}.key`);
        const ext = this.file(`${name}.ext`);
        fs.writeFileSync(ext, [
            '[v3_ca]',
            'basicConstraints = critical, CA:true',
            'keyUsage = critical, keyCertSign, cRLSign',
            'subjectKeyIdentifier = hash',
            '',
        ].join('\n'));
        openssl(['req', '-x509', ...KEY, '-keyout', key, '-out', cert, '-days', '2',
            '-subj', `/O=Iskra tests/CN=${name}`, '-config', ext, '-extensions', 'v3_ca'],
        this.dir);
        return { cert, key, name };
    }

    // A leaf certificate signed by `ca`: {cert, key}. kind 'server' (SAN 127.0.0.1, localhost) or
    // 'client'.
    makeLeaf(ca, name, commonName, kind) {
        const cert = this.file(`${name}.crt`);
        const key = this.file(`${name}.key`);
        const csr = this.file(`${name}.csr`);
        const ext = this.file(`${name}.ext`);
        const lines = [
            'basicConstraints = critical, CA:false',
            'keyUsage = critical, digitalSignature, keyEncipherment',
            `extendedKeyUsage = ${kind === 'server' ? 'serverAuth' : 'clientAuth'}`,
        ];
        if (kind === 'server') lines.push('subjectAltName = IP:127.0.0.1, DNS:localhost');
        fs.writeFileSync(ext, `${lines.join('\n')}\n`);
        openssl(['req', '-new', ...KEY, '-keyout', key, '-out', csr,
            '-subj', `/O=Iskra tests/CN=${commonName}`], this.dir);
        openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key,
            '-set_serial', String(this.serial++), '-days', '2', '-extfile', ext, '-out', cert],
        this.dir);
        return { cert, key, commonName };
    }

    // TLS options for `ws` (ocpp-rpc's wsOpts): trust `ca`, present `client` if given.
    static wsOptions(ca, client) {
        const options = { ca: fs.readFileSync(ca.cert) };
        if (client) {
            options.cert = fs.readFileSync(client.cert);
            options.key = fs.readFileSync(client.key);
        }
        return options;
    }

    dispose() {
        if (!process.env.ISKRA_TEST_KEEP) fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

module.exports = { Pki };
