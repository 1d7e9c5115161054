// A small streaming JSON writer used by the generated message encoders.
//
// simdjson (our parser) has no writer and nlohmann's DOM costs an allocation per node, which the
// protocol core's throughput target (bench/RESULTS.md) cannot afford; this writer appends straight
// to one std::string. Not thread-safe; one writer per message.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace iskra::ocpp {

class JsonWriter {
public:
    void begin_object();
    void end_object();
    void begin_array();
    void end_array();

    // Writes `"name":`. The name must not need escaping (schema property names never do).
    void key(std::string_view name);

    void value(std::string_view text);  // escaped JSON string
    void value(const std::string& text) { value(std::string_view(text)); }
    void value(const char* text) { value(std::string_view(text)); }
    void value(std::int64_t number);
    void value(int number) { value(static_cast<std::int64_t>(number)); }
    void value(double number);  // shortest text that reads back to the same double
    void value(bool flag);
    void null();
    // Inserts already valid JSON text (a kept unknown member of an extensible object).
    void raw(std::string_view json);

    const std::string& str() const { return out_; }
    std::string take() { return std::move(out_); }
    void reserve(std::size_t bytes) { out_.reserve(bytes); }

private:
    void separate();

    std::string out_;
    bool need_comma_ = false;
};

// Appends `text` to `out` as a quoted, escaped JSON string.
void append_json_string(std::string& out, std::string_view text);

}  // namespace iskra::ocpp
