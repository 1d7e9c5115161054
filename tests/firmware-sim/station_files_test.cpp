// Firmware updates and log uploads of both versions against a fake CSMS and a fake file
// transfer: what is fetched and put where, the status notification sequences (success, failure,
// retries, unsupported schemes), and the firmware version reported after the reboot.
#include <gtest/gtest.h>

#include "fake_csms.hpp"
#include "fake_file_transfer.hpp"

namespace iskra::sim::testing {
namespace {

StationConfig config_of(ocpp::Version version) {
    StationConfig config;
    config.identity.id = "FW-1";
    config.version = version;
    return config;
}

std::vector<std::string> statuses(const FakeCsms& csms, const std::string& action,
                                  const char* field = "status") {
    std::vector<std::string> out;
    for (const auto& c : csms.calls(action))
        out.push_back(c.payload[field].get<std::string>());
    return out;
}

class Files : public ::testing::TestWithParam<ocpp::Version> {
protected:
    void SetUp() override {
        csms.station().set_file_transfer(&files);
        csms.boot();
    }
    void TearDown() override { EXPECT_TRUE(csms.violations().empty()) << csms.violations()[0]; }

    bool v16() const { return GetParam() == ocpp::Version::v16; }
    void update_firmware(const std::string& url, std::optional<int> retries = std::nullopt) {
        const std::string now = session::format_timestamp(csms.now());
        Json req = v16() ? Json{{"location", url}, {"retrieveDate", now}}
                         : Json{{"requestId", 7},
                                {"firmware", {{"location", url}, {"retrieveDateTime", now}}}};
        if (retries) {
            req["retries"] = *retries;
            req["retryInterval"] = 30;
        }
        const Json answer = csms.command("UpdateFirmware", req);
        if (!v16()) {
            EXPECT_EQ(answer["status"], "Accepted");
        }
        csms.run_for(1s);
    }
    std::string firmware_action() const { return "FirmwareStatusNotification"; }
    std::string log_action() const {
        return v16() ? "DiagnosticsStatusNotification" : "LogStatusNotification";
    }
    Json get_log(const std::string& url) {
        return v16() ? csms.command("GetDiagnostics", {{"location", url}})
                     : csms.command("GetLog", {{"log", {{"remoteLocation", url}}},
                                               {"logType", "DiagnosticsLog"},
                                               {"requestId", 5}});
    }
    std::string firmware_version() {
        const auto boot = csms.last("BootNotification");
        return v16() ? boot->payload["firmwareVersion"].get<std::string>()
                     : boot->payload["chargingStation"]["firmwareVersion"].get<std::string>();
    }

