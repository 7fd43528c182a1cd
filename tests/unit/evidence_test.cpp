// The evidence of every report (sim/measure/evidence.hpp): its JSON object and its footers, the hashes a command
// gathers, `drsim reproduce` confirming a fresh report and naming the file of a changed byte, and the evidence pack
// of `drsim check --evidence`. The drills run with --jobs 2, in forked workers, so this process creates no Engine.

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "reports/evidence_report.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/evidence.hpp"
#include "sim/core/sha256.hpp"
#include "sim/core/version.hpp"
#include "sim/input/scenario_reader.hpp"
#include "tests/support/command_line.hpp"

using drsim::testing::fits_80_columns;
using drsim::testing::Outcome;
using drsim::testing::read;
using drsim::testing::run;
using nlohmann::json;

namespace {

const std::string scenarios_dir = DRSIM_SOURCE_DIR "/scenarios/";

// A scratch directory named after the process and the test, with a copy of the data-centre pair scenario (three
// drills per strategy) and of its topology beside it.
class Scratch {
public:
  explicit Scratch(const std::string& test)
      : path_(std::filesystem::temp_directory_path() /
              ("drsim_evidence_test_" + std::to_string(::getpid()) + "_" + test)) {
    std::filesystem::create_directories(path_ / "topologies");
    json document = json::parse(read(scenarios_dir + "dc-pair-site-loss.json"));
    document["runs"] = 3;
    write("dc.json", document.dump(2));
    write("topologies/dc-pair.json", read(scenarios_dir + "topologies/dc-pair.json"));
  }
  ~Scratch() { std::filesystem::remove_all(path_); }
  std::string path(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return path(name);
  }

private:
  std::filesystem::path path_;
};

drsim::Evidence sample_evidence() {
  drsim::Evidence evidence;
  evidence.drsim_version = "0.1.0";
  evidence.build_type = "Release";
  evidence.command = "compare";
  evidence.inputs = {
      {"scenario", "scenarios/shop-region-loss.json", std::string(64, 'a')},
      {"topology", "scenarios/topologies/a-topology-with-a-rather-long-name.json", std::string(64, 'b')}};
  evidence.resolved_sha256 = std::string(64, 'c');
  evidence.seed = 18446744073709551615u;
  evidence.runs = 10000000;
  evidence.settings.precision_percent = 2.5;
  evidence.settings.batch_runs = 40;
  evidence.settings.max_runs = 10000;
  evidence.ran_at = "2026-01-01T00:00:00Z";
  return evidence;
}

} // namespace

TEST_CASE("evidence: the JSON object names every input with its hash, the settings and the date, in a fixed order") {
  const auto json = drsim::evidence_json(sample_evidence());
  std::vector<std::string> keys;
  for (const auto& [key, value] : json.items())
    keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"drsim_version", "build_type", "command", "inputs", "resolved_scenario_sha256",
                                         "seed", "runs", "settings", "ran_at"});
  CHECK(json["inputs"][1]["role"] == "topology");
  CHECK(json["inputs"][1]["sha256"] == std::string(64, 'b'));
  CHECK(json["seed"] == 18446744073709551615u);
  CHECK(json["settings"]["precision_percent"] == 2.5);
  CHECK(json["settings"]["strategy"].is_null());
  CHECK(json["settings"]["keep_going"] == false);
}

TEST_CASE("evidence: the text and Markdown footers fit 80 columns and hold every hash") {
  std::ostringstream text, markdown, html, junit;
  const auto evidence = sample_evidence();
  drsim::write_evidence_text(text, evidence);
  drsim::write_evidence_markdown(markdown, evidence);
  drsim::write_evidence_html(html, evidence);
  drsim::write_evidence_junit_properties(junit, evidence, "  ");
  for (const auto* out : {&text, &markdown, &html, &junit})
    for (const char c : {'a', 'b', 'c'})
      CHECK(out->str().find(std::string(64, c)) != std::string::npos);
  CHECK(fits_80_columns(text.str()));
  CHECK(fits_80_columns(markdown.str()));
  CHECK(text.str().find("precision 2.5 % (first batch 40, at most 10000 runs)") != std::string::npos);
  CHECK(junit.str().find("<property name=\"topology_sha256\" value=\"" + std::string(64, 'b') + "\"/>") !=
        std::string::npos);
}

