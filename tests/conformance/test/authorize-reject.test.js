'use strict';
// With central absent and OFFLINE_UNKNOWN_TOKENS=reject, a token nobody knows is refused:
// 1.6 has no "Unknown" status and says Invalid; 2.0.1 says Unknown.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Gateway } = require('../lib/gateway');
const { connectStation, call } = require('../lib/station');
const { v16, v201 } = require('../lib/messages');

describe('Authorize with OFFLINE_UNKNOWN_TOKENS=reject', () => {
    let gateway;
    const stations = [];

    before(async () => {
        gateway = await Gateway.start({ env: { ISKRA_GATEWAY_OFFLINE_UNKNOWN_TOKENS: 'reject' } });
    });
    after(async () => {
        await Promise.all(stations.map((s) => s.close({ force: true })));
        if (gateway) await gateway.stop().finally(() => gateway.dispose());
    });

    it('OCPP 1.6: an unknown idTag is Invalid', { timeout: 15000 }, async () => {
        const station = await connectStation(gateway, 'REJ-16', 'ocpp1.6');
        stations.push(station);
        await call(station, 'BootNotification', v16.boot());
        const response = await call(station, 'Authorize', v16.authorize('NOBODY-16'));
        assert.equal(response.idTagInfo.status, 'Invalid',
            '1.6 Authorize of a token unknown to central, local list and cache');
    });

    it('OCPP 2.0.1: an unknown idToken is Unknown', { timeout: 15000 }, async () => {
        const station = await connectStation(gateway, 'REJ-201', 'ocpp2.0.1');
        stations.push(station);
        await call(station, 'BootNotification', v201.boot());
        const response = await call(station, 'Authorize', v201.authorize('NOBODY-201'));
        assert.equal(response.idTokenInfo.status, 'Unknown',
            '2.0.1 Authorize of a token unknown to central, local list and cache: ' +
            'AuthorizationStatusEnumType "Unknown" ("identifier is unknown, not allowed for ' +
            'charging")');
    });
});
