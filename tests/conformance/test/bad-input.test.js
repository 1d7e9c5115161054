'use strict';
// Issue 3: "bad frames, schema-invalid payloads and unknown actions get the right CALLERROR and the
// connection stays up". A raw WebSocket sends what a strict client refuses to; each time the
// exact errorCode of the CALLERROR is checked, then a Heartbeat on the same socket must still work.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Gateway } = require('../lib/gateway');
const { RawStation } = require('../lib/station');
const { v16, v201, iso } = require('../lib/messages');

const TEST_TIMEOUT_MS = 15000;

// The version-specific spellings: 1.6 keeps its own ("FormationViolation", "Occurence...");
// 2.0.1 has RpcFrameworkError for a message whose id cannot be read.
const VERSIONS = {
    'ocpp1.6': {
        boot: v16.boot(),
        typeViolation: ['StartTransaction',
            { connectorId: 1, idTag: 'TAG', meterStart: 'abc', timestamp: iso(Date.now()) }],
        missingField: ['StartTransaction',
            { connectorId: 1, meterStart: 0, timestamp: iso(Date.now()) }],
        occurrenceCode: 'OccurenceConstraintViolation',
        unreadableCode: 'FormationViolation',
        enumViolation: ['StatusNotification', v16.status(1, 'Flying')],
        // 1.6 names no code for an unknown message type: any of its codes will do.
        unknownTypeCodes: ['NotImplemented', 'NotSupported', 'ProtocolError', 'FormationViolation',
            'GenericError'],
    },
    'ocpp2.0.1': {
        boot: v201.boot(),
        typeViolation: ['StatusNotification',
            {
                timestamp: iso(Date.now()), connectorStatus: 'Available', evseId: 'abc',
                connectorId: 1,
            }],
        missingField: ['StatusNotification',
            { timestamp: iso(Date.now()), connectorStatus: 'Available', evseId: 1 }],
        occurrenceCode: 'OccurrenceConstraintViolation',
        unreadableCode: 'RpcFrameworkError',
        enumViolation: ['StatusNotification', v201.status(1, 'Flying')],
        unknownTypeCodes: ['MessageTypeNotSupported'],
    },
};

function assertCallError(frame, messageId, errorCode, what) {
    assert.ok(Array.isArray(frame) && frame.length === 5,
        `${what}: the answer must be a 5-element CALLERROR, got ${JSON.stringify(frame)}`);
    assert.equal(frame[0], 4, `${what}: message type 4 (CALLERROR), got ${JSON.stringify(frame)}`);
    assert.equal(frame[1], messageId, `${what}: CALLERROR must carry message id ${messageId}`);
    assert.equal(frame[2], errorCode, `${what}: errorCode, whole frame ${JSON.stringify(frame)}`);
    assert.equal(typeof frame[3], 'string', `${what}: errorDescription must be a string`);
    assert.ok(frame[4] !== null && typeof frame[4] === 'object' && !Array.isArray(frame[4]),
        `${what}: errorDetails must be a JSON object, got ${JSON.stringify(frame[4])}`);
}

