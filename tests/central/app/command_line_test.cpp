#include <gtest/gtest.h>

#include "command_line.hpp"

namespace iskra::central {
namespace {

using Command = CommandLine::Command;

TEST(CentralCommandLine, RunsWithoutACommand) {
    auto line = parse_command_line({"--config", "/etc/iskra/central.ini"});
    ASSERT_TRUE(line);
    EXPECT_EQ(line->command, Command::Run);
    EXPECT_EQ(line->config_file, "/etc/iskra/central.ini");
}

TEST(CentralCommandLine, ReadsACommandAndItsOptions) {
    auto line = parse_command_line({"create-user", "--email", "a@b.pl", "--role", "technician"});
    ASSERT_TRUE(line);
    EXPECT_EQ(line->command, Command::CreateUser);
    EXPECT_EQ(line->options.at("email"), "a@b.pl");
    EXPECT_EQ(line->options.at("role"), "technician");
}

TEST(CentralCommandLine, NamesWhatIsWrong) {
    EXPECT_EQ(parse_command_line({"create-user", "--email", "a@b.pl"}).error(),
              "create-user needs --role");
    EXPECT_EQ(parse_command_line({"frobnicate"}).error(), "unknown command 'frobnicate'");
    EXPECT_EQ(parse_command_line({"migrate", "--email", "x"}).error(),
              "unexpected option '--email'");
    EXPECT_EQ(parse_command_line({"create-site", "--name"}).error(), "--name needs a value");
    EXPECT_EQ(parse_command_line({"--config"}).error(), "--config needs a file");
    EXPECT_EQ(parse_command_line({"migrate", "again"}).error(), "unexpected argument 'again'");
}

}  // namespace
}  // namespace iskra::central
