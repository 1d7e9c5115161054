'use strict';
// DESIGN.md, flow step 3: "offline, it answers from the local authorisation list that central
// keeps in sync with it, then from its cache, then by a configured offline policy"; issue 3,
// item 5. With central absent and OFFLINE_UNKNOWN_TOKENS=reject, the local list set through the
// technician API (POST /api/v1/local-list) decides Authorize:
//   - an entry Accepted → Accepted; Blocked → Blocked; one past its expires_at → Expired;
//   - a token not on the list (and not cached) → the offline policy: Invalid (1.6, which has no
//     "Unknown") / Unknown (2.0.1).
// Versions follow OCPP's SendLocalList: a Full update replaces the list; a Differential one
// must carry a version above the stored one, else it is refused (409) and changes nothing.
// Bad bodies get 400 with {error: {code, message, field}} naming the field.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Gateway } = require('../lib/gateway');
const { connectStation, call } = require('../lib/station');
const { v16, v201, iso } = require('../lib/messages');
const api = require('../lib/api');

const TEST_TIMEOUT_MS = 20000;
const HOUR_MS = 3600 * 1000;

// What each version answers for a neutral outcome.
const SAYS = {
    'ocpp1.6': { Accepted: 'Accepted', Blocked: 'Blocked', Expired: 'Expired', unknown: 'Invalid' },
    'ocpp2.0.1': {
        Accepted: 'Accepted', Blocked: 'Blocked', Expired: 'Expired', unknown: 'Unknown',
    },
};

async function authorize(station, token) {
    if (station.protocol === 'ocpp1.6') {
        return (await call(station, 'Authorize', v16.authorize(token))).idTagInfo.status;
    }
    return (await call(station, 'Authorize', v201.authorize(token))).idTokenInfo.status;
}

