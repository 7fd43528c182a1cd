// The Markdown, HTML, JUnit and CSV writers on hand-made reports: Markdown tables align in the raw text, the HTML's
// SVG charts are well-formed with finite coordinates and the page needs nothing from outside, the JUnit XML parses
// back with consistent counts, and CSV has one row per drill. Every compare writer, the text table and JSON too,
// shows a long-run report's figures. The history's page plots each objective over the checks. A sweep's writers give
// each point's figures with their intervals, a chart per varied parameter and a heat map for two.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/csv_report.hpp"
#include "reports/figures.hpp"
#include "reports/history_report.hpp"
#include "reports/html_report.hpp"
#include "reports/json_report.hpp"
#include "reports/junit_report.hpp"
#include "reports/markdown_report.hpp"
#include "reports/svg/axis.hpp"
#include "reports/svg/palette.hpp"
#include "reports/sweep_report.hpp"
#include "reports/table_report.hpp"
#include "sim/measure/objectives.hpp"

using namespace drsim;

namespace {

DrillResult drill(std::uint64_t seed, std::optional<double> rto, double rpo, double availability) {
  DrillResult d;
  d.seed = seed;
  d.fault_onset = 600;
  d.end = 86400;
  d.measurement.first_failure = 600;
  if (rto) {
    d.measurement.recovered_at = 600 + *rto;
    d.measurement.rto_s = rto;
  }
  d.measurement.rpo_s = rpo;
  d.measurement.lost_writes = rpo * 20;
  d.measurement.availability = availability;
  return d;
}

// Three strategies whose RTOs span from seconds to hours (a logarithmic axis), one with RPO zero (the axis's zero
// position) and one with unrecovered drills.
Report compare_report() {
  Scenario scenario;
  Objective rto;
  rto.metric = Metric::Rto;
  rto.target = 3600;
  Objective availability;
  availability.metric = Metric::Availability;
  availability.stat = Statistic::Mean;
  availability.target = 0.999;
  Objective cost;
  cost.metric = Metric::MonthlyCost;
  cost.target = 5000;
  scenario.objectives = {rto, availability, cost};

  Report report{"shop-region-loss", "shop.json", 42, 10, {}};
  std::vector<DrillResult> backup, pilot, active;
  for (int i = 0; i < 10; ++i) {
    backup.push_back(drill(100 + i, i < 2 ? std::nullopt : std::optional(5000.0 + 700 * i), 180 + 10 * i, 0.95));
    pilot.push_back(drill(200 + i, 1500 + 60 * i, 0.5 + 0.1 * i, 0.985));
    active.push_back(drill(300 + i, 110 + i, 0, 0.9995));
    backup.back().run = pilot.back().run = active.back().run = i;
  }
  report.results.push_back(summarize_strategy("backup-restore", backup));
  report.results.push_back(summarize_strategy("pilot-light", pilot));
  report.results.push_back(summarize_strategy("active-active", active));
  attach_objectives(scenario, report);
  return report;
}

Report run_report(bool recovered) {
  DrillResult d = drill(7, recovered ? std::optional(2999.892) : std::nullopt, 0.731, 0.967);
  d.end = 22800;
  d.timeline = {{64.365, EventKind::HealthCheckFailed, "alb-west", "Route 53 check after 3 probes"},
                {600, EventKind::Fault, "us-east-1", "region-outage"},
                {677.766, EventKind::Alarm, "detect", "the health check of alb-east failed"},
                {677.766, EventKind::StepDone, "detect", "detect"},
                {1330.152, EventKind::StepDone, "page", "page"},
                {3013.113, EventKind::StepDone, "decide", "decide"},
                {3013.113, EventKind::StepDone, "scale", "scale"},
                {3599.892, EventKind::StepDone, "promote", "promote | with a pipe"},
                {22200, EventKind::FaultEnded, "us-east-1", "region-outage"}};
  OutcomeSeries shoppers;
  shoppers.population = "shoppers";
  shoppers.rate_rps = 100;
  shoppers.points = {{600, 0}, {3360, 0.5}, {3400, 0.97}, {3599.892, 1}};
  OutcomeSeries admins;
  admins.population = "admins";
  admins.rate_rps = 1;
  admins.points = {{600, 0}, {3000, 1}};
  d.outcomes = {shoppers, admins};
  Report report{"shop-region-loss", "shop.json", 7, 1, {}};
  report.results.push_back(summarize_strategy("pilot-light", {d}));
  Scenario scenario;
  Objective rto;
  rto.metric = Metric::Rto;
  rto.target = 3000;
  scenario.objectives = {rto};
  attach_objectives(scenario, report);
  return report;
}

// Two strategies of a long-run scenario, two one-year runs each. The long-run figures are set by hand, to values
// that print recognisably; the outages behind them feed the per-run CSV columns and the downtime chart.
Report long_run_report() {
  auto with_outages = [](DrillResult d, std::vector<Outage> outages) {
    d.outages = std::move(outages);
    return d;
  };
  Report report{"shop-year", "shop-year.json", 5, 2, {}};
  const Outage unended{seconds_per_year - 600, std::nullopt, 45, 2.25};
  // A year of random failures: the charts read the long-run figures the drills streamed into.
  static const Scenario year = [] {
    Scenario scenario;
    scenario.horizon_s = seconds_per_year;
    scenario.random_failures.push_back(
        {FailureTarget::Instance, "", Distribution::exponential(1), Distribution::fixed(0)});
    scenario.strategies = {Strategy{}, Strategy{}};
    scenario.strategies[0].name = "pilot-light";
    scenario.strategies[1].name = "active-active";
    return scenario;
  }();
  for (const auto& [strategy, drills] :
       {std::pair(&year.strategies[0],
                  std::vector{with_outages(drill(11, 750, 0.5, 0.99991), {{1000, 1750, 10, 0.5}, {50000, 53723, 0, 0}}),
                              with_outages(drill(12, 600, 2.25, 0.99989), {unended})}),
        std::pair(&year.strategies[1],
                  std::vector{with_outages(drill(21, 45, 0, 0.99998), {{2000, 2045, 0, 0}}), drill(22, 45, 0, 1)})}) {
    auto result = summarize_strategy(strategy->name, drills);
    result.figures = summarize_strategy(year, *strategy, drills).figures;
    report.results.push_back(std::move(result));
  }
  LongRunReport pilot;
  pilot.years_per_run = 1;
  pilot.downtime_min_per_month = {3.523, 0.833, 6.2125, 6.2125, 6.2125, 2, {}, {}, {}, {}};
  pilot.outages_per_year = {1.5, 1, 2, 2, 2, 2, {}, {}, {}, {}};
  pilot.outage_length_s = {2236.5, 750, 3723, 3723, 3723, 2, {}, {}, {}, {}};
  pilot.outage_rpo_s = {0.917, 0.5, 2.25, 2.25, 2.25, 3, {}, {}, {}, {}};
  pilot.outage_lost_writes = {18.333, 10, 45, 45, 45, 3, {}, {}, {}, {}};
  pilot.outages = 3;
  pilot.unended_outages = 1;
  report.results[0].long_run = pilot;
  LongRunReport active;
  active.years_per_run = 1;
  active.downtime_min_per_month = {0.0313, 0, 0.0625, 0.0625, 0.0625, 2, {}, {}, {}, {}};
  active.outages_per_year = {0.5, 0, 1, 1, 1, 2, {}, {}, {}, {}};
  active.outage_length_s = {45, 45, 45, 45, 45, 1, {}, {}, {}, {}};
  active.outage_rpo_s = {0, 0, 0, 0, 0, 1, {}, {}, {}, {}};
  active.outage_lost_writes = {0, 0, 0, 0, 0, 1, {}, {}, {}, {}};
  active.outages = 1;
  report.results[1].long_run = active;
  return report;
}

template <class Writer> std::string written(Writer writer, const Report& report) {
  std::ostringstream out;
  writer(out, report);
  return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

// Positions of the column separators: pipes not escaped by a backslash.
std::vector<std::size_t> pipes(const std::string& line) {
  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < line.size(); ++i)
    if (line[i] == '|' && (i == 0 || line[i - 1] != '\\'))
      at.push_back(i);
  return at;
}

// Every table (a run of lines starting with '|') has rows of equal length with their pipes at equal positions.
int check_tables_align(const std::string& markdown) {
  int tables = 0;
  const auto lines = lines_of(markdown);
  for (std::size_t i = 0; i < lines.size();) {
    if (!lines[i].starts_with('|')) {
      ++i;
      continue;
    }
    ++tables;
    const auto first = i;
    for (; i < lines.size() && lines[i].starts_with('|'); ++i) {
      INFO(lines[first] << '\n' << lines[i]);
      CHECK(lines[i].size() == lines[first].size());
      CHECK(pipes(lines[i]) == pipes(lines[first]));
    }
    CHECK(i - first >= 2);
  }
  return tables;
}

// A minimal XML reader, enough to tell well-formed documents from broken ones: nested tags balanced, attribute
// values quoted and without '<', and every '&' starting an entity.
struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string text; //!< the text directly inside, entities left as written
};

