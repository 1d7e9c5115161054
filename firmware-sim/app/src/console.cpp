// The operator's console: one command per line on stdin, answered on stdout. The reader
// thread only posts lines; they run on the service thread (Host::console_line).
#include <algorithm>
#include <cstdio>
#include <iterator>
#include <sstream>

#include "host.hpp"
#include "iskra/session/vocabulary.hpp"

namespace iskra::sim::app {

namespace {

const char* const kHelp =
    "commands (S: station number or id, C: connector, or EVSE:CONNECTOR on a 2.0.1 EVSE with\n"
    "several connectors, e.g. 1:2):\n"
    "  status                    every station and connector\n"
    "  plug S C [SOC]            an EV plugs in (optionally at SOC %)\n"
    "  unplug S C                the EV leaves\n"
    "  tap S TOKEN [C]           an RFID card at the reader: starts or stops\n"
    "  offline S DURATION        network loss, e.g. offline 3 120s\n"
    "  fault S C [CODE]          connector fault (default OtherError), recover S C ends it\n"
    "  powerloss S | poweron S   power cut and return\n"
    "  drift S OFFSET            the station's clock runs off, e.g. drift 2 -300s\n"
    "  quit                      stop the simulator\n";

std::string describe(const StationView& v) {
    std::ostringstream out;
    out << v.id << " " << ocpp::subprotocol(v.version) << " "
        << (!v.powered    ? "off"
            : v.connected ? "online"
                          : "offline")
        << (v.registration == Registration::Accepted ? "" : " (not registered)");
    if (v.queued_tx_messages > 0) out << " queued=" << v.queued_tx_messages;
    for (const auto& c : v.connectors) {
        out << "\n  " << c.id << ": " << session::to_string(c.status);
        if (c.plugged) out << " ev soc=" << static_cast<int>(c.soc_percent) << "%";
        if (c.power_w > 0) out << " " << c.power_w << " W";
        out << " meter=" << c.meter_wh << " Wh";
        if (c.transaction) out << " tx=" << *c.transaction;
        if (c.cost) out << " cost=" << *c.cost;
        if (c.outlets.size() > 1) {
            for (const auto& o : c.outlets) {
                out << (o.id == 1 ? " connectors: " : ", ") << o.id << " " << o.type << " "
                    << session::to_string(o.status);
            }
        }
    }
    return out.str();
}

// "2" (a connector or an EVSE) or "2:1" (EVSE 2, its connector 1).
std::optional<ConnectorRef> read_place(std::istream& in) {
    std::string word;
    if (!(in >> word)) return std::nullopt;
    const auto colon = word.find(':');
    auto number = [](const std::string& text) -> std::optional<std::int64_t> {
        if (text.empty() || text.size() > 6 ||
            text.find_first_not_of("0123456789") != std::string::npos) {
            return std::nullopt;
        }
        return std::stoll(text);
    };
    const auto evse = number(word.substr(0, colon));
    if (!evse) return std::nullopt;
    if (colon == std::string::npos) return ConnectorRef(*evse);
    const auto connector = number(word.substr(colon + 1));
    if (!connector) return std::nullopt;
    return ConnectorRef(*evse, *connector);
}

}  // namespace

void Host::console_line(const std::string& line) {
    std::istringstream in(line);
    std::string verb, who;
    in >> verb;
    if (verb.empty()) return;
    const auto now = clock_.now();
    auto say = [](const std::string& text) {
        std::printf("%s\n", text.c_str());
        std::fflush(stdout);
    };
    if (verb == "help") return say(kHelp);
    if (verb == "quit" || verb == "exit") {
        say("stopping");
        client_->stop();
        return;
    }
    if (verb == "status") {
        for (auto& s : stations_)
            say(describe(s->view(now)));
        return;
    }
    static const char* const kVerbs[] = {"plug",  "unplug",  "tap",       "offline", "drift",
                                         "fault", "recover", "powerloss", "poweron"};
    if (std::none_of(std::begin(kVerbs), std::end(kVerbs),
                     [&](const char* v) { return verb == v; })) {
        return say("unknown command \"" + verb + "\"; try help");
    }
    in >> who;
    Station* s = find_station(who);
    if (s == nullptr) return say("no station \"" + who + "\" (see status)");
    std::int64_t connector = 0;
    tl::expected<void, std::string> done;
    std::optional<ConnectorRef> place;
    if (verb == "plug" && (place = read_place(in))) {
        std::optional<model::EvSpec> ev;
        double soc = 0;
        if (in >> soc) {
            ev = plan_.stations.front().default_ev;
            ev->initial_soc_percent = soc;
        }
        done = s->plug_in(*place, ev, WhenFull::Stay, now);
    } else if (verb == "unplug" && (place = read_place(in))) {
        done = s->unplug(*place, now);
    } else if (verb == "tap") {
        std::string token;
        in >> token;
        if (token.empty()) return say("tap needs a token");
        std::optional<std::int64_t> c;
        if (in >> connector) c = connector;
        done = s->tap(token, c, now);
    } else if (verb == "offline" || verb == "drift") {
        std::string text;
        in >> text;
        const auto d = scenario::parse_duration(text);
        if (!d) return say("not a duration: \"" + text + "\" (e.g. 120s, 5m)");
        if (verb == "offline") {
            s->network_outage(*d, now);
        } else {
            s->set_clock_drift(*d);
        }
    } else if (verb == "fault" && in >> connector) {
        std::string code = "OtherError";
        in >> code;
        done = s->fault(connector, code, now);
    } else if (verb == "recover" && in >> connector) {
        done = s->clear_fault(connector, now);
    } else if (verb == "powerloss") {
        s->power_loss(now);
    } else if (verb == "poweron") {
        s->power_restore(now);
    } else {
        return say("cannot read \"" + line + "\"; try help");
    }
    for (std::size_t i = 0; i < stations_.size(); ++i) {
        if (stations_[i].get() == s) after_event(i);
    }
    say(done ? "ok" : "refused: " + done.error());
}

}  // namespace iskra::sim::app
