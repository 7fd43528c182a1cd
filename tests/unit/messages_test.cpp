// The words of diagnostics: pointer tokens, suggestions, and values as messages quote and describe them.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/input/messages.hpp"

using nlohmann::json;

TEST_CASE("JSON Pointer tokens escape '~' and '/' and split back") {
  CHECK(drsim::escape_pointer_token("a/b~c") == "a~1b~0c");
  CHECK(drsim::split_pointer("/a~1b~0c/0/~01") == std::vector<std::string>{"a/b~c", "0", "~1"});
  CHECK(drsim::split_pointer("").empty());
  CHECK(drsim::split_pointer("/") == std::vector<std::string>{""});
}

TEST_CASE("did you mean: case-insensitive or within edit distance 2") {
  const std::vector<std::string> keys{"name", "regions", "load_balancers"};
  CHECK(drsim::closest_match("regoins", keys) == "regions");
  CHECK(drsim::closest_match("REGIONS", keys) == "regions");
  CHECK(drsim::closest_match("load_balancer", keys) == "load_balancers");
  CHECK(drsim::closest_match("nam", keys) == "name");
  CHECK(drsim::closest_match("zones", keys).empty());
  CHECK(drsim::closest_match("x", std::vector<std::string>{"w"}).empty());
}

TEST_CASE("a suggestion names the closest word, else the short list of allowed ones") {
  const std::vector<std::string> routings{"failover", "weighted", "latency"};
  CHECK(drsim::suggestion("faliover", routings) == "; did you mean \"failover\"?");
  CHECK(drsim::suggestion("random", routings) == "; expected one of: failover, weighted, latency");
  CHECK(drsim::suggestion("random", routings, 2).empty());
  CHECK(drsim::suggestion("random", {}).empty());
}

TEST_CASE("values in messages: quoted, described, numbers as people write them") {
  CHECK(drsim::in_quotes("a\tb") == "\"a\\tb\"");
  CHECK(drsim::in_quotes(std::string(70, 'x')) == "\"" + std::string(60, 'x') + "...\"");
  CHECK(drsim::format_number(3) == "3");
  CHECK(drsim::format_number(0.25) == "0.25");
  CHECK(drsim::format_number(1e15) == "1e+15");
  CHECK(drsim::describe_value(json("abc")) == "\"abc\"");
  CHECK(drsim::describe_value(json(2.5)) == "2.5");
  CHECK(drsim::describe_value(json::array()) == "an array");
  CHECK(drsim::json_type_name(json::object()) == "an object");
  CHECK(drsim::json_type_name(json(true)) == "a boolean");
  CHECK(drsim::join_alternatives(std::vector<std::string>{"a", "b", "c"}) == "a, b or c");
  CHECK(drsim::join_alternatives(std::vector<std::string>{"a"}) == "a");
}