struct Xml {
  std::string error; //!< empty when well-formed
  std::vector<Element> elements;

  std::vector<const Element*> all(const std::string& name) const {
    std::vector<const Element*> found;
    for (const auto& e : elements)
      if (e.name == name)
        found.push_back(&e);
    return found;
  }
};

bool entities_valid(const std::string& text) {
  for (std::size_t at = text.find('&'); at != std::string::npos; at = text.find('&', at + 1)) {
    const auto end = text.find(';', at);
    if (end == std::string::npos)
      return false;
    const auto entity = text.substr(at + 1, end - at - 1);
    const bool numeric = entity.size() > 1 && entity[0] == '#' &&
                         std::all_of(entity.begin() + 1, entity.end(), [](char c) { return std::isdigit(c) != 0; });
    if (!numeric && entity != "amp" && entity != "lt" && entity != "gt" && entity != "quot" && entity != "apos")
      return false;
  }
  return true;
}

Xml parse_xml(const std::string& text) {
  Xml xml;
  std::vector<std::size_t> open;
  std::size_t at = 0;
  auto fail = [&](const std::string& why) {
    xml.error = why + " at offset " + std::to_string(at);
    return xml;
  };
  auto is_name = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == ':';
  };
  if (text.starts_with("<?xml"))
    at = text.find("?>") + 2;
  while (at < text.size()) {
    const auto lt = text.find('<', at);
    const auto chunk = text.substr(at, lt == std::string::npos ? std::string::npos : lt - at);
    if (!entities_valid(chunk))
      return fail("bad entity in text");
    if (open.empty() && chunk.find_first_not_of(" \n") != std::string::npos)
      return fail("text outside the root element");
    if (!open.empty())
      xml.elements[open.back()].text += chunk;
    if (lt == std::string::npos)
      break;
    at = lt + 1;
    if (text.compare(at, 1, "/") == 0) {
      const auto gt = text.find('>', at);
      const auto name = text.substr(at + 1, gt - at - 1);
      if (open.empty() || xml.elements[open.back()].name != name)
        return fail("unbalanced </" + name + ">");
      open.pop_back();
      at = gt + 1;
      continue;
    }
    Element element;
    while (at < text.size() && is_name(text[at]))
      element.name += text[at++];
    if (element.name.empty())
      return fail("'<' that starts no tag");
    bool closed = false;
    while (true) {
      while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at])))
        ++at;
      if (text.compare(at, 2, "/>") == 0) {
        closed = true;
        at += 2;
        break;
      }
      if (text.compare(at, 1, ">") == 0) {
        ++at;
        break;
      }
      std::string name;
      while (at < text.size() && is_name(text[at]))
        name += text[at++];
      if (name.empty() || text.compare(at, 2, "=\"") != 0)
        return fail("unquoted or malformed attribute in <" + element.name + ">");
      at += 2;
      const auto quote = text.find('"', at);
      const auto value = text.substr(at, quote - at);
      if (quote == std::string::npos || value.find('<') != std::string::npos || !entities_valid(value))
        return fail("bad value of attribute " + name);
      if (element.attributes.count(name))
        return fail("attribute " + name + " twice");
      element.attributes[name] = value;
      at = quote + 1;
    }
    if (open.empty() && !xml.elements.empty())
      return fail("a second root element");
    xml.elements.push_back(element);
    if (!closed)
      open.push_back(xml.elements.size() - 1);
  }
  if (!open.empty())
    return fail("<" + xml.elements[open.back()].name + "> never closed");
  return xml;
}

// Every chart of the page as parsed XML.
std::vector<Xml> svgs_of(const std::string& page) {
  std::vector<Xml> svgs;
  for (auto start = page.find("<svg"); start != std::string::npos; start = page.find("<svg", start + 1)) {
    const auto end = page.find("</svg>", start);
    REQUIRE(end != std::string::npos);
    svgs.push_back(parse_xml(page.substr(start, end + 6 - start)));
  }
  return svgs;
}

