// Parse + validate + convert throughput of the OCPP core for the two messages a busy site sends
// most: a 2.0.1 TransactionEvent with 10 sampled values and a 1.6 MeterValues with 10.
// Each iteration starts from the frame's text as it arrives off the WebSocket and ends with
// the typed struct a handler receives; the encode benchmarks go the other way.
#include <chrono>
#include <string>

#include <benchmark/benchmark.h>
#include <simdjson.h>

#include "iskra/ocpp/codec.hpp"
#include "iskra/ocpp/v16/messages/MeterValues.hpp"
#include "iskra/ocpp/v201/messages/TransactionEvent.hpp"
#include "iskra/rpc/rpc_endpoint.hpp"

namespace {

std::string sampled_values_v201() {
    std::string out;
    const char* measurands[] = {"Energy.Active.Import.Register", "Power.Active.Import",
                                "Current.Import", "Voltage", "SoC"};
    for (int i = 0; i < 10; ++i) {
        if (i != 0) out += ',';
        out += R"({"value":)" + std::to_string(1234.5 + i) + R"(,"context":"Sample.Periodic",)" +
               R"("measurand":")" + measurands[i % 5] + R"(","phase":"L)" +
               std::to_string(i % 3 + 1) + R"(","location":"Outlet"})";
    }
    return out;
}

std::string sampled_values_v16() {
    std::string out;
    const char* measurands[] = {"Energy.Active.Import.Register", "Power.Active.Import",
                                "Current.Import", "Voltage", "SoC"};
    const char* units[] = {"Wh", "W", "A", "V", "Percent"};
    for (int i = 0; i < 10; ++i) {
        if (i != 0) out += ',';
        out += R"({"value":")" + std::to_string(1234 + i) + R"(","context":"Sample.Periodic",)" +
               R"("format":"Raw","measurand":")" + measurands[i % 5] + R"(","phase":"L)" +
               std::to_string(i % 3 + 1) + R"(","location":"Outlet","unit":")" + units[i % 5] +
               R"("})";
    }
    return out;
}

const std::string kTransactionEvent =
    R"([2,"5f0b9d9e-7c1c-4c1e-9a55-3f0d0d7a1c11","TransactionEvent",{"eventType":"Updated",)"
    R"("timestamp":"2026-11-28T12:00:00.000Z","triggerReason":"MeterValuePeriodic","seqNo":12,)"
    R"("transactionInfo":{"transactionId":"f8c0a3b2-1111-4c2e-9d0a-0123456789ab",)"
    R"("chargingState":"Charging"},"evse":{"id":1,"connectorId":1},"meterValue":[{)"
    R"("timestamp":"2026-11-28T12:00:00.000Z","sampledValue":[)" +
    sampled_values_v201() + "]}]}]";

const std::string kMeterValues =
    R"([2,"8812","MeterValues",{"connectorId":1,"transactionId":1729,"meterValue":[{)"
    R"("timestamp":"2026-11-28T12:00:00.000Z","sampledValue":[)" +
    sampled_values_v16() + "]}]}]";

// Frame text → simdjson DOM → payload element → validated typed struct.
template <class Message>
void parse_validate_convert(benchmark::State& state, const std::string& frame) {
    simdjson::dom::parser parser;
    simdjson::padded_string padded(frame);
    for (auto _ : state) {
        simdjson::dom::array fields = parser.parse(padded).get_array().value();
        auto decoded = iskra::ocpp::decode_payload<Message>(fields.at(3).value());
        if (!decoded) state.SkipWithError(decoded.error().describe().c_str());
        benchmark::DoNotOptimize(decoded);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(frame.size()));
}

template <class Message>
void encode(benchmark::State& state, const std::string& frame) {
    simdjson::dom::parser parser;
    simdjson::dom::array fields = parser.parse(frame).get_array().value();
    const Message message = iskra::ocpp::decode_payload<Message>(fields.at(3).value()).value();
    for (auto _ : state) {
        std::string json = iskra::ocpp::encode_payload(message);
        benchmark::DoNotOptimize(json);
    }
    state.SetItemsProcessed(state.iterations());
}

// The whole receive path of a gateway connection: frame parse, schema check while decoding,
// dispatch to a typed handler, and the CALLRESULT encoded and handed to the transport.
template <class Request>
void endpoint_round_trip(benchmark::State& state, iskra::ocpp::Version version,
                         const std::string& frame) {
    std::size_t sent = 0;
    iskra::rpc::RpcEndpoint endpoint(version, iskra::ocpp::Initiator::Csms,
                                     [&sent](std::string answer) { sent += answer.size(); });
    endpoint.router().on<Request>(
        [](const Request&, iskra::rpc::Reply<typename Request::Response> reply) {
            reply.ok(typename Request::Response{});
        });
    const auto now = std::chrono::steady_clock::now();
    for (auto _ : state) {
        endpoint.on_text(frame, now);
    }
    if (endpoint.stats().calls_rejected != 0) state.SkipWithError("a call was rejected");
    benchmark::DoNotOptimize(sent);
    state.SetItemsProcessed(state.iterations());
}

void BM_V201_TransactionEvent_Endpoint(benchmark::State& state) {
    endpoint_round_trip<iskra::ocpp::v201::TransactionEventRequest>(
        state, iskra::ocpp::Version::v201, kTransactionEvent);
}
void BM_V16_MeterValues_Endpoint(benchmark::State& state) {
    endpoint_round_trip<iskra::ocpp::v16::MeterValuesRequest>(state, iskra::ocpp::Version::v16,
                                                              kMeterValues);
}

void BM_V201_TransactionEvent_ParseValidateConvert(benchmark::State& state) {
    parse_validate_convert<iskra::ocpp::v201::TransactionEventRequest>(state, kTransactionEvent);
}
void BM_V16_MeterValues_ParseValidateConvert(benchmark::State& state) {
    parse_validate_convert<iskra::ocpp::v16::MeterValuesRequest>(state, kMeterValues);
}
void BM_V201_TransactionEvent_Encode(benchmark::State& state) {
    encode<iskra::ocpp::v201::TransactionEventRequest>(state, kTransactionEvent);
}
void BM_V16_MeterValues_Encode(benchmark::State& state) {
    encode<iskra::ocpp::v16::MeterValuesRequest>(state, kMeterValues);
}

BENCHMARK(BM_V201_TransactionEvent_ParseValidateConvert);
BENCHMARK(BM_V16_MeterValues_ParseValidateConvert);
BENCHMARK(BM_V201_TransactionEvent_Endpoint);
BENCHMARK(BM_V16_MeterValues_Endpoint);
BENCHMARK(BM_V201_TransactionEvent_Encode);
BENCHMARK(BM_V16_MeterValues_Encode);

}  // namespace

BENCHMARK_MAIN();
