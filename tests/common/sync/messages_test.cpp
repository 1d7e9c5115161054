#include <string>

#include <gtest/gtest.h>

#include "iskra/sync/downlink_messages.hpp"
#include "iskra/sync/uplink_messages.hpp"
#include "sync_test_support.hpp"

namespace iskra::sync {
namespace {

using nlohmann::json;
using test::utc;

// Encodes, prints, parses and decodes: what crosses the wire between the two programs.
template <typename T, typename Decode>
void expect_round_trip(const T& value, Decode decode) {
    auto reparsed = parse_json(dump(to_json(value)));
    ASSERT_TRUE(reparsed);
    auto decoded = decode(*reparsed);
    ASSERT_TRUE(decoded) << decoded.error().describe();
    EXPECT_EQ(*decoded, value) << reparsed->dump();
}

TEST(Messages, EveryBodyRoundTrips) {
    const session::Token token{"04A2", session::TokenType::ISO14443};
    EventsBatch batch{{BatchEvent{41, "SessionFlagged", utc(10, 0, 0), json{{"kind", "x"}}},
                       BatchEvent{42, "Whatever", utc(10, 0, 1), json::object()}}};
    expect_round_trip(batch, decode_events_batch);
    batch.epoch = "3f9c1e0a7b2d4c6e8f1a2b3c4d5e6f70";
    expect_round_trip(batch, decode_events_batch);
    expect_round_trip(Acknowledged{42}, decode_acknowledged);
    expect_round_trip(EnrolRequest{"K7QF-2MXD", "site-gw", "0.3.0"}, decode_enrol_request);
    expect_round_trip(EnrolAnswer{"gw-uuid", "c2VjcmV0", "site-1"}, decode_enrol_answer);
    expect_round_trip(AuthorizeRequest{"ST-1", token}, decode_authorize_request);
    expect_round_trip(AuthorizeAnswer{session::AuthorizationStatus::Blocked, utc(12, 0, 0),
                                      session::Token{"G", session::TokenType::Central}},
                      decode_authorize_answer);
    expect_round_trip(ErrorBody{"gateway_unauthorized", "no", std::nullopt}, decode_error_body);
    expect_round_trip(CommandsAnswer{{CentralCommand{7, "c-uuid", "ST-1", "Reset",
                                                     json{{"type", "Soft"}}, utc(9, 0, 0)}},
                                     12,
                                     3},
                      decode_commands_answer);
    expect_round_trip(LocalListDelta{12,
                                     false,
                                     {LocalListEntry{token, session::AuthorizationStatus::Accepted,
                                                     utc(23, 0, 0), std::nullopt}},
                                     {session::Token{"OLD", session::TokenType::IdTag}}},
                      decode_local_list_delta);
    expect_round_trip(StationsDelta{3,
                                    true,
                                    {StationEntry{"ST-1", true, "$argon2id$x", 2},
                                     StationEntry{"ST-2", false, std::nullopt, std::nullopt}},
                                    {"ST-9"}},
                      decode_stations_delta);
}

TEST(Messages, BatchWithoutEventsArrayNamesIt) {
    auto decoded = decode_events_batch(json{{"evts", json::array()}});
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().field, "events");
    decoded = decode_events_batch(json::array());
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().field, "");
}

TEST(Messages, BatchSeqMustBeAnIncreasingInteger) {
    json body = to_json(EventsBatch{{BatchEvent{1, "A", utc(1, 0, 0), json::object()},
                                     BatchEvent{2, "B", utc(1, 0, 0), json::object()},
                                     BatchEvent{3, "C", utc(1, 0, 0), json::object()}}});
    body["events"][2]["seq"] = 2;
    auto decoded = decode_events_batch(body);
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().field, "events[2].seq");

    body["events"][1]["seq"] = "2";
    decoded = decode_events_batch(body);
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().field, "events[1].seq");
}

TEST(Messages, BatchEpochIsOptionalButAString) {
    json body = to_json(EventsBatch{{BatchEvent{1, "A", utc(1, 0, 0), json::object()}}});
    EXPECT_FALSE(body.contains("epoch")) << "a batch without an epoch is a pre-epoch gateway's";
    auto decoded = decode_events_batch(body);
    ASSERT_TRUE(decoded);
    EXPECT_FALSE(decoded->epoch);
    body["epoch"] = 7;
    decoded = decode_events_batch(body);
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().field, "epoch");
}

// A payload central cannot read is its business (kept as rejected), not a reason to refuse the
// batch: the batch decoder does not look inside.
TEST(Messages, BatchAcceptsAnyPayload) {
    json body = to_json(EventsBatch{{BatchEvent{1, "Unknown", utc(1, 0, 0), json::object()}}});
    body["events"][0]["payload"] = "not an object";
    EXPECT_TRUE(decode_events_batch(body));
}

TEST(Messages, DeltaFieldsAreNamed) {
    json body = to_json(LocalListDelta{1, false, {}, {}});
    body["entries"] = json::array(
        {json{{"token", json{{"id", "A"}, {"type", "ISO14443"}}}, {"status", "Sort-of"}}});
    auto list = decode_local_list_delta(body);
    ASSERT_FALSE(list);
    EXPECT_EQ(list.error().field, "entries[0].status");

    json stations = json{{"version", 2}, {"stations", json::array({json{{"allowed", true}}})}};
    auto decoded = decode_stations_delta(stations);
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().field, "stations[0].station_id");

    auto commands = decode_commands_answer(json{{"commands", json::array({json{{"seq", 1}}})}});
    ASSERT_FALSE(commands);
    EXPECT_EQ(commands.error().field, "commands[0].command_id");
}

TEST(Messages, AuthorizeAnswerWithUnknownStatus) {
    auto decoded = decode_authorize_answer(json{{"status", "Maybe"}});
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().field, "status");
}

}  // namespace
}  // namespace iskra::sync
