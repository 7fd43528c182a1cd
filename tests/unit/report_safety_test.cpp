// What a report does with names users chose: a spreadsheet never runs them as formulas, an XML reader never
// meets a character XML forbids, and a failed drill keeps its own run number.

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "reports/csv_report.hpp"
#include "reports/svg/markup.hpp"

using namespace drsim;

namespace {

Report report_with_strategy(const std::string& strategy, int runs) {
  Report report{"shop", "shop.json", 1, runs, {}};
  std::vector<DrillResult> drills;
  for (int run = 0; run < runs; ++run) {
    if (run == 1)
      continue; // failed: not among the finished drills
    DrillResult drill;
    drill.strategy = strategy;
    drill.run = run;
    drill.seed = 100 + static_cast<std::uint64_t>(run);
    drills.push_back(drill);
  }
  report.results.push_back(summarize_strategy(strategy, drills));
  return report;
}

std::string compare_csv(const Report& report) {
  std::ostringstream out;
  write_compare_csv(out, report);
  return out.str();
}

} // namespace

TEST_CASE("csv: names that a spreadsheet would run as formulas stay text") {
  for (const std::string name : {"=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)"}) {
    const auto csv = compare_csv(report_with_strategy(name, 1));
    std::string quoted;
    for (char c : "'" + name)
      quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    CHECK_THAT(csv, Catch::Contains(",\"" + quoted + "\","));
  }
  CHECK_THAT(compare_csv(report_with_strategy("pilot-light", 1)), Catch::Contains("shop,pilot-light,1,100,"));
}

TEST_CASE("csv: each drill keeps its run number when a drill before it failed") {
  const auto csv = compare_csv(report_with_strategy("warm", 3));
  CHECK_THAT(csv, Catch::Contains("\nshop,warm,1,100,"));
  CHECK_THAT(csv, Catch::Contains("\nshop,warm,3,102,"));
  CHECK_THAT(csv, !Catch::Contains("shop,warm,2,"));
}

TEST_CASE("markup: U+FFFE and U+FFFF become the replacement character, other text is kept") {
  CHECK(escape_markup("a\xEF\xBF\xBF"
                      "b\xEF\xBF\xBE"
                      "c",
                      false) == "a\xEF\xBF\xBD"
                                "b\xEF\xBF\xBD"
                                "c");
  CHECK(escape_markup("caf\xC3\xA9 <&> \xEF\xBF\xBD", false) == "caf\xC3\xA9 &lt;&amp;&gt; \xEF\xBF\xBD");
  CHECK(escape_markup("a\x01"
                      "b",
                      true) == "a?b");
}
