// Text for terminals on hand-made reports: every line of compare, run and check fits 80 columns (a name too long
// for its column stands on a line of its own), an "unrec" column appears when a drill did not recover, a strategy
// none of whose drills recovered shows its data loss as unknown, durations in a column read alike, and progress
// says how long is left.

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include "reports/check_report.hpp"
#include "reports/figures.hpp"
#include "reports/plain_text.hpp"
#include "reports/table_report.hpp"
#include "reports/text_report.hpp"
#include "sim/cli/progress.hpp"
#include "sim/measure/objectives.hpp"

using namespace drsim;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

void check_fits(const std::string& text) {
  for (const auto& line : lines_of(text)) {
    INFO(line);
    CHECK(text_columns(line) <= 79);
  }
}

std::vector<DrillResult> drills(int count, std::optional<double> rto, double rpo, int unrecovered = 0) {
  std::vector<DrillResult> result;
  for (int i = 0; i < count; ++i) {
    DrillResult d;
    d.run = i;
    d.seed = 500 + static_cast<std::uint64_t>(i);
    d.fault_onset = 600;
    if (rto && i >= unrecovered)
      d.measurement.rto_s = *rto + i;
    d.measurement.rpo_s = rpo;
    d.measurement.lost_writes = 123456 * rpo;
    d.measurement.availability = 0.97;
    result.push_back(d);
  }
  return result;
}

Report report_with(std::vector<StrategyReport> strategies) {
  Report report{"shop-region-loss", "scenarios/shop-region-loss.json", 42, 100, std::move(strategies)};
  Scenario scenario;
  Objective rto;
  rto.metric = Metric::Rto;
  rto.target = 3600;
  scenario.objectives = {rto};
  attach_objectives(scenario, report);
  return report;
}

template <class Writer> std::string written(Writer writer, const Report& report) {
  std::ostringstream out;
  writer(out, report);
  return out.str();
}

} // namespace

TEST_CASE("text compare: 80 columns, an unrec column when a drill did not recover, unknown data loss") {
  auto costed = [](StrategyReport r) {
    r.monthly_cost_usd = 12345.67;
    return r;
  };
  const auto plain = report_with({costed(summarize_strategy("pilot-light", drills(100, 1500, 0.5))),
                                  costed(summarize_strategy("active-active", drills(100, 120, 0)))});
  const auto text = written(write_compare_text, plain);
  check_fits(text);
  CHECK(text.find("strategy          RTO p50  RTO p95  RPO p50  RPO p95 lost p95    avail  $/month") !=
        std::string::npos);
  CHECK(text.find("unrec") == std::string::npos);
  CHECK(text.find("pilot-light       25m 49s  26m 34s    500ms    500ms   61,728  97.000%  $12,346") !=
        std::string::npos);

  const auto unrecovered =
      report_with({costed(summarize_strategy("pilot-light", drills(100, 1500, 0.5, 7))),
                   costed(summarize_strategy("backup-restore-with-a-rather-long-name", drills(100, std::nullopt, 0))),
                   costed(summarize_strategy("warm-standby", drills(100, 7200, 0.5)))});
  const auto wide = written(write_compare_text, unrecovered);
  INFO(wide);
  check_fits(wide);
  CHECK(wide.find("strategy         unrec RTO p50 RTO p95 RPO p50 RPO p95 lost p95   avail $/month") !=
        std::string::npos);
  CHECK(wide.find("pilot-light          7 25m 53s 26m 35s   500ms   500ms   61,728 97.000% $12,346") !=
        std::string::npos);
  // Too long for its column: on a line of its own, its figures aligned beneath.
  CHECK(wide.find("\nbackup-restore-with-a-rather-long-name\n                   100       -       -       -       -"
                  "        - 97.000% $12,346\n") != std::string::npos);
  // Two hours reads "2h 00m" beside "2h 01m", never "2h".
  CHECK(wide.find("warm-standby         0  2h 01m  2h 02m") != std::string::npos);
  std::string flat = wide;
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  CHECK(flat.find("with no drill recovered, RPO and lost writes are unknown") != std::string::npos);
  // Nor has it intervals of what it lost.
  const auto intervals = wide.find("95 % confidence intervals");
  // The name on its line, its intervals on the next.
  const auto row = wide.find("\nbackup-restore-with-a-rather-long-name\n", intervals);
  REQUIRE(row != std::string::npos);
  const auto next = wide.find('\n', row + 1);
  std::istringstream cells(wide.substr(row, wide.find('\n', next + 1) - row));
  std::vector<std::string> words;
  for (std::string word; cells >> word;)
    words.push_back(word);
  CHECK(words == std::vector<std::string>{"backup-restore-with-a-rather-long-name", "-", "-", "-", "97.000%"});
}