// Well-formed charts whose every coordinate is a finite number.
void check_charts(const std::string& page) {
  const auto svgs = svgs_of(page);
  CHECK(svgs.size() > 0);
  std::size_t opened = 0, closed = 0;
  for (auto at = page.find("<svg"); at != std::string::npos; at = page.find("<svg", at + 1))
    ++opened;
  for (auto at = page.find("</svg>"); at != std::string::npos; at = page.find("</svg>", at + 1))
    ++closed;
  CHECK(opened == closed);
  for (const auto& svg : svgs) {
    INFO(svg.error);
    CHECK(svg.error.empty());
    for (const auto& e : svg.elements)
      for (const auto& [name, value] : e.attributes) {
        if (name != "d" && name != "x" && name != "y" && name != "x1" && name != "x2" && name != "y1" && name != "y2" &&
            name != "cx" && name != "cy" && name != "r" && name != "viewBox" && name != "transform")
          continue;
        std::string lower = value;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        INFO(e.name << ' ' << name << "=\"" << value << '"');
        CHECK(lower.find("nan") == std::string::npos);
        CHECK(lower.find("inf") == std::string::npos);
      }
  }
}

// Opens offline: nothing fetched, nothing run.
void check_self_contained(const std::string& page) {
  CHECK(page.starts_with("<!DOCTYPE html>"));
  CHECK(page.find("<script") == std::string::npos);
  CHECK(page.find("src=") == std::string::npos);
  CHECK(page.find("href=") == std::string::npos);
  CHECK(page.find("url(") == std::string::npos);
  CHECK(page.find("@import") == std::string::npos);
  std::string without_namespace = page;
  for (auto at = without_namespace.find("xmlns=\"http://www.w3.org/2000/svg\""); at != std::string::npos;
       at = without_namespace.find("xmlns=\"http://www.w3.org/2000/svg\""))
    without_namespace.erase(at, 34);
  CHECK(without_namespace.find("http") == std::string::npos);
}

} // namespace

TEST_CASE("markdown: every table's columns align in the raw text") {
  const auto compare = written(write_compare_markdown, compare_report());
  CHECK(check_tables_align(compare) == 4); // results, intervals, objectives, recommendation
  CHECK(compare.find("# drsim compare: shop-region-loss") != std::string::npos);
  CHECK(compare.find("| backup-restore |") != std::string::npos);
  CHECK(compare.find("**NOT MET**") != std::string::npos);
  CHECK(compare.find("not evaluated") != std::string::npos);
  // Numbers align right, names left.
  CHECK(compare.find("| strategy       | drills |") != std::string::npos);
  CHECK(compare.find("| -------------- | -----: |") != std::string::npos);

  const auto run = written(write_run_markdown, run_report(true));
  CHECK(check_tables_align(run) == 3);
  CHECK(run.find("promote \\| with a pipe") != std::string::npos);
  CHECK(run.find("| RTO                  |") != std::string::npos);
}

TEST_CASE("html compare: a self-contained page with well-formed charts") {
  auto report = compare_report();
  const auto page = written(write_compare_html, report);
  check_self_contained(page);
  check_charts(page);
  CHECK(svgs_of(page).size() == 2); // RTO and RPO; no cost chart without costs
  CHECK(page.find("RTO (logarithmic scale)") != std::string::npos);
  CHECK(page.find("backup-restore (2 of 10 unrecovered)") != std::string::npos);
  CHECK(page.find("Monthly cost against RTO: not drawn.") != std::string::npos);
  CHECK(page.find("<span class=\"badge failed\">NOT MET</span>") != std::string::npos);

  for (std::size_t i = 0; i < report.results.size(); ++i)
    report.results[i].monthly_cost_usd = 500.0 + 1500 * static_cast<double>(i);
  report.results[0].strategy = "backup<&>\"restore\"";
  const auto costed = written(write_compare_html, report);
  check_self_contained(costed);
  check_charts(costed);
  const auto svgs = svgs_of(costed);
  REQUIRE(svgs.size() == 3);
  CHECK(svgs[2].all("circle").size() == 3);
  CHECK(costed.find("monthly cost (USD)") != std::string::npos);
  CHECK(costed.find("backup&lt;&amp;&gt;&quot;restore&quot;") != std::string::npos);
  CHECK(costed.find("backup<&") == std::string::npos);
}

TEST_CASE("html run: the timeline marks the fault, alarms, steps and recovery") {
  const auto page = written(write_run_html, run_report(true));
  check_self_contained(page);
  check_charts(page);
  const auto svgs = svgs_of(page);
  REQUIRE(svgs.size() == 2); // the incident, and the whole drill, six times longer
  CHECK(page.find("fault: region-outage") != std::string::npos);
  CHECK(page.find("recovered (RTO 50m)") != std::string::npos);
  CHECK(page.find("clients: shoppers") != std::string::npos);
  CHECK(page.find("fault ends") != std::string::npos); // in the whole-drill chart only
  CHECK(svgs[0].all("circle").size() == 5);            // the steps done during the incident
  CHECK(page.find("successful requests") != std::string::npos);
  CHECK(page.find("simulated time since the drill started") != std::string::npos);

  const auto unrecovered = written(write_run_html, run_report(false));
  check_charts(unrecovered);
  CHECK(unrecovered.find("recovered (RTO") == std::string::npos);
  CHECK(unrecovered.find("<div class=\"value\">unrecovered</div>") != std::string::npos);
}

