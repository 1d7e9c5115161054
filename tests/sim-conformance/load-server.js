// A minimal CSMS for bench/sim_load.sh: ocpp-rpc's RPCServer answering every station call at
// once (strict validation off, so the figures measure the simulator, not the validator).
// Prints "listening PORT", then a line of counters every 10 s. 127.0.0.1 only.
'use strict';

const { RPCServer } = require('ocpp-rpc');

const protocol = process.argv[2] || 'ocpp1.6';
const port = Number(process.argv[3] || 0);
let calls = 0;
let clients = 0;
let nextTx = 1;

const server = new RPCServer({ protocols: [protocol], strictMode: false, pingIntervalMs: 0, callConcurrency: 1 });
server.auth((accept) => accept());
server.on('client', (client) => {
    ++clients;
    client.on('close', () => { --clients; });
    client.handle(({ method, params }) => {
        ++calls;
        const now = new Date().toISOString();
        switch (method) {
            case 'BootNotification': return { status: 'Accepted', currentTime: now, interval: 300 };
            case 'Heartbeat': return { currentTime: now };
            case 'Authorize': return protocol === 'ocpp1.6' ? { idTagInfo: { status: 'Accepted' } } : { idTokenInfo: { status: 'Accepted' } };
            case 'StartTransaction': return { idTagInfo: { status: 'Accepted' }, transactionId: nextTx++ };
            case 'TransactionEvent': return params.idToken ? { idTokenInfo: { status: 'Accepted' } } : {};
            default: return {};
        }
    });
});

server.listen(port, '127.0.0.1').then((http) => {
    console.log(`listening ${http.address().port}`);
    let last = 0;
    setInterval(() => {
        console.log(`server: clients=${clients} calls=${calls} rate=${((calls - last) / 10).toFixed(1)}/s rss_mib=${(process.memoryUsage().rss / 1048576).toFixed(1)}`);
        last = calls;
    }, 10000);
});
process.on('SIGTERM', () => process.exit(0));
