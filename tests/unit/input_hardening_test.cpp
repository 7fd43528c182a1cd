// Inputs that once crashed, hung or misled drsim, each reduced to what triggers it.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/input/json_parse.hpp"

TEST_CASE("input: a UTF-8 sequence cut short by the end of the file is reported at its lead byte") {
  std::vector<drsim::Diagnostic> problems;
  // Found by the input fuzzer: the report read one byte past the end of the text.
  const std::string text = "{\"name\": \"caf\xC3";
  CHECK_FALSE(drsim::parse_json_text(text, "cut.json", problems));
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0].message, Catch::StartsWith("invalid UTF-8 byte 0xC3 at line 1, column 14"));
}
