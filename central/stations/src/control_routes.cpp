// Remote control (StationsControl): restart, availability, unlock, and any other CSMS→station
// command of the station's OCPP version; plus reading each command's status and result.
// Each queues a command for the station's gateway (command_queue.hpp) and answers 202 at once;
// the outcome arrives later with the gateway's CommandCompleted event.
#include <regex>

#include "command_routes.hpp"
#include "db_util.hpp"
#include "iskra/central/http/json_body.hpp"
#include "iskra/central/storage/ids.hpp"
#include "iskra/ocpp/action_info.hpp"
#include "route_support.hpp"

namespace iskra::central::stations::detail {

using http::ApiError;
using http::Context;
using nlohmann::json;

ocpp::Version version_of(const StationFacts& station) {
    auto version =
        station.protocol ? ocpp::version_from_subprotocol(*station.protocol) : std::nullopt;
    if (!version) {
        throw ApiError::conflict("station " + station.id +
                                     " has not booted yet, so its OCPP version is unknown; set "
                                     "its protocol or wait for it to connect",
                                 "protocol_unknown");
    }
    return *version;
}

http::Response queue_command(storage::Database& database, CommandQueue& queue,
                             const std::string& station_id, const OcppCommand& command,
                             const std::optional<std::string>& requested_by,
                             const std::function<void(Poco::Data::Session&)>& before) {
    const auto now = storage::now_ms();
    const auto queued = database.transaction([&](Poco::Data::Session& session) {
        if (before) before(session);
        return CommandQueue::insert_command(session, station_id, command.action, command.payload,
                                            requested_by, now);
    });
    queue.notify(queued.gateway_id);
    auto stored = queue.find(queued.id);
    return http::json_response(202, {{"command", stored ? command_json(*stored) : json(nullptr)}});
}

namespace {

StationFacts facts(storage::Database& database, const Context& context) {
    check_path_id(context.param("id"), "station");
    auto session = database.session();
    return station_facts(session, context.param("id"));
}

http::Response restart(storage::Database& database, CommandQueue& queue, const Context& context) {
    const auto body = http::json_object_body(context.request);
    only_fields(body, {"type"});
    const auto type = http::required_string(body, "type", 10);
    if (type != "soft" && type != "hard") {
        throw ApiError::bad_request("type", "type must be soft or hard");
    }
    const auto station = facts(database, context);
    return queue_command(database, queue, station.id,
                         reset_command(version_of(station), type == "hard"),
                         context.signed_in().user_id);
}

// connector_id alone names a connector as OCPP 1.6 numbers it: EVSE N (its connector 1).
Target target_of(const json& body, bool connector_required) {
    auto evse = http::optional_integer(body, "evse_id", 0, 1000);
    auto connector = connector_required
                         ? std::optional(http::required_integer(body, "connector_id", 1, 100))
                         : http::optional_integer(body, "connector_id", 1, 100);
    if (evse && *evse == 0 && connector) {
        throw ApiError::bad_request("connector_id", "EVSE 0 is the station: it has no connectors");
    }
    if (!evse && connector) return {*connector, std::nullopt};
    return {evse.value_or(0), connector};
}

http::Response availability(storage::Database& database, CommandQueue& queue,
                            const Context& context) {
    const auto body = http::json_object_body(context.request);
    only_fields(body, {"evse_id", "connector_id", "operative"});
    const auto operative = http::optional_bool(body, "operative");
    if (!operative) throw ApiError::bad_request("operative", "operative is required");
    const auto target = target_of(body, false);
    const auto station = facts(database, context);
    const std::string state = *operative ? "Operative" : "Inoperative";
    // What staff set is stored with the command: the station may be offline for hours, and
    // the back office must show what was asked, not what last arrived.
    auto store = [&](Poco::Data::Session& session) {
        const auto now = storage::now_ms();
        if (target.evse_id == 0) {
            execute(session, "UPDATE stations SET availability = ?, updated_at_ms = ? WHERE id = ?",
                    {state, now, station.id});
        } else if (target.connector_id) {
            execute(session,
                    "UPDATE connectors SET availability = ?, updated_at_ms = ? WHERE station_id = "
                    "? AND evse_id = ? AND connector_id = ?",
                    {state, now, station.id, target.evse_id, *target.connector_id});
        } else {
            execute(session,
                    "UPDATE connectors SET availability = ?, updated_at_ms = ? WHERE station_id = "
                    "? AND evse_id = ?",
                    {state, now, station.id, target.evse_id});
        }
    };
    return queue_command(database, queue, station.id,
                         availability_command(version_of(station), target, *operative),
                         context.signed_in().user_id, store);
}

http::Response unlock(storage::Database& database, CommandQueue& queue, const Context& context) {
    const auto body = http::json_object_body(context.request);
    only_fields(body, {"evse_id", "connector_id"});
    const auto target = target_of(body, true);
    const auto station = facts(database, context);
    return queue_command(
        database, queue, station.id,
        unlock_command(version_of(station), target.evse_id, target.connector_id.value_or(1)),
        context.signed_in().user_id);
}

// Starting and stopping sessions need SessionsControl: the generic route (StationsControl)
// must not be a way around that.
bool is_session_command(const std::string& action) {
    return action == "RemoteStartTransaction" || action == "RemoteStopTransaction" ||
           action == "RequestStartTransaction" || action == "RequestStopTransaction" ||
           action == "RemoteStart";
}

constexpr std::size_t kMaxPayloadBytes = 64 * 1024;

http::Response generic(storage::Database& database, CommandQueue& queue, const Context& context) {
    const auto& action = context.param("action");
    static const std::regex kAction("[A-Za-z0-9]{1,64}");
    if (!std::regex_match(action, kAction)) {
        throw ApiError::bad_request("action", "action must be an OCPP action name",
                                    "unknown_action");
    }
    if (is_session_command(action)) {
        throw ApiError::bad_request("action",
                                    "start and stop sessions with /remote-start and /remote-stop",
                                    "use_dedicated_route");
    }
    if (context.request.body.size() > kMaxPayloadBytes) {
        throw ApiError{413, "payload_too_large", "a command's payload is at most 64 KiB", {}};
    }
    const auto payload = http::json_object_body(context.request);
    const auto station = facts(database, context);
    const auto version = version_of(station);
    if (auto problem = check_command(version, action, payload)) {
        const bool unknown = ocpp::find_action(version, action) == nullptr;
        throw ApiError::bad_request(unknown ? "action" : "payload", *problem,
                                    unknown ? "unknown_action" : "invalid_payload");
    }
    return queue_command(database, queue, station.id, {action, payload},
                         context.signed_in().user_id);
}

http::Response station_commands(storage::Database& database, CommandQueue& queue,
                                const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "station");
    const auto page = http::page_of(context.request);
    std::int64_t total = 0;
    auto commands = queue.for_station(id, page.limit, page.offset, &total);
    if (total == 0) facts(database, context);  // 404 for a station that never was
    json items = json::array();
    for (const auto& command : commands)
        items.push_back(command_json(command));
    return http::json_response(200, http::page_body(std::move(items), page, total));
}

}  // namespace

