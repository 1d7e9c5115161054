#include "iskra/config/config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace iskra::config {
namespace {

std::string_view trim(std::string_view text) {
    const auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!text.empty() && is_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_space(text.back()))
        text.remove_suffix(1);
    return text;
}

const KeySpec* find_spec(std::span<const KeySpec> keys, std::string_view name) {
    const auto it = std::find_if(keys.begin(), keys.end(),
                                 [&](const KeySpec& spec) { return spec.name == name; });
    return it == keys.end() ? nullptr : &*it;
}

bool section_exists(std::span<const KeySpec> keys, std::string_view section) {
    return std::any_of(keys.begin(), keys.end(), [&](const KeySpec& spec) {
        return spec.name.size() > section.size() && spec.name.starts_with(section) &&
               spec.name[section.size()] == '.';
    });
}

// Checks `value` against the key's kind; the error says what a valid value looks like.
std::optional<std::string> check_value(const KeySpec& spec, std::string_view value) {
    switch (spec.kind) {
        case KeyKind::String:
            return std::nullopt;
        case KeyKind::Integer: {
            std::int64_t number = 0;
            const auto* end = value.data() + value.size();
            const auto result = std::from_chars(value.data(), end, number);
            if (value.empty() || result.ec != std::errc() || result.ptr != end ||
                number < spec.min || number > spec.max) {
                return spec.name + " must be an integer from " + std::to_string(spec.min) + " to " +
                       std::to_string(spec.max) + ", not '" + std::string(value) + "'";
            }
            return std::nullopt;
        }
        case KeyKind::Flag:
            if (value == "0" || value == "1" || value == "true" || value == "false" ||
                value == "yes" || value == "no") {
                return std::nullopt;
            }
            return spec.name + " must be 1 or 0 (true/false, yes/no), not '" + std::string(value) +
                   "'";
        case KeyKind::Choice:
            if (std::find(spec.choices.begin(), spec.choices.end(), value) != spec.choices.end()) {
                return std::nullopt;
            }
            std::string allowed;
            for (const auto& choice : spec.choices) {
                allowed += (allowed.empty() ? "" : ", ") + choice;
            }
            return spec.name + " must be one of " + allowed + ", not '" + std::string(value) + "'";
    }
    return std::nullopt;
}

std::string unquote(std::string_view value) {
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
    }
    return std::string(value);
}

}  // namespace

KeySpec text_key(std::string name, std::string default_value, std::string doc) {
    KeySpec spec;
    spec.name = std::move(name);
    spec.default_value = std::move(default_value);
    spec.doc = std::move(doc);
    return spec;
}

KeySpec integer_key(std::string name, std::int64_t default_value, std::int64_t min,
                    std::int64_t max, std::string doc) {
    KeySpec spec = text_key(std::move(name), std::to_string(default_value), std::move(doc));
    spec.kind = KeyKind::Integer;
    spec.min = min;
    spec.max = max;
    return spec;
}

KeySpec flag_key(std::string name, bool default_value, std::string doc) {
    KeySpec spec = text_key(std::move(name), default_value ? "1" : "0", std::move(doc));
    spec.kind = KeyKind::Flag;
    return spec;
}

KeySpec choice_key(std::string name, std::string default_value, std::vector<std::string> choices,
                   std::string doc) {
    KeySpec spec = text_key(std::move(name), std::move(default_value), std::move(doc));
    spec.kind = KeyKind::Choice;
    spec.choices = std::move(choices);
    return spec;
}

Environment process_environment() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        if (value == nullptr) return std::nullopt;
        return std::string(value);
    };
}

