#include "enrolment.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <system_error>

#include "iskra/gateway/uplink/central_client.hpp"
#include "iskra/sync/uplink_messages.hpp"

#ifndef ISKRA_SOFTWARE_VERSION
#define ISKRA_SOFTWARE_VERSION "unknown"
#endif

namespace iskra::gateway {
namespace {

std::string host_name() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return "iskra-gateway";
    return name;
}

}  // namespace

tl::expected<CentralIdentity, std::string> enrol(const EnrolmentRequest& request) {
    const auto file = central_identity_path(request.data_dir);
    std::error_code error;
    if (!request.force && std::filesystem::exists(file, error)) {
        return tl::unexpected(file.string() +
                              " already exists: this gateway is enrolled (use --force to replace "
                              "its identity)");
    }
    auto endpoint = parse_central_url(request.central_url);
    if (!endpoint) return tl::unexpected(endpoint.error());
    std::filesystem::create_directories(request.data_dir, error);
    if (error) {
        return tl::unexpected("cannot create data_dir " + request.data_dir.string() + ": " +
                              error.message());
    }

    CentralClient client(
        *endpoint, CentralClientOptions{std::chrono::seconds(10), std::chrono::seconds(30), "",
                                        request.ca_file});
    const sync::EnrolRequest body{request.code, request.name, request.software_version};
    auto reply = client.post("/enroll", sync::dump(sync::to_json(body)));
    if (!reply) {
        return tl::unexpected("cannot reach central at " + request.central_url + ": " +
                              reply.error());
    }
    if (reply->status == 401) {
        return tl::unexpected("central refused the code (unknown, expired or already used): " +
                              describe_failure(*reply));
    }
    if (reply->status != 201 && reply->status != 200) {
        return tl::unexpected("central refused the enrolment: " + describe_failure(*reply));
    }
    auto json = sync::parse_json(reply->body);
    auto answer = json ? sync::decode_enrol_answer(*json)
                       : sync::WireResult<sync::EnrolAnswer>(tl::unexpected(json.error()));
    if (!answer) {
        return tl::unexpected("central's enrolment answer is unreadable: " +
                              answer.error().describe());
    }
    const CentralIdentity identity{request.central_url, answer->gateway_id, answer->secret,
                                   request.now};
    if (auto written = write_central_identity(file, identity, request.force); !written) {
        return tl::unexpected(written.error());
    }
    return identity;
}

int run_enroll_command(const std::string& central_url, const std::string& ca_file,
                       const std::string& code, const std::string& data_dir, bool force) {
    EnrolmentRequest request;
    request.central_url = central_url;
    request.ca_file = ca_file;
    request.code = code;
    request.data_dir = data_dir;
    request.force = force;
    request.name = host_name();
    request.software_version = ISKRA_SOFTWARE_VERSION;
    request.now =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    auto enrolled = enrol(request);
    if (!enrolled) {
        std::fprintf(stderr, "iskra-gateway enroll: %s\n", enrolled.error().c_str());
        return 1;
    }
    std::printf("enrolled: gateway %s at %s; identity in %s\n", enrolled->gateway_id.c_str(),
                central_url.c_str(), central_identity_path(data_dir).c_str());
    return 0;
}

}  // namespace iskra::gateway
