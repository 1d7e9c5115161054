#include "iskra/ocpp/json_writer.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace iskra::ocpp {

void append_json_string(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    std::size_t clean_from = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text, clean_from, i - clean_from);
        clean_from = i + 1;
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                out += "\\u00";
                out.push_back(kHex[c >> 4]);
                out.push_back(kHex[c & 0xF]);
        }
    }
    out.append(text, clean_from, text.size() - clean_from);
    out.push_back('"');
}

void JsonWriter::separate() {
    if (need_comma_) out_.push_back(',');
    need_comma_ = true;
}

void JsonWriter::begin_object() {
    separate();
    out_.push_back('{');
    need_comma_ = false;
}

void JsonWriter::end_object() {
    out_.push_back('}');
    need_comma_ = true;
}

void JsonWriter::begin_array() {
    separate();
    out_.push_back('[');
    need_comma_ = false;
}

void JsonWriter::end_array() {
    out_.push_back(']');
    need_comma_ = true;
}

void JsonWriter::key(std::string_view name) {
    separate();
    out_.push_back('"');
    out_.append(name);
    out_ += "\":";
    need_comma_ = false;
}

void JsonWriter::value(std::string_view text) {
    separate();
    append_json_string(out_, text);
}

void JsonWriter::value(std::int64_t number) {
    separate();
    std::array<char, 24> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number);
    out_.append(buffer.data(), result.ptr);
}

void JsonWriter::value(double number) {
    separate();
    // JSON has no NaN or infinity; a decoded payload can never hold one, so this only guards
    // values computed by our own code.
    if (!std::isfinite(number)) {
        out_ += "null";
        return;
    }
    std::array<char, 32> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number);
    out_.append(buffer.data(), result.ptr);
}

void JsonWriter::value(bool flag) {
    separate();
    out_ += flag ? "true" : "false";
}

void JsonWriter::null() {
    separate();
    out_ += "null";
}

void JsonWriter::raw(std::string_view json) {
    separate();
    out_.append(json);
}

}  // namespace iskra::ocpp
