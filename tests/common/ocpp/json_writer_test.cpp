// JSON text the peer's parser reads back exactly.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "iskra/ocpp/json_writer.hpp"

namespace iskra::ocpp {
namespace {

TEST(JsonWriter, EscapesWhatJsonRequires) {
    JsonWriter w;
    w.value(std::string_view("quote\" backslash\\ nl\n tab\t bell\x07 ł"));
    EXPECT_EQ(w.str(), R"("quote\" backslash\\ nl\n tab\t bell\u0007 ł")");
    EXPECT_EQ(nlohmann::json::parse(w.str()).get<std::string>(),
              "quote\" backslash\\ nl\n tab\t bell\x07 ł");
}

TEST(JsonWriter, NestsWithCommasInTheRightPlaces) {
    JsonWriter w;
    w.begin_object();
    w.key("a");
    w.begin_array();
    w.value(std::int64_t{1});
    w.begin_object();
    w.end_object();
    w.null();
    w.end_array();
    w.key("b");
    w.value(true);
    w.key("c");
    w.raw(R"({"x":[]})");
    w.end_object();
    EXPECT_EQ(w.str(), R"({"a":[1,{},null],"b":true,"c":{"x":[]}})");
}

TEST(JsonWriter, DoublesReadBackBitForBit) {
    for (const double value : {0.1, 16.1, 230.5, 1e-7, 123456789.123, -0.0, 1e21}) {
        JsonWriter w;
        w.value(value);
        EXPECT_EQ(nlohmann::json::parse(w.str()).get<double>(), value) << w.str();
    }
}

TEST(JsonWriter, LargestIntegers) {
    JsonWriter w;
    w.begin_array();
    w.value(std::int64_t{INT64_MIN});
    w.value(std::int64_t{INT64_MAX});
    w.end_array();
    EXPECT_EQ(w.str(), "[-9223372036854775808,9223372036854775807]");
}

}  // namespace
}  // namespace iskra::ocpp
