// Sessions as the gateways report them. central/sync turns each event of a batch into the
// SessionFacts it carries and applies them here, inside the batch's transaction. A fact absent
// from an event (nullopt) leaves the stored value alone, so a session ends up the same whether
// its events came in one batch or in many: events arrive in the gateway's order, exactly once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>

#include "iskra/session/events.hpp"

namespace iskra::central::charging {

struct SessionFacts {
    std::string session_uuid;
    std::string gateway_id;
    std::string station_id;
    std::optional<std::int64_t> evse_id;
    std::optional<std::int64_t> connector_id;
    std::optional<std::string> transaction_ref;
    std::optional<session::Token> token;
    std::optional<std::int64_t> started_at_ms;
    std::optional<std::int64_t> ended_at_ms;
    std::optional<std::int64_t> meter_start_wh;
    std::optional<std::int64_t> meter_stop_wh;
    std::optional<std::string> stop_reason;
    std::optional<std::string> closed_by;  // the gateway closed it: station | status | reboot | ...
    std::optional<bool> offline;           // true sticks: once offline, always flagged offline
    bool ended = false;
    std::vector<std::string> flags;  // SessionFlagged kinds to add
    std::vector<session::MeterSample> samples;
};

// `later`'s facts folded into `earlier`, as if both were applied in that order: a batch's
// events of one session become one upsert instead of one per event (the sync ingestion rate).
void merge_facts(SessionFacts& earlier, SessionFacts&& later);

// Upserts the session, resolves its user and contract from the token when one is new, stores
// the samples (a repeat is ignored) and recomputes energy_wh = meter_stop - meter_start.
void apply_session_facts(Poco::Data::Session& session, const SessionFacts& facts,
                         std::int64_t now_ms);

// The same for a batch's sessions (one SessionFacts per session, merged), in a handful of
// statements whatever their number: the tokens read at once, the sessions upserted and the
// samples inserted by multi-row statements. Every write is an atomic upsert or an insert that
// skips a repeat, so it is safe under READ COMMITTED (sync serialises a gateway's batches).
void apply_session_facts(Poco::Data::Session& session, const std::vector<SessionFacts>& facts,
                         std::int64_t now_ms);

}  // namespace iskra::central::charging
