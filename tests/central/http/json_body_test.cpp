#include <gtest/gtest.h>

#include "iskra/central/http/api_error.hpp"
#include "iskra/central/http/json_body.hpp"

namespace iskra::central::http {
namespace {

using nlohmann::json;

Request json_request(std::string body) {
    Request r;
    r.method = "POST";
    r.path = "/x";
    r.headers["content-type"] = "application/json; charset=utf-8";
    r.body = std::move(body);
    return r;
}

template <typename F>
ApiError error_of(F&& f) {
    try {
        f();
    } catch (const ApiError& e) {
        return e;
    }
    ADD_FAILURE() << "no ApiError thrown";
    return {};
}

TEST(JsonBody, RefusesWhatIsNotAJsonObject) {
    EXPECT_EQ(error_of([] { json_object_body(json_request("{\"a\":")); }).code, "invalid_json");
    EXPECT_EQ(error_of([] { json_object_body(json_request("[1,2]")); }).code, "invalid_json");
    EXPECT_EQ(error_of([] { json_object_body(json_request("\"\xff\"")); }).code, "invalid_json");
    Request plain = json_request("{}");
    plain.headers["content-type"] = "text/plain";
    EXPECT_EQ(error_of([&] { json_object_body(plain); }).status, 415);
    EXPECT_TRUE(json_object_body(json_request("{\"a\":1}")).is_object());
}

TEST(JsonBody, FieldErrorsNameTheField) {
    const json body =
        json::parse(R"({"name": 7, "count": "3", "big": 99, "flag": 1, "empty": ""})");
    auto e = error_of([&] { required_string(body, "name"); });
    EXPECT_EQ(e.field, "name");
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(error_of([&] { required_string(body, "missing"); }).field, "missing");
    EXPECT_EQ(error_of([&] { required_string(body, "empty"); }).field, "empty");
    EXPECT_EQ(error_of([&] { required_integer(body, "count", 0, 10); }).field, "count");
    EXPECT_EQ(error_of([&] { required_integer(body, "big", 0, 10); }).field, "big");
    EXPECT_EQ(error_of([&] { optional_bool(body, "flag"); }).field, "flag");
    EXPECT_EQ(error_of([&] { required_object(body, "name"); }).field, "name");
}

TEST(JsonBody, ReadsValidFieldsAndTreatsNullAsAbsent) {
    const json body = json::parse(R"({"name": "Hala", "count": 3, "none": null, "flag": true})");
    EXPECT_EQ(required_string(body, "name"), "Hala");
    EXPECT_EQ(required_integer(body, "count", 0, 10), 3);
    EXPECT_FALSE(optional_integer(body, "none", 0, 10));
    EXPECT_FALSE(optional_string(body, "absent"));
    EXPECT_EQ(optional_bool(body, "flag"), true);
}

TEST(JsonBody, StringLengthIsBounded) {
    const json body{{"name", std::string(300, 'x')}};
    EXPECT_EQ(error_of([&] { required_string(body, "name"); }).field, "name");
    EXPECT_EQ(required_string(body, "name", 300).size(), 300u);
}

TEST(JsonBody, PagingHasBoundsAndNamesTheParameter) {
    Request r;
    EXPECT_EQ(page_of(r).limit, 50);
    r.query["limit"] = "0";
    EXPECT_EQ(error_of([&] { page_of(r); }).field, "limit");
    r.query["limit"] = "10x";
    EXPECT_EQ(error_of([&] { page_of(r); }).field, "limit");
    r.query["limit"] = "10";
    r.query["offset"] = "-1";
    EXPECT_EQ(error_of([&] { page_of(r); }).field, "offset");
    r.query["offset"] = "20";
    const Page page = page_of(r);
    EXPECT_EQ(page.limit, 10);
    EXPECT_EQ(page.offset, 20);
    EXPECT_EQ(page_body(json::array(), page, 7)["total"], 7);
}

}  // namespace
}  // namespace iskra::central::http
