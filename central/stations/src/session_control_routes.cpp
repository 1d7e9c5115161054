// Starting and stopping sessions remotely (SessionsControl). A start is queued as the gateway's
// RemoteStart pseudo-action ({connector_id, id_token, max_energy_wh?, max_duration_s?}), which
// the gateway turns into the station's own start request and enforces the limits of; a stop is
// the station version's RemoteStopTransaction / RequestStopTransaction.
//
// Whose token starts it: the one given; else the user's first Accepted token (tokens belong to
// central/charging, read here with plain SQL); else, for staff starting a session themselves,
// a Central token of their own ("ADM" + 12 hex of their user id), created once.
#include <cctype>

#include "command_routes.hpp"
#include "db_util.hpp"
#include "iskra/central/http/json_body.hpp"
#include "iskra/central/storage/ids.hpp"
#include "route_support.hpp"

namespace iskra::central::stations::detail {
namespace {

using http::ApiError;
using http::Context;
using nlohmann::json;

constexpr std::int64_t kMaxEnergyWh = 10'000'000;         // 10 MWh: no battery is bigger
constexpr std::int64_t kMaxDurationS = 7 * 24 * 60 * 60;  // a week

// "ADM" and the first 12 hex digits of the id (a UUID's dashes skipped); an id with fewer hex
// digits is hex-encoded byte by byte first, so every user gets a stable token of 15 characters.
std::string staff_token(const std::string& user_id) {
    std::string hex;
    for (char c : user_id) {
        if (std::isxdigit(static_cast<unsigned char>(c))) hex += static_cast<char>(std::toupper(c));
    }
    if (hex.size() < 12) {
        static const char* const kDigits = "0123456789ABCDEF";
        hex.clear();
        for (char ch : user_id) {
            const auto c = static_cast<unsigned char>(ch);
            hex += kDigits[c >> 4];
            hex += kDigits[c & 0x0F];
        }
        hex.resize(12, '0');
    }
    return "ADM" + hex.substr(0, 12);
}

std::string user_token(Poco::Data::Session& session, const std::string& user_id) {
    auto rows = select(session,
                       "SELECT id_token FROM tokens WHERE user_id = ? AND status = 'Accepted' "
                       "ORDER BY created_at_ms, id_token, token_type LIMIT 1",
                       {user_id});
    if (rows.rowCount() == 0) {
        throw ApiError::conflict("user " + user_id + " has no accepted token to start with",
                                 "no_token", "user_id");
    }
    return text(rows, 0, "id_token");
}

void ensure_staff_token(Poco::Data::Session& session, const std::string& token,
                        const std::string& user_id, std::int64_t now) {
    execute(session,
            "INSERT INTO tokens (id_token, token_type, user_id, status, created_at_ms, "
            "updated_at_ms) VALUES (?, 'Central', ?, 'Accepted', ?, ?) "
            "ON CONFLICT (id_token, token_type) DO NOTHING",
            {token, user_id, now, now});
}

http::Response remote_start(storage::Database& database, CommandQueue& queue,
                            const Context& context) {
    const auto body = http::json_object_body(context.request);
    only_fields(body, {"connector_id", "user_id", "id_token", "max_energy_wh", "max_duration_s"});
    const auto connector = http::required_integer(body, "connector_id", 1, 1000);
    const auto user_id = http::optional_string(body, "user_id", 64);
    const auto id_token = http::optional_string(body, "id_token", 36);
    const auto energy = http::optional_integer(body, "max_energy_wh", 1, kMaxEnergyWh);
    const auto duration = http::optional_integer(body, "max_duration_s", 60, kMaxDurationS);
    if (user_id && id_token) {
        throw ApiError::bad_request("id_token", "give user_id or id_token, not both");
    }
    if (id_token && id_token->empty()) {
        throw ApiError::bad_request("id_token", "id_token must not be empty");
    }
    check_path_id(context.param("id"), "station");
    const auto& staff = context.signed_in().user_id;
    const auto now = storage::now_ms();
    json payload = {{"connector_id", connector}};
    if (energy) payload["max_energy_wh"] = *energy;
    if (duration) payload["max_duration_s"] = *duration;
    // The token is looked up (or created) inside the command's transaction, so a token
    // blocked at this moment is not used, and a failed enqueue creates no token.
    auto resolve = [&](Poco::Data::Session& session) {
        station_facts(session, context.param("id"));  // 404 before anything else
        if (id_token) {
            payload["id_token"] = *id_token;
        } else if (user_id) {
            payload["id_token"] = user_token(session, *user_id);
        } else {
            const auto token = staff_token(staff);
            ensure_staff_token(session, token, staff, now);
            payload["id_token"] = token;
        }
    };
    const auto queued = database.transaction([&](Poco::Data::Session& session) {
        resolve(session);
        return CommandQueue::insert_command(session, context.param("id"), "RemoteStart", payload,
                                            staff, now);
    });
    queue.notify(queued.gateway_id);
    auto stored = queue.find(queued.id);
    return http::json_response(202, {{"command", stored ? command_json(*stored) : json(nullptr)}});
}

// The transaction id in the station's version: 1.6 numbers them (the gateway assigned it),
// 2.0.1 names them with a string the station chose.
json transaction_id_for(ocpp::Version version, const json& value) {
    if (version == ocpp::Version::v16) {
        if (value.is_number_integer()) return value;
        if (value.is_string()) {
            const auto& text = value.get_ref<const std::string&>();
            if (!text.empty() && text.size() <= 18 &&
                text.find_first_not_of("-0123456789") == std::string::npos) {
                return std::stoll(text);
            }
        }
        throw ApiError::bad_request("transaction_id",
                                    "an OCPP 1.6 station's transaction_id is an integer");
    }
    if (value.is_string() && !value.get_ref<const std::string&>().empty() &&
        value.get_ref<const std::string&>().size() <= 36) {
        return value;
    }
    if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
    throw ApiError::bad_request("transaction_id",
                                "an OCPP 2.0.1 station's transaction_id is a string of 1 to 36");
}

http::Response remote_stop(storage::Database& database, CommandQueue& queue,
                           const Context& context) {
    const auto body = http::json_object_body(context.request);
    only_fields(body, {"session_uuid", "transaction_id"});
    const auto session_uuid = http::optional_string(body, "session_uuid", 64);
    const bool by_transaction = has(body, "transaction_id");
    if (session_uuid.has_value() == by_transaction) {
        throw ApiError::bad_request("session_uuid", "give session_uuid or transaction_id");
    }
    check_path_id(context.param("id"), "station");
    // Read first, with a session let go before queue_command's transaction takes its own.
    auto db_session = std::make_optional(database.session());
    const auto station = station_facts(*db_session, context.param("id"));
    const auto version = version_of(station);
    json transaction = by_transaction ? body.at("transaction_id") : json();
    if (session_uuid) {
        auto rows = select(*db_session,
                           "SELECT station_id, transaction_ref, state FROM sessions WHERE "
                           "session_uuid = ?",
                           {*session_uuid});
        if (rows.rowCount() == 0 || text(rows, 0, "station_id") != station.id) {
            throw ApiError::unprocessable("session_uuid",
                                          "no session " + *session_uuid + " on this station",
                                          "unknown_session");
        }
        if (text(rows, 0, "state") != "open") {
            throw ApiError::conflict("the session has ended", "session_closed", "session_uuid");
        }
        auto ref = opt_text(rows, 0, "transaction_ref");
        if (!ref) {
            throw ApiError::conflict("the station has not named this session's transaction yet",
                                     "transaction_unknown", "session_uuid");
        }
        transaction = *ref;
    }
    db_session.reset();
    const auto command = stop_command(version, transaction_id_for(version, transaction));
    return queue_command(database, queue, station.id, command, context.signed_in().user_id);
}

}  // namespace

void add_session_control_routes(http::Router& router, storage::Database& database,
                                CommandQueue& queue) {
    using http::Access;
    using http::Permission;
    auto& db = database;
    auto& q = queue;
    router.add("POST", "/api/v1/stations/{id}/remote-start",
               Access::user(Permission::SessionsControl),
               [&db, &q](const Context& c) { return remote_start(db, q, c); });
    router.add("POST", "/api/v1/stations/{id}/remote-stop",
               Access::user(Permission::SessionsControl),
               [&db, &q](const Context& c) { return remote_stop(db, q, c); });
}

}  // namespace iskra::central::stations::detail
