#include "reports/table_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/units.hpp"

namespace drsim {
namespace {

std::string pad_left(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

std::string pad_right(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

// Past an hour, seconds only widen the column.
std::string duration_or_dash(const Summary& s, double Summary::*stat) {
  if (s.count == 0)
    return "-";
  const double value = s.*stat;
  return format_duration(value >= 3600 ? std::round(value / 60) * 60 : value);
}

std::string count(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f", value);
  return text;
}

std::string dollars(const std::optional<double>& value) {
  if (!value)
    return "-";
  char text[32];
  std::snprintf(text, sizeof text, "$%.0f", *value);
  return text;
}

std::string percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f%%", fraction * 100);
  return text;
}

} // namespace

void write_compare_text(std::ostream& out, const Report& report) {
  out << "Scenario " << report.scenario << ": " << report.runs << " drills per strategy, seed " << report.seed
      << "\n\n";
  const std::vector<std::string> header{"strategy", "RTO p50", "RTO p95", "RPO p50", "RPO p95", "lost p95",
                                        "avail", "$/month"};
  // 79 columns: the table fits a terminal of 80.
  // Names longer than the usual column widen it for every row, so the figures stay aligned.
  std::size_t name_width = 16;
  for (const auto& r : report.results)
    name_width = std::max(name_width, r.strategy.size());
  const std::vector<std::size_t> widths{name_width, 8, 8, 8, 8, 8, 8, 8};
  auto row = [&](const std::vector<std::string>& cells) {
    std::string line = pad_right(cells[0], widths[0]);
    for (std::size_t i = 1; i < cells.size(); ++i) {
      // Appended in two steps: GCC 12 warns falsely (-Wrestrict) on " " + a temporary string.
      line += ' ';
      line += pad_left(cells[i], widths[i]);
    }
    out << line << '\n';
  };
  row(header);
  for (const auto& r : report.results)
    row({r.strategy, duration_or_dash(r.rto_s, &Summary::p50), duration_or_dash(r.rto_s, &Summary::p95),
         duration_or_dash(r.rpo_s, &Summary::p50), duration_or_dash(r.rpo_s, &Summary::p95),
         count(r.lost_writes.p95), percent(r.availability), dollars(r.monthly_cost_usd)});
  bool any_unrecovered = false;
  for (const auto& r : report.results)
    if (r.unrecovered_runs > 0) {
      if (!any_unrecovered)
        out << '\n';
      any_unrecovered = true;
      out << r.strategy << ": " << r.unrecovered_runs << " of " << r.runs
          << " drills did not recover within the horizon (not counted in the RTO columns)\n";
    }
  out << "\nRTO and RPO are measured per drill from the simulated clients and data; p50/p95 over the drills.\n"
         "lost: acknowledged writes missing after recovery; avail: successful requests over the horizon.\n"
         "$/month: steady-state cost from the topology's price table (--format json itemises it).\n";
}

} // namespace drsim
