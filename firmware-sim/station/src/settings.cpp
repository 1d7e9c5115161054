#include "iskra/sim/station/settings.hpp"

#include <algorithm>

namespace iskra::sim {
namespace {

bool measured(session::Measurand m) {
    using session::Measurand;
    return m == Measurand::EnergyActiveImportRegister || m == Measurand::PowerActiveImport ||
           m == Measurand::CurrentImport || m == Measurand::Voltage || m == Measurand::SoC;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    return text;
}

}  // namespace

std::optional<MeasurandList> parse_measurands(std::string_view csv) {
    MeasurandList out;
    if (trim(csv).empty()) return out;
    while (true) {
        const auto comma = csv.find(',');
        const auto name = trim(csv.substr(0, comma));
        const auto m = session::parse_measurand(name);
        if (!m || !measured(*m)) return std::nullopt;
        if (!contains(out, *m)) out.push_back(*m);
        if (comma == std::string_view::npos) break;
        csv.remove_prefix(comma + 1);
    }
    return out;
}

std::string format_measurands(const MeasurandList& list) {
    std::string out;
    for (const auto m : list) {
        if (!out.empty()) out += ',';
        out += session::to_string(m);
    }
    return out;
}

bool contains(const MeasurandList& list, session::Measurand m) {
    return std::find(list.begin(), list.end(), m) != list.end();
}

}  // namespace iskra::sim
