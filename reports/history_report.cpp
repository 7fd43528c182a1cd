#include "reports/history_report.hpp"

#include <map>
#include <ostream>
#include <tuple>

#include <nlohmann/json.hpp>

#include "reports/figures.hpp"
#include "reports/plain_text.hpp"
#include "sim/measure/objectives.hpp"

namespace drsim {
namespace {

ObjectiveResult judged(const HistoryEntry& entry) {
  ObjectiveResult result;
  result.index = entry.objective;
  result.metric = entry.metric;
  result.stat = entry.stat;
  result.target = entry.target;
  result.observed = entry.observed;
  result.verdict = entry.verdict;
  result.runs = entry.identity.runs;
  return result;
}

// Objectives in the order the history first saw them: (scenario, strategy, objective index) -> its entries.
using Series =
    std::vector<std::pair<std::tuple<std::string, std::string, std::size_t>, std::vector<const HistoryEntry*>>>;

Series series_of(const std::vector<HistoryEntry>& entries) {
  Series series;
  std::map<std::tuple<std::string, std::string, std::size_t>, std::size_t> found;
  for (const auto& entry : entries) {
    const auto key = std::make_tuple(entry.identity.scenario, entry.strategy, entry.objective);
    const auto [at, added] = found.emplace(key, series.size());
    if (added)
      series.push_back({key, {}});
    series[at->second].second.push_back(&entry);
  }
  return series;
}

std::string short_commit(const std::string& commit) { return commit.empty() ? "-" : commit.substr(0, 12); }

} // namespace

void write_history_text(std::ostream& out, const std::vector<HistoryEntry>& entries) {
  if (entries.empty()) {
    out << "The history holds no check yet.\n";
    return;
  }
  std::string scenario;
  for (const auto& [key, list] : series_of(entries)) {
    if (std::get<0>(key) != scenario) {
      out << (scenario.empty() ? "" : "\n") << "Scenario " << std::get<0>(key) << "\n";
      scenario = std::get<0>(key);
    }
    const auto first = judged(*list.front());
    out << "\n" << std::get<1>(key) << ": " << objective_label(first) << " " << objective_target(first) << "\n";
    TextTable table;
    table.header = {"check", "recorded (UTC)", "commit", "runs", "observed", "verdict"};
    table.right = {true, false, false, true, true, false};
    for (const auto* entry : list) {
      const auto result = judged(*entry);
      table.rows.push_back({std::to_string(entry->check), entry->identity.recorded_at,
                            short_commit(entry->identity.commit), grouped(entry->identity.runs),
                            format_observed(result), verdict_text(result)});
    }
    table.write(out);
  }
}

void write_history_json(std::ostream& out, const std::vector<HistoryEntry>& entries) {
  auto list = nlohmann::ordered_json::array();
  for (const auto& entry : entries)
    list.push_back({{"check", entry.check},
                    {"recorded_at", entry.identity.recorded_at},
                    {"scenario", entry.identity.scenario},
                    {"scenario_sha256", entry.identity.scenario_sha256},
                    {"drsim_version", entry.identity.drsim_version},
                    {"commit", entry.identity.commit},
                    {"runs", entry.identity.runs},
                    {"seed", std::to_string(entry.identity.seed)},
                    {"strategy", entry.strategy},
                    {"objective", entry.objective},
                    {"metric", name_of(entry.metric)},
                    {"stat", name_of(entry.stat)},
                    {"target", entry.target},
                    {"observed", entry.observed ? nlohmann::ordered_json(*entry.observed) : nullptr},
                    {"verdict", name_of(entry.verdict)}});
  out << nlohmann::ordered_json{{"drsim_history", 1}, {"entries", std::move(list)}}.dump(2) << '\n';
}

} // namespace drsim