TEST_CASE("evidence: file hashes are of the bytes, the resolved hash of what is drilled") {
  Scratch scratch("hashes");
  ::setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
  const auto scenario = drsim::load_scenario_file(scratch.path("dc.json"));
  const auto evidence = drsim::gather_evidence(scenario, "compare", 7, 3);
  REQUIRE(evidence.inputs.size() == 2);
  CHECK(evidence.inputs[0].path == scratch.path("dc.json"));
  CHECK(evidence.inputs[0].sha256 == drsim::sha256_hex(read(scratch.path("dc.json"))));
  CHECK(evidence.inputs[1].path == scratch.path("topologies/dc-pair.json"));
  CHECK(evidence.inputs[1].sha256 == drsim::sha256_hex(read(scratch.path("topologies/dc-pair.json"))));
  CHECK(evidence.ran_at == "2026-01-01T00:00:00Z");
  CHECK(evidence.drsim_version == drsim::version);

  // The hashes are of the bytes the drills ran on, even when a file changes before the evidence is gathered.
  const std::string original = read(scratch.path("topologies/dc-pair.json"));
  scratch.write("topologies/dc-pair.json", original + "\n");
  CHECK(drsim::gather_evidence(scenario, "compare", 7, 3).inputs[1].sha256 == drsim::sha256_hex(original));
  scratch.write("topologies/dc-pair.json", original);

  // A malformed SOURCE_DATE_EPOCH fails before any work, as the reproducible-builds specification asks.
  for (const char* malformed : {"abc", "-1", "99999999999999999999", "253402300800"}) {
    ::setenv("SOURCE_DATE_EPOCH", malformed, 1);
    const auto refused = run({"validate", scratch.path("dc.json")});
    CHECK(refused.code == 2);
    CHECK(refused.err.starts_with("drsim: SOURCE_DATE_EPOCH: expected seconds since 1970"));
  }
  ::setenv("SOURCE_DATE_EPOCH", "1767225600", 1);

  // Another layout of the same document is another file but the same scenario; another value is another scenario.
  json document = json::parse(read(scratch.path("dc.json")));
  scratch.write("dc.json", document.dump());
  const auto relaid = drsim::gather_evidence(drsim::load_scenario_file(scratch.path("dc.json")), "compare", 7, 3);
  CHECK(relaid.inputs[0].sha256 != evidence.inputs[0].sha256);
  CHECK(relaid.resolved_sha256 == evidence.resolved_sha256);
  document["strategies"][0]["overrides"] = {{"network", {{"internet", {{"latency", "90ms"}}}}}};
  scratch.write("dc.json", document.dump());
  const auto changed = drsim::gather_evidence(drsim::load_scenario_file(scratch.path("dc.json")), "compare", 7, 3);
  CHECK(changed.resolved_sha256 != evidence.resolved_sha256);
}

TEST_CASE("reproduce: a fresh compare report is confirmed; one changed byte of an input fails naming the file") {
  Scratch scratch("reproduce");
  const auto report = scratch.path("report.json");
  const auto made = run({"compare", scratch.path("dc.json"), "--jobs", "2", "--format", "json", "--output", report});
  INFO(made.err);
  REQUIRE(made.code == 0);
  REQUIRE(json::parse(read(report)).contains("evidence"));

  const auto confirmed = run({"reproduce", report, "--jobs", "2"});
  INFO(confirmed.err);
  CHECK(confirmed.code == 0);
  CHECK(confirmed.out.find("drsim reproduce: confirmed") != std::string::npos);

  // A report whose figures were edited: the first JSON Pointer that differs.
  json edited = json::parse(read(report));
  edited["results"][1]["rto_s"]["p95"] = 1;
  const auto edited_file = scratch.write("edited.json", edited.dump(2));
  const auto figures = run({"reproduce", edited_file, "--jobs", "2"});
  CHECK(figures.code == 1);
  CHECK(figures.out.find("the figures differ, first at /results/1/rto_s/p95") != std::string::npos);

  // A report of another drsim: named, and the figures still compared.
  json older = json::parse(read(report));
  older["evidence"]["drsim_version"] = "0.0.1";
  const auto version = run({"reproduce", scratch.write("older.json", older.dump(2)), "--jobs", "2"});
  CHECK(version.code == 1);
  CHECK(version.out.find("the report was made by drsim 0.0.1 (") != std::string::npos);
  CHECK(version.out.find("figures differ") == std::string::npos);

  auto topology = read(scratch.path("topologies/dc-pair.json"));
  topology.back() = topology.back() == '\n' ? ' ' : '\n';
  scratch.write("topologies/dc-pair.json", topology);
  const auto changed = run({"reproduce", report, "--jobs", "2"});
  CHECK(changed.code == 1);
  CHECK(changed.out.find("the topology file " + scratch.path("topologies/dc-pair.json") + " changed") !=
        std::string::npos);
}

