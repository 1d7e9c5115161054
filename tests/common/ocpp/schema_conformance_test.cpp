// Our generated validators against an independent one (valijson, from Debian) on every example
// and on systematic mutations of it, and the violation each mutation must be reported as.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "iskra/ocpp/action_info.hpp"
#include "support/schema_examples.hpp"

namespace iskra::ocpp {
namespace {

struct Verdict {
    bool valid;
    ValidationError error;
};

Verdict ours(const test::MessageExample& example, const nlohmann::json& doc) {
    const ActionInfo* info = find_action(example.version, example.action);
    simdjson::dom::parser parser;
    auto element = parser.parse(doc.dump());
    DecodeContext ctx;
    const auto check = example.is_request ? info->check_request : info->check_response;
    const bool valid = check(element.value(), ctx);
    return {valid, ctx.error()};
}

bool valijsons(const nlohmann::json& schema_doc, const nlohmann::json& doc) {
    valijson::Schema schema;
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_doc);
    parser.populateSchema(schema_adapter, schema);
    valijson::Validator validator;
    valijson::adapters::NlohmannJsonAdapter doc_adapter(doc);
    return validator.validate(schema, doc_adapter, nullptr);
}

const nlohmann::json& resolve(const nlohmann::json& schema, const nlohmann::json& node) {
    if (!node.contains("$ref")) return node;
    const std::string ref = node["$ref"];
    return schema["definitions"][ref.substr(ref.rfind('/') + 1)];
}

struct Mutation {
    std::string what;
    nlohmann::json doc;
    Violation expected;
    std::string path;
};

// The mutations a buggy station or CSMS commits: a required field left out, an unknown field
// added, a value of the wrong type, an enum value outside the list, a string too long.
std::vector<Mutation> mutations_of(const test::MessageExample& example) {
    const auto& schema = example.schema;
    const auto doc = nlohmann::json::parse(example.text);
    std::vector<Mutation> out;
    for (const auto& required : schema.value("required", nlohmann::json::array())) {
        auto changed = doc;
        changed.erase(required.get<std::string>());
        out.push_back({"without " + required.get<std::string>(), changed, Violation::Occurrence,
                       "/" + required.get<std::string>()});
    }
    if (schema.value("additionalProperties", true) == false) {
        auto changed = doc;
        changed["notInTheSchema"] = 1;
        out.push_back(
            {"with an unknown property", changed, Violation::Formation, "/notInTheSchema"});
    }
    const auto properties = schema.value("properties", nlohmann::json::object());
    for (const auto& [name, raw_property] : properties.items()) {
        if (!doc.contains(name)) continue;
        const auto& property = resolve(schema, raw_property);
        const std::string type = property.value("type", "");
        auto changed = doc;
        if (type == "string" && property.contains("enum")) {
            changed[name] = "NotAnEnumValue";
            out.push_back({name + " outside its enum", changed, Violation::Property, "/" + name});
            changed[name] = 7;
            out.push_back({name + " as a number", changed, Violation::Type, "/" + name});
        } else if (type == "string") {
            changed[name] = 12345;
            out.push_back({name + " as a number", changed, Violation::Type, "/" + name});
            if (property.contains("maxLength")) {
                changed[name] = std::string(property["maxLength"].get<std::size_t>() + 1, 'x');
                out.push_back({name + " too long", changed, Violation::Property, "/" + name});
            }
        } else if (type == "integer") {
            changed[name] = "12";
            out.push_back({name + " as a string", changed, Violation::Type, "/" + name});
            changed[name] = 12.5;
            out.push_back({name + " with a fraction", changed, Violation::Type, "/" + name});
        } else if (type == "object" || type == "array") {
            changed[name] = true;
            out.push_back({name + " as a boolean", changed, Violation::Type, "/" + name});
        }
    }
    return out;
}

class Conformance : public ::testing::TestWithParam<Version> {};

TEST_P(Conformance, EveryExampleIsValidForUsAndForValijson) {
    for (const auto& example : test::load_examples(GetParam())) {
        SCOPED_TRACE(example.action + (example.is_request ? "Request." : "Response.") +
                     example.variant);
        const auto doc = nlohmann::json::parse(example.text);
        EXPECT_TRUE(valijsons(example.schema, doc));
        const auto verdict = ours(example, doc);
        EXPECT_TRUE(verdict.valid) << verdict.error.describe();
    }
}

TEST_P(Conformance, EveryMutationIsRejectedByBothWithTheRightViolation) {
    std::size_t checked = 0;
    for (const auto& example : test::load_examples(GetParam())) {
        if (example.variant != "full") continue;
        for (const auto& mutation : mutations_of(example)) {
            SCOPED_TRACE(example.action + (example.is_request ? "Request " : "Response ") +
                         mutation.what);
            EXPECT_FALSE(valijsons(example.schema, mutation.doc));
            const auto verdict = ours(example, mutation.doc);
            EXPECT_FALSE(verdict.valid);
            EXPECT_EQ(verdict.error.violation, mutation.expected) << verdict.error.describe();
            EXPECT_EQ(verdict.error.path, mutation.path);
            ++checked;
        }
    }
    EXPECT_GT(checked, 300u);
}

INSTANTIATE_TEST_SUITE_P(Ocpp, Conformance, ::testing::Values(Version::v16, Version::v201),
                         [](const auto& param) { return test::version_folder(param.param); });

}  // namespace
}  // namespace iskra::ocpp
