#include <set>
#include <string>

#include <gtest/gtest.h>

#include "iskra/sync/event_decode.hpp"
#include "iskra/sync/event_json.hpp"
#include "sync_test_support.hpp"

namespace iskra::sync {
namespace {

TEST(EventRoundTrip, EveryEventTypeSurvivesEncodeAndDecode) {
    std::set<std::string> types;
    for (const auto& event : test::every_event()) {
        const std::string type(event_type(event.body));
        types.insert(type);
        const std::string text = dump(to_json(event));
        auto decoded = decode_event(type, std::string_view(text));
        ASSERT_TRUE(decoded) << type << ": " << decoded.error().describe();
        EXPECT_EQ(*decoded, event) << type << " came back different from " << text;
    }
    EXPECT_EQ(types.size(), std::variant_size_v<EventBody>);
}

TEST(EventRoundTrip, MinimalEventsLeaveOptionalFieldsOut) {
    session::SessionEnded ended;
    ended.station_id = "ST-2";
    ended.transaction = std::int64_t{3};
    ended.ended_at = test::utc(12, 0, 0);
    const nlohmann::json payload = to_json(ended);
    EXPECT_FALSE(payload.contains("token"));
    EXPECT_FALSE(payload.contains("meter_stop_wh"));
    auto decoded = decode_event("SessionEnded", payload);
    ASSERT_TRUE(decoded) << decoded.error().describe();
    EXPECT_EQ(std::get<session::SessionEnded>(decoded->body), ended);
    EXPECT_FALSE(decoded->session_uuid);
    EXPECT_FALSE(decoded->closed_by);
}

// The store writes these bytes; central and old outbox rows depend on them never changing.
TEST(EventRoundTrip, OutboxPayloadBytesAreStable) {
    session::AuthorizationRequested requested{"ST-1", {"04A2", session::TokenType::ISO14443}};
    EXPECT_EQ(outbox_payload(requested, std::nullopt),
              R"({"station_id":"ST-1","token":{"id":"04A2","type":"ISO14443"}})");

    session::SessionEnded ended;
    ended.station_id = "ST-1";
    ended.transaction = std::int64_t{17};
    ended.meter_stop_wh = 2500;
    ended.ended_at = test::utc(11, 0, 0);
    ended.reason = session::StopReason::Local;
    EXPECT_EQ(outbox_payload(ended, std::string_view("u-1")),
              R"({"ended_at":"2026-11-28T11:00:00.000Z","meter_stop_wh":2500,"reason":"Local",)"
              R"("samples":[],"session_uuid":"u-1","station_id":"ST-1","transaction":17})");
}

TEST(EventRoundTrip, BytesThatAreNotUtf8AreReplacedNotFatal) {
    session::SecurityEventReported event{"ST-\xff", "Odd", test::utc(9, 0, 0), std::nullopt};
    const std::string text = outbox_payload(event, std::nullopt);
    EXPECT_NE(text.find("ST-\xEF\xBF\xBD"), std::string::npos) << text;
}

}  // namespace
}  // namespace iskra::sync
