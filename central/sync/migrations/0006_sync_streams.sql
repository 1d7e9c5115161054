-- Migration 6 (sync): a gateway's events counted per outbox epoch, and the station messages it
-- keeps for central (common/sync/README.md, Events).
--
-- A gateway's outbox seq starts at 1 in every new gateway database. A gateway whose data
-- directory was wiped but whose identity was kept would send seqs central already holds, and
-- they would be dropped as repeats. So each batch names its outbox's epoch (a random id made
-- with the gateway's database) and central keeps one stream per (gateway, epoch), each with its
-- own acknowledged seq. What migration 3 held becomes the stream of the empty epoch (gateways
-- from before epochs send none). Streams are numbered so the per-event rows key on two integers.

CREATE TABLE gateway_sync_streams (
    id {{id_pk}},
    gateway_id TEXT NOT NULL REFERENCES gateways (id),
    epoch TEXT NOT NULL,
    acknowledged_seq BIGINT NOT NULL DEFAULT 0,
    started_at_ms BIGINT NOT NULL,
    last_batch_at_ms BIGINT NULL,
    events_applied BIGINT NOT NULL DEFAULT 0,
    -- Known types central could not read (kept, shown to staff as rejected).
    events_rejected BIGINT NOT NULL DEFAULT 0,
    -- Types central does not know, from a newer gateway (kept, shown as skipped).
    events_skipped BIGINT NOT NULL DEFAULT 0,
    UNIQUE (gateway_id, epoch)
);
INSERT INTO gateway_sync_streams (gateway_id, epoch, acknowledged_seq, started_at_ms,
                                  last_batch_at_ms, events_applied, events_rejected)
    SELECT gateway_id, '', acknowledged_seq, COALESCE(last_batch_at_ms, 0), last_batch_at_ms,
           events_applied, events_rejected
    FROM gateway_sync_state;
DROP TABLE gateway_sync_state;

-- The unique key that makes "apply once" hold even if the stream row's lock were bypassed (a
-- bug): a second insert of (stream, seq) fails the whole batch. No foreign key: it would cost a
-- lookup per event.
CREATE TABLE applied_stream_events (
    stream_id BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    event_type TEXT NOT NULL,
    applied_at_ms BIGINT NOT NULL,
    PRIMARY KEY (stream_id, seq)
);
INSERT INTO applied_stream_events (stream_id, seq, event_type, applied_at_ms)
    SELECT s.id, a.seq, a.event_type, a.applied_at_ms
    FROM applied_events a JOIN gateway_sync_streams s ON s.gateway_id = a.gateway_id
    WHERE s.epoch = '';
DROP TABLE applied_events;
ALTER TABLE applied_stream_events RENAME TO applied_events;

-- Events central kept without applying them: 'rejected' (a type it knows, a payload it could
-- not read or use) or 'skipped' (a type it does not know: a newer gateway's).
CREATE TABLE kept_stream_events (
    stream_id BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    disposition TEXT NOT NULL CHECK (disposition IN ('rejected', 'skipped')),
    event_type TEXT NOT NULL,
    event_at TEXT NULL,
    payload TEXT NOT NULL,
    reason TEXT NOT NULL,
    received_at_ms BIGINT NOT NULL,
    PRIMARY KEY (stream_id, seq)
);
INSERT INTO kept_stream_events (stream_id, seq, disposition, event_type, event_at, payload,
                                reason, received_at_ms)
    SELECT s.id, r.seq, 'rejected', r.event_type, r.event_at, r.payload, r.reason,
           r.received_at_ms
    FROM sync_rejected_events r JOIN gateway_sync_streams s ON s.gateway_id = r.gateway_id
    WHERE s.epoch = '';
DROP TABLE sync_rejected_events;
ALTER TABLE kept_stream_events RENAME TO sync_rejected_events;

-- What stations said that nothing at the site acts on (StationMessage events: firmware and log
-- upload status, device-model reports, data transfers), kept as they came.
CREATE TABLE station_messages (
    stream_id BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    gateway_id TEXT NOT NULL,
    station_id TEXT NOT NULL,
    action TEXT NOT NULL,
    payload TEXT NOT NULL,
    at_ms BIGINT NOT NULL,
    received_at_ms BIGINT NOT NULL,
    PRIMARY KEY (stream_id, seq)
);
CREATE INDEX station_messages_by_station ON station_messages (station_id, at_ms);
