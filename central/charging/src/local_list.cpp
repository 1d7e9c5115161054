#include "iskra/central/charging/local_list.hpp"

#include <string>
#include <vector>

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include "iskra/central/storage/sql.hpp"
#include "row_values.hpp"

namespace iskra::central::charging {
namespace {

using nlohmann::json;
using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::useRef;

json entry_json(const std::string& id, const std::string& type, const std::string& status,
                const Poco::Nullable<Poco::Int64>& expires,
                const Poco::Nullable<std::string>& group) {
    json entry{{"token", {{"id", id}, {"type", type}}}, {"status", status}};
    if (!expires.isNull()) entry["expires_at"] = detail::time_json(expires);
    // Central keeps a group as an id only; the gateway compares groups by id.
    if (!group.isNull()) entry["group"] = {{"id", group.value()}, {"type", "Central"}};
    return entry;
}

// Appends the tokens the query (bound to `parameter` when given) selects as entries.
void add_entries(Poco::Data::Session& session, const std::string& text,
                 const std::optional<Poco::Int64>& parameter, json& entries) {
    std::vector<std::string> ids;
    std::vector<std::string> types;
    std::vector<std::string> statuses;
    std::vector<Poco::Nullable<Poco::Int64>> expires;
    std::vector<Poco::Nullable<std::string>> groups;
    Poco::Data::Statement statement = storage::sql(session, text);
    statement, into(ids), into(types), into(statuses), into(expires), into(groups);
    if (parameter) statement, bind(*parameter);
    statement.execute();
    for (std::size_t i = 0; i < ids.size(); ++i)
        entries.push_back(entry_json(ids[i], types[i], statuses[i], expires[i], groups[i]));
}

}  // namespace

std::int64_t local_list_version(Poco::Data::Session& session) {
    Poco::Int64 version = 0;
    storage::sql(session, "SELECT version FROM local_list_state WHERE id = 1"), into(version), now;
    return version;
}

std::int64_t note_token_change(Poco::Data::Session& session, std::string_view id_token,
                               std::string_view token_type, std::int64_t now_ms) {
    storage::sql(session, "UPDATE local_list_state SET version = version + 1 WHERE id = 1"), now;
    const Poco::Int64 version = local_list_version(session);
    const std::string id(id_token);
    const std::string type(token_type);
    const Poco::Int64 at = now_ms;
    storage::sql(session,
                 "INSERT INTO local_list_changes (version, id_token, token_type, changed_at_ms) "
                 "VALUES (?, ?, ?, ?)"),
        bind(version), useRef(id), useRef(type), bind(at), now;
    return version;
}

json local_list_delta(Poco::Data::Session& session, std::int64_t since) {
    Poco::Int64 version = 0;
    Poco::Int64 oldest = 0;
    storage::sql(session, "SELECT version, oldest_version FROM local_list_state WHERE id = 1"),
        into(version), into(oldest), now;
    const bool full = since <= 0 || since < oldest || since > version;
    json body{{"version", version},
              {"full", full},
              {"entries", json::array()},
              {"removed", json::array()}};
    constexpr const char* kColumns =
        "SELECT t.id_token, t.token_type, t.status, t.expires_at_ms, t.group_id FROM tokens t ";
    if (full) {
        add_entries(session, std::string(kColumns) + "ORDER BY t.id_token, t.token_type", {},
                    body["entries"]);
        return body;
    }
    // Every token changed after `since` that still exists is an entry; one that is gone is
    // removed. A token deleted and created again is simply an entry.
    add_entries(session,
                std::string(kColumns) +
                    "WHERE EXISTS (SELECT 1 FROM local_list_changes c WHERE c.version > ? AND "
                    "c.id_token = t.id_token AND c.token_type = t.token_type) "
                    "ORDER BY t.id_token, t.token_type",
                Poco::Int64{since}, body["entries"]);
    std::vector<std::string> ids;
    std::vector<std::string> types;
    const Poco::Int64 after = since;
    storage::sql(session,
                 "SELECT DISTINCT c.id_token, c.token_type FROM local_list_changes c "
                 "WHERE c.version > ? AND NOT EXISTS (SELECT 1 FROM tokens t WHERE "
                 "t.id_token = c.id_token AND t.token_type = c.token_type) "
                 "ORDER BY c.id_token, c.token_type"),
        into(ids), into(types), bind(after), now;
    for (std::size_t i = 0; i < ids.size(); ++i)
        body["removed"].push_back({{"id", ids[i]}, {"type", types[i]}});
    return body;
}

}  // namespace iskra::central::charging