TEST_CASE("junit: well-formed, escaped, with consistent counts and identical bytes for identical inputs") {
  ScenarioCheck check{compare_report(), {}, 0.1};
  check.report.results[1].strategy = "pilot <light> & \"friends\"";
  check.baseline = {{"pilot-light", "RTO p95", "20m", "25m", 0.25, true},
                    {"pilot-light", "RPO p95", "1s", "1s", 0, false}};
  std::ostringstream first, second;
  write_junit(first, {check});
  write_junit(second, {check});
  CHECK(first.str() == second.str());

  const auto xml = parse_xml(first.str());
  INFO(xml.error);
  REQUIRE(xml.error.empty());
  REQUIRE(xml.all("testsuites").size() == 1);
  REQUIRE(xml.all("testsuite").size() == 1);
  const auto& root = *xml.all("testsuites").front();
  // 3 strategies x 3 objectives, and 2 baseline figures.
  CHECK(xml.all("testcase").size() == 11);
  CHECK(root.attributes.at("tests") == "11");
  // Not met: backup-restore's RTO p95 over unrecovered drills and availability, pilot-light's availability; cannot
  // tell: the RTO p95 of pilot-light and active-active (ten drills do not bound a p95 above); the regression.
  CHECK(xml.all("failure").size() == 6);
  CHECK(root.attributes.at("failures") == "6");
  CHECK(xml.all("skipped").size() == 3);
  CHECK(root.attributes.at("skipped") == "3");
  CHECK(xml.all("testsuite").front()->attributes.at("name") == "shop-region-loss");
  CHECK(first.str().find("timestamp") == std::string::npos);
  CHECK(first.str().find("time=") == std::string::npos);

  bool escaped = false;
  for (const auto* testcase : xml.all("testcase"))
    escaped = escaped ||
              testcase->attributes.at("classname") == "shop-region-loss.pilot &lt;light&gt; &amp; &quot;friends&quot;";
  CHECK(escaped);
  const auto failures = xml.all("failure");
  CHECK(failures[0]->attributes.at("message") ==
        "RTO p95 is beyond the horizon (95 % interval &gt;= 3h 08m); the objective is &lt;= 1h; worst drill: run 1, "
        "seed 100; replay: drsim run shop.json --strategy backup-restore --seed 100");
  CHECK(failures[0]->attributes.at("type") == "objective not met");
  CHECK(failures[1]->attributes.at("message") ==
        "availability mean is 95.000 % (95 % interval 95.000 %); the objective is &gt;= 99.900 %; worst drill: run 1, "
        "seed 100; replay: drsim run shop.json --strategy backup-restore --seed 100");
  CHECK(failures[1]->text.find("observed: 95.000 %") != std::string::npos);
  CHECK(failures[2]->attributes.at("message") ==
        "RTO p95 is 34m (95 % interval &gt;= 32m 00s): cannot tell with 10 runs whether it meets &lt;= 1h; more "
        "drills would decide; worst drill: run 10, seed 209; replay: drsim run shop.json --strategy "
        "&#39;pilot &lt;light&gt; &amp; &quot;friends&quot;&#39; --seed 209");
  CHECK(failures[2]->attributes.at("type") == "cannot tell");
  CHECK(failures[5]->attributes.at("message") ==
        "RTO p95 regressed +25.0 % against the baseline: 20m -&gt; 25m (tolerance 10 %)");
}

TEST_CASE("csv: one row per drill, empty RTO for a drill that did not recover") {
  const auto csv = written(write_compare_csv, compare_report());
  const auto lines = lines_of(csv);
  REQUIRE(lines.size() == 31);
  CHECK(lines[0] == "scenario,strategy,run,seed,recovered,rto_s,rpo_s,lost_writes,availability,lost_objects,"
                    "fault_onset_s,first_failure_s,recovered_at_s,replay");
  CHECK(lines[1] == "shop-region-loss,backup-restore,1,100,false,,180.000,3600,0.950000000,0,600.000,600.000,,"
                    "drsim run shop.json --strategy backup-restore --seed 100");
  CHECK(lines[3] == "shop-region-loss,backup-restore,3,102,true,6400.000,200.000,4000,0.950000000,0,600.000,600.000,"
                    "7000.000,drsim run shop.json --strategy backup-restore --seed 102");

  const auto timeline = lines_of(written(write_run_csv, run_report(true)));
  REQUIRE(timeline.size() == 10);
  CHECK(timeline[0] == "scenario,strategy,seed,time_s,event,component,detail");
  CHECK(timeline[2] == "shop-region-loss,pilot-light,7,600.000,fault,us-east-1,region-outage");
  CHECK(timeline[8] == "shop-region-loss,pilot-light,7,3599.892,step-done,promote,promote | with a pipe");
  auto report = run_report(true);
  report.results[0].drills[0].timeline[1].detail = "says \"hi\", twice";
  CHECK(lines_of(written(write_run_csv, report))[2] ==
        "shop-region-loss,pilot-light,7,600.000,fault,us-east-1,\"says \"\"hi\"\", twice\"");
}

TEST_CASE("text: a long-run report adds a second table within 80 columns") {
  const auto text = written(write_compare_text, long_run_report());
  const auto lines = lines_of(text);
  const auto title = std::find(lines.begin(), lines.end(), "Long-run availability");
  REQUIRE(title != lines.end());
  REQUIRE(lines.end() - title >= 6);
  // The groups' names end with their last column.
  CHECK(title[2] == "                                  downtime (min/month)          outage length");
  CHECK(title[3] == "strategy             avail   mean    p50    p95    p99 out/yr     p50     p95");
  CHECK(title[4] == "pilot-light       99.9900%    3.5    0.8    6.2    6.2   1.50 12m 30s  1h 02m");
  CHECK(title[5] == "active-active     99.9990%    0.0    0.0    0.1    0.1   0.50   45.0s   45.0s");
  CHECK(text.find("pilot-light: 1 of 3 outages still under way at the horizon") != std::string::npos);
  for (int i = 2; i <= 5; ++i) {
    INFO(title[i]);
    CHECK(title[i].size() <= 79);
  }

  CHECK(written(write_compare_text, compare_report()).find("Long-run") == std::string::npos);
}

TEST_CASE("text: long strategy names widen the long-run table's first column for every row") {
  auto report = long_run_report();
  report.results[1].strategy = "active-active-with-a-long-name";
  const auto lines = lines_of(written(write_compare_text, report));
  const auto title = std::find(lines.begin(), lines.end(), "Long-run availability");
  REQUIRE(lines.end() - title >= 6);
  for (int i = 2; i <= 5; ++i)
    CHECK(title[i].size() == title[3].size());
  CHECK(title[2].find(')') + 1 == title[3].find("p99") + 3);
  CHECK(title[5].starts_with("active-active-with-a-long-name  99.9990%"));
}

