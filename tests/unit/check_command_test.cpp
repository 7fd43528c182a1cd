// `drsim check` through run_cli, on a copy of a shipped scenario cut to three drills per strategy: exit codes for
// objectives met and not met, bad input, baselines (regressions, another scenario, a missing strategy), and the
// JUnit file. Every check runs with --jobs 2 or several scenarios, so the drills run in forked workers and this
// process, which runs many tests, never creates a SimGrid Engine.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "sim/cli/cli.hpp"
#include "tests/support/command_line.hpp"

using drsim::testing::fits_80_columns;
using drsim::testing::Outcome;
using drsim::testing::read;
using drsim::testing::run;
using nlohmann::json;

namespace {

const std::string scenarios_dir = DRSIM_SOURCE_DIR "/scenarios/";

// Whether some line of `text` holds every one of `parts`, in that order: a table row, whatever its column widths.
bool has_row(const std::string& text, const std::vector<std::string>& parts) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::size_t at = 0;
    bool all = true;
    for (const auto& part : parts) {
      at = line.find(part, at);
      if (at == std::string::npos) {
        all = false;
        break;
      }
      at += part.size();
    }
    if (all)
      return true;
  }
  return false;
}

// `text` on one line: a sentence the report wraps reads the same.
std::string flat(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

// A scratch directory named after the process and the test, removed at the end of the test.
class Scratch {
public:
  explicit Scratch(const std::string& test)
      : path_(std::filesystem::temp_directory_path() /
              ("drsim_check_test_" + std::to_string(::getpid()) + "_" + test)) {
    std::filesystem::create_directories(path_);
  }
  ~Scratch() { std::filesystem::remove_all(path_); }
  std::string path(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const json& document) const {
    std::ofstream(path_ / name, std::ios::binary) << document.dump(2);
    return path(name);
  }

  // The data-centre pair scenario with three drills per strategy and the given objectives.
  std::string scenario(const std::string& name, const json& objectives,
                       const std::string& scenario_name = "dc-pair-site-loss") const {
    json document = json::parse(read(scenarios_dir + "dc-pair-site-loss.json"));
    document["name"] = scenario_name;
    document["topology"] = scenarios_dir + document["topology"].get<std::string>();
    document["runs"] = 3;
    document["objectives"] = objectives;
    return write(name, document);
  }

private:
  std::filesystem::path path_;
};

const json generous = json::array({{{"metric", "rto"}, {"stat", "max"}, {"target", "24h"}},
                                   {{"metric", "availability"}, {"stat", "mean"}, {"target", 0.5}}});

} // namespace

TEST_CASE("check: exit 0 when every objective holds, one line per objective") {
  Scratch scratch("met");
  const auto file = scratch.scenario("dc.json", generous);
  const auto outcome = run({"check", file, "--jobs", "2"});
  INFO(outcome.err);
  CHECK(outcome.code == 0);
  CHECK(outcome.out.find("Scenario dc-pair-site-loss: 3 drills per strategy, seed 42\n\nmanual-runbook\n") !=
        std::string::npos);
  CHECK(has_row(outcome.out, {"  RTO max", "<= 1d", "met"}));
  CHECK(has_row(outcome.out, {"  availability mean", ">= 50.000 %", "met"}));
  CHECK(outcome.out.find("drsim check: 4 objectives: 4 met, 0 not met. Passed.") != std::string::npos);
  CHECK(fits_80_columns(outcome.out));
}

