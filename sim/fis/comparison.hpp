// `drsim fis compare`: what a FIS run observed beside what the simulator predicts for the same strategy. Each
// figure (the RTO, the time from the fault's onset to the first failure users saw, and, when the run watched
// alarms or health checks, the time from the onset to the first of them turning bad, and for each runbook step the run
// watched, the time from the onset to its change) is placed among N simulated drills: its percentile (the share of
// drills with a smaller figure, ties counted half), the simulated p5, p50 and p95, and a verdict, inside p5..p95 or
// not. A step the run never saw change is "not observed": no percentile, no verdict. Written as text, JSON,
// Markdown and an HTML page whose chart sets the observed success ratio beside the median drill's. A figure a drill
// never reached (unrecovered, never impacted) ranks above every reached one. Everything here is computed from its
// arguments alone, so the same journal and the same simulated drills give the same bytes; the drills are run by
// the command line, since this layer does not reach the engine.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/fis/observation.hpp"

namespace drsim::fis {

// A simulated drill's figures, each from the fault's onset; absent: never reached within the horizon.
struct SimulatedFigures {
  std::optional<double> impact_s; //!< first failure
  std::optional<double> rto_s;
  int run = 0; //!< its place among the drills, from 0
  // The worst client population's success ratio, in seconds since the fault's onset: only the page's chart needs
  // it, for the median drill alone, which the command line drills again to have it.
  OutcomeSeries success_ratio{};
  std::optional<double> detection_s{};         //!< first alarm or failed health check
  std::map<std::string, double> step_done_s{}; //!< runbook step id -> when it finished; absent: never
};

enum class Verdict { Inside, Below, Above, NotSimulated, NotObserved };

// "inside p5..p95", "below p5", "above p95", "not simulated" (no simulated drill reached the figure, as when the
// strategy's runbook has no alarm or health check to detect by), "not observed" (a watched step the run never saw).
std::string_view verdict_name(Verdict verdict);

struct FigureComparison {
  std::string figure;               //!< "rto", "impact", "detection", "step"
  std::string label;                //!< for people
  std::string step;                 //!< the runbook step's id (figure "step")
  std::string action;               //!< and its action
  std::optional<double> observed;   //!< absent: not reached while observed
  std::optional<double> percentile; //!< 0 to 100; absent: not observed
  std::optional<double> p5;         //!< absent: the drill of that rank never reached the figure
  std::optional<double> p50;
  std::optional<double> p95;
  int never = 0; //!< simulated drills that never reached it
  Verdict verdict = Verdict::Inside;
};

struct Comparison {
  ObservedDrill observed;
  int runs = 0;
  std::uint64_t seed = 0;
  std::vector<FigureComparison> figures; //!< empty when the observation has no measurement
  // The median drill, charted beside the observation: the first (by run) whose RTO is the simulated p50 (nearest
  // rank, so one drill has it exactly). Absent with the figures.
  std::optional<SimulatedFigures> median_drill;
};

// Throws UsageError for no simulated drill.
Comparison compare_observed(ObservedDrill observed, const std::vector<SimulatedFigures>& simulated, std::uint64_t seed);

void write_comparison_text(std::ostream& out, const Comparison& comparison);
nlohmann::json comparison_json(const Comparison& comparison);
// What the text says, as Markdown with the figures in a table.
void write_comparison_markdown(std::ostream& out, const Comparison& comparison);
// One self-contained page: the figures with their verdicts, and the success ratio the prober observed beside the
// median drill's over the run's clock, the simulated drill shifted so that its fault starts with the observed one,
// each watched runbook step marked when it was seen.
void write_comparison_html(std::ostream& out, const Comparison& comparison);

} // namespace drsim::fis
