'use strict';
// Valid station→CSMS payloads of OCPP 1.6 and 2.0.1, built from the few facts a test cares about.
// The strict client re-checks each against the official schema before it is sent.

const ENERGY = 'Energy.Active.Import.Register';

function iso(time) {
    return new Date(time).toISOString();  // UTC with milliseconds, as DESIGN.md wants on the wire
}

const v16 = {
    boot: () => ({ chargePointVendor: 'IskraTest', chargePointModel: 'Conformance' }),
    status: (connectorId, status, time = Date.now()) => ({
        connectorId, errorCode: 'NoError', status, timestamp: iso(time),
    }),
    authorize: (idTag) => ({ idTag }),
    start: ({ connectorId = 1, idTag, meterStart, time }) => ({
        connectorId, idTag, meterStart, timestamp: iso(time),
    }),
    meterValues: ({ connectorId = 1, transactionId, wh, time }) => ({
        connectorId,
        transactionId,
        meterValue: [{
            timestamp: iso(time),
            sampledValue: [{
                value: String(wh), context: 'Sample.Periodic', measurand: ENERGY, unit: 'Wh',
            }],
        }],
    }),
    stop: ({ transactionId, meterStop, time, idTag }) => Object.assign(
        { transactionId, meterStop, timestamp: iso(time), reason: 'Local' },
        idTag ? { idTag } : {}),
    dataTransfer: () => ({ vendorId: 'org.iskra.test', messageId: 'ping', data: 'hello' }),
    securityEvent: (time = Date.now()) => ({
        type: 'StartupOfTheDevice', timestamp: iso(time), techInfo: 'conformance test',
    }),
    firmwareStatus: () => ({ status: 'Idle' }),
    diagnosticsStatus: () => ({ status: 'Idle' }),
    logStatus: () => ({ status: 'Idle' }),
};

function energySample(wh, time, context) {
    return {
        timestamp: iso(time),
        sampledValue: [{ value: wh, context, measurand: ENERGY, unitOfMeasure: { unit: 'Wh' } }],
    };
}

const v201 = {
    boot: () => ({
        reason: 'PowerUp', chargingStation: { vendorName: 'IskraTest', model: 'Conformance' },
    }),
    status: (connectorId, status, time = Date.now(), evseId = 1) => ({
        timestamp: iso(time), connectorStatus: status, evseId, connectorId,
    }),
    idToken: (idToken) => ({ idToken, type: 'ISO14443' }),
    authorize: (idToken) => ({ idToken: v201.idToken(idToken) }),
    // One TransactionEvent. kind: 'Started' | 'Updated' | 'Ended'.
    transactionEvent: ({ kind, transactionId, seqNo, wh, time, idToken, evseId = 1 }) => {
        const trigger = {
            Started: 'Authorized', Updated: 'MeterValuePeriodic', Ended: 'StopAuthorized',
        };
        const context = {
            Started: 'Transaction.Begin', Updated: 'Sample.Periodic', Ended: 'Transaction.End',
        };
        const info = { transactionId };
        if (kind === 'Ended') info.stoppedReason = 'Local';
        else info.chargingState = 'Charging';
        const event = {
            eventType: kind,
            timestamp: iso(time),
            triggerReason: trigger[kind],
            seqNo,
            transactionInfo: info,
            evse: { id: evseId, connectorId: 1 },
            meterValue: [energySample(wh, time, context[kind])],
        };
        if (idToken) event.idToken = v201.idToken(idToken);
        return event;
    },
    meterValues: ({ evseId = 1, wh, time }) => ({
        evseId, meterValue: [energySample(wh, time, 'Sample.Periodic')],
    }),
    dataTransfer: () => ({ vendorId: 'org.iskra.test', messageId: 'ping', data: 'hello' }),
    securityEvent: (time = Date.now()) => ({
        type: 'StartupOfTheDevice', timestamp: iso(time), techInfo: 'conformance test',
    }),
    firmwareStatus: () => ({ status: 'Idle' }),
    logStatus: () => ({ status: 'Idle' }),
};

module.exports = { v16, v201, iso, ENERGY };
