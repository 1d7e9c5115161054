// The module's rows: tariffs, their versions (decoded into iskra::tariff values), assignments
// and the station facts resolution needs. Every function takes the caller's session, so reads
// and writes compose inside one transaction. Private to central/tariffs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>

#include "db.hpp"
#include "iskra/central/http/json_body.hpp"
#include "iskra/central/tariffs/resolution.hpp"
#include "iskra/tariff/tariff.hpp"

namespace iskra::central::tariffs::detail {

struct TariffRow {
    std::string id;
    std::string name;
    std::string currency;
    std::int64_t created_at_ms = 0;
    std::int64_t updated_at_ms = 0;
};

struct VersionRow {
    std::int64_t version = 0;
    std::int64_t valid_from_ms = 0;
    std::int64_t created_at_ms = 0;
    std::optional<std::string> created_by;
    tariff::Tariff tariff;

    VersionRef ref() const { return {version, valid_from_ms}; }
};

struct AssignmentRow {
    Assignment assignment;
    std::int64_t created_at_ms = 0;
    std::int64_t updated_at_ms = 0;
};

std::optional<TariffRow> find_tariff(Poco::Data::Session& session, const std::string& id);
void insert_tariff(Poco::Data::Session& session, const TariffRow& row);

// Oldest valid_from first. A stored version that no longer parses is a server fault (throws).
std::vector<VersionRow> load_versions(Poco::Data::Session& session, const std::string& tariff_id);
std::vector<VersionRef> version_refs(const std::vector<VersionRow>& versions);
// Just the numbers and dates, without decoding the elements.
std::vector<VersionRef> load_version_refs(Poco::Data::Session& session,
                                          const std::string& tariff_id);
const VersionRow* find_version(const std::vector<VersionRow>& versions, std::int64_t version);

// Adds the tariff's next version number and touches the tariff's updated_at; returns the number.
std::int64_t insert_version(Poco::Data::Session& session, const std::string& tariff_id,
                            std::int64_t valid_from_ms, const tariff::Tariff& tariff,
                            const std::optional<std::string>& created_by, std::int64_t now_ms);

// Every assignment, or those matching `where` ("tariff_id = ?") with its values; oldest first,
// one page of them when `page` is given.
std::vector<AssignmentRow> load_assignments(Poco::Data::Session& session,
                                            const std::string& where = {},
                                            std::vector<Param> params = {},
                                            const std::optional<http::Page>& page = std::nullopt);
std::vector<Assignment> assignments_of(const std::vector<AssignmentRow>& rows);

// The assignments that can apply at `station`: its own, its category's and the defaults.
std::vector<Assignment> assignments_for_station(Poco::Data::Session& session,
                                                const StationRef& station);

std::optional<StationRef> find_station(Poco::Data::Session& session, const std::string& id);

}  // namespace iskra::central::tariffs::detail
