#include "reports/html_page.hpp"

#include <ostream>

#include "reports/svg/markup.hpp"
#include "sim/core/version.hpp"
#include "sim/measure/objectives.hpp"

namespace drsim::html {
namespace {

const char* const style = R"(<style>
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Helvetica, Arial, sans-serif;
       color: var(--ink); background: #fff; }
main { max-width: 1320px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 24px 0 8px; }
p.meta { color: var(--muted); margin: 0 0 16px; }
.wide { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 14px; margin: 8px 0; }
th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; vertical-align: bottom; }
td:first-child { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td .ci { display: block; color: var(--muted); font-size: 12px; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600;
         white-space: nowrap; }
.met { background: #dafbe1; color: #116329; }
.failed { background: #ffebe9; color: #a40e26; }
.skipped { background: #eaeef2; color: #59636e; }
.unknown { background: #fff8c5; color: #7d4e00; }
p.answer { font-size: 17px; font-weight: 600; }
.banner { padding: 10px 14px; border-radius: 6px; margin: 12px 0; font-weight: 600; }
.note { color: var(--muted); font-size: 13px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 16px; }
.card { flex: 1 1 150px; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
figure { margin: 12px 0 24px; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
svg { width: 100%; height: auto; display: block; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Helvetica, Arial, sans-serif;
           fill: #444c56; }
svg text.title { font-size: 13px; fill: #1f2328; }
svg .grid line { stroke: #eaeef2; }
svg .axis line, svg .axis path { stroke: #57606a; fill: none; }
svg .series { fill: none; stroke-width: 2; }
svg .series.simulated { stroke-dasharray: 7 4; }
svg line.fault { stroke: #C62828; stroke-width: 1.5; stroke-dasharray: 5 3; }
svg text.fault { fill: #C62828; }
svg line.fault-ended { stroke: #6e7781; stroke-width: 1.5; stroke-dasharray: 5 3; }
svg text.fault-ended { fill: #6e7781; }
svg line.detected { stroke: #EF6C00; stroke-width: 1.5; stroke-dasharray: 5 3; }
svg text.detected { fill: #EF6C00; }
svg line.recovered { stroke: #2E7D32; stroke-width: 1.5; stroke-dasharray: 5 3; }
svg text.recovered { fill: #2E7D32; font-weight: 600; }
svg line.step { stroke: #1565C0; stroke-opacity: .35; stroke-dasharray: 2 3; }
svg circle.step { fill: #1565C0; }
svg text.step { fill: #1565C0; font-size: 11px; }
svg text.lane { fill: #59636e; font-size: 11px; }
svg .alarm { fill: #EF6C00; }
svg rect.bar { fill-opacity: .35; }
svg rect.bar.critical { fill-opacity: 1; }
svg rect.step { fill: #1565C0; }
svg rect.model { fill: #6A3D9A; }
svg text.duration { font-size: 11px; }
svg text.duration.inside { fill: #1f2328; font-weight: 600; }
ul.legend { list-style: none; padding: 0; margin: 6px 0 0 72px; display: flex; flex-wrap: wrap; gap: 4px 18px;
            font-size: 13px; }
.key { display: inline-block; width: 22px; height: 0; border-top: 3px solid var(--c); vertical-align: middle;
       margin-right: 6px; }
.key.dashed { border-top-style: dashed; border-top-width: 2px; }
.key.dotted { border-top-style: dotted; border-top-width: 2px; }
.key.marker { width: 10px; height: 10px; border: 0; border-radius: 50%; background: var(--c); }
.key.triangle { width: 0; height: 0; border-top: 9px solid var(--c); border-left: 5px solid transparent;
                border-right: 5px solid transparent; margin: 0 11px 0 6px; }
.placeholder { border: 2px dashed var(--line); border-radius: 6px; padding: 18px; color: var(--muted); margin: 12px 0; }
ul.replays { font-size: 13px; }
ul.replays code { overflow-wrap: anywhere; }
details summary { cursor: pointer; color: var(--muted); margin: 8px 0; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); padding-top: 12px; }
</style>)";

} // namespace

void page_start(std::ostream& out, const std::string& title) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
      << escape_markup(title) << "</title>\n"
      << style << "\n</head>\n<body>\n<main>\n";
}

void page_end(std::ostream& out) {
  out << "<footer>Made by drsim " << escape_markup(version)
      << ". RTO: from the fault's onset until every client population again sees the scenario's success threshold "
         "over its window. RPO: from the fault to the newest write before which every acknowledged write survives. "
         "Availability: successful requests over the horizon.</footer>\n</main>\n</body>\n</html>\n";
}

std::string badge(const ObjectiveResult& o) {
  const char* cls = "skipped";
  if (o.verdict == Verdict::Met)
    cls = "met";
  else if (o.verdict == Verdict::NotMet)
    cls = "failed";
  else if (o.verdict == Verdict::CannotTell)
    cls = "unknown";
  return std::string("<span class=\"badge ") + cls + "\">" + escape_markup(verdict_text(o)) + "</span>";
}

std::string cell(const std::string& text, bool number) {
  return (number ? "<td class=\"num\">" : "<td>") + escape_markup(text) + "</td>";
}

std::string header(std::initializer_list<std::pair<const char*, bool>> columns) {
  std::string row = "<thead><tr>";
  for (const auto& [name, number] : columns)
    row += std::string(number ? "<th class=\"num\">" : "<th>") + escape_markup(name) + "</th>";
  return row + "</tr></thead>";
}

std::string legend(const std::vector<LegendEntry>& entries) {
  std::string text = "<ul class=\"legend\">";
  for (const auto& e : entries)
    text += "<li><span class=\"key " + e.style + "\" style=\"--c:" + e.colour + "\"></span>" + escape_markup(e.label) +
            "</li>";
  return text + "</ul>";
}

} // namespace drsim::html
