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

TEST_CASE("input: hundreds of bad references list the first problems and count the rest") {
  std::vector<drsim::Diagnostic> problems;
  auto document = *drsim::read_json_file(DRSIM_SOURCE_DIR "/scenarios/topologies/web-shop.json", problems);
  REQUIRE(problems.empty());
  const auto east = document["load_balancers"][0];
  for (int i = 0; i < 398; ++i) {
    auto lb = east;
    lb["name"] = "lb-" + std::to_string(i);
    lb["fleet"] = std::string(5000, 'x') + std::to_string(i);
    document["load_balancers"].push_back(lb);
  }
  drsim::read_topology(document, "big.json", "", problems);
  REQUIRE(problems.size() >= 398);
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

TEST_CASE("input: a file that looks regular but cannot be read is a problem naming it") {
  // /proc/self/mem is a regular file of size 0 whose first page cannot be read: the reader once threw from the
  // stream and drsim exited 3 without naming the file.
  std::vector<drsim::Diagnostic> problems;
  CHECK_FALSE(drsim::read_json_file("/proc/self/mem", problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].file == "/proc/self/mem");
  CHECK_THAT(problems[0].message, Catch::StartsWith("cannot be read: "));
}

TEST_CASE("input: names are printable, and a name that is not is reported at its JSON pointer") {
  const auto problems = problems_of_year([](nlohmann::json& scenario) {
    scenario["strategies"][0]["name"] = "multi\xEF\xBF\xBF"
                                        "az"; // U+FFFF, which no XML document may hold
  });
  bool found = false;
  for (const auto& problem : problems)
    found = found || (problem.pointer == "/strategies/0/name" &&
                      problem.message.starts_with("must not contain U+FFFF, which is not a character, not \""));
  CHECK(found);

  const auto name_problems = [](const std::string& text) {
    std::vector<drsim::Diagnostic> problems;
    const drsim::DiagnosticSink sink{"n.json", &problems};
    const nlohmann::json value = text;
    drsim::JsonNode(value, "/name", sink).as_name();
    std::vector<std::string> messages;
    for (const auto& problem : problems)
      messages.push_back(problem.message.substr(0, problem.message.find(", not ")));
    return messages;
  };
  using Messages = std::vector<std::string>;
  CHECK(name_problems("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x9A\x80 =1+2").empty()); // letters, symbols, emoji
  CHECK(name_problems("a\tb") == Messages{"must not contain control characters"});
  CHECK(name_problems("a\x7F") == Messages{"must not contain control characters"});
  CHECK(name_problems("next\xC2\x85line") == Messages{"must not contain control characters"}); // U+0085, C1
  CHECK(name_problems("\xEF\xBF\xBE") == Messages{"must not contain U+FFFE, which is not a character"});
  CHECK(name_problems("\xEF\xB7\x90") == Messages{"must not contain U+FDD0, which is not a character"});
  CHECK(name_problems("\xF0\x9F\xBF\xBF") == Messages{"must not contain U+1FFFF, which is not a character"});
  CHECK(name_problems("\xED\xA0\x80") == Messages{"must not contain U+D800, a lone surrogate"});
}

namespace {

std::vector<drsim::Diagnostic> problems_of_shop(const std::function<void(nlohmann::json&)>& change) {
  std::vector<drsim::Diagnostic> problems;
  auto document = *drsim::read_json_file(DRSIM_SOURCE_DIR "/scenarios/topologies/web-shop.json", problems);
  change(document);
  drsim::read_topology(document, "shop.json", "", problems);
  return problems;
}

} // namespace

TEST_CASE("input: every count has a limit, and a list beyond it is refused at its pointer") {
  // 201 fleets: the list is refused, its first 200 read.
  auto problems = problems_of_shop([](nlohmann::json& topology) {
    for (int i = 0; i < 200; ++i)
      topology["fleets"].push_back({{"name", "fleet-" + std::to_string(i)},
                                    {"capacity", {{"us-east-1", {{"min", 0}, {"desired", 0}, {"max", 1}}}}}});
  });
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].pointer == "/fleets");
  CHECK(problems[0].message == "has 201 fleets; drsim accepts at most 200 (see \"Limits\" in the README)");

  problems = problems_of_shop([](nlohmann::json& topology) {
    for (int i = 0; i < 50; ++i)
      topology["regions"].push_back({{"name", "r-" + std::to_string(i)}, {"azs", {"r-" + std::to_string(i) + "-az"}}});
  });
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].pointer == "/regions");
  CHECK_THAT(problems[0].message, Catch::StartsWith("has 52 regions; drsim accepts at most 50"));

  // Each fleet within its own range, but together more instances than one region may run.
  problems = problems_of_shop([](nlohmann::json& topology) {
    for (int i = 0; i < 2; ++i)
      topology["fleets"].push_back({{"name", "batch-" + std::to_string(i)},
                                    {"capacity", {{"us-west-2", {{"min", 0}, {"desired", 0}, {"max", 50000}}}}}});
  });
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].pointer == "/fleets");
  CHECK_THAT(problems[0].message, Catch::StartsWith("may run 100012 instances in region \"us-west-2\""));
}