TEST_CASE("json: a long-run report's figures under long_run, with every key in a fixed order") {
  const auto json = report_to_json(long_run_report(), false);
  const auto& pilot = json["results"][0];
  REQUIRE(pilot.contains("long_run"));
  const auto& l = pilot["long_run"];
  std::vector<std::string> keys;
  for (const auto& [key, value] : l.items())
    keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"years_per_run", "outages", "unended_outages", "downtime_min_per_month",
                                         "outages_per_year", "outage_length_s", "outage_rpo_s", "outage_lost_writes"});
  CHECK(l["years_per_run"] == 1.0);
  CHECK(l["outages"] == 3);
  CHECK(l["unended_outages"] == 1);
  for (const char* summary :
       {"downtime_min_per_month", "outages_per_year", "outage_length_s", "outage_rpo_s", "outage_lost_writes"}) {
    INFO(summary);
    std::vector<std::string> stats;
    for (const auto& [key, value] : l[summary].items())
      stats.push_back(key);
    CHECK(stats == std::vector<std::string>{"mean", "p50", "p95", "p99", "max", "ci95"});
  }
  CHECK(l["downtime_min_per_month"]["mean"] == Approx(3.523));
  CHECK(l["downtime_min_per_month"]["p95"] == Approx(6.213)); // the millisecond-like step of every figure
  CHECK(l["outages_per_year"]["mean"] == Approx(1.5));
  CHECK(l["outage_length_s"]["p95"] == Approx(3723));
  CHECK(l["outage_rpo_s"]["p95"] == Approx(2.25));
  CHECK(l["outage_lost_writes"]["mean"] == 18.0); // whole writes
  CHECK(json["results"][1]["long_run"]["unended_outages"] == 0);
  // Among the existing keys, before the objectives.
  std::vector<std::string> entry_keys;
  for (const auto& [key, value] : pilot.items())
    entry_keys.push_back(key);
  CHECK(entry_keys == std::vector<std::string>{"strategy", "runs", "unrecovered_runs", "rto_s", "rpo_s", "lost_writes",
                                               "data_loss_s", "discarded_writes", "conflict_lost_writes",
                                               "corrupt_requests", "availability", "availability_ci95", "lost_objects",
                                               "monthly_cost_usd", "long_run", "objectives"});

  // The document outlives the loop: a range-for over a member of a temporary would read it after its end.
  const auto without_long_run = report_to_json(compare_report(), false);
  for (const auto& result : without_long_run["results"])
    CHECK_FALSE(result.contains("long_run"));
}

TEST_CASE("markdown: a long-run report adds the long-run table") {
  const auto markdown = written(write_compare_markdown, long_run_report());
  CHECK(check_tables_align(markdown) == 4); // results, long run, intervals, recommendation; no objectives
  CHECK(markdown.find("## Long-run availability") < markdown.find("## Objectives"));
  CHECK(markdown.find("| strategy      | availability | downtime/month mean |") != std::string::npos);
  CHECK(markdown.find("| pilot-light   |    99.9900 % |             3.5 min |            0.8 min |") !=
        std::string::npos);
  CHECK(markdown.find("|              1.50 |           12m 30s |            1h 02m |") != std::string::npos);
  CHECK(markdown.find("| active-active |    99.9990 % |             0.0 min |") != std::string::npos);
  CHECK(markdown.find("pilot-light: 1 of 3 outages were still under way at the horizon") != std::string::npos);

  CHECK(written(write_compare_markdown, compare_report()).find("Long-run") == std::string::npos);
}

TEST_CASE("html: a long-run report adds the long-run table and the distribution of monthly downtime") {
  auto report = long_run_report();
  report.results[1].strategy = "active<&>\"active\"";
  const auto page = written(write_compare_html, report);
  check_self_contained(page);
  check_charts(page);
  const auto svgs = svgs_of(page);
  REQUIRE(svgs.size() == 3); // monthly downtime, then RTO and RPO
  CHECK(page.find("<h2>Long-run availability</h2>") < page.find("<h2>Objectives</h2>"));
  CHECK(page.find("<td>pilot-light</td><td class=\"num\">99.9900 %</td><td class=\"num\">3.5 min</td>") !=
        std::string::npos);
  CHECK(page.find("<td class=\"num\">1.50</td><td class=\"num\">12m 30s</td><td class=\"num\">1h 02m</td>") !=
        std::string::npos);
  CHECK(page.find("<td>active&lt;&amp;&gt;&quot;active&quot;</td>") != std::string::npos);
  CHECK(page.find("active<&") == std::string::npos);
  CHECK(page.find("runs at or below (cumulative)") != std::string::npos);
  // One curve per strategy. Per month, pilot-light's runs were down 372.75 s and 50 s, active-active's 3.75 s and
  // not at all: more than a factor of 40 apart, so the axis is logarithmic with a place for zero.
  std::size_t curves = 0;
  for (const auto* path : svgs[0].all("path"))
    curves += path->attributes.count("class") && path->attributes.at("class") == "series";
  CHECK(curves == 2);
  CHECK(page.find("downtime per month (logarithmic scale)") != std::string::npos);
}

TEST_CASE("csv: a long-run report adds each run's outages and downtime") {
  const auto lines = lines_of(written(write_compare_csv, long_run_report()));
  REQUIRE(lines.size() == 5);
  CHECK(lines[0].ends_with(",recovered_at_s,outages,downtime_s,replay"));
  CHECK(lines[1] == "shop-year,pilot-light,1,11,true,750.000,0.500,10,0.999910000,0,600.000,600.000,1350.000,2,"
                    "4473.000,drsim run shop-year.json --strategy pilot-light --seed 11");
  CHECK(
      lines[2].ends_with(",1,600.000,drsim run shop-year.json --strategy pilot-light --seed 12")); // up to the horizon
  CHECK(lines[3].ends_with(",1,45.000,drsim run shop-year.json --strategy active-active --seed 21"));
  CHECK(lines[4].ends_with(",0,0.000,drsim run shop-year.json --strategy active-active --seed 22"));
}

namespace {

HistoryEntry history_entry(std::int64_t check, const std::string& when, const std::string& strategy,
                           std::size_t objective, Metric metric, double target, std::optional<double> observed,
                           Verdict verdict) {
  HistoryEntry entry;
  entry.check = check;
  entry.identity = {.recorded_at = when,
                    .scenario = "shop",
                    .scenario_sha256 = std::string(64, 'a'),
                    .drsim_version = "1.2." + std::to_string(check),
                    .commit = "abc123def4567890",
                    .runs = 200,
                    .seed = 42};
  entry.strategy = strategy;
  entry.objective = objective;
  entry.metric = metric;
  entry.stat = metric == Metric::Availability ? Statistic::Mean : Statistic::P95;
  entry.target = target;
  entry.observed = observed;
  entry.verdict = verdict;
  return entry;
}

std::string history_page(const std::vector<HistoryEntry>& entries) {
  std::ostringstream out;
  write_history_html(out, entries);
  return out.str();
}

bool has_class(const Element& e, const std::string& cls) {
  return e.attributes.count("class") && e.attributes.at("class") == cls;
}

// The marks of a chart's checks.
std::vector<const Element*> points_of(const Xml& svg) {
  std::vector<const Element*> points;
  for (const auto& e : svg.elements)
    if (e.attributes.count("class") && e.attributes.at("class").starts_with("point "))
      points.push_back(&e);
  return points;
}

const Element* target_of(const Xml& svg) {
  const Element* found = nullptr;
  for (const auto& e : svg.elements)
    if (has_class(e, "target")) {
      CHECK(found == nullptr);
      found = &e;
    }
  REQUIRE(found != nullptr);
  return found;
}

std::vector<std::string> tick_labels(const svg::Axis& axis) {
  std::vector<std::string> labels;
  for (const auto& tick : axis.ticks)
    labels.push_back(tick.second);
  return labels;
}

} // namespace

