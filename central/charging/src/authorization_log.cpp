#include "iskra/central/charging/authorization_log.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include "iskra/central/storage/sql.hpp"
#include "row_values.hpp"

namespace iskra::central::charging {

void log_authorization(Poco::Data::Session& session, const AuthorizationEntry& entry) {
    using Poco::Data::Keywords::bind;
    using Poco::Data::Keywords::now;
    using Poco::Data::Keywords::useRef;
    const Poco::Int64 at = entry.at_ms;
    Poco::Nullable<std::string> session_uuid = detail::nullable_of(entry.session_uuid);
    storage::sql(session,
                 "INSERT INTO authorizations (at_ms, gateway_id, station_id, id_token, token_type, "
                 "status, source, session_uuid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        bind(at), useRef(entry.gateway_id), useRef(entry.station_id), useRef(entry.id_token),
        useRef(entry.token_type), useRef(entry.status), useRef(entry.source), useRef(session_uuid),
        now;
}

}  // namespace iskra::central::charging
