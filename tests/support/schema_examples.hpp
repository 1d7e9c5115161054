// Test support: the committed example payloads (tests/data/ocpp/examples) and the official
// schemas they were made from, loaded for the message tests.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "iskra/ocpp/version.hpp"

namespace iskra::test {

struct MessageExample {
    ocpp::Version version;
    std::string action;     // "BootNotification"
    bool is_request;        // Request or Response
    std::string variant;    // "full" or "minimal"
    std::string text;       // the example JSON as committed
    nlohmann::json schema;  // the official schema of that message
};

std::string version_folder(ocpp::Version version);
// Every example of `version`, sorted by file name.
std::vector<MessageExample> load_examples(ocpp::Version version);
std::string read_file(const std::string& path);

}  // namespace iskra::test
