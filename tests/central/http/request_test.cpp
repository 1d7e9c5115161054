#include <gtest/gtest.h>

#include "iskra/central/http/request.hpp"

namespace iskra::central::http {
namespace {

TEST(Request, ParsesQueryWithPercentAndPlus) {
    auto q = parse_query("q=Hala+Mi%C5%82a&limit=10&flag&bad=%zz");
    EXPECT_EQ(q["q"], "Hala Miła");
    EXPECT_EQ(q["limit"], "10");
    EXPECT_EQ(q["flag"], "");
    EXPECT_EQ(q["bad"], "%zz");
}

TEST(Request, FindsCookiesAmongOthers) {
    Request r;
    r.headers["cookie"] = "theme=dark; iskra_session=abc=def ;x=1";
    EXPECT_EQ(r.cookie("iskra_session"), "abc=def");
    EXPECT_EQ(r.cookie("x"), "1");
    EXPECT_FALSE(r.cookie("iskra"));
}

}  // namespace
}  // namespace iskra::central::http