    FakeFileTransfer files;
    FakeCsms csms{config_of(GetParam())};
};

TEST_P(Files, FirmwareIsDownloadedInstalledAndReportedAfterTheReboot) {
    update_firmware("http://127.0.0.1:1/fw.bin");
    ASSERT_EQ(files.open(), 1u);
    EXPECT_EQ(files.requests[0].url, "http://127.0.0.1:1/fw.bin");
    EXPECT_FALSE(files.requests[0].upload);
    EXPECT_EQ(statuses(csms, firmware_action()), std::vector<std::string>{"Downloading"});
    // Nothing more happens until the download is done, however long it takes.
    csms.run_for(60s);
    EXPECT_EQ(statuses(csms, firmware_action()).size(), 1u);

    files.serve(csms, "iskra-sim-firmware 2.4.0\nbinary image follows\n");
    csms.run_for(30s);
    csms.connect();
    std::vector<std::string> expected{"Downloading", "Downloaded", "Installing"};
    if (!v16()) expected.push_back("InstallRebooting");
    expected.push_back("Installed");
    EXPECT_EQ(statuses(csms, firmware_action()), expected);
    EXPECT_EQ(csms.calls("BootNotification").size(), 2u);
    EXPECT_EQ(firmware_version(), "2.4.0");
    if (!v16()) {
        EXPECT_EQ(csms.last("BootNotification")->payload["reason"], "FirmwareUpdate");
        EXPECT_EQ(csms.last(firmware_action())->payload["requestId"], 7);
    }
}

TEST_P(Files, AnImageWithoutAVersionLineGetsOneFromItsContent) {
    update_firmware("http://127.0.0.1:1/a.bin");
    files.serve(csms,
                "\x7f"
                "ELF some bytes");
    csms.run_for(30s);
    csms.connect();
    const std::string version = firmware_version();
    EXPECT_TRUE(version.starts_with("1.0.0+")) << version;
    EXPECT_EQ(version.size(), std::string("1.0.0+").size() + 8) << version;
}

TEST_P(Files, AFailedDownloadIsRetriedThenReportedAndNothingIsInstalled) {
    update_firmware("http://127.0.0.1:1/fw.bin", 2);
    files.fail(csms, TransferFailure::Kind::Failed);
    EXPECT_EQ(statuses(csms, firmware_action()), std::vector<std::string>{"Downloading"});
    csms.run_for(29s);
    EXPECT_EQ(files.open(), 0u) << "retried before retryInterval";
    csms.run_for(2s);
    ASSERT_EQ(files.open(), 1u) << "the second attempt";
    files.fail(csms, TransferFailure::Kind::Failed);
    csms.run_for(60s);
    EXPECT_EQ(files.open(), 0u) << "more attempts than retries";
    EXPECT_EQ(statuses(csms, firmware_action()),
              (std::vector<std::string>{"Downloading", "DownloadFailed"}));
    EXPECT_EQ(csms.calls("BootNotification").size(), 1u) << "no reboot without firmware";
    EXPECT_EQ(firmware_version(), "1.0.0");
}

TEST_P(Files, AnUnsupportedSchemeIsNotRetried) {
    update_firmware("ftp://127.0.0.1/fw.bin", 3);
    files.fail(csms, TransferFailure::Kind::UnsupportedScheme);
    csms.run_for(5min);
    EXPECT_EQ(files.requests.size(), 1u);
    EXPECT_EQ(statuses(csms, firmware_action()),
              (std::vector<std::string>{"Downloading", "DownloadFailed"}));
}

TEST_P(Files, TheLogIsGeneratedAndUploaded) {
    const Json answer = get_log("http://127.0.0.1:1/logs/");
    EXPECT_EQ(answer[v16() ? "fileName" : "filename"], "diagnostics-FW-1.log");
    ASSERT_EQ(files.open(), 1u);
    const auto& r = files.requests[0];
    EXPECT_TRUE(r.upload);
    EXPECT_EQ(r.url, "http://127.0.0.1:1/logs/");
    EXPECT_EQ(r.filename, "diagnostics-FW-1.log");
    EXPECT_NE(r.content.find("diagnostics log of FW-1"), std::string::npos) << r.content;
    EXPECT_NE(r.content.find("connector 1 status Available meter_wh 0"), std::string::npos)
        << r.content;
    EXPECT_EQ(statuses(csms, log_action()), std::vector<std::string>{"Uploading"});
    files.serve(csms, {});
    EXPECT_EQ(statuses(csms, log_action()), (std::vector<std::string>{"Uploading", "Uploaded"}));
    if (!v16()) {
        EXPECT_EQ(csms.last(log_action())->payload["requestId"], 5);
    }
}

TEST_P(Files, UploadFailuresNameTheirKind) {
    get_log("ftp://127.0.0.1/logs/");
    files.fail(csms, TransferFailure::Kind::UnsupportedScheme);
    get_log("http://127.0.0.1:1/denied/");
    files.fail(csms, TransferFailure::Kind::Denied);
    get_log("http://127.0.0.1:1/down/");
    files.fail(csms, TransferFailure::Kind::Failed);
    // 1.6 core has a single failure status; 2.0.1 (and the 1.6 security extension) tell why.
    const std::vector<std::string> expected =
        v16() ? std::vector<std::string>{"Uploading",    "UploadFailed", "Uploading",
                                         "UploadFailed", "Uploading",    "UploadFailed"}
              : std::vector<std::string>{"Uploading", "NotSupportedOperation",
                                         "Uploading", "PermissionDenied",
                                         "Uploading", "UploadFailure"};
    EXPECT_EQ(statuses(csms, log_action()), expected);
}

TEST_P(Files, PowerLossDuringADownloadForgetsIt) {
    update_firmware("http://127.0.0.1:1/fw.bin");
    csms.station().power_loss(csms.now());
    csms.station().power_restore(csms.now());
    csms.connect();
    files.serve(csms, "iskra-sim-firmware 9.9.9\n");
    csms.run_for(60s);
    EXPECT_EQ(statuses(csms, firmware_action()), std::vector<std::string>{"Downloading"});
    EXPECT_EQ(firmware_version(), "1.0.0");
}

TEST(FilesWithoutTransfer, EveryTransferFails) {
    FakeCsms csms{config_of(ocpp::Version::v16)};
    csms.boot();
    csms.command("GetDiagnostics", {{"location", "http://127.0.0.1:1/"}});
    csms.run_for(1s);
    EXPECT_EQ(statuses(csms, "DiagnosticsStatusNotification"),
              (std::vector<std::string>{"Uploading", "UploadFailed"}));
}

TEST(FirmwareVersion, ComesFromTheImage) {
    EXPECT_EQ(firmware_version_of("iskra-sim-firmware 3.1.4 \r\nrest", "1.0.0"), "3.1.4");
    EXPECT_EQ(firmware_version_of("no marker", "1.0.0+0badf00d"),
              firmware_version_of("no marker", "1.0.0"));
    EXPECT_NE(firmware_version_of("image a", "1.0.0"), firmware_version_of("image b", "1.0.0"));
    EXPECT_EQ(url_scheme("HTTP://x/"), "http");
    EXPECT_EQ(url_scheme("ftp://x/"), "ftp");
    EXPECT_EQ(url_scheme("/just/a/path"), "");
}

INSTANTIATE_TEST_SUITE_P(BothVersions, Files,
                         ::testing::Values(ocpp::Version::v16, ocpp::Version::v201),
                         [](const auto& param_info) {
                             return param_info.param == ocpp::Version::v16 ? std::string("v16")
                                                                           : std::string("v201");
                         });

}  // namespace
}  // namespace iskra::sim::testing
