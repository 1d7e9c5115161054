'use strict';
// Where the three programs are: ISKRA_CENTRAL_BIN, ISKRA_GATEWAY_BIN, ISKRA_SIM_BIN (ctest sets
// them from the build tree), else the first build folder under build/ that has all three.

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const RELATIVE = {
    central: path.join('central', 'iskra-central'),
    gateway: path.join('gateway', 'iskra-gateway'),
    sim: path.join('firmware-sim', 'app', 'iskra-sim'),
};

function buildFolders() {
    const base = path.join(ROOT, 'build');
    let entries = [];
    try {
        entries = fs.readdirSync(base).map((e) => path.join(base, e));
    } catch {
        // no build folder at all
    }
    return [base, ...entries];
}

// {central, gateway, sim} paths, or {missing: "why"} (skip), or {error: "why"} (fail).
function findBinaries() {
    const fromEnv = {
        central: process.env.ISKRA_CENTRAL_BIN,
        gateway: process.env.ISKRA_GATEWAY_BIN,
        sim: process.env.ISKRA_SIM_BIN,
    };
    if (fromEnv.central && fromEnv.gateway && fromEnv.sim) {
        // Named by the build (ctest): a missing one is a broken build, not a reason to skip.
        const absent = Object.values(fromEnv).filter((f) => !fs.existsSync(f));
        return absent.length ? { error: `not built: ${absent.join(', ')}` } : fromEnv;
    }
    for (const folder of buildFolders()) {
        const found = {};
        for (const [name, rel] of Object.entries(RELATIVE)) {
            found[name] = fromEnv[name] || path.join(folder, rel);
        }
        if (Object.values(found).every((f) => fs.existsSync(f))) return found;
    }
    return { missing: 'no build folder with iskra-central, iskra-gateway and iskra-sim; build them or set ' +
        'ISKRA_CENTRAL_BIN, ISKRA_GATEWAY_BIN and ISKRA_SIM_BIN' };
}

module.exports = { findBinaries, ROOT };
