// What the model and scenario tests share: reading a scenario built in the test, and finding its parts and the
// events of a drill.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/engine/drill.hpp"
#include "sim/input/scenario_reader.hpp"

namespace drsim::testing {

// The scenario a test built; every problem the reader finds fails the test, each shown.
inline Scenario read_or_fail(const nlohmann::json& document, const std::string& file) {
  std::vector<Diagnostic> problems;
  auto scenario = read_scenario(document, file, problems);
  for (const auto& problem : problems)
    UNSCOPED_INFO(problem.str());
  REQUIRE(problems.empty());
  return scenario;
}

inline const Strategy& strategy_named(const Scenario& scenario, const std::string& name) {
  for (const auto& s : scenario.strategies)
    if (s.name == name)
      return s;
  FAIL("no strategy " << name);
  return scenario.strategies.front();
}

// The drill's events of one kind, of one component unless `component` is empty.
inline std::vector<TimelineEvent> events(const DrillResult& drill, EventKind kind, const std::string& component = "") {
  std::vector<TimelineEvent> found;
  for (const auto& event : drill.timeline)
    if (event.kind == kind && (component.empty() || event.component == component))
      found.push_back(event);
  return found;
}

// The time of the first event of a kind at or after `after`; the test fails when there is none.
inline double first_time(const DrillResult& drill, EventKind kind, const std::string& component = "",
                         double after = -1) {
  for (const auto& event : events(drill, kind, component))
    if (event.time >= after)
      return event.time;
  FAIL("no '" << name_of(kind) << "' event of '" << component << "' after " << after);
  return 0;
}

// The time of the last event of a kind; the test fails when there is none.
inline double last_time(const DrillResult& drill, EventKind kind, const std::string& component = "") {
  const auto found = events(drill, kind, component);
  REQUIRE_FALSE(found.empty());
  return found.back().time;
}

// Floating-point slack for times that come back from the Engine clock: far below any modelled duration.
constexpr double clock_slack = 1e-6;

} // namespace drsim::testing