TEST_CASE("text run: the timeline's long details hang beside it, within 80 columns") {
  DrillResult d = drills(1, 3000, 0.731).front();
  d.timeline = {{600, EventKind::Fault, "us-east-1", "region-outage"},
                {3370.943, EventKind::DnsCacheRefreshed, "shoppers",
                 "resolver caches now send 7/8 to alb-east 1/8 to alb-west, and the rest of this detail is long"}};
  const auto report = report_with({summarize_strategy("pilot-light", {d})});
  const auto text = written(write_run_text, report);
  INFO(text);
  check_fits(text);
  CHECK(text.find("  +00:56:10.943  dns-cache-refreshed   shoppers: resolver caches now send 7/8\n"
                  "                                       to alb-east 1/8 to alb-west, and the\n"
                  "                                       rest of this detail is long\n") != std::string::npos);
  // Objectives on one drill: the drill's figure against the target, never a percentile verdict.
  CHECK(text.find("Objectives, on this one drill") != std::string::npos);
  CHECK(text.find("RTO of this drill  p95 <= 1h") != std::string::npos);
  CHECK(text.find("within the target") != std::string::npos);
  CHECK(text.find("NOT MET") == std::string::npos);
}

TEST_CASE("text check: every line within 80 columns") {
  ScenarioCheck check{report_with({summarize_strategy("pilot-light", drills(100, 4000, 0.5)),
                                   summarize_strategy("active-active", drills(100, 120, 0))}),
                      {{"pilot-light", "unrecovered drills", "1 of 1000 drills", "12 of 1000 drills", 11, true}},
                      0.1};
  std::ostringstream out;
  write_check_text(out, {check});
  check_fits(out.str());
  CHECK(out.str().find("NOT MET") != std::string::npos);
  CHECK_FALSE(check_passed({check}));
}

TEST_CASE("text: one duration format in a column, and wrapping at spaces") {
  CHECK(column_duration(7200) == "2h 00m");
  CHECK(column_duration(6060) == "1h 41m");
  CHECK(column_duration(720) == "12m 00s");
  CHECK(column_duration(3599.6) == "1h 00m");
  CHECK(column_duration(44) == "44.0s");
  CHECK(column_duration(59.96) == "1m 00s");
  CHECK(column_duration(0.561) == "561ms");
  CHECK(column_duration(0) == "0s");
  CHECK(column_duration(90000) == "1d 01h");
  CHECK(wrap("aaa bbb ccc", "  ", 7) == "aaa bbb\n  ccc\n");
  CHECK(wrap("  indented text", "    ", 10) == "  indented\n    text\n");
  CHECK(hanging("time  ", "one two three", 12) == "time  one\n      two\n      three\n");
  CHECK(grouped(1234567) == "1,234,567");
}

TEST_CASE("progress: drills done, their share and the time left") {
  CHECK(progress_text("", 100, 400, std::chrono::seconds(10)) == "drsim: 100 of 400 drills (25 %), about 30s left");
  CHECK(progress_text("shop", 1200, 4000, std::chrono::seconds(12)) ==
        "drsim: shop: 1,200 of 4,000 drills (30 %), about 28s left");
  CHECK(progress_text("", 4000, 4000, std::chrono::seconds(12)) == "drsim: 4,000 of 4,000 drills (100 %)");
}

TEST_CASE("progress: a drill's simulated clock against its horizon, in whole seconds and whole percents") {
  CHECK(drill_progress_text("", "pilot-light", 3 * 3600 + 10 * 60 + 0.9, 86400) ==
        "drsim: drill of pilot-light at simulated 3h 10m of 1d (13 %)");
  CHECK(drill_progress_text("shop", "warm-standby", 0.4, 120) ==
        "drsim: shop: drill of warm-standby at simulated 0s of 2m (0 %)");
  CHECK(drill_progress_text("", "backup-restore", 8766 * 3600.0, 8766 * 3600.0) ==
        "drsim: drill of backup-restore at simulated 365d 06h of 365d 06h (100 %)");
}

TEST_CASE("text: a replay command breaks between its options, into lines a shell pastes back as one") {
  const auto pieces = replay_pieces("scenarios/shop-availability-year.json", "backup-restore", 7212371319466537421u);
  CHECK(command_lines(pieces, "    ") ==
        "    drsim run scenarios/shop-availability-year.json --strategy backup-restore \\\n"
        "      --seed 7212371319466537421\n");
  CHECK(command_lines(replay_pieces("s.json", "a", 1), "  ") == "  drsim run s.json --strategy a --seed 1\n");
  // Words a shell would read otherwise are quoted.
  CHECK(replay_command("my scenarios/it's.json", "pilot-light", 7) ==
        "drsim run 'my scenarios/it'\\''s.json' --strategy pilot-light --seed 7");
}
