-- The uplink to central (common/sync/README.md). A command central queued is logged under its
-- UUID, unique, so fetching it twice (a crash before the cursor moved, a retried long-poll)
-- logs and sends it once. The cursor over central's command queue and the stations list's
-- version live with the data they describe, so each moves in the transaction that applied it.
ALTER TABLE commands ADD COLUMN central_command_id TEXT;
CREATE UNIQUE INDEX commands_by_central_id ON commands (central_command_id)
    WHERE central_command_id IS NOT NULL;

--
-- outbox_epoch names this database's outbox: 128 random bits made when the database is. The
-- outbox's seq starts at 1 in every new database, so a gateway whose data directory was wiped
-- (same identity, fresh database) would otherwise send seqs central already holds and see them
-- dropped as duplicates; with the epoch in each batch, central counts them afresh.
CREATE TABLE uplink_state (
    singleton        INTEGER PRIMARY KEY CHECK (singleton = 1),
    command_cursor   INTEGER NOT NULL,
    stations_version INTEGER NOT NULL,
    outbox_epoch     TEXT NOT NULL CHECK (length(outbox_epoch) = 32)
) STRICT;
INSERT INTO uplink_state (singleton, command_cursor, stations_version, outbox_epoch)
    VALUES (1, 0, 0, lower(hex(randomblob(16))));
