'use strict';
// A WebSocket opening handshake written by hand over TCP, to see exactly how the gateway answers
// an upgrade it should not accept: its HTTP status and headers, and whether (and how soon) it
// closes afterwards. A WebSocket library hides this: it aborts on its own when a header is wrong.

const crypto = require('node:crypto');
const net = require('node:net');

const ANSWER_TIMEOUT_MS = 5000;
const CLOSE_WAIT_MS = 3000;

// Resolves with {answered, status, headers, closedAfterMs, closeFrame, error}:
//   answered      false when the gateway sent no HTTP response at all before dropping the socket
//   status        the HTTP status code (101 for an accepted upgrade)
//   headers       lower-cased response header names → values
//   closedAfterMs for a 101: ms from the response until the gateway closed the WebSocket (a
//                 close frame or the TCP connection), null if it kept it open for CLOSE_WAIT_MS
//   closeFrame    for a 101: the close frame's status code, if it sent one
function handshake(host, port, path, protocols) {
    return new Promise((resolve) => {
        const socket = net.connect(port, host);
        let buffer = Buffer.alloc(0);
        let response = null;
        let respondedAt = 0;
        let settled = false;
        const result = {
            answered: false, status: null, headers: {}, closedAfterMs: null, closeFrame: null,
            error: null,
        };
        const finish = () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            socket.destroy();
            resolve(result);
        };
        const timer = setTimeout(() => {
            if (!response) result.error = `no HTTP response within ${ANSWER_TIMEOUT_MS} ms`;
            finish();
        }, ANSWER_TIMEOUT_MS);

        socket.on('connect', () => {
            const lines = [
                `GET ${path} HTTP/1.1`,
                `Host: ${host}:${port}`,
                'Upgrade: websocket',
                'Connection: Upgrade',
                `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}`,
                'Sec-WebSocket-Version: 13',
            ];
            if (protocols.length) lines.push(`Sec-WebSocket-Protocol: ${protocols.join(', ')}`);
            socket.write(`${lines.join('\r\n')}\r\n\r\n`);
        });
        socket.on('data', (chunk) => {
            buffer = Buffer.concat([buffer, chunk]);
            if (!response) {
                const end = buffer.indexOf('\r\n\r\n');
                if (end === -1) return;
                response = buffer.subarray(0, end).toString('latin1');
                buffer = buffer.subarray(end + 4);
                respondedAt = Date.now();
                const [statusLine, ...headerLines] = response.split('\r\n');
                result.answered = true;
                result.status = Number(statusLine.split(' ')[1]);
                for (const line of headerLines) {
                    const colon = line.indexOf(':');
                    if (colon > 0) {
                        result.headers[line.slice(0, colon).trim().toLowerCase()] =
                            line.slice(colon + 1).trim();
                    }
                }
                if (result.status !== 101) return finish();
                clearTimeout(timer);
                setTimeout(finish, CLOSE_WAIT_MS);
            }
            // After a 101: a close frame is opcode 8; its first two payload bytes are the code.
            if (result.status === 101 && buffer.length >= 2 && (buffer[0] & 0x0f) === 0x8) {
                result.closedAfterMs = Date.now() - respondedAt;
                if (buffer.length >= 4 && (buffer[1] & 0x7f) >= 2) {
                    result.closeFrame = buffer.readUInt16BE(2);
                }
                finish();
            }
        });
        socket.on('close', () => {
            if (!response && !result.error) {
                result.error = 'the gateway closed the TCP connection without an HTTP response';
            }
            if (response && result.status === 101 && result.closedAfterMs === null) {
                result.closedAfterMs = Date.now() - respondedAt;
            }
            finish();
        });
        socket.on('error', (error) => {
            result.error = error.message;
            finish();
        });
    });
}

module.exports = { handshake, CLOSE_WAIT_MS };
