#include "iskra/sync/downlink_messages.hpp"

#include "iskra/sync/event_json.hpp"
#include "json_reader.hpp"

namespace iskra::sync {
namespace {

using detail::guarded;
using detail::Reader;
using nlohmann::json;
using session::format_timestamp;

CentralCommand read_command(const Reader& r) {
    CentralCommand command;
    command.seq = r.integer("seq");
    command.command_id = r.string("command_id");
    command.station_id = r.string("station_id");
    command.action = r.string("action");
    if (auto payload = r.find("payload")) command.payload = payload->object().raw();
    command.queued_at = r.at("queued_at").timestamp();
    return command;
}

LocalListEntry read_list_entry(const Reader& r) {
    LocalListEntry entry;
    entry.token = detail::read_token(r.at("token"));
    entry.status = r.at("status").enumerated(session::parse_authorization_status);
    entry.expires_at = r.optional_timestamp("expires_at");
    if (auto group = r.find("group")) entry.group = detail::read_token(*group);
    return entry;
}

StationEntry read_station(const Reader& r) {
    StationEntry entry;
    entry.station_id = r.string("station_id");
    entry.allowed = r.optional_boolean("allowed").value_or(true);
    entry.password_hash = r.optional_string("password_hash");
    entry.security_profile = r.optional_integer("security_profile");
    return entry;
}

// Reads an array member, each element by `read`; an absent member is an empty list.
template <typename T, typename Read>
std::vector<T> read_list(const Reader& r, std::string_view key, Read read) {
    std::vector<T> items;
    auto array = r.find(key);
    if (!array) return items;
    for (std::size_t i = 0; i < array->size(); ++i)
        items.push_back(read(array->item(i)));
    return items;
}

}  // namespace

json to_json(const CentralCommand& command) {
    return json{{"seq", command.seq},
                {"command_id", command.command_id},
                {"station_id", command.station_id},
                {"action", command.action},
                {"payload", command.payload},
                {"queued_at", format_timestamp(command.queued_at)}};
}

json to_json(const CommandsAnswer& answer) {
    json commands = json::array();
    for (const auto& command : answer.commands)
        commands.push_back(to_json(command));
    return json{{"commands", std::move(commands)},
                {"local_list_version", answer.local_list_version},
                {"stations_version", answer.stations_version}};
}

json to_json(const LocalListEntry& entry) {
    json j{{"token", to_json(entry.token)},
           {"status", std::string(session::to_string(entry.status))}};
    if (entry.expires_at) j["expires_at"] = format_timestamp(*entry.expires_at);
    if (entry.group) j["group"] = to_json(*entry.group);
    return j;
}

json to_json(const LocalListDelta& delta) {
    json entries = json::array();
    for (const auto& entry : delta.entries)
        entries.push_back(to_json(entry));
    json removed = json::array();
    for (const auto& token : delta.removed)
        removed.push_back(to_json(token));
    return json{{"version", delta.version},
                {"full", delta.full},
                {"entries", std::move(entries)},
                {"removed", std::move(removed)}};
}

json to_json(const StationEntry& entry) {
    json j{{"station_id", entry.station_id}, {"allowed", entry.allowed}};
    if (entry.password_hash) j["password_hash"] = *entry.password_hash;
    if (entry.security_profile) j["security_profile"] = *entry.security_profile;
    return j;
}

json to_json(const StationsDelta& delta) {
    json stations = json::array();
    for (const auto& entry : delta.stations)
        stations.push_back(to_json(entry));
    return json{{"version", delta.version},
                {"full", delta.full},
                {"stations", std::move(stations)},
                {"removed", delta.removed}};
}

WireResult<CommandsAnswer> decode_commands_answer(const json& body) {
    return guarded([&] {
        const Reader r(body, "");
        CommandsAnswer answer;
        answer.commands = read_list<CentralCommand>(r.object(), "commands", read_command);
        answer.local_list_version = r.optional_integer("local_list_version").value_or(0);
        answer.stations_version = r.optional_integer("stations_version").value_or(0);
        return answer;
    });
}

WireResult<LocalListDelta> decode_local_list_delta(const json& body) {
    return guarded([&] {
        const Reader r(body, "");
        LocalListDelta delta;
        delta.version = r.integer("version");
        delta.full = r.optional_boolean("full").value_or(false);
        delta.entries = read_list<LocalListEntry>(r, "entries", read_list_entry);
        delta.removed = read_list<session::Token>(r, "removed", detail::read_token);
        return delta;
    });
}

WireResult<StationsDelta> decode_stations_delta(const json& body) {
    return guarded([&] {
        const Reader r(body, "");
        StationsDelta delta;
        delta.version = r.integer("version");
        delta.full = r.optional_boolean("full").value_or(false);
        delta.stations = read_list<StationEntry>(r, "stations", read_station);
        delta.removed =
            read_list<std::string>(r, "removed", [](const Reader& item) { return item.string(); });
        return delta;
    });
}

}  // namespace iskra::sync