TEST_CASE("check: exit 1 when an objective does not hold") {
  Scratch scratch("not_met");
  json objectives = generous;
  objectives.push_back({{"metric", "rpo"}, {"stat", "p95"}, {"target", "1s"}, {"strategies", {"rehearsed-runbook"}}});
  const auto file = scratch.scenario("dc.json", objectives);
  const auto junit = scratch.path("junit.xml");
  const auto outcome = run({"check", file, "--jobs", "2", "--junit", junit});
  INFO(outcome.err);
  CHECK(outcome.code == 1);
  CHECK(has_row(outcome.out, {"  RPO p95", "<= 1s", "NOT MET"}));
  CHECK(outcome.out.find("5 objectives: 4 met, 1 not met. FAILED.") != std::string::npos);

  const auto xml = read(junit);
  CHECK(xml.find("<testsuites name=\"drsim check\" tests=\"5\" failures=\"1\" errors=\"0\" skipped=\"0\">") !=
        std::string::npos);
  CHECK(xml.find("<testcase classname=\"dc-pair-site-loss.rehearsed-runbook\" name=\"RPO p95 &lt;= 1s\">") !=
        std::string::npos);
  // Same inputs, same bytes.
  CHECK(run({"check", file, "--jobs", "2", "--junit", junit}).code == 1);
  CHECK(read(junit) == xml);

  // As a GitHub annotation on the objective's line: the object that opens there is the RPO objective.
  const auto annotated = run({"check", file, "--jobs", "2", "--annotations", "github"});
  CHECK(annotated.code == 1);
  const auto at = annotated.out.find("::error file=" + file + ",line=");
  REQUIRE(at != std::string::npos);
  const auto line = std::stoul(annotated.out.substr(at + 19 + file.size()));
  std::istringstream lines(read(file));
  std::string text, object;
  for (std::size_t n = 1; std::getline(lines, text); ++n)
    if (n >= line && object.find('}') == std::string::npos)
      object += text;
  CHECK(object.find("\"metric\": \"rpo\"") != std::string::npos);
  CHECK(annotated.out.find("replay: drsim run " + file + " --strategy rehearsed-runbook --seed ") != std::string::npos);
  CHECK(run({"check", file, "--jobs", "2", "--annotations", "gitlab"}).code == 2);
}

TEST_CASE("check: an objective three drills cannot decide fails as \"cannot tell\", in text and JUnit") {
  Scratch scratch("cannot_tell");
  json objectives = generous;
  // The p95 of three drills has no upper bound: a generous target is not shown to hold.
  objectives.push_back({{"metric", "rto"}, {"stat", "p95"}, {"target", "24h"}, {"strategies", {"manual-runbook"}}});
  const auto file = scratch.scenario("dc.json", objectives);
  const auto junit = scratch.path("junit.xml");
  const auto outcome = run({"check", file, "--jobs", "2", "--junit", junit});
  INFO(outcome.out << outcome.err);
  CHECK(outcome.code == 1);
  CHECK(has_row(outcome.out, {"  RTO p95", "<= 1d", ">= ", "cannot tell"}));
  CHECK(flat(outcome.out).find("5 objectives: 4 met, 0 not met, 1 cannot tell with 3 runs. FAILED.") !=
        std::string::npos);
  CHECK(fits_80_columns(outcome.out));
  const auto xml = read(junit);
  CHECK(xml.find("failures=\"1\"") != std::string::npos);
  CHECK(xml.find("type=\"cannot tell\"") != std::string::npos);
  CHECK(xml.find("cannot tell with 3 runs whether it meets &lt;= 1d") != std::string::npos);
}

TEST_CASE("check: several scenarios, one testsuite each, even with --jobs 1") {
  Scratch scratch("several");
  const auto first = scratch.scenario("first.json", generous);
  const auto second = scratch.scenario("second.json", generous, "dc-pair-again");
  const auto junit = scratch.path("junit.xml");
  const auto outcome = run({"check", first, second, "--jobs", "1", "--junit", junit});
  INFO(outcome.err);
  CHECK(outcome.code == 0);
  CHECK(outcome.out.find("drsim check: 8 objectives: 8 met, 0 not met. Passed.") != std::string::npos);
  const auto xml = read(junit);
  CHECK(xml.find("<testsuite name=\"dc-pair-site-loss\" tests=\"4\"") != std::string::npos);
  CHECK(xml.find("<testsuite name=\"dc-pair-again\" tests=\"4\"") != std::string::npos);
}

