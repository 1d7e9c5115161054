#include "iskra/ocpp/codec.hpp"

namespace iskra::ocpp {

simdjson::simdjson_result<simdjson::dom::element> parse_json_for_decode(std::string_view json) {
    // One parser per thread: simdjson reuses its buffers, and the element returned stays valid
    // until this thread's next call, which is all a decode needs.
    thread_local simdjson::dom::parser parser;
    return parser.parse(json.data(), json.size());
}

}  // namespace iskra::ocpp
