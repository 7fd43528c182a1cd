// The node reader: typed values with their diagnostics, and declared parameters read by their key within their range,
// out-of-range values reported in the range's words.

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/parameters.hpp"
#include "sim/input/json_node.hpp"

using nlohmann::json;
using Lines = std::vector<std::string>;
namespace parameters = drsim::parameters;

namespace {

// Reads `document` (placed at "/x") with `read` and returns what it reported.
template <class Read> Lines reading(const json& document, Read read) {
  std::vector<drsim::Diagnostic> problems;
  const drsim::DiagnosticSink sink{"n.json", &problems};
  read(drsim::JsonNode(document, "/x", sink));
  Lines lines;
  for (const auto& problem : problems)
    lines.push_back(problem.str());
  return lines;
}

// The problems of reading `value` as `parameter`, at its key.
template <class T> Lines read_as(const drsim::Parameter& parameter, const json& value, T target = {}) {
  return reading({{parameter.key(), value}}, [&](const drsim::JsonNode& node) { node.read(parameter, target); });
}

} // namespace

TEST_CASE("objects and arrays: unknown, missing and empty") {
  CHECK(reading({{"nmae", 1}}, [](const drsim::JsonNode& node) { node.expect_object({"name"}, {"size"}); }) ==
        Lines{"n.json: /x/nmae: unknown key; did you mean \"name\"?", "n.json: /x: missing required key \"name\""});
  CHECK(reading(json::array(), [](const drsim::JsonNode& node) { node.elements("region"); }) ==
        Lines{"n.json: /x: must not be empty; expected at least 1 region"});
  CHECK(reading(json::array({1, 2}), [](const drsim::JsonNode& node) {
          const auto elements = node.elements();
          REQUIRE(elements.size() == 2);
          CHECK(elements[1].pointer() == "/x/1");
        }).empty());
}

TEST_CASE("typed values: what was expected, and integers written as numbers") {
  const auto integer = [](const json& value) {
    return reading(value, [](const drsim::JsonNode& node) { node.as_integer(1, 100000); });
  };
  CHECK(integer(1e4).empty());
  CHECK(integer(2.5) == Lines{"n.json: /x: must be an integer from 1 to 100000, not 2.5"});
  CHECK(reading(json(-1), [](const drsim::JsonNode& node) { node.as_unsigned(); }) ==
        Lines{"n.json: /x: must be an integer from 0 to 18446744073709551615, not -1"});
  CHECK(reading(json("a\nb"), [](const drsim::JsonNode& node) { node.as_name(); }) ==
        Lines{"n.json: /x: must not contain control characters, not \"a\\nb\""});
  CHECK(reading(json(90), [](const drsim::JsonNode& node) { node.as_quantity(drsim::Quantity::Duration); }) ==
        Lines{"n.json: /x: a duration needs a unit, e.g. \"90s\""});
  CHECK(reading(json("sideways"), [](const drsim::JsonNode& node) {
          node.as_one_of(std::vector<std::string>{"up", "down"});
        }) == Lines{"n.json: /x: must be one of \"up\" or \"down\", not \"sideways\""});
}

TEST_CASE("a declared parameter out of its range is reported in the range's words") {
  CHECK(read_as<double>(parameters::dns_ttl, "3d") == Lines{"n.json: /x/ttl: must be at most 2d, not \"3d\""});
  CHECK(read_as<double>(parameters::target_check_interval, "1s") ==
        Lines{"n.json: /x/interval: must be from 5s to 5m, not \"1s\""});
  CHECK(read_as<double>(parameters::backup_every, "30s") ==
        Lines{"n.json: /x/every: must be at least 1m, not \"30s\""});
  CHECK(read_as<double>(parameters::horizon, "0s") ==
        Lines{"n.json: /x/horizon: must be greater than zero and at most 100 years, not \"0s\""});
  CHECK(read_as<double>(parameters::client_rate, "0/s") ==
        Lines{"n.json: /x/rate: must be greater than zero; expected a rate such as \"200/s\""});
  CHECK(read_as<double>(parameters::success_threshold, 0) ==
        Lines{"n.json: /x/success_threshold: must be greater than 0 and at most 1, not 0"});
  CHECK(read_as<double>(parameters::success_threshold, 2) ==
        Lines{"n.json: /x/success_threshold: must be a number from 0 to 1, not 2"});
  CHECK(read_as<double>(parameters::instance_hour, -1) ==
        Lines{"n.json: /x/instance_hour: must be a number from 0 to 1000000, not -1"});
  CHECK(read_as<int>(parameters::client_resolvers, 0) ==
        Lines{"n.json: /x/resolvers: must be an integer from 1 to 1000, not 0"});
  CHECK(read_as<drsim::Distribution>(parameters::repair, "0s") ==
        Lines{"n.json: /x/repair: must be greater than zero"});
  CHECK(read_as<drsim::Distribution>(parameters::repair, {{"uniform", {"0s", "0s"}}}) ==
        Lines{"n.json: /x/repair: must have a mean greater than zero"});
}

TEST_CASE("a declared parameter is read by its key, and its target kept when it is absent or wrong") {
  double ttl = 7;
  CHECK(reading({{"ttl", "90s"}}, [&](const drsim::JsonNode& node) {
          CHECK(node.read(parameters::dns_ttl, ttl));
        }).empty());
  CHECK(ttl == 90);
  CHECK(reading(json::object(), [&](const drsim::JsonNode& node) {
          CHECK_FALSE(node.read(parameters::dns_ttl, ttl));
        }).empty());
  CHECK(reading({{"ttl", "3d"}}, [&](const drsim::JsonNode& node) {
          CHECK_FALSE(node.read(parameters::dns_ttl, ttl));
        }).size() == 1);
  CHECK(ttl == 90);

  std::uint64_t seed = 0;
  reading({{"seed", 18446744073709551615u}}, [&](const drsim::JsonNode& node) { node.read(parameters::seed, seed); });
  CHECK(seed == 18446744073709551615u);
  drsim::Distribution boot = parameters::boot_time.distribution();
  reading({{"boot_time", {{"uniform", {"1m", "3m"}}}}},
          [&](const drsim::JsonNode& node) { node.read(parameters::boot_time, boot); });
  CHECK(boot.mean() == 120);
  int resolvers = 0;
  reading({{"resolvers", 8}}, [&](const drsim::JsonNode& node) { node.read(parameters::client_resolvers, resolvers); });
  CHECK(resolvers == 8);
}