std::string environment_name(std::string_view program, std::string_view key) {
    std::string name = "ISKRA_";
    for (const std::string_view part : {program, std::string_view("_"), key}) {
        for (const char c : part) {
            name.push_back(c == '.' || c == '-'
                               ? '_'
                               : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        }
    }
    return name;
}

tl::expected<Config, ConfigError> Config::parse(std::span<const KeySpec> keys,
                                                std::string_view program, std::string_view text,
                                                std::string_view origin,
                                                const Environment& environment) {
    Config config;
    for (const auto& spec : keys)
        config.values_[spec.name] = Value{spec.default_value, "default"};

    std::string section;
    std::size_t line_number = 0;
    std::istringstream lines{std::string(text)};
    for (std::string raw; std::getline(lines, raw);) {
        ++line_number;
        const std::string where = std::string(origin) + ":" + std::to_string(line_number);
        const std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#' || line.front() == ';') continue;
        if (line.front() == '[') {
            if (line.back() != ']') {
                return tl::unexpected(ConfigError{where + ": a section header must end with ']'"});
            }
            section = std::string(trim(line.substr(1, line.size() - 2)));
            if (!section_exists(keys, section)) {
                return tl::unexpected(ConfigError{where + ": unknown section [" + section + "]"});
            }
            continue;
        }
        const auto equals = line.find('=');
        if (equals == std::string_view::npos) {
            return tl::unexpected(
                ConfigError{where + ": expected 'key = value', got '" + std::string(line) + "'"});
        }
        const std::string key = std::string(trim(line.substr(0, equals)));
        const std::string name = section.empty() ? key : section + "." + key;
        const KeySpec* spec = find_spec(keys, name);
        if (spec == nullptr) {
            return tl::unexpected(ConfigError{where + ": unknown key '" + name + "'"});
        }
        const std::string value = unquote(trim(line.substr(equals + 1)));
        if (auto problem = check_value(*spec, value)) {
            return tl::unexpected(ConfigError{where + ": " + *problem});
        }
        config.values_[name] = Value{value, where};
    }

    for (const auto& spec : keys) {
        const std::string variable = environment_name(program, spec.name);
        if (auto value = environment(variable)) {
            if (auto problem = check_value(spec, *value)) {
                return tl::unexpected(ConfigError{variable + ": " + *problem});
            }
            config.values_[spec.name] = Value{*value, variable};
        }
    }
    return config;
}

tl::expected<Config, ConfigError> Config::load(std::span<const KeySpec> keys,
                                               std::string_view program,
                                               const std::optional<std::string>& file,
                                               const Environment& environment) {
    if (!file) return parse(keys, program, "", "defaults", environment);
    std::ifstream in(*file);
    if (!in) return tl::unexpected(ConfigError{*file + ": cannot be read"});
    std::ostringstream text;
    text << in.rdbuf();
    return parse(keys, program, text.str(), *file, environment);
}

const Config::Value& Config::find(std::string_view key) const {
    const auto it = values_.find(key);
    // Asking for a key no KeySpec declares is a programming error, not a configuration one.
    if (it == values_.end()) throw std::logic_error("undeclared config key " + std::string(key));
    return it->second;
}

const std::string& Config::text(std::string_view key) const {
    return find(key).text;
}

std::int64_t Config::integer(std::string_view key) const {
    const std::string& value = find(key).text;
    std::int64_t number = 0;
    std::from_chars(value.data(), value.data() + value.size(), number);
    return number;
}

bool Config::flag(std::string_view key) const {
    const std::string& value = find(key).text;
    return value == "1" || value == "true" || value == "yes";
}

const std::string& Config::origin(std::string_view key) const {
    return find(key).origin;
}

std::string documented_defaults(std::span<const KeySpec> keys, std::string_view program) {
    std::string out;
    std::string section;
    // Root keys first: an INI key after a [section] header would belong to that section.
    std::vector<const KeySpec*> ordered;
    for (const auto& spec : keys) {
        if (spec.name.find('.') == std::string::npos) ordered.push_back(&spec);
    }
    for (const auto& spec : keys) {
        if (spec.name.find('.') != std::string::npos) ordered.push_back(&spec);
    }
    for (const KeySpec* spec : ordered) {
        const auto dot = spec->name.find('.');
        const std::string key_section = dot == std::string::npos ? "" : spec->name.substr(0, dot);
        const std::string key = dot == std::string::npos ? spec->name : spec->name.substr(dot + 1);
        if (key_section != section) {
            out += "\n[" + key_section + "]\n";
            section = key_section;
        }
        out += "# " + spec->doc + " (environment: " + environment_name(program, spec->name) + ")\n";
        out += key + " = " + spec->default_value + "\n";
    }
    return out;
}

}  // namespace iskra::config
