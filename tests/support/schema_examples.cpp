#include "support/schema_examples.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace iskra::test {

std::string version_folder(ocpp::Version version) {
    return version == ocpp::Version::v16 ? "v16" : "v201";
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::vector<MessageExample> load_examples(ocpp::Version version) {
    namespace fs = std::filesystem;
    const auto folder = version_folder(version);
    const fs::path examples = fs::path(ISKRA_TEST_DATA_DIR) / "ocpp" / "examples" / folder;
    const fs::path schemas = fs::path(ISKRA_SOURCE_DIR) / "common" / "ocpp" / "schemas" / folder;
    std::vector<MessageExample> out;
    for (const auto& entry : fs::directory_iterator(examples)) {
        // "<Action><Request|Response>.<variant>.json"
        const std::string name = entry.path().filename().string();
        const auto first_dot = name.find('.');
        const std::string message = name.substr(0, first_dot);
        const std::string variant = name.substr(first_dot + 1, name.rfind('.') - first_dot - 1);
        const bool is_request = message.ends_with("Request");
        const std::string action = message.substr(0, message.size() - (is_request ? 7 : 8));
        out.push_back({version, action, is_request, variant, read_file(entry.path().string()),
                       nlohmann::json::parse(read_file((schemas / (message + ".json")).string()))});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return std::tie(a.action, a.is_request, a.variant) <
               std::tie(b.action, b.is_request, b.variant);
    });
    return out;
}

}  // namespace iskra::test
