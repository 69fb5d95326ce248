#include "api/open311/form.hpp"

#include <gtest/gtest.h>

namespace alo153::api::open311 {
namespace {

TEST(Open311Form, DecodesPlusPercentAndUtf8) {
    auto f = Form::Parse("service_code=SU.ARIZA&description=Boru+patlad%C4%B1%2C+su+ak%C4%B1yor&empty=&flag");
    ASSERT_TRUE(f.ok());
    EXPECT_EQ(f->Get("service_code"), "SU.ARIZA");
    EXPECT_EQ(f->Get("description"), "Boru patladı, su akıyor");
    EXPECT_EQ(f->Get("empty"), "");
    EXPECT_EQ(f->Get("flag"), "");
    EXPECT_FALSE(f->Get("missing").has_value());
}

TEST(Open311Form, FirstValueWinsAndQueryComesAfterTheBody) {
    auto f = Form::Parse("lat=41.2&lat=40.0");
    ASSERT_TRUE(f.ok());
    f->Append({{"api_key", "k"}, {"lat", "39"}});
    EXPECT_EQ(f->Get("lat"), "41.2");
    EXPECT_EQ(f->Get("api_key"), "k");
    EXPECT_EQ(f->Fields().size(), 4u);
}

TEST(Open311Form, AttributesAreReadFromBracketedNames) {
    auto f = Form::Parse(
        "attribute%5Bsu_akiyor%5D=evet&attribute[tehlike][]=arac&attribute[tehlike][]=yaya&attribute[]=x"
        "&attribute[a]b=y&attributes[c]=z&attribute[d=w");
    ASSERT_TRUE(f.ok());
    std::vector<std::pair<std::string, std::string>> expected = {
        {"su_akiyor", "evet"}, {"tehlike", "arac"}, {"tehlike", "yaya"}};
    EXPECT_EQ(f->Attributes(), expected);
}

TEST(Open311Form, RefusesBrokenEscapesNulAndInvalidUtf8) {
    for (const char* body : {"description=%G1", "description=%4", "description=%", "a=%00", "description=%FF%FE",
                             "first_name=%C3%28", "x=%ED%A0%80" /* a surrogate */, "%C0%AF=1" /* overlong name */}) {
        auto f = Form::Parse(body);
        EXPECT_FALSE(f.ok()) << body;
        if (!f.ok()) {
            EXPECT_EQ(f.error().code, core::ErrorCode::kValidation) << body;
        }
    }
}

}  // namespace
}  // namespace alo153::api::open311
