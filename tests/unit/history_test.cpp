// The history of checks (sim/history): what an append writes, read back, and the files it refuses; `drsim history`
// in its formats.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <sqlite3.h>
#include <unistd.h>

#include "reports/history_report.hpp"
#include "sim/cli/cli.hpp"
#include "sim/core/errors.hpp"
#include "sim/history/store.hpp"

namespace {

using drsim::CheckIdentity;
using drsim::Metric;
using drsim::ObjectiveResult;
using drsim::Report;
using drsim::Statistic;
using drsim::StrategyReport;
using drsim::Verdict;

struct TemporaryDirectory {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("drsim-history-test-" + std::to_string(::getpid()));
  TemporaryDirectory() { std::filesystem::create_directories(path); }
  ~TemporaryDirectory() { std::filesystem::remove_all(path); }
};

Report judged_report(double rto_p95) {
  Report report{"shop", "shop.json", 42, 200, {}};
  StrategyReport pilot;
  pilot.strategy = "pilot-light";
  ObjectiveResult rto;
  rto.index = 0;
  rto.metric = Metric::Rto;
  rto.stat = Statistic::P95;
  rto.target = 3600;
  rto.observed = rto_p95;
  rto.verdict = rto_p95 <= 3600 ? Verdict::Met : Verdict::NotMet;
  ObjectiveResult unrecovered = rto;
  unrecovered.index = 1;
  unrecovered.observed.reset();
  unrecovered.verdict = Verdict::NotMet;
  pilot.objectives = {rto, unrecovered};
  report.results.push_back(pilot);
  return report;
}

CheckIdentity identity(const std::string& when, const std::string& commit) {
  return {.recorded_at = when,
          .scenario = "shop",
          .scenario_sha256 = std::string(64, 'a'),
          .drsim_version = "1.2.3",
          .commit = commit,
          .runs = 200,
          .seed = 18446744073709551615ULL};
}

std::string refusal(const std::string& file) {
  try {
    drsim::read_history(file);
  } catch (const drsim::InputError& error) {
    return error.diagnostics().front().str();
  }
  return "";
}

} // namespace

TEST_CASE("history: every judged objective of every check comes back in the order it was appended") {
  TemporaryDirectory directory;
  const auto file = (directory.path / "history.sqlite").string();
  drsim::append_to_history(file, identity("2026-11-01T10:00:00Z", "abc"), judged_report(1800));
  drsim::append_to_history(file, identity("2026-11-02T10:00:00Z", ""), judged_report(4000));
  const auto entries = drsim::read_history(file);
  REQUIRE(entries.size() == 4);
  CHECK(entries[0].check == 1);
  CHECK(entries[0].identity.recorded_at == "2026-11-01T10:00:00Z");
  CHECK(entries[0].identity.commit == "abc");
  CHECK(entries[0].identity.seed == 18446744073709551615ULL);
  CHECK(entries[0].strategy == "pilot-light");
  CHECK(entries[0].metric == Metric::Rto);
  CHECK(entries[0].stat == Statistic::P95);
  CHECK(entries[0].target == 3600);
  CHECK(entries[0].observed == 1800);
  CHECK(entries[0].verdict == Verdict::Met);
  CHECK(entries[1].objective == 1);
  CHECK_FALSE(entries[1].observed);
  CHECK(entries[2].check == 2);
  CHECK(entries[2].observed == 4000);
  CHECK(entries[2].verdict == Verdict::NotMet);

  std::ostringstream text;
  drsim::write_history_text(text, entries);
  CHECK(text.str() == "Scenario shop\n"
                      "\n"
                      "pilot-light: RTO p95 <= 1h\n"
                      "check  recorded (UTC)        commit  runs    observed  verdict\n"
                      "1      2026-11-01T10:00:00Z  abc      200         30m  met\n"
                      "2      2026-11-02T10:00:00Z  -        200  1h 06m 40s  NOT MET\n"
                      "\n"
                      "pilot-light: RTO p95 <= 1h\n"
                      "check  recorded (UTC)        commit  runs      observed  verdict\n"
                      "1      2026-11-01T10:00:00Z  abc      200  not computed  NOT MET\n"
                      "2      2026-11-02T10:00:00Z  -        200  not computed  NOT MET\n");
}

TEST_CASE("history: a file that is not a drsim history is refused, never changed") {
  TemporaryDirectory directory;
  const auto missing = (directory.path / "missing.sqlite").string();
  CHECK(refusal(missing) == missing + ": (document): no such history file; `drsim check --history FILE` creates one");
  CHECK_FALSE(std::filesystem::exists(missing));

  const auto text = (directory.path / "notes.txt").string();
  std::ofstream(text) << "not a database, but long enough to have a header of its own ...............";
  CHECK(refusal(text) == text + ": (document): cannot read it: file is not a database");

  const auto other = (directory.path / "other.sqlite").string();
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(other.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  CHECK(refusal(other) == other + ": (document): is not a drsim history (SQLite user_version 0, expected 1)");
  CHECK_THROWS_AS(drsim::append_to_history(other, identity("2026-11-01T10:00:00Z", ""), judged_report(1)),
                  drsim::InputError);
}

TEST_CASE("history: the command writes text, JSON or the HTML page, and refuses other formats") {
  TemporaryDirectory directory;
  const auto file = (directory.path / "history.sqlite").string();
  drsim::append_to_history(file, identity("2026-11-01T10:00:00Z", "abc"), judged_report(1800));
  const auto history = [&](const std::vector<std::string>& options) {
    std::ostringstream out, err;
    std::vector<std::string> args{"history", file};
    args.insert(args.end(), options.begin(), options.end());
    const int code = drsim::run_cli(args, out, err);
    return std::make_tuple(code, out.str(), err.str());
  };
  const auto [html_code, html, html_err] = history({"--format", "html"});
  CHECK(html_code == 0);
  CHECK(html.starts_with("<!DOCTYPE html>"));
  CHECK(html.find("<h3>pilot-light: RTO p95 &lt;= 1h</h3>") != std::string::npos);
  CHECK(std::get<1>(history({})).starts_with("Scenario shop\n"));
  CHECK(std::get<1>(history({"--format", "json"})).starts_with("{\n  \"drsim_history\": 1,"));
  const auto [code, out, err] = history({"--format", "xml"});
  CHECK(code == 2);
  CHECK(err == "drsim: --format: unknown format 'xml'; expected text, json or html\n");
  CHECK(std::get<1>(history({"--help"})).starts_with("Usage: drsim history FILE [--format text|json|html]"));
}
