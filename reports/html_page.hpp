// The shell every HTML page of drsim shares: the document with its inline style sheet and footer, and the pieces its
// tables and legends are made of. No scripts, no external resources: a page opens offline, from a CI artifact or an
// e-mail attachment.
#pragma once

#include <initializer_list>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "sim/measure/report.hpp"

namespace drsim::html {

// The document up to the start of its content, titled `title`.
void page_start(std::ostream& out, const std::string& title);
// The footer, with what RTO, RPO and availability mean, and the end of the document.
void page_end(std::ostream& out);

// A key of a chart's legend: a line, "dashed", "dotted", a "marker" or a "triangle" in the colour.
struct LegendEntry {
  std::string colour;
  std::string label;
  std::string style; //!< "line", "dashed", "dotted", "marker" or "triangle"
};

// The legend beneath a chart.
std::string legend(const std::vector<LegendEntry>& entries);

// The verdict of an objective as a coloured badge: met, not met, cannot tell, or neither.
std::string badge(const ObjectiveResult& o);
// A table cell, escaped; a number aligns right.
std::string cell(const std::string& text, bool number = false);
// A table's header row: each column's name and whether it holds numbers.
std::string header(std::initializer_list<std::pair<const char*, bool>> columns);

} // namespace drsim::html
