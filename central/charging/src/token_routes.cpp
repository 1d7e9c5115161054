// Tokens CRUD (TokensManage). Every change bumps the local list's version in the same
// transaction, so a gateway's next delta carries it.
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include "iskra/central/charging/local_list.hpp"
#include "iskra/central/charging/tokens.hpp"
#include "iskra/central/http/json_body.hpp"
#include "iskra/central/storage/ids.hpp"
#include "iskra/central/storage/sql.hpp"
#include "iskra/session/vocabulary.hpp"
#include "list_query.hpp"
#include "routes.hpp"
#include "row_values.hpp"

namespace iskra::central::charging::detail {
namespace {

using nlohmann::json;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::useRef;

constexpr const char* kColumns =
    "SELECT id_token AS id, token_type AS type, user_id, contract_id, status, expires_at_ms, "
    "group_id, created_at_ms, updated_at_ms";

std::string token_type_of(const std::string& text, const std::string& field) {
    if (!session::parse_token_type(text)) {
        throw http::ApiError::bad_request(field, field +
                                                     " is not a token type (ISO14443, IdTag, "
                                                     "Central, EMAID, ...)");
    }
    return text;
}

std::string status_of(const std::string& text) {
    if (text != "Accepted" && text != "Blocked" && text != "Expired" && text != "Invalid") {
        throw http::ApiError::bad_request("status",
                                          "status must be Accepted, Blocked, Expired or Invalid");
    }
    return text;
}

json token_json(Poco::Data::Session& session, const std::string& id, const std::string& type) {
    json rows = rows_json(
        session, std::string(kColumns) + " FROM tokens WHERE id_token = ? AND token_type = ?",
        {id, type});
    if (rows.empty()) throw http::ApiError::not_found("no token " + type + "/" + id);
    return rows.front();
}

// A field the body sets: absent (leave it), null (clear it) or a value.
struct Change {
    bool present = false;
    Poco::Nullable<std::string> text;
    Poco::Nullable<Poco::Int64> ms;
};

Change string_change(const json& body, const char* field) {
    Change change;
    if (!body.contains(field)) return change;
    change.present = true;
    if (auto value = http::optional_string(body, field)) change.text = *value;
    return change;
}

Change time_change(const json& body, const char* field) {
    Change change;
    if (!body.contains(field)) return change;
    change.present = true;
    if (auto value = http::optional_string(body, field, 64)) {
        change.ms = parse_time_field(*value, field);
    }
    return change;
}

// Foreign-key failures come from user_id, the one column that references another table.
template <typename F>
auto with_db_errors(F&& fn) {
    try {
        return fn();
    } catch (const storage::DatabaseException& e) {
        if (e.kind() == storage::ErrorKind::UniqueViolation) {
            throw http::ApiError::conflict("that token already exists", "conflict", "id");
        }
        if (e.kind() == storage::ErrorKind::ForeignKeyViolation) {
            throw http::ApiError::bad_request("user_id", "no such user");
        }
        throw;
    }
}

}  // namespace

void add_token_routes(http::Router& router, storage::Database& database) {
    const auto access = http::Access::user(http::Permission::TokensManage);

    router.add("GET", "/api/v1/tokens", access, [&database](const http::Context& c) {
        Filter filter;
        if (auto user = c.request.query_value("user_id"))
            filter.add("user_id = ?", std::string(*user));
        if (auto status = c.request.query_value("status"))
            filter.add("status = ?", std::string(*status));
        if (auto id = c.request.query_value("id")) filter.add("id_token = ?", std::string(*id));
        const auto page = http::page_of(c.request);
        auto session = database.session();
        return http::json_response(
            200, list_page(session, kColumns, "tokens", filter, "id_token, token_type", page));
    });

    router.add("POST", "/api/v1/tokens", access, [&database](const http::Context& c) {
        const json body = http::json_object_body(c.request);
        const std::string id = http::required_string(body, "id", 64);
        const std::string type = token_type_of(http::required_string(body, "type", 32), "type");
        const std::string status =
            status_of(http::optional_string(body, "status").value_or("Accepted"));
        Change user = string_change(body, "user_id");
        Change contract = string_change(body, "contract_id");
        Change group = string_change(body, "group_id");
        Change expires = time_change(body, "expires_at");
        return with_db_errors([&] {
            return http::json_response(201, database.transaction([&](Poco::Data::Session& s) {
                const Poco::Int64 at = storage::now_ms();
                storage::sql(s,
                             "INSERT INTO tokens (id_token, token_type, user_id, contract_id, "
                             "status, expires_at_ms, group_id, created_at_ms, updated_at_ms) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                    useRef(id), useRef(type), useRef(user.text), useRef(contract.text),
                    useRef(status), useRef(expires.ms), useRef(group.text), useRef(at), useRef(at),
                    now;
                note_token_change(s, id, type, at);
                return token_json(s, id, type);
            }));
        });
    });

    router.add("PATCH", "/api/v1/tokens/{type}/{id}", access, [&database](const http::Context& c) {
        const std::string id = c.param("id");
        const std::string type = c.param("type");
        const json body = http::json_object_body(c.request);
        std::vector<std::pair<std::string, Change>> changes;
        if (auto status = http::optional_string(body, "status")) {
            Change change{true, status_of(*status), {}};
            changes.emplace_back("status", change);
        }
        for (const char* field : {"user_id", "contract_id", "group_id"}) {
            if (auto change = string_change(body, field); change.present)
                changes.emplace_back(field, change);
        }
        if (auto change = time_change(body, "expires_at"); change.present) {
            changes.emplace_back("expires_at_ms", change);
        }
        return with_db_errors([&] {
            return http::json_response(200, database.transaction([&](Poco::Data::Session& s) {
                token_json(s, id, type);  // 404 before anything changes
                const Poco::Int64 at = storage::now_ms();
                for (auto& [column, change] : changes) {
                    const bool is_time = column == "expires_at_ms";
                    Poco::Data::Statement update =
                        storage::sql(s, "UPDATE tokens SET " + column +
                                            " = ? WHERE id_token = ? AND token_type = ?");
                    if (is_time)
                        update, useRef(change.ms);
                    else
                        update, useRef(change.text);
                    update, useRef(id), useRef(type);
                    update.execute();
                }
                storage::sql(s,
                             "UPDATE tokens SET updated_at_ms = ? WHERE id_token = ? AND "
                             "token_type = ?"),
                    useRef(at), useRef(id), useRef(type), now;
                note_token_change(s, id, type, at);
                return token_json(s, id, type);
            }));
        });
    });

    router.add("DELETE", "/api/v1/tokens/{type}/{id}", access, [&database](const http::Context& c) {
        const std::string id = c.param("id");
        const std::string type = c.param("type");
        database.transaction([&](Poco::Data::Session& s) {
            token_json(s, id, type);
            storage::sql(s, "DELETE FROM tokens WHERE id_token = ? AND token_type = ?"), useRef(id),
                useRef(type), now;
            note_token_change(s, id, type, storage::now_ms());
        });
        return http::no_content();
    });
}

}  // namespace iskra::central::charging::detail
