// The runbook steps of a FIS run: the XML text helpers the AWS answers are read with, what the answers of RDS, Auto
// Scaling and Route 53 say about a promotion, a scale-out and a DNS switch, and the rows `fis compare` gives each
// watched step beside the simulated drills' finish times.

#include <catch2/catch.hpp>

#include <string>

#include "sim/fis/xml_text.hpp"

using namespace drsim;

TEST_CASE("fis XML text: elements by name, decoded, and lists of members") {
  const std::string xml = "<R xmlns=\"https://x/\"><StatusReport><Status>Success: &lt;200&gt; &amp; &#65;&#x42;</Status>"
                          "</StatusReport><Empty/><Name>\n  a  \n</Name><Next> &quot;q&apos; </Next></R>";
  CHECK(fis::xml_text(xml, "Status") == "Success: <200> & AB");
  CHECK(fis::xml_text(xml, "StatusReport")->starts_with("<Status>"));
  CHECK(fis::xml_text(xml, "Empty") == "");
  CHECK(fis::xml_text(xml, "Name") == "a");
  CHECK(fis::xml_text(xml, "Next") == "\"q'");
  CHECK_FALSE(fis::xml_text(xml, "Missing"));
  CHECK_FALSE(fis::xml_text(xml, "Stat"));
  CHECK(fis::xml_text("<R xmlns=\"x\">t</R>", "R") == "t");
  // Within a range: the second member's name, not the first's.
  const std::string list = "<member><Id>one</Id></member><member><Id>two</Id></member>";
  const auto members = fis::xml_elements(list, "member");
  REQUIRE(members.size() == 2);
  CHECK(fis::xml_text(members[1], "Id") == "two");
  CHECK(fis::xml_text(list, "Id", list.find("</member>")) == "two");
  CHECK_FALSE(fis::xml_text(list, "Id", 0, 10));
  CHECK(fis::xml_unescaped("&bogus; &#0; &#x;") == "&bogus; &#0; &#x;");
}
