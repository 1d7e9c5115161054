// The peer baseline for bench/run-gateway-load.sh: a minimal CSMS on ocpp-rpc in strict mode
// (every call and answer checked against the OCPP schemas), both subprotocols, answering the
// actions the gateway answers the way it does. In memory only: nothing is persisted or fsynced,
// so the peer does less work per call than iskra-gateway, which commits before it answers.
//
//   node server.js PORT        listens on 127.0.0.1:PORT (0: any free port)
// Prints "ready: ocpp=PORT" when listening; SIGTERM stops it. 127.0.0.1 only.
'use strict';

const { RPCServer } = require('ocpp-rpc');

const port = Number(process.argv[2] || 0);

// Kept so the peer answers like a CSMS that knows its sites, not like an echo: the last status
// per station and the open transactions, with 1.6 transaction ids handed out in order.
const stations = new Map();
let nextTransactionId = 1;
let strictFailures = 0;

const server = new RPCServer({ protocols: ['ocpp1.6', 'ocpp2.0.1'], strictMode: true });

// Any station id is accepted, as the gateway does with ACCEPT_UNKNOWN_STATIONS=1.
server.auth((accept) => accept());

const accepted = (v16) => (v16 ? { idTagInfo: { status: 'Accepted' } } : { idTokenInfo: { status: 'Accepted' } });

server.on('client', (client) => {
    const v16 = client.protocol === 'ocpp1.6';
    const station = { status: null, transactions: new Map() };
    stations.set(client.identity, station);
    client.on('close', () => stations.delete(client.identity));
    client.on('strictValidationFailure', () => { strictFailures += 1; });

    const now = () => new Date().toISOString();
    client.handle('BootNotification', () => ({ status: 'Accepted', currentTime: now(), interval: 300 }));
    client.handle('Heartbeat', () => ({ currentTime: now() }));
    client.handle('StatusNotification', ({ params }) => {
        station.status = v16 ? params.status : params.connectorStatus;
        return {};
    });
    client.handle('Authorize', () => accepted(v16));
    client.handle('MeterValues', () => ({}));
    if (v16) {
        client.handle('StartTransaction', ({ params }) => {
            const transactionId = nextTransactionId++;
            station.transactions.set(transactionId, params.meterStart);
            return { idTagInfo: { status: 'Accepted' }, transactionId };
        });
        client.handle('StopTransaction', ({ params }) => {
            station.transactions.delete(params.transactionId);
            return params.idTag ? accepted(true) : {};
        });
    } else {
        client.handle('TransactionEvent', ({ params }) => {
            const id = params.transactionInfo.transactionId;
            if (params.eventType === 'Ended') station.transactions.delete(id);
            else station.transactions.set(id, params.seqNo);
            return params.idToken ? accepted(false) : {};
        });
    }
});

server.listen(port, '127.0.0.1').then((http) => {
    console.log(`ready: ocpp=${http.address().port}`);
});

process.on('SIGTERM', () => {
    console.error(`peer: stopping; ${stations.size} stations connected, ${strictFailures} strict validation failures`);
    server.close({ force: true }).finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
});
