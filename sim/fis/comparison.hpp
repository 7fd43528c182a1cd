// `drsim fis compare`: what a FIS run observed beside what the simulator predicts for the same strategy. Each
// figure (the RTO, and the time from the fault's onset to the first failure users saw) is placed among N simulated
// drills: its percentile (the share of drills with a smaller figure, ties
// counted half), the simulated p5, p50 and p95, and a verdict, inside p5..p95 or not. A figure a drill never
// reached (unrecovered, never impacted) ranks above every reached one. Everything here is computed from its
// arguments alone, so the same journal and the same simulated drills give the same bytes; the drills are run by
// the command line, since this layer does not reach the engine.
#pragma once

#include <cstdint>
#include <iosfwd>
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
};

enum class Verdict { Inside, Below, Above };

// "inside p5..p95", "below p5", "above p95".
std::string_view verdict_name(Verdict verdict);

struct FigureComparison {
  std::string figure;             //!< "rto", "impact"
  std::string label;              //!< for people
  std::optional<double> observed; //!< absent: not reached while observed
  double percentile = 0;          //!< 0 to 100
  std::optional<double> p5;       //!< absent: the drill of that rank never reached the figure
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
};

// Throws UsageError for no simulated drill.
Comparison compare_observed(ObservedDrill observed, const std::vector<SimulatedFigures>& simulated, std::uint64_t seed);

void write_comparison_text(std::ostream& out, const Comparison& comparison);
nlohmann::json comparison_json(const Comparison& comparison);

} // namespace drsim::fis