for (const [protocol, spec] of Object.entries(VERSIONS)) {
    describe(`bad input keeps the connection (${protocol})`, () => {
        let gateway;
        let raw;

        before(async () => {
            gateway = await Gateway.start();
            raw = await RawStation.open(`${gateway.ocppUrl}/BAD-${protocol}`, protocol);
            const boot = await raw.call('BootNotification', spec.boot);
            assert.equal(boot[0], 3, `BootNotification answered: ${JSON.stringify(boot)}`);
        });
        after(async () => {
            if (raw) await raw.close();
            if (gateway) await gateway.stop().finally(() => gateway.dispose());
        });

        async function heartbeatStillWorks(after) {
            assert.ok(raw.isOpen, `the gateway closed the connection after ${after}: ` +
                JSON.stringify(raw.closeEvent));
            const reply = await raw.call('Heartbeat', {}, `hb-after-${after.replace(/\W+/g, '-')}`);
            assert.equal(reply[0], 3, `Heartbeat after ${after} must get a CALLRESULT, got ` +
                JSON.stringify(reply));
            assert.equal(typeof reply[2].currentTime, 'string', 'Heartbeat currentTime');
        }

        it('a field of the wrong type gets TypeConstraintViolation', { timeout: TEST_TIMEOUT_MS },
            async () => {
                const [action, payload] = spec.typeViolation;
                const reply = await raw.call(action, payload, 'bad-type-1');
                assertCallError(reply, 'bad-type-1', 'TypeConstraintViolation',
                    `${action} with a string where the schema wants an integer`);
                await heartbeatStillWorks('a type violation');
            });

        it(`a missing required field gets ${spec.occurrenceCode}`, { timeout: TEST_TIMEOUT_MS },
            async () => {
                const [action, payload] = spec.missingField;
                const reply = await raw.call(action, payload, 'bad-missing-1');
                assertCallError(reply, 'bad-missing-1', spec.occurrenceCode,
                    `${action} without a required field`);
                await heartbeatStillWorks('a missing field');
            });

        it('an unknown action gets NotImplemented', { timeout: TEST_TIMEOUT_MS }, async () => {
            const reply = await raw.call('NoSuchAction', {}, 'bad-action-1');
            assertCallError(reply, 'bad-action-1', 'NotImplemented', 'CALL of action NoSuchAction');
            await heartbeatStillWorks('an unknown action');
        });

        it(`a message that is not JSON gets ${spec.unreadableCode} with message id "-1"`,
            { timeout: TEST_TIMEOUT_MS }, async () => {
                const reply = await raw.exchange('this is not JSON {', '-1');
                assertCallError(reply, '-1', spec.unreadableCode,
                    'a text message that is not JSON');
                await heartbeatStillWorks('a non-JSON message');
            });

        it(`JSON that is not an OCPP frame gets ${spec.unreadableCode} with message id "-1"`,
            { timeout: TEST_TIMEOUT_MS }, async () => {
                const reply = await raw.exchange('{"hello":"world"}', '-1');
                assertCallError(reply, '-1', spec.unreadableCode,
                    'a JSON object instead of a [2, id, action, payload] array');
                await heartbeatStillWorks('a JSON object frame');
            });

        it('a value outside an enumeration gets PropertyConstraintViolation',
            { timeout: TEST_TIMEOUT_MS }, async () => {
                const [action, payload] = spec.enumViolation;
                const reply = await raw.call(action, payload, 'bad-enum-1');
                assertCallError(reply, 'bad-enum-1', 'PropertyConstraintViolation',
                    `${action} with status "Flying"`);
                await heartbeatStillWorks('an enumeration violation');
            });

        it(`an unknown message type gets ${spec.unknownTypeCodes.join(' or ')}`,
            { timeout: TEST_TIMEOUT_MS }, async () => {
                const reply = await raw.exchange('[9,"bad-type-9","Heartbeat",{}]', 'bad-type-9');
                assert.equal(reply[0], 4,
                    `message type 9 must get a CALLERROR: ${JSON.stringify(reply)}`);
                assert.ok(spec.unknownTypeCodes.includes(reply[2]),
                    `message type 9: errorCode ${reply[2]}, expected ${spec.unknownTypeCodes}`);
                await heartbeatStillWorks('an unknown message type');
            });

        it('a CALLRESULT for a call never made is ignored', { timeout: TEST_TIMEOUT_MS },
            async () => {
                raw.send('[3,"never-called-1",{}]');
                await heartbeatStillWorks('a stray CALLRESULT');
                const answers = raw.others
                    .filter((f) => Array.isArray(f) && f[1] === 'never-called-1');
                assert.deepEqual(answers, [], 'the gateway must not answer a CALLRESULT');
            });

        it('the gateway never closed the socket', () => {
            assert.equal(raw.closeEvent, null, 'socket still open after every bad message');
        });
    });
}
