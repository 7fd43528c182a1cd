// Inputs that once crashed, hung or misled drsim, each reduced to what triggers it.

#include <catch2/catch.hpp>

#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "sim/input/json_node.hpp"
#include "sim/input/json_parse.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/input/topology_reader.hpp"

TEST_CASE("input: a UTF-8 sequence cut short by the end of the file is reported at its lead byte") {
  std::vector<drsim::Diagnostic> problems;
  // Found by the input fuzzer: the report read one byte past the end of the text.
  const std::string text = "{\"name\": \"caf\xC3";
  CHECK_FALSE(drsim::parse_json_text(text, "cut.json", problems));
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0].message, Catch::StartsWith("invalid UTF-8 byte 0xC3 at line 1, column 14"));
}

TEST_CASE("input: a thousand bad references list the first problems and count the rest") {
  std::vector<drsim::Diagnostic> problems;
  auto document = *drsim::read_json_file(DRSIM_SOURCE_DIR "/scenarios/topologies/web-shop.json", problems);
  REQUIRE(problems.empty());
  const auto shoppers = document["clients"][0];
  for (int i = 0; i < 1000; ++i) {
    auto client = shoppers;
    client["name"] = "client-" + std::to_string(i);
    client["dns_record"] = std::string(5000, 'x') + std::to_string(i);
    document["clients"].push_back(client);
  }
  drsim::read_topology(document, "big.json", "", problems);
  REQUIRE(problems.size() >= 1000);
  std::size_t listed = 0;
  for (const auto& problem : problems)
    if (problem.listed) {
      ++listed;
      CHECK(problem.message.size() <= drsim::longest_message + 3);
    }
  CHECK(listed == drsim::most_listed_problems);
  std::ostringstream out;
  drsim::write_diagnostics(out, problems);
  CHECK_THAT(out.str(), Catch::EndsWith("drsim: " + std::to_string(problems.size() - listed) +
                                        " more problems found and not listed; fix the ones above first\n"));
  // What is printed stays proportionate: the listed problems and one line, not a copy of every bad name.
  CHECK(out.str().size() < drsim::most_listed_problems * (drsim::longest_message + 200));
}

namespace {

std::vector<drsim::Diagnostic> problems_of_year(const std::function<void(nlohmann::json&)>& change) {
  std::vector<drsim::Diagnostic> problems;
  auto document = *drsim::read_json_file(DRSIM_SOURCE_DIR "/scenarios/three-az-service-year.json", problems);
  change(document);
  drsim::read_scenario(document, DRSIM_SOURCE_DIR "/scenarios/three-az-service-year.json", problems);
  return problems;
}

} // namespace

TEST_CASE("input: random failures are bounded in each strategy's topology, not only in the base one") {
  // The base fleet (6 instances at most) is within bounds; the override makes it 100,000, which at an MTBF of
  // 1,753 h over 8,766 h draws about 100,000 x 8766 / 1753 = 500,000 failures a run, and at 17.5 h fifty million.
  std::vector<drsim::Diagnostic> read_problems;
  auto fleet = (*drsim::read_json_file(DRSIM_SOURCE_DIR "/scenarios/topologies/three-az-service.json",
                                       read_problems))["fleets"][0];
  fleet["capacity"]["eu-west-1"] = {{"min", 3}, {"desired", 100000}, {"max", 100000}};
  const auto problems = problems_of_year([&](nlohmann::json& scenario) {
    scenario["random_failures"][0]["mtbf"] = "17.5h";
    scenario["strategies"][0]["overrides"] = {{"fleets", {fleet}}};
  });
  bool found = false;
  for (const auto& problem : problems)
    found = found || (problem.pointer == "/random_failures/0/mtbf" &&
                      problem.message.find("in the topology of strategy \"multi-az\"") != std::string::npos);
  CHECK(found);
}

TEST_CASE("input: common-cause outages are bounded per run") {
  // 10,000 a year per AZ, 3 AZs, over 100 years: 3 million outages a run.
  const auto problems = problems_of_year([](nlohmann::json& scenario) {
    scenario["horizon"] = "876600h";
    scenario["common_cause"][0]["rate_per_year"] = 10000;
  });
  REQUIRE(problems.size() >= 1);
  CHECK(problems.back().pointer == "/common_cause/0/rate_per_year");
  CHECK_THAT(problems.back().message, Catch::StartsWith("gives about 3000000 outages per run (3 targets"));
}
