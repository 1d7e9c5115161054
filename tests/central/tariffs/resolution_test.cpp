// Which assignment prices a station's customer, and which version is in force: the pure rules,
// without a database.
#include "iskra/central/tariffs/resolution.hpp"

#include <gtest/gtest.h>

namespace iskra::central::tariffs {
namespace {

using tariff::CustomerKind;

Assignment place(std::string tariff, Scope scope, std::string target = {},
                 std::optional<CustomerKind> kind = std::nullopt) {
    return Assignment{"a-" + tariff, std::move(tariff), scope, std::move(target), kind};
}

// All six levels, listed least specific first so order in the list cannot be what decides.
std::vector<Assignment> every_level() {
    return {place("default", Scope::kDefault),
            place("default-fleet", Scope::kDefault, {}, CustomerKind::kFleet),
            place("fast", Scope::kCategory, "fast"),
            place("fast-subscriber", Scope::kCategory, "fast", CustomerKind::kSubscriber),
            place("st1", Scope::kStation, "ST-1"),
            place("st1-adhoc", Scope::kStation, "ST-1", CustomerKind::kAdHoc)};
}

// The winning tariff's id; "" when none applies.
std::string tariff_of(const std::vector<Assignment>& all, const StationRef& station,
                      CustomerKind kind) {
    const Assignment* a = resolve(all, station, kind);
    return a ? a->tariff_id : std::string();
}

TEST(Resolve, MostSpecificFirst) {
    const auto all = every_level();
    const StationRef st1{"ST-1", "fast"};
    const StationRef st2{"ST-2", "fast"};
    const StationRef st3{"ST-3", std::nullopt};
    EXPECT_EQ(tariff_of(all, st1, CustomerKind::kAdHoc), "st1-adhoc");  // station + kind
    EXPECT_EQ(tariff_of(all, st1, CustomerKind::kSubscriber), "st1");   // station
    EXPECT_EQ(tariff_of(all, st2, CustomerKind::kSubscriber),
              "fast-subscriber");                                           // category + kind
    EXPECT_EQ(tariff_of(all, st2, CustomerKind::kAdHoc), "fast");           // category
    EXPECT_EQ(tariff_of(all, st3, CustomerKind::kFleet), "default-fleet");  // default + kind
    EXPECT_EQ(tariff_of(all, st3, CustomerKind::kAdHoc), "default");        // default
}

TEST(Resolve, EachLevelFallsThroughToTheNext) {
    auto all = every_level();
    const StationRef st1{"ST-1", "fast"};
    const char* expected[] = {"st1", "fast-subscriber", "fast", "default-fleet", "default"};
    // Take each level's assignment away in turn (asking as the kind it is for): the next answers.
    std::erase_if(all, [](const Assignment& a) { return a.tariff_id == "st1-adhoc"; });
    for (const char* next : expected) {
        const CustomerKind kind = std::string(next) == "fast-subscriber" ? CustomerKind::kSubscriber
                                  : std::string(next) == "default-fleet" ? CustomerKind::kFleet
                                                                         : CustomerKind::kAdHoc;
        EXPECT_EQ(tariff_of(all, st1, kind), next);
        std::erase_if(all, [&](const Assignment& a) { return a.tariff_id == next; });
    }
    EXPECT_EQ(tariff_of(all, st1, CustomerKind::kAdHoc), "");
}

TEST(Resolve, AnotherStationsOrCategorysAssignmentNeverApplies) {
    const std::vector<Assignment> all = {place("st9", Scope::kStation, "ST-9"),
                                         place("slow", Scope::kCategory, "slow")};
    EXPECT_EQ(tariff_of(all, {"ST-1", "fast"}, CustomerKind::kAdHoc), "");
    EXPECT_EQ(tariff_of(all, {"ST-1", std::nullopt}, CustomerKind::kAdHoc), "");
    EXPECT_EQ(tariff_of(all, {"ST-1", "slow"}, CustomerKind::kAdHoc), "slow");
}

TEST(Resolve, ANamedKindIsNotACatchAll) {
    const std::vector<Assignment> all = {
        place("fleet-only", Scope::kDefault, {}, CustomerKind::kFleet)};
    EXPECT_EQ(tariff_of(all, {"ST-1", std::nullopt}, CustomerKind::kAdHoc), "");
}

TEST(Versions, TheLatestThatHasStartedIsInForce) {
    const std::vector<VersionRef> versions = {{2, 2000}, {1, 1000}, {3, 3000}};
    EXPECT_EQ(version_in_force(versions, 999), std::nullopt);
    EXPECT_EQ(version_in_force(versions, 1000), (VersionRef{1, 1000}));  // valid_from inclusive
    EXPECT_EQ(version_in_force(versions, 2999), (VersionRef{2, 2000}));
    EXPECT_EQ(version_in_force(versions, 3000), (VersionRef{3, 3000}));
    EXPECT_EQ(next_version(versions, 999), (VersionRef{1, 1000}));
    EXPECT_EQ(next_version(versions, 2000), (VersionRef{3, 3000}));
    EXPECT_EQ(next_version(versions, 3000), std::nullopt);
    EXPECT_EQ(version_in_force({}, 0), std::nullopt);
}

TEST(Versions, ASessionIsPricedByItsStartNotItsEnd) {
    // Version 2 takes effect at 22:00 (here 2200); a session from 21:50 to 22:30 was shown
    // version 1 and keeps it.
    const std::vector<VersionRef> versions = {{1, 0}, {2, 2200}};
    EXPECT_EQ(version_in_force(versions, 2150)->version, 1);
    EXPECT_EQ(version_in_force(versions, 2230)->version, 2);
}

TEST(Names, RoundTripAndSlots) {
    for (const CustomerKind k :
         {CustomerKind::kAdHoc, CustomerKind::kSubscriber, CustomerKind::kFleet})
        EXPECT_EQ(parse_customer_kind(customer_kind_name(k)), k);
    for (const Scope s : {Scope::kStation, Scope::kCategory, Scope::kDefault})
        EXPECT_EQ(parse_scope(scope_name(s)), s);
    EXPECT_FALSE(parse_customer_kind("adhoc"));
    EXPECT_EQ(slot_of(Scope::kStation, "ST-1", CustomerKind::kAdHoc), "station/ST-1/ad_hoc");
    EXPECT_EQ(slot_of(Scope::kDefault, "", std::nullopt), "default//any");
}

}  // namespace
}  // namespace iskra::central::tariffs