TEST_CASE("html history: one chart per objective, its target as a line and a mark per check") {
  const std::vector<HistoryEntry> entries{
      history_entry(1, "2026-11-01T10:00:00Z", "pilot-light", 0, Metric::Rto, 3600, 1800, Verdict::Met),
      history_entry(1, "2026-11-01T10:00:00Z", "pilot-light", 1, Metric::Availability, 0.999, 0.9995, Verdict::Met),
      history_entry(2, "2026-11-08T10:00:00Z", "pilot-light", 0, Metric::Rto, 3600, 4000, Verdict::NotMet),
      history_entry(2, "2026-11-08T10:00:00Z", "pilot-light", 1, Metric::Availability, 0.999, 0.998, Verdict::NotMet),
      history_entry(3, "2026-11-15T10:00:00Z", "pilot-light", 0, Metric::Rto, 2700, 3500, Verdict::CannotTell),
      history_entry(3, "2026-11-15T10:00:00Z", "pilot-light", 1, Metric::Availability, 0.999, std::nullopt,
                    Verdict::NotEvaluated),
      history_entry(3, "2026-11-15T10:00:00Z", "active<&>", 0, Metric::MonthlyCost, 5000, 4200, Verdict::Met)};
  const auto page = history_page(entries);
  check_self_contained(page);
  check_charts(page);
  const auto svgs = svgs_of(page);
  REQUIRE(svgs.size() == 3);
  CHECK(page.find("<h3>pilot-light: RTO p95 &lt;= 1h</h3>") < page.find("<h3>pilot-light: availability mean"));
  CHECK(page.find("<h3>active&lt;&amp;&gt;: monthly cost &lt;= $5,000.00</h3>") != std::string::npos);

  // RTO: a mark per check, shaped by its verdict; the target dashed, a step where it changed from 1h to 45m.
  const auto rto = points_of(svgs[0]);
  REQUIRE(rto.size() == 3);
  CHECK(rto[0]->name == "circle");
  CHECK(has_class(*rto[0], "point met"));
  CHECK(rto[1]->name == "path");
  CHECK(has_class(*rto[1], "point not-met"));
  CHECK(has_class(*rto[2], "point cannot-tell"));
  CHECK(std::stod(rto[0]->attributes.at("cx")) < std::stod(rto[1]->attributes.at("d").substr(1)));
  const auto rto_target = target_of(svgs[0])->attributes.at("d");
  CHECK(std::count(rto_target.begin(), rto_target.end(), 'V') == 1);
  CHECK(std::count(rto_target.begin(), rto_target.end(), 'H') == 2);
  CHECK(page.find("target &lt;= 45m") != std::string::npos);
  CHECK(page.find("when the check ran (UTC, 2026)") != std::string::npos);
  // The commit and drsim's version of each check, in its tooltip and in the table beneath.
  CHECK(page.find("<title>check 2, 2026-11-08T10:00:00Z: 1h 06m 40s, NOT MET (commit abc123def456, drsim 1.2.2, "
                  "200 runs, seed 42)</title>") != std::string::npos);
  CHECK(page.find("<th>drsim</th>") != std::string::npos);
  CHECK(page.find("<td>abc123def456</td><td>1.2.3</td>") != std::string::npos);
  CHECK(page.find("<span class=\"badge unknown\">cannot tell with 200 runs</span>") != std::string::npos);

  // Availability: a constant target is one horizontal line; the check without a figure sits in its own lane.
  const auto availability = points_of(svgs[1]);
  REQUIRE(availability.size() == 3);
  CHECK(has_class(*availability[2], "point not-evaluated"));
  const auto flat = target_of(svgs[1])->attributes.at("d");
  CHECK(std::count(flat.begin(), flat.end(), 'H') == 1);
  CHECK(flat.find('V') == std::string::npos);
  CHECK(page.find(">no figure</text>") != std::string::npos);
  CHECK(page.find(">99.90 %</text>") != std::string::npos); // zoomed in, not 0 % to 100 %

  // The cost objective has a history of one check: one mark, in the middle of its axis.
  const auto cost = points_of(svgs[2]);
  REQUIRE(cost.size() == 1);
  const double middle = std::stod(cost[0]->attributes.at("cx"));
  CHECK(middle > 400);
  CHECK(middle < 560);
  CHECK(svgs[2].all("text").size() > 4);
}

TEST_CASE("html history: a history of one check renders, and an empty one says so") {
  const auto page =
      history_page({history_entry(7, "2026-11-20T23:59:59Z", "pilot-light", 0, Metric::Rpo, 60, 0, Verdict::Met)});
  check_self_contained(page);
  check_charts(page);
  const auto svgs = svgs_of(page);
  REQUIRE(svgs.size() == 1);
  CHECK(points_of(svgs[0]).size() == 1);
  target_of(svgs[0]);
  CHECK(page.find("1 check at 2026-11-20T23:59:59Z &middot;") != std::string::npos);

  const auto unreadable =
      history_page({history_entry(1, "yesterday", "pilot-light", 0, Metric::Rpo, 60, 30, Verdict::Met)});
  CHECK(svgs_of(unreadable).empty());
  CHECK(unreadable.find("1 check whose time cannot be read is in the table only.") != std::string::npos);

  const auto empty = history_page({});
  check_self_contained(empty);
  CHECK(empty.find("The history holds no check yet.") != std::string::npos);
  CHECK(svgs_of(empty).empty());
}