describe('local authorisation list with OFFLINE_UNKNOWN_TOKENS=reject', () => {
    let gateway;
    const stations = {};

    // Authorize `token` at both stations and expect the outcome (a key of SAYS).
    async function expectBoth(token, outcome, why) {
        for (const [protocol, station] of Object.entries(stations)) {
            assert.equal(await authorize(station, token), SAYS[protocol][outcome],
                `${protocol} Authorize ${token}: ${why}`);
        }
    }

    async function postOk(body) {
        const answer = await api.postLocalList(gateway, body);
        assert.equal(answer.status, 200, `POST /api/v1/local-list ${JSON.stringify(body)}: ` +
            api.describe(answer));
        return answer;
    }

    before(async () => {
        gateway = await Gateway.start({ env: { ISKRA_GATEWAY_OFFLINE_UNKNOWN_TOKENS: 'reject' } });
        stations['ocpp1.6'] = await connectStation(gateway, 'LL-16', 'ocpp1.6');
        stations['ocpp2.0.1'] = await connectStation(gateway, 'LL-201', 'ocpp2.0.1');
        await call(stations['ocpp1.6'], 'BootNotification', v16.boot());
        await call(stations['ocpp2.0.1'], 'BootNotification', v201.boot());
        await postOk({
            version: 5,
            update_type: 'Full',
            entries: [
                { id_token: 'LL-ACCEPTED', status: 'Accepted' },
                { id_token: 'LL-BLOCKED', status: 'Blocked' },
                { id_token: 'LL-EXPIRED', status: 'Accepted',
                    expires_at: iso(Date.now() - HOUR_MS) },
                { id_token: 'LL-VALID-TILL', status: 'Accepted',
                    expires_at: iso(Date.now() + 24 * HOUR_MS) },
                { id_token: 'LL-TO-REMOVE', status: 'Accepted' },
            ],
        });
    });
    after(async () => {
        await Promise.all(Object.values(stations).map((s) => s.close({ force: true })));
        if (gateway) await gateway.stop().finally(() => gateway.dispose());
    });

    for (const protocol of ['ocpp1.6', 'ocpp2.0.1']) {
        it(`${protocol}: Accepted, Blocked, Expired from the list; an unknown token ` +
            `${SAYS[protocol].unknown}`, { timeout: TEST_TIMEOUT_MS }, async () => {
            const station = stations[protocol];
            const says = SAYS[protocol];
            assert.equal(await authorize(station, 'LL-ACCEPTED'), says.Accepted,
                'a token on the local list as Accepted');
            assert.equal(await authorize(station, 'LL-VALID-TILL'), says.Accepted,
                'a token on the local list as Accepted, expiring tomorrow');
            assert.equal(await authorize(station, 'LL-BLOCKED'), says.Blocked,
                'a token on the local list as Blocked');
            assert.equal(await authorize(station, 'LL-EXPIRED'), says.Expired,
                'a token on the local list whose expires_at has passed');
            assert.equal(await authorize(station, 'LL-NOT-LISTED'), says.unknown,
                'a token neither on the list nor cached, with OFFLINE_UNKNOWN_TOKENS=reject');
        });
    }

    it('a Differential update above the stored version adds, changes and removes entries',
        { timeout: TEST_TIMEOUT_MS }, async () => {
            await postOk({
                version: 6,
                update_type: 'Differential',
                entries: [
                    { id_token: 'LL-ADDED', status: 'Accepted' },
                    { id_token: 'LL-VALID-TILL', status: 'Blocked' },
                    { id_token: 'LL-TO-REMOVE' },  // no status: removed from the list
                ],
            });
            await expectBoth('LL-ADDED', 'Accepted', 'added by the Differential update');
            await expectBoth('LL-VALID-TILL', 'Blocked', 'changed to Blocked by the update');
            await expectBoth('LL-TO-REMOVE', 'unknown', 'removed by the update');
            await expectBoth('LL-ACCEPTED', 'Accepted', 'untouched by the update');
        });

    it('a Differential update with a version not above the stored one: 409, nothing changes',
        { timeout: TEST_TIMEOUT_MS }, async () => {
            for (const version of [6, 2]) {
                const answer = await api.postLocalList(gateway, {
                    version,
                    update_type: 'Differential',
                    entries: [
                        { id_token: 'LL-ACCEPTED', status: 'Blocked' },
                        { id_token: 'LL-STALE-NEW', status: 'Accepted' },
                    ],
                });
                assert.equal(answer.status, 409, `Differential version ${version} when 6 is ` +
                    `stored: ${api.describe(answer)}`);
                assert.equal(typeof answer.body?.error?.message, 'string', api.describe(answer));
            }
            await expectBoth('LL-ACCEPTED', 'Accepted', 'a refused update must change nothing');
            await expectBoth('LL-STALE-NEW', 'unknown', 'a refused update must add nothing');
            // Still at 6: 7 is the next one accepted.
            await postOk({ version: 7, update_type: 'Differential', entries: [] });
        });

    it('bad bodies get 400 naming the field, and change nothing', { timeout: TEST_TIMEOUT_MS },
        async () => {
            const entry = { id_token: 'LL-BAD-BODY', status: 'Accepted' };
            const cases = [
                { body: { update_type: 'Full', entries: [entry] }, field: 'version' },
                { body: { version: 0, update_type: 'Full', entries: [entry] }, field: 'version' },
                { body: { version: '9', update_type: 'Full', entries: [entry] }, field: 'version' },
                { body: { version: 9.5, update_type: 'Full', entries: [entry] }, field: 'version' },
                { body: { version: 9, update_type: 'Partial', entries: [entry] },
                    field: 'update_type' },
                { body: { version: 9, update_type: 'Full' }, field: 'entries' },
                { body: { version: 9, update_type: 'Full', entries: { 0: entry } },
                    field: 'entries' },
                { body: { version: 9, update_type: 'Full',
                    entries: [entry, { status: 'Accepted' }] },
                    field: /^entries/, what: 'an entry without id_token' },
                { body: { version: 9, update_type: 'Full',
                    entries: [entry, { id_token: 'LL-X', status: 'Fine' }] },
                field: /^entries/, what: 'an entry whose status is not an authorisation status' },
                { body: { version: 9, update_type: 'Full',
                    entries: [entry,
                        { id_token: 'LL-X', status: 'Accepted', expires_at: 'soon' }] },
                field: /^entries/, what: 'an entry whose expires_at is not an ISO-8601 time' },
                { body: { version: 9, update_type: 'Full', entries: [entry, { id_token: 'LL-X' }] },
                    field: /^entries/, what: 'a Full list entry without a status' },
                { body: { version: 9, update_type: 'Differential',
                    entries: [entry, { id_token: 'X'.repeat(37), status: 'Accepted' }] },
                field: /^entries/, what: 'an id_token longer than 36 characters' },
            ];
            const wrong = [];
            for (const { body, field, what } of cases) {
                const answer = await api.postLocalList(gateway, body);
                const named = answer.body?.error?.field;
                const fieldOk = field instanceof RegExp ? field.test(String(named))
                    : named === field;
                if (answer.status !== 400 || !fieldOk) {
                    wrong.push(`${what || JSON.stringify(body)}: expected 400 with field ` +
                        `${field}, got ${api.describe(answer)}`);
                }
            }
            for (const text of ['{"version": 9,', '[]', '"Full"']) {
                const answer = await api.postLocalList(gateway, text);
                if (answer.status !== 400 || !answer.body?.error) {
                    wrong.push(`body ${text}: expected 400 with an error JSON, got ` +
                        api.describe(answer));
                }
            }
            await expectBoth('LL-BAD-BODY', 'unknown', 'no refused body may change the list');
            await expectBoth('LL-ACCEPTED', 'Accepted', 'no refused body may replace the list');
            assert.deepEqual(wrong, [], `bad local-list bodies:\n${wrong.join('\n')}`);
        });
});
