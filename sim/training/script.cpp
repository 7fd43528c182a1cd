#include "sim/training/script.hpp"

#include <algorithm>
#include <sstream>

#include "sim/core/errors.hpp"
#include "sim/core/units.hpp"
#include "sim/input/messages.hpp"

namespace drsim {

std::vector<std::string> alert_names(const Topology& topology) {
  std::vector<std::string> names;
  for (const auto& record : topology.dns)
    for (const auto& endpoint : record.endpoints)
      if (endpoint.health_check)
        names.push_back(endpoint.target + "-unhealthy");
  for (const auto& client : topology.clients)
    names.push_back(client.name + "-errors");
  for (const auto& backup : topology.backups)
    names.push_back(backup.name + "-failed");
  return names;
}

std::vector<ScriptEntry> read_script(std::string_view text, const std::string& file, const Strategy& strategy) {
  std::vector<Diagnostic> problems;
  std::vector<ScriptEntry> entries;
  const auto alerts = alert_names(strategy.topology);
  std::istringstream in{std::string(text)};
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    auto problem = [&](const std::string& message) {
      // A script is lines, not JSON: the place of a problem is its line.
      problems.push_back({file, "line " + std::to_string(number), message});
    };
    std::istringstream words(line);
    std::string when;
    if (!(words >> when) || when.front() == '#')
      continue;
    ScriptEntry entry;
    entry.line = number;
    if (when == "at") {
      std::string time;
      words >> time;
      entry.at = parse_duration(time);
      if (!entry.at) {
        problem("expected a drill time after \"at\", such as 12m or 1.5h; found " + in_quotes(time));
        continue;
      }
    } else if (when == "after") {
      words >> entry.after_alert;
      if (std::find(alerts.begin(), alerts.end(), entry.after_alert) == alerts.end()) {
        problem("no alert " + in_quotes(entry.after_alert) + suggestion(entry.after_alert, alerts));
        continue;
      }
      words >> std::ws;
      if (words.peek() == '+') {
        std::string delay;
        words >> delay;
        const auto parsed = parse_duration(std::string_view(delay).substr(1));
        if (!parsed) {
          problem("expected a delay such as +30s after the alert's name; found " + in_quotes(delay));
          continue;
        }
        entry.delay = *parsed;
      }
    } else {
      problem("a line starts with \"at TIME\" or \"after ALERT [+DELAY]\", then the command; found " + in_quotes(when));
      continue;
    }
    std::string rest;
    std::getline(words, rest);
    auto parsed = parse_command(rest, strategy);
    if (!parsed.command) {
      problem(parsed.error.empty() ? "no command after " + in_quotes(when) : parsed.error);
      continue;
    }
    entry.command = std::move(*parsed.command);
    entries.push_back(std::move(entry));
  }
  if (!problems.empty())
    throw InputError(std::move(problems));
  return entries;
}

} // namespace drsim