TEST_CASE("reproduce: a report without evidence, or an input not found, is bad input") {
  Scratch scratch("reproduce_bad");
  const auto bare = scratch.write("bare.json", R"({"drsim_report": 1})");
  const auto no_evidence = run({"reproduce", bare});
  CHECK(no_evidence.code == 2);
  CHECK(no_evidence.err.find("/evidence: missing") != std::string::npos);

  auto evidence = drsim::evidence_json(sample_evidence());
  evidence["inputs"][0]["path"] = scratch.path("nowhere.json");
  const auto lost = scratch.write("lost.json", json{{"drsim_report", 1}, {"evidence", evidence}}.dump());
  const auto missing = run({"reproduce", lost});
  CHECK(missing.code == 2);
  CHECK(missing.err.find("/evidence/inputs/0/path") != std::string::npos);
}

TEST_CASE("check --evidence: a pack with reports, verdicts, inputs, README and a manifest of every file") {
  Scratch scratch("pack");
  const auto pack = scratch.path("pack");
  const auto checked = run({"check", scratch.path("dc.json"), "--jobs", "2", "--evidence", pack});
  INFO(checked.err);
  REQUIRE((checked.code == 0 || checked.code == 1));
  for (const char* file : {"README.md", "MANIFEST.sha256", "dc/report.json", "dc/report.html", "dc/verdicts.txt",
                           "dc/verdicts.junit.xml", "dc/inputs/dc.json", "dc/inputs/topologies/dc-pair.json"})
    CHECK(std::filesystem::is_regular_file(pack + "/" + file));
  std::istringstream manifest(read(pack + "/MANIFEST.sha256"));
  int files = 0;
  for (std::string line; std::getline(manifest, line); ++files) {
    const auto file = line.substr(66);
    INFO(file);
    CHECK(line.substr(0, 64) == drsim::sha256_hex(read(pack + "/" + file)));
  }
  CHECK(files == 7);
  CHECK(json::parse(read(pack + "/dc/report.json"))["evidence"]["command"] == "check");

  // The pack's copies reproduce the report.
  const auto reproduced = run({"reproduce", pack + "/dc/report.json", "--jobs", "2", "--inputs", pack + "/dc/inputs"});
  INFO(reproduced.out);
  CHECK(reproduced.code == 0);

  const auto again = run({"check", scratch.path("dc.json"), "--jobs", "2", "--evidence", pack});
  CHECK(again.code == 2);
  CHECK(again.err.find("it is not empty") != std::string::npos);
  // A trailing separator names the same directory; a parent that does not exist is refused before any drill.
  const auto slashed = run({"check", scratch.path("dc.json"), "--runs", "2", "--evidence", scratch.path("pack2/")});
  INFO(slashed.err);
  CHECK((slashed.code == 0 || slashed.code == 1));
  CHECK(std::filesystem::is_regular_file(scratch.path("pack2/MANIFEST.sha256")));
  const auto orphan = run({"check", scratch.path("dc.json"), "--evidence", scratch.path("none/pack")});
  CHECK(orphan.code == 2);
  CHECK(orphan.err.find("is not a directory; create it first") != std::string::npos);
  CHECK(orphan.err.find("drill") == std::string::npos);
}
