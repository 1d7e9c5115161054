#include "iskra/central/charging/authorization_log.hpp"

#include <algorithm>

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include "iskra/central/storage/sql.hpp"
#include "row_values.hpp"

namespace iskra::central::charging {
namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::useRef;

constexpr const char* kInsert =
    "INSERT INTO authorizations (at_ms, gateway_id, station_id, id_token, token_type, status, "
    "source, session_uuid) VALUES ";
constexpr const char* kRow = "(?, ?, ?, ?, ?, ?, ?, ?)";

bool in_window(std::int64_t at_ms, std::int64_t started_at_ms) {
    return at_ms >= started_at_ms - kLinkBeforeMs && at_ms <= started_at_ms + kLinkAfterMs;
}

}  // namespace

void log_authorization(Poco::Data::Session& session, const AuthorizationEntry& entry) {
    log_authorizations(session, {entry});
}

void log_authorizations(Poco::Data::Session& session,
                        const std::vector<AuthorizationEntry>& entries) {
    constexpr std::size_t kChunk = 400;  // 3,200 parameters: far below either backend's limit
    for (std::size_t start = 0; start < entries.size(); start += kChunk) {
        const std::size_t end = std::min(entries.size(), start + kChunk);
        std::string text = kInsert;
        for (std::size_t i = start; i < end; ++i) {
            if (i > start) text += ", ";
            text += kRow;
        }
        Poco::Data::Statement insert = storage::sql(session, text);
        for (std::size_t i = start; i < end; ++i) {
            const AuthorizationEntry& e = entries[i];
            insert, bind(Poco::Int64{e.at_ms}), useRef(e.gateway_id), useRef(e.station_id),
                useRef(e.id_token), useRef(e.token_type), useRef(e.status), useRef(e.source),
                bind(detail::nullable_of(e.session_uuid));
        }
        insert.execute();
    }
}

std::optional<std::size_t> decision_for(const std::vector<AuthorizationEntry>& entries,
                                        const SessionStart& start) {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const AuthorizationEntry& e = entries[i];
        if (e.session_uuid || e.station_id != start.station_id || e.id_token != start.id_token ||
            !in_window(e.at_ms, start.started_at_ms)) {
            continue;
        }
        if (!best || e.at_ms >= entries[*best].at_ms) best = i;
    }
    return best;
}

void link_stored_authorizations(Poco::Data::Session& session,
                                const std::vector<SessionStart>& starts) {
    if (starts.empty()) return;
    std::string uuid;
    std::string station;
    std::string token;
    Poco::Int64 from = 0;
    Poco::Int64 to = 0;
    // session_uuid IS NULL twice: the inner one picks, the outer one is what PostgreSQL
    // re-checks under READ COMMITTED if another transaction linked the row meanwhile.
    Poco::Data::Statement link =
        (storage::sql(session,
                      "UPDATE authorizations SET session_uuid = ? WHERE session_uuid IS NULL AND "
                      "id = (SELECT id FROM authorizations WHERE id_token = ? AND station_id = ? "
                      "AND session_uuid IS NULL AND at_ms >= ? AND at_ms <= ? "
                      "ORDER BY at_ms DESC, id DESC LIMIT 1)"),
         useRef(uuid), useRef(token), useRef(station), useRef(from), useRef(to));
    for (const auto& start : starts) {
        uuid = start.session_uuid;
        station = start.station_id;
        token = start.id_token;
        from = start.started_at_ms - kLinkBeforeMs;
        to = start.started_at_ms + kLinkAfterMs;
        link.execute();
    }
}

}  // namespace iskra::central::charging