void add_control_routes(http::Router& router, storage::Database& database, CommandQueue& queue) {
    using http::Access;
    using http::Permission;
    auto& db = database;
    auto& q = queue;
    const auto control = Access::user(Permission::StationsControl);
    router.add("POST", "/api/v1/stations/{id}/restart", control,
               [&db, &q](const Context& c) { return restart(db, q, c); });
    router.add("POST", "/api/v1/stations/{id}/availability", control,
               [&db, &q](const Context& c) { return availability(db, q, c); });
    router.add("POST", "/api/v1/stations/{id}/unlock", control,
               [&db, &q](const Context& c) { return unlock(db, q, c); });
    router.add("POST", "/api/v1/stations/{id}/commands/{action}", control,
               [&db, &q](const Context& c) { return generic(db, q, c); });
    router.add("GET", "/api/v1/stations/{id}/commands", Access::user(Permission::StationsView),
               [&db, &q](const Context& c) { return station_commands(db, q, c); });
    router.add("GET", "/api/v1/commands/{id}", Access::user(Permission::StationsView),
               [&q](const Context& c) {
                   check_path_id(c.param("id"), "command");
                   auto command = q.find(c.param("id"));
                   if (!command) throw ApiError::not_found("no command " + c.param("id"));
                   return http::json_response(200, command_json(*command));
               });
}

}  // namespace iskra::central::stations::detail