TEST_CASE("svg date axis: calendar ticks whose labels read as dates at every span") {
  constexpr double day = 86400;
  const double november = 1793491200; // 2026-11-01T00:00:00Z
  CHECK(tick_labels(svg::date_axis(november + 6 * 3600, november + 18 * 3600, 0, 800)) ==
        std::vector<std::string>{"1 Nov 06:00", "1 Nov 08:00", "1 Nov 10:00", "1 Nov 12:00", "1 Nov 14:00",
                                 "1 Nov 16:00", "1 Nov 18:00"});
  const auto weeks = svg::date_axis(november, november + 40 * day, 0, 800);
  CHECK(tick_labels(weeks) ==
        std::vector<std::string>{"2 Nov", "9 Nov", "16 Nov", "23 Nov", "30 Nov", "7 Dec"}); // Mondays
  CHECK(weeks.unit == "UTC, 2026");
  CHECK(tick_labels(svg::date_axis(november, november + 200 * day, 0, 800)) ==
        std::vector<std::string>{"Nov 2026", "Dec 2026", "Jan 2027", "Feb 2027", "Mar 2027", "Apr 2027", "May 2027"});
  CHECK(tick_labels(svg::date_axis(november, november + 3000 * day, 0, 800)) ==
        std::vector<std::string>{"2027", "2028", "2029", "2030", "2031", "2032", "2033", "2034", "2035"});
  CHECK(svg::date_axis(november - 3600, november + 3600, 0, 800).unit == "UTC, 2026");
  CHECK(svg::date_axis(november - 61 * day, november, 0, 800).unit == "UTC, 2026");
  CHECK(svg::date_axis(november + 60 * day, november + 62 * day, 0, 800).unit == "UTC, 2026-2027");
}

TEST_CASE("compare text: the failback table counts the unfinished failbacks", "[report]") {
  // Three drills failed back and one of them had not finished by the horizon: its duration is in no percentile, so
  // the table says how many it leaves out.
  auto report = compare_report();
  report.results.front().failback = FailbackReport{
      3, 1, summarize({600, 900}), summarize({120, 130, 4000}), summarize({0, 0, 0}), summarize({10, 12, 40})};
  const auto text = written(write_compare_text, report);
  const auto table = text.substr(text.find("\nFailback\n"));
  CHECK(table.find("unfin") != std::string::npos);
  CHECK(table.find(" 1/3 ") != std::string::npos);
}

TEST_CASE("compare: failed drills all counted, the first of them listed, in text and JSON", "[report]") {
  // A strategy whose every drill fails under --keep-going: the list stops, the count does not.
  auto report = compare_report();
  const int failures = static_cast<int>(failed_drills_listed) + 23;
  for (int run = 0; run < failures; ++run)
    report.results.front().failed.add(
        {run, 1000 + static_cast<std::uint64_t>(run), "crashed (SIGSEGV, Segmentation fault)"});
  const auto& failed = report.results.front().failed;
  CHECK(failed.count == failures);
  REQUIRE(failed.first.size() == failed_drills_listed);
  CHECK(failed.first.back().run == static_cast<int>(failed_drills_listed) - 1);

  const auto json = report_to_json(report, false);
  CHECK(json["results"][0]["failed_runs"] == failures);
  CHECK(json["results"][0]["failed"].size() == failed_drills_listed);
  const auto text = written(write_compare_text, report);
  CHECK(text.find("drill " + std::to_string(failed_drills_listed - 1) + " (seed") != std::string::npos);
  CHECK(text.find("drill " + std::to_string(failed_drills_listed) + " (seed") == std::string::npos);
  CHECK(text.find("backup-restore: 23 more drills failed (only the first " + std::to_string(failed_drills_listed) +
                  " are listed)") != std::string::npos);
}

namespace {

// A grid of TTL (30 s, 300 s) by standby share (0.25, 0.5), two strategies, 20 drills each: RTO grows with the TTL by
// construction, so the charts have a direction to show.
SweepResult sweep_result(bool hypercube = false) {
  SweepResult sweep;
  sweep.scenario = "shop-region-loss";
  sweep.scenario_file = "scenarios/shop-region-loss.json";
  sweep.seed = 42;
  sweep.runs = 20;
  const auto dimension = [](std::string path, std::vector<std::string> values,
                            std::vector<std::optional<double>> magnitudes) {
    Dimension d;
    d.path = std::move(path);
    d.values = std::move(values);
    d.magnitudes = std::move(magnitudes);
    return d;
  };
  sweep.dimensions = {
      dimension("topology.dns.shop.ttl", {"30s", "300s"}, {30.0, 300.0}),
      dimension("strategies.warm-standby.preset_parameters.standby_share", {"0.25", "0.5"}, {0.25, 0.5})};
  sweep.fixed = {{"horizon", "2h", "horizon=2h"}};
  if (hypercube) {
    sweep.samples = 4;
    sweep.dimensions.pop_back();
  }
  for (const double ttl : {30.0, 300.0})
    for (const double share : {0.25, 0.5}) {
      SweepPoint point;
      point.point.settings.push_back({"topology.dns.shop.ttl", fmt::format("{}s", ttl), ""});
      point.point.magnitudes.push_back(ttl);
      if (!hypercube) {
        point.point.settings.push_back({"strategies.warm-standby.preset_parameters.standby_share", share, ""});
        point.point.magnitudes.push_back(share);
      }
      for (const std::string strategy : {"pilot-light", "warm-standby"}) {
        const double base = (strategy == "pilot-light" ? 900 : 300) + ttl - 200 * share;
        std::vector<double> rto, rpo;
        for (int run = 0; run < 20; ++run) {
          rto.push_back(base + 10 * run);
          rpo.push_back(1 + 0.1 * run);
        }
        SweepFigures figures;
        figures.strategy = strategy;
        figures.runs = 20;
        figures.rto_s = summarize(rto);
        figures.rpo_s = summarize(rpo);
        figures.availability = 0.99;
        figures.availability_ci = Interval{0.985, 0.995};
        figures.monthly_cost_usd = strategy == "pilot-light" ? 1200 : 2400 * share;
        ObjectiveResult objective;
        objective.metric = Metric::Rto;
        objective.target = 900;
        objective.observed = figures.rto_s.p95;
        objective.met = figures.rto_s.p95 <= 900;
        objective.verdict = *objective.met ? Verdict::Met : Verdict::NotMet;
        objective.runs = 20;
        objective.worst = DrillRef{19, 7};
        figures.objectives.push_back(objective);
        point.results.push_back(figures);
      }
      sweep.points.push_back(point);
    }
  return sweep;
}

template <class Writer> std::string written_sweep(Writer writer, const SweepResult& sweep) {
  std::ostringstream out;
  writer(out, sweep);
  return out.str();
}

std::size_t count_of_text(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
    ++count;
  return count;
}

} // namespace

