// One program's configuration: documented keys with defaults, read from an INI file and then
// overridden by the environment (`section.key` → ISKRA_<PROGRAM>_SECTION_KEY), checked by type.
//
// A key outside any section (`data_dir`) maps to ISKRA_<PROGRAM>_DATA_DIR. Unknown keys and
// sections in the file are errors, so a typo never silently leaves a default in force. Loaded
// once at start on the main thread; a loaded Config is immutable and safe to share.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace iskra::config {

enum class KeyKind { String, Integer, Flag, Choice };

struct KeySpec {
    std::string name;  // "ocpp.port", or "data_dir" for a key outside any section
    KeyKind kind = KeyKind::String;
    std::string default_value;  // as it would be written in the file
    std::string doc;            // one line, printed in the generated default file
    std::int64_t min = 0;       // Integer bounds, inclusive
    std::int64_t max = 0;
    std::vector<std::string> choices;  // Choice values
};

// Declaring keys reads better through these than through positional aggregate members.
KeySpec text_key(std::string name, std::string default_value, std::string doc);
KeySpec integer_key(std::string name, std::int64_t default_value, std::int64_t min,
                    std::int64_t max, std::string doc);
KeySpec flag_key(std::string name, bool default_value, std::string doc);
KeySpec choice_key(std::string name, std::string default_value, std::vector<std::string> choices,
                   std::string doc);

struct ConfigError {
    std::string message;  // one line naming the file and line or the variable, and what is wrong
};

// Reads an environment variable; injected so tests need not touch the process environment.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;
Environment process_environment();

class Config {
public:
    // `program` is the short name used in variables: "gateway" → ISKRA_GATEWAY_...
    static tl::expected<Config, ConfigError> load(std::span<const KeySpec> keys,
                                                  std::string_view program,
                                                  const std::optional<std::string>& file,
                                                  const Environment& environment);
    // Parses INI text as if read from `origin` (a file name for messages).
    static tl::expected<Config, ConfigError> parse(std::span<const KeySpec> keys,
                                                   std::string_view program, std::string_view text,
                                                   std::string_view origin,
                                                   const Environment& environment);

    const std::string& text(std::string_view key) const;
    std::int64_t integer(std::string_view key) const;
    bool flag(std::string_view key) const;
    // Where a key's value came from: "default", "config.ini:12" or "ISKRA_GATEWAY_OCPP_PORT".
    const std::string& origin(std::string_view key) const;

private:
    struct Value {
        std::string text;
        std::string origin;
    };
    const Value& find(std::string_view key) const;
    std::map<std::string, Value, std::less<>> values_;
};

// ISKRA_<PROGRAM>_<SECTION>_<KEY>, upper case, dots and dashes as underscores.
std::string environment_name(std::string_view program, std::string_view key);

// The text of a config file holding every key at its default, each with its documentation.
std::string documented_defaults(std::span<const KeySpec> keys, std::string_view program);

}  // namespace iskra::config
