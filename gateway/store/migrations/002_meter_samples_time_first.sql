-- The meter-sample dedupe index with the sample time first: new readings then land at the end
-- of the index instead of on one page per station, a page less to write per reading in each
-- group commit (bench/RESULTS.md, "Gateway store"). Same columns, so the same rows are unique.
DROP INDEX meter_samples_unique;
CREATE UNIQUE INDEX meter_samples_unique ON meter_samples (
    sampled_at, station_id, IFNULL(session_uuid, ''), IFNULL(evse_id, -1),
    IFNULL(connector_id, -1), context, IFNULL(energy_wh, -1), IFNULL(power_w, -1));
