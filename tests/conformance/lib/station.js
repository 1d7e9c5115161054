'use strict';
// Charge points for the tests. `connectStation` is ocpp-rpc's RPCClient in strict mode: it
// validates every request it sends and every response the gateway returns against the official
// OCPP JSON schemas, and rejects the call if the gateway's answer breaks them. `RawStation` is a
// bare WebSocket for what a strict client cannot send: broken frames and schema-invalid payloads.

let RPCClient;
let WebSocket;
try {
    ({ RPCClient } = require('ocpp-rpc'));
    WebSocket = require('ws');
} catch (error) {
    throw new Error('the conformance tests need their npm packages: run ' +
        '`npm ci --prefix tests/conformance` from the repository root (' + error.message + ')');
}

const CALL_TIMEOUT_MS = 10000;
const CONNECT_TIMEOUT_MS = 5000;

const PROTOCOLS = ['ocpp1.6', 'ocpp2.0.1'];

// An RPCClient connected as `id` with one subprotocol, strict. Calls the gateway makes to the
// station are recorded in client.incomingCalls and answered NotImplemented, unless the test
// registers a handler of its own for the action (client.handle(action, fn)).
// options: endpoint (default gateway.ocppUrl), callTimeoutMs, password (HTTP basic auth, user =
// id, security profiles 1 and 2), wsOpts (given to `ws`: TLS `ca`, `cert`, `key` for wss).
// A refused upgrade throws an Error with `httpStatus` and `httpHeaders` (lower-case names) set;
// a connection that failed below HTTP (TLS, TCP) throws one with `httpStatus` undefined.
async function connectStation(gateway, id, protocol, options = {}) {
    if (!PROTOCOLS.includes(protocol)) throw new Error(`unknown protocol ${protocol}`);
    const endpoint = options.endpoint || gateway.ocppUrl;
    const client = new RPCClient({
        endpoint,
        identity: id,
        protocols: [protocol],
        strictMode: true,
        reconnect: false,
        callTimeoutMs: options.callTimeoutMs || CALL_TIMEOUT_MS,
        pingIntervalMs: 60000,
        password: options.password === undefined ? null : options.password,
        wsOpts: options.wsOpts || {},
    });
    client.incomingCalls = [];
    client.strictFailures = [];
    client.on('strictValidationFailure', (event) => client.strictFailures.push(event));
    client.handle(({ method, params }) => {
        client.incomingCalls.push({ method, params });
        const error = new Error(`test station does not handle ${method}`);
        error.rpcErrorCode = 'NotImplemented';
        throw error;
    });
    // A client that lost its socket must not crash the test process with an unhandled 'error'.
    client.on('socketError', () => {});
    client.on('error', () => {});
    const timer = setTimeout(() => client.close({ force: true }), CONNECT_TIMEOUT_MS);
    try {
        await client.connect();
    } catch (error) {
        const status = error.response && error.code;
        const failure = new Error(`station ${id} (${protocol}) could not connect to ` +
            `${endpoint}/${id}: ` +
            `${status ? `HTTP ${status} ` : ''}${error.message}`);
        failure.httpStatus = status || undefined;
        failure.httpHeaders = error.response ? error.response.headers : undefined;
        failure.cause = error;
        throw failure;
    } finally {
        clearTimeout(timer);
    }
    if (client.protocol !== protocol) {
        await client.close({ force: true });
        throw new Error(`station ${id}: gateway chose subprotocol ${client.protocol}, ` +
            `station offered only ${protocol}`);
    }
    return client;
}

// Calls and, on failure, names the station, action and, for a schema failure, what was wrong.
async function call(client, action, payload) {
    try {
        return await client.call(action, payload);
    } catch (error) {
        const detail = error.details && error.details.errors
            ? ` ${JSON.stringify(error.details.errors)}` : '';
        const code = error.rpcErrorCode ? ` [${error.rpcErrorCode}]` : '';
        error.message = `${client.identity} ${action} failed${code}: ${error.message}${detail}`;
        throw error;
    }
}