TEST_CASE("check: bad input and usage exit 2") {
  Scratch scratch("bad_input");
  const auto file = scratch.scenario("dc.json", generous);
  CHECK(run({"check"}).code == 2);
  CHECK(run({"check", scratch.path("missing.json")}).code == 2);
  CHECK(run({"check", file, "--tolerance", "-5"}).code == 2);
  CHECK(run({"check", file, "--runs", "0"}).code == 2);

  const auto not_json = scratch.path("not.json");
  std::ofstream(not_json) << "{ nope";
  auto outcome = run({"check", file, "--baseline", not_json});
  CHECK(outcome.code == 2);
  CHECK(outcome.err.starts_with(not_json + ": (document): invalid JSON at line 1"));

  const auto other = scratch.write(
      "other.json", {{"drsim_report", 1}, {"scenario", "shop"}, {"seed", 1}, {"runs", 3}, {"results", json::array()}});
  outcome = run({"check", file, "--baseline", other});
  CHECK(outcome.code == 2);
  CHECK(outcome.err == other + ": /scenario: the baseline is of scenario \"shop\", not of \"dc-pair-site-loss\" (" +
                           file + "); compare with a baseline of the same scenario\n");
}

TEST_CASE("check: unreadable input, a nonsense baseline and an unwritable JUnit file exit 2 with their names") {
  Scratch scratch("hostile");
  const auto file = scratch.scenario("dc.json", generous);
  // /proc/self/mem looks like a regular file, but its first page cannot be read.
  auto outcome = run({"check", "/proc/self/mem"});
  CHECK(outcome.code == 2);
  CHECK(outcome.err.starts_with("/proc/self/mem: (document): cannot be read: "));

  const auto base = scratch.path("base.json");
  REQUIRE(run({"compare", file, "--jobs", "2", "--format", "json", "--output", base}).code == 0);
  json document = json::parse(read(base));
  document["results"][0]["runs"] = -2147483648LL;
  document["results"][1]["availability"] = -1e308; // once printed as "inf %"
  const auto nonsense = scratch.write("nonsense.json", document);
  outcome = run({"check", file, "--jobs", "2", "--baseline", nonsense});
  CHECK(outcome.code == 2);
  CHECK(outcome.out.empty()); // refused before any drill
  CHECK(outcome.err.find(nonsense + ": /results/0/runs: expected a whole number from 1 to 1e+07") != std::string::npos);
  CHECK(outcome.err.find(nonsense + ": /results/1/availability: expected a number from 0 to 1") != std::string::npos);

  if (std::filesystem::is_character_file("/dev/full")) {
    outcome = run({"check", file, "--jobs", "2", "--junit", "/dev/full"});
    CHECK(outcome.code == 2);
    CHECK(outcome.err.find("--junit: cannot write '/dev/full': No space left on device") != std::string::npos);
  }
}

TEST_CASE("check: a baseline catches a figure that got worse, even within the objective") {
  Scratch scratch("baseline");
  const auto file = scratch.scenario("dc.json", generous);
  const auto base = scratch.path("base.json");
  REQUIRE(run({"compare", file, "--jobs", "2", "--format", "json", "--output", base}).code == 0);

  // The same drills again: nothing regressed.
  auto outcome = run({"check", file, "--jobs", "2", "--baseline", base});
  INFO(outcome.out << outcome.err);
  CHECK(outcome.code == 0);
  CHECK(has_row(outcome.out, {"  RTO p95", "+0.0 %", "ok"}));
  CHECK(flat(outcome.out).find(" baseline figures: 0 regressed. Passed.") != std::string::npos);
  CHECK(fits_80_columns(outcome.out));

  // A baseline whose RTO p95 was a fifth shorter: 25 % worse now, beyond 10 % but within 30 %.
  json document = json::parse(read(base));
  document["results"][0]["rto_s"]["p95"] = document["results"][0]["rto_s"]["p95"].get<double>() * 0.8;
  const auto better = scratch.write("better.json", document);
  outcome = run({"check", file, "--jobs", "2", "--baseline", better});
  CHECK(outcome.code == 1);
  CHECK(has_row(outcome.out, {"  RTO p95", "+25.0 %", "REGRESSED"}));
  CHECK(run({"check", file, "--jobs", "2", "--baseline", better, "--tolerance", "30"}).code == 0);

  // A baseline without one of the strategies cannot be compared.
  document["results"].erase(1);
  const auto partial = scratch.write("partial.json", document);
  outcome = run({"check", file, "--jobs", "2", "--baseline", partial});
  CHECK(outcome.code == 2);
  CHECK(outcome.err.find("/results: the baseline has no strategy \"rehearsed-runbook\"") != std::string::npos);
}
