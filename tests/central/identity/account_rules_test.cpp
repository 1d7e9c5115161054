#include "iskra/central/identity/account_rules.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "iskra/central/http/api_error.hpp"

namespace iskra::central::identity {
namespace {

std::string field_of_failure(const std::function<void()>& check) {
    try {
        check();
    } catch (const http::ApiError& error) {
        EXPECT_EQ(error.status, 400);
        return error.field;
    }
    return "(no error)";
}

TEST(AccountRules, EmailsAreTrimmedAndLowerCased) {
    EXPECT_EQ(normalise_email("  Ada.Lovelace@Example.COM "), "ada.lovelace@example.com");
    EXPECT_EQ(normalise_email("a@b.pl"), "a@b.pl");
}

TEST(AccountRules, MalformedEmailsNameTheField) {
    for (const std::string& bad : std::vector<std::string>{
             "", "plain", "@example.com", "a@", "a@b", "a@@b.pl", "a b@c.pl", "a@b.",
             std::string("a\x01@b.pl"), std::string(250, 'a') + "@b.pl"}) {
        EXPECT_EQ(field_of_failure([&] { normalise_email(bad, "login_email"); }), "login_email")
            << bad;
    }
}

TEST(AccountRules, DisplayNames) {
    EXPECT_EQ(check_display_name("  Ada  "), "Ada");
    EXPECT_EQ(field_of_failure([] { check_display_name("   "); }), "display_name");
    EXPECT_EQ(field_of_failure([] { check_display_name("a\nb"); }), "display_name");
    EXPECT_EQ(field_of_failure([] { check_display_name(std::string(201, 'x')); }), "display_name");
}

TEST(AccountRules, PasswordsNeedTenCharactersNotBytes) {
    EXPECT_NO_THROW(check_new_password("0123456789", "a@b.pl"));
    EXPECT_EQ(field_of_failure([] { check_new_password("012345678", "a@b.pl"); }), "password");
    // Nine Polish letters are eighteen bytes but only nine characters.
    EXPECT_EQ(field_of_failure([] { check_new_password("ąćęłńóśźż", "a@b.pl"); }), "password");
    EXPECT_NO_THROW(check_new_password("ąćęłńóśźżą", "a@b.pl"));
}

TEST(AccountRules, PasswordIsNotTheEmailInAnyCaseNorHuge) {
    EXPECT_EQ(field_of_failure([] { check_new_password("Ada@Example.com", "ada@example.com"); }),
              "password");
    EXPECT_EQ(field_of_failure([] { check_new_password(std::string(1025, 'x'), "a@b.pl", "new"); }),
              "new");
    EXPECT_NO_THROW(check_new_password(std::string(1024, 'x'), "a@b.pl"));
}

TEST(AccountRules, CutUtf8NeverSplitsACharacter) {
    EXPECT_EQ(cut_utf8("abc", 10), "abc");
    EXPECT_EQ(cut_utf8("aą", 2), "a");  // 'ą' is two bytes
    EXPECT_EQ(cut_utf8("aą", 3), "aą");
    EXPECT_EQ(utf8_length("zażółć"), 6u);
}

TEST(AccountRules, PrintableAsciiReplacesEverythingElse) {
    EXPECT_EQ(printable_ascii("Mozilla/5.0 \x01\xff", 100), "Mozilla/5.0 ??");
    EXPECT_EQ(printable_ascii("abcdef", 3), "abc");
}

}  // namespace
}  // namespace iskra::central::identity
