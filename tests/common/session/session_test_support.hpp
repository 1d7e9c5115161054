// Helpers for the session tests: the committed fixtures under tests/data/session parsed into
// typed messages, UTC instants, and checks that walk every value of an enum.
#pragma once

#include <chrono>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "iskra/ocpp/codec.hpp"
#include "iskra/session/timestamp.hpp"
#include "support/schema_examples.hpp"

namespace iskra::session::test {

// Parses tests/data/session/<relative> as a Message; a fixture that does not parse is a broken
// test, reported through the exception GoogleTest catches.
template <class Message>
Message load_message(const std::string& relative) {
    const std::string text =
        iskra::test::read_file(std::string(ISKRA_TEST_DATA_DIR) + "/session/" + relative);
    auto parsed = ocpp::parse_payload<Message>(text);
    if (!parsed) throw std::runtime_error(relative + ": " + parsed.error().describe());
    return *parsed;
}

inline Timestamp utc(int y, unsigned mo, unsigned d, int h, int mi, int s, int ms = 0) {
    using namespace std::chrono;
    return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s} +
           milliseconds{ms};
}

// Every value of an enum whose to_string (found by argument-dependent lookup) names each value
// and returns "" past the last: both the generated OCPP enums and the neutral ones do.
template <class Enum>
std::vector<Enum> all_values() {
    std::vector<Enum> values;
    for (int i = 0; i < 1000; ++i) {
        const auto value = static_cast<Enum>(i);
        if (to_string(value).empty()) break;
        values.push_back(value);
    }
    return values;
}

// Checks a neutral enum against one OCPP version's enum, value by value in both directions:
// every version value maps to the neutral value of the same name and back to itself; every
// neutral value maps to the version value of the same name or, if the version has none, to the
// one `approximations` names (neutral name → version name), and to nothing else.
template <class Neutral, class Version, class ToNeutral, class ToVersion>
void expect_mapped_both_ways(ToNeutral to_neutral, ToVersion to_version,
                             const std::map<std::string, std::string>& approximations) {
    std::map<std::string, Version> version_named;
    for (const auto version : all_values<Version>()) {
        const std::string name(to_string(version));
        version_named.emplace(name, version);
        const Neutral neutral = to_neutral(version);
        EXPECT_EQ(to_string(neutral), name) << "version value " << name;
        EXPECT_EQ(to_version(neutral), version) << "version value " << name << " round trip";
    }
    ASSERT_FALSE(version_named.empty());
    for (const auto neutral : all_values<Neutral>()) {
        const std::string name(to_string(neutral));
        const auto same = version_named.find(name);
        const auto approximate = approximations.find(name);
        if (same != version_named.end()) {
            EXPECT_EQ(approximate, approximations.end())
                << name << " exists in the version; it needs no approximation";
            EXPECT_EQ(to_version(neutral), same->second) << "neutral value " << name;
        } else {
            ASSERT_NE(approximate, approximations.end()) << "no expectation for neutral " << name;
            EXPECT_EQ(to_string(to_version(neutral)), approximate->second)
                << "neutral value " << name;
        }
    }
}

}  // namespace iskra::session::test