TEST_CASE("sweep JSON: each point's settings and each strategy's figures, intervals and verdicts", "[report]") {
  const auto sweep = sweep_result();
  const auto text = written_sweep(write_sweep_json, sweep);
  CHECK(text == written_sweep(write_sweep_json, sweep));
  const auto json = nlohmann::json::parse(text);
  CHECK(json["drsim_sweep"] == 1);
  CHECK(json["design"] == "grid");
  CHECK(json["seed"] == 42);
  CHECK(json["runs"] == 20);
  CHECK(json["set"]["horizon"] == "2h");
  REQUIRE(json["dimensions"].size() == 2);
  CHECK(json["dimensions"][0]["path"] == "topology.dns.shop.ttl");
  CHECK(json["dimensions"][0]["values"] == nlohmann::json({"30s", "300s"}));
  CHECK(json["dimensions"][1]["magnitudes"] == nlohmann::json({0.25, 0.5}));
  REQUIRE(json["points"].size() == 4);
  const auto& last = json["points"][3];
  CHECK(last["settings"]["topology.dns.shop.ttl"] == "300s");
  CHECK(last["settings"]["strategies.warm-standby.preset_parameters.standby_share"] == 0.5);
  const auto& warm = last["results"][1];
  CHECK(warm["strategy"] == "warm-standby");
  CHECK(warm["rto_s"]["p95"] == sweep.points[3].results[1].rto_s.p95);
  CHECK(warm["rto_s"]["ci95"]["p95"].size() == 2);
  CHECK(warm["availability_ci95"] == nlohmann::json({0.985, 0.995}));
  CHECK(warm["monthly_cost_usd"] == 1200.0);
  CHECK(warm["objectives"][0]["verdict"] == "met");
  CHECK(last["results"][0]["objectives"][0]["verdict"] == "not_met");
  // The worst drill replays at its point: the settings of the sweep and of the point.
  CHECK(warm["objectives"][0]["worst_drill"]["replay"] ==
        "drsim run scenarios/shop-region-loss.json --set horizon=2h --set topology.dns.shop.ttl=300s --set "
        "strategies.warm-standby.preset_parameters.standby_share=0.5 --strategy warm-standby --seed 7");
  CHECK(json.contains("samples") == false);
  CHECK(nlohmann::json::parse(written_sweep(write_sweep_json, sweep_result(true)))["samples"] == 4);
}

TEST_CASE("sweep CSV, text and Markdown: a row per point and strategy with the interval bounds", "[report]") {
  const auto sweep = sweep_result();
  const auto csv = written_sweep(write_sweep_csv, sweep);
  std::vector<std::string> lines;
  for (std::istringstream in(csv); !in.eof();) {
    std::string line;
    if (std::getline(in, line))
      lines.push_back(line);
  }
  REQUIRE(lines.size() == 1 + 4 * 2);
  CHECK(lines[0].starts_with("scenario,point,topology.dns.shop.ttl,strategies.warm-standby.preset_parameters."
                             "standby_share,strategy,"));
  const auto fields = [](const std::string& line) { return std::count(line.begin(), line.end(), ',') + 1; };
  for (const auto& line : lines)
    CHECK(fields(line) == fields(lines[0]));
  const auto& r = sweep.points[2].results[0].rto_s;
  CHECK(lines[5].starts_with("shop-region-loss,3,300s,0.25,pilot-light,20,0," + decimal(r.p50, 3) + "," +
                             decimal(*r.p50_ci->low, 3) + "," + decimal(*r.p50_ci->high, 3) + "," + decimal(r.p95, 3) +
                             ","));
  CHECK(lines[5].ends_with(",0.990000000,0.985000000,0.995000000,1200.00,0,1,0"));

  const auto text = written_sweep(write_sweep_text, sweep);
  CHECK(text.find("common random numbers") != std::string::npos);
  CHECK(text.find("Point 4 of 4: topology.dns.shop.ttl=300s,") != std::string::npos);
  CHECK(count_of_text(text, "95 % intervals:\n") == 4);
  CHECK(text.find("  pilot-light: RTO p50 " + interval_text(r.p50_ci, column_duration) + ", RTO p95 " +
                  interval_text(r.p95_ci, column_duration) + ", RPO p95 ") != std::string::npos);
  // Pilot light misses its RTO target at every point, warm standby meets it at every point.
  CHECK(count_of_text(text, "  pilot-light: 0 met, 1 not met\n") == 4);
  CHECK(count_of_text(text, "  warm-standby: 1 met, 0 not met\n") == 4);

  const auto markdown = written_sweep(write_sweep_markdown, sweep);
  CHECK(count_of_text(markdown, "\n| ") == 1 + 4 * 2);
}

TEST_CASE("sweep HTML: a chart per figure and varied parameter, a heat map per strategy for two", "[report]") {
  const auto page = written_sweep(write_sweep_html, sweep_result());
  check_self_contained(page);
  check_charts(page);
  const auto svgs = svgs_of(page);
  // RTO p95, RPO p95 and monthly cost against each of the two parameters, then a heat map per strategy.
  REQUIRE(svgs.size() == 3 * 2 + 2);
  CHECK(count_of_text(page, "<rect ") == 4 * 2);
  // The first chart, RTO p95 against the TTL: pilot-light's line at each standby share goes up from 30 s to 300 s
  // (SVG's y grows downwards).
  const auto colour = svg::strategy_colours({"pilot-light", "warm-standby"})[0];
  int rising = 0;
  for (const auto& element : svgs[0].elements) {
    const auto stroke = element.attributes.find("stroke");
    const auto width = element.attributes.find("stroke-width");
    if (element.name != "path" || stroke == element.attributes.end() || stroke->second != colour ||
        width == element.attributes.end() || width->second != "2")
      continue;
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    REQUIRE(std::sscanf(element.attributes.at("d").c_str(), "M%lf %lf L%lf %lf", &x1, &y1, &x2, &y2) == 4);
    CHECK(x2 > x1);
    CHECK(y2 < y1);
    ++rising;
  }
  CHECK(rising == 2);

  const auto hypercube = written_sweep(write_sweep_html, sweep_result(true));
  check_charts(hypercube);
  CHECK(svgs_of(hypercube).size() == 3);
  CHECK(hypercube.find("Latin hypercube") != std::string::npos);
}