// Resolves with {code, reason} when the client's socket closes; rejects after timeoutMs.
function closed(client, timeoutMs = 5000) {
    if (client.state === RPCClient.CLOSED) {
        return Promise.resolve({ code: null, reason: 'already' });
    }
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${client.identity}: socket not closed ` +
            `within ${timeoutMs} ms`)), timeoutMs);
        client.once('close', (event) => {
            clearTimeout(timer);
            resolve(event);
        });
    });
}

// A bare WebSocket station: send any text, read what comes back.
class RawStation {
    constructor(ws) {
        this.ws = ws;
        this.inbox = [];
        this.waiters = [];
        this.closeEvent = null;
        this.others = [];
        ws.on('message', (data) => {
            const text = data.toString('utf8');
            const waiter = this.waiters.shift();
            if (waiter) waiter.resolve(text); else this.inbox.push(text);
        });
        ws.on('close', (code, reason) => {
            this.closeEvent = { code, reason: reason.toString('utf8') };
            for (const waiter of this.waiters.splice(0)) {
                waiter.reject(new Error(`socket closed (${code} ${this.closeEvent.reason}) ` +
                    'while waiting for a message'));
            }
        });
        ws.on('error', () => {});
    }

    static async open(url, protocol) {
        const outcome = await tryUpgrade(url, protocol === undefined ? [] : [protocol]);
        if (!outcome.opened) {
            throw new Error(`raw station could not open ${url} with ${protocol}: ` +
                `${JSON.stringify(outcome)}`);
        }
        return new RawStation(outcome.ws);
    }

    get isOpen() {
        return this.ws.readyState === WebSocket.OPEN;
    }

    send(text) {
        this.ws.send(text);
    }

    // The next text message from the gateway (skipping none), or an error after timeoutMs.
    next(timeoutMs = 5000) {
        if (this.inbox.length) return Promise.resolve(this.inbox.shift());
        if (this.closeEvent) {
            return Promise.reject(new Error(`socket closed (${this.closeEvent.code}) before a ` +
                'message came'));
        }
        return new Promise((resolve, reject) => {
            const waiter = {};
            const timer = setTimeout(() => {
                this.waiters.splice(this.waiters.indexOf(waiter), 1);
                reject(new Error(`no message from the gateway within ${timeoutMs} ms`));
            }, timeoutMs);
            waiter.resolve = (text) => { clearTimeout(timer); resolve(text); };
            waiter.reject = (error) => { clearTimeout(timer); reject(error); };
            this.waiters.push(waiter);
        });
    }

    // Sends `text` and returns the parsed CALLRESULT/CALLERROR frame with message id `replyId`.
    // Anything else the gateway sends meanwhile (a call of its own) is kept in `this.others`.
    async exchange(text, replyId, timeoutMs = 5000) {
        this.send(text);
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const left = deadline - Date.now();
            const reply = left > 0 ? await this.next(left).catch((error) => error) : null;
            if (reply === null || reply instanceof Error) {
                throw new Error(`no reply with message id ${JSON.stringify(replyId)} to ` +
                    `${JSON.stringify(text)} within ${timeoutMs} ms (${reply && reply.message}); ` +
                    `other frames received: ${JSON.stringify(this.others.slice(-3))}`);
            }
            let frame;
            try {
                frame = JSON.parse(reply);
            } catch {
                throw new Error(`gateway answered ${JSON.stringify(text)} with a non-JSON ` +
                    `message: ${JSON.stringify(reply)}`);
            }
            const isReply = Array.isArray(frame) && (frame[0] === 3 || frame[0] === 4);
            if (isReply && frame[1] === replyId) return frame;
            this.others.push(frame);
        }
    }

    // A well-formed CALL; returns the answering frame.
    async call(action, payload, messageId = `raw-${Math.random().toString(36).slice(2)}`) {
        return this.exchange(JSON.stringify([2, messageId, action, payload]), messageId);
    }

    close() {
        return new Promise((resolve) => {
            if (this.closeEvent) return resolve(this.closeEvent);
            this.ws.once('close', () => resolve(this.closeEvent));
            this.ws.close(1000);
            setTimeout(() => { this.ws.terminate(); }, 2000).unref();
        });
    }
}

// Attempts a WebSocket upgrade offering `protocols`; resolves with {opened: true, ws, protocol}
// or {opened: false, upgraded, httpStatus?, httpHeaders?, error?}; `upgraded` says the server
// answered 101 Switching Protocols (even if the client then gave up on its answer). Never throws.
// wsOptions (optional) go to `ws` as they are: headers, TLS `ca` / `cert` / `key`.
function tryUpgrade(url, protocols, timeoutMs = CONNECT_TIMEOUT_MS, wsOptions = undefined) {
    return new Promise((resolve) => {
        let ws;
        try {
            ws = new WebSocket(url, protocols.length ? protocols : undefined, wsOptions);
        } catch (error) {
            return resolve({ opened: false, error: error.message });
        }
        let upgraded = false;
        ws.once('upgrade', () => { upgraded = true; });
        const timer = setTimeout(() => {
            ws.terminate();
            resolve({
                opened: false, upgraded, error: `no answer to the upgrade within ${timeoutMs} ms`,
            });
        }, timeoutMs);
        ws.once('open', () => {
            clearTimeout(timer);
            resolve({ opened: true, ws, protocol: ws.protocol });
        });
        ws.once('unexpected-response', (request, response) => {
            clearTimeout(timer);
            response.resume();
            request.destroy();
            resolve({
                opened: false, upgraded, httpStatus: response.statusCode,
                httpHeaders: response.headers,
            });
        });
        ws.once('error', (error) => {
            clearTimeout(timer);
            ws.terminate();
            resolve({ opened: false, upgraded, error: error.message });
        });
    });
}

module.exports = { connectStation, call, closed, RawStation, tryUpgrade, RPCClient, PROTOCOLS };
