#include "api/open311/writer.hpp"

#include <gtest/gtest.h>
#include <pugixml.hpp>

namespace alo153::api::open311 {
namespace {

pugi::xml_document Parse(const std::string& xml) {
    pugi::xml_document doc;
    EXPECT_EQ(doc.load_string(xml.c_str()).status, pugi::status_ok) << xml;
    return doc;
}

TEST(Open311Writer, ListsBecomeRepeatedItemsInOrder) {
    Doc list = Doc::array();
    list.push_back(Doc{{"service_code", "SU.ARIZA"}, {"metadata", true}, {"lat", 41.5}, {"long", nullptr}});
    list.push_back(Doc{{"service_code", "YOL.CUKUR"}, {"metadata", false}, {"lat", 1}, {"long", nullptr}});
    std::string xml = ToXml(list, "services");
    EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>", 0), 0u) << xml;
    auto doc = Parse(xml);
    auto first = doc.child("services").child("service");
    EXPECT_STREQ(first.first_child().name(), "service_code");
    EXPECT_STREQ(first.child_value("service_code"), "SU.ARIZA");
    EXPECT_STREQ(first.child_value("metadata"), "true");
    EXPECT_STREQ(first.child_value("lat"), "41.5");
    EXPECT_TRUE(first.child("long"));
    EXPECT_STREQ(first.child_value("long"), "");
    EXPECT_STREQ(first.next_sibling("service").child_value("metadata"), "false");
}

TEST(Open311Writer, NestedListsUseTheSpecsElementNames) {
    Doc def{
        {"service_code", "X.Y"},
        {"attributes", Doc::array({Doc{{"code", "a"}, {"values", Doc::array({Doc{{"key", "k"}, {"name", "n"}}})}}})}};
    auto doc = Parse(ToXml(def, "service_definition"));
    auto value = doc.child("service_definition").child("attributes").child("attribute").child("values").child("value");
    EXPECT_STREQ(value.child_value("key"), "k");
    EXPECT_EQ(ItemName("service_requests"), "request");
    EXPECT_EQ(ItemName("service_request_updates"), "request_update");
    EXPECT_EQ(ItemName("errors"), "error");
    EXPECT_EQ(ItemName("formats"), "format");
}

TEST(Open311Writer, TextIsEscaped) {
    Doc list = Doc::array({Doc{{"description", "a < b & \"c\" > d — Çöp"}}});
    auto doc = Parse(ToXml(list, "service_requests"));
    EXPECT_STREQ(doc.child("service_requests").child("request").child_value("description"), "a < b & \"c\" > d — Çöp");
}

TEST(Open311Writer, RecordsInBothFormats) {
    const std::string tricky = "say \"hi\"\\ then\n\ttab \x01 — İlkadım";
    std::vector<Record> records = {{{"service_request_id", "2026-000001-5"},
                                    {"description", tricky},
                                    {"lat", "41.2867", Field::Kind::kNumber},
                                    {"long", "", Field::Kind::kNull}},
                                   {{"service_request_id", "2026-000002-3"},
                                    {"description", ""},
                                    {"lat", "", Field::Kind::kNull},
                                    {"long", "", Field::Kind::kNull}}};
    auto json = RenderRecords(Format::kJson, 200, records, "service_requests");
    auto parsed = nlohmann::json::parse(json.body);
    ASSERT_EQ(parsed.size(), 2u);
    EXPECT_EQ(parsed[0]["description"], tricky);
    EXPECT_EQ(parsed[0]["lat"], 41.2867);
    EXPECT_TRUE(parsed[0]["long"].is_null());
    EXPECT_EQ(parsed[1]["service_request_id"], "2026-000002-3");
    EXPECT_EQ(RenderRecords(Format::kJson, 200, {}, "service_requests").body, "[]");

    std::vector<Record> plain = {{{"description", "a < b & c"}, {"lat", "41.5", Field::Kind::kNumber}}};
    auto xml = RenderRecords(Format::kXml, 200, plain, "service_requests");
    auto doc = Parse(xml.body);
    auto request = doc.child("service_requests").child("request");
    EXPECT_STREQ(request.child_value("description"), "a < b & c");
    EXPECT_STREQ(request.child_value("lat"), "41.5");
    EXPECT_TRUE(Parse(RenderRecords(Format::kXml, 200, {}, "service_requests").body).child("service_requests"));
}

TEST(Open311Writer, ErrorsInBothFormats) {
    auto xml = RenderError(Format::kXml, 403, "api_key gerekli.");
    EXPECT_EQ(xml.status, 403);
    EXPECT_EQ(xml.content_type, "text/xml; charset=utf-8");
    auto doc = Parse(xml.body);
    EXPECT_STREQ(doc.child("errors").child("error").child_value("code"), "403");
    EXPECT_STREQ(doc.child("errors").child("error").child_value("description"), "api_key gerekli.");
    auto json = RenderError(Format::kJson, 404, "yok");
    EXPECT_EQ(json.content_type, "application/json; charset=utf-8");
    EXPECT_EQ(json.body, R"([{"code":404,"description":"yok"}])");
}

TEST(Open311Writer, FormatComesFromTheSuffix) {
    EXPECT_EQ(SplitFormat("services.xml"), (std::pair<std::string, Format>{"services", Format::kXml}));
    EXPECT_EQ(SplitFormat("SU.ARIZA.json"), (std::pair<std::string, Format>{"SU.ARIZA", Format::kJson}));
    EXPECT_FALSE(SplitFormat("SU.ARIZA").has_value());
    EXPECT_FALSE(SplitFormat(".xml").has_value());
    EXPECT_FALSE(SplitFormat("services.html").has_value());
}

}  // namespace
}  // namespace alo153::api::open311
