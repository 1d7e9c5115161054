'use strict';
// Plain HTTP requests for the tests. agent: false: one connection per request, closed after it,
// so no kept-alive connection of ours holds a server's worker or delays its SIGTERM stop.

const http = require('node:http');

const REQUEST_TIMEOUT_MS = 10000;

// Resolves with {status, headers, body (parsed JSON, or the text), text}; rejects only when no
// HTTP answer came (refused, reset, timeout).
function request(method, url, { body, headers = {}, timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
    const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const allHeaders = { ...headers };
    if (text !== undefined) {
        allHeaders['content-type'] = 'application/json';
        allHeaders['content-length'] = Buffer.byteLength(text);
    }
    return new Promise((resolve, reject) => {
        const req = http.request(url, { method, agent: false, timeout: timeoutMs, headers: allHeaders },
            (response) => {
                let data = '';
                response.setEncoding('utf8');
                response.on('data', (chunk) => { data += chunk; });
                response.on('end', () => {
                    let parsed = data;
                    try {
                        parsed = JSON.parse(data);
                    } catch {
                        // left as text: the assertion that wanted JSON says so
                    }
                    resolve({ status: response.statusCode, headers: response.headers, body: parsed, text: data });
                });
                response.on('error', reject);
            });
        req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)));
        req.on('error', reject);
        if (text !== undefined) req.write(text);
        req.end();
    });
}

function describe(answer) {
    const text = answer.text.length > 2000 ? `${answer.text.slice(0, 2000)}...` : answer.text;
    return `HTTP ${answer.status} ${text}`;
}

module.exports = { request, describe };
