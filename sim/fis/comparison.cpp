#include "sim/fis/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <ostream>

#include <fmt/format.h>

#include "sim/core/errors.hpp"
#include "sim/core/units.hpp"
#include "sim/fis/journal.hpp"

namespace drsim::fis {
namespace {

using nlohmann::json;

constexpr double never = std::numeric_limits<double>::infinity();

// The nearest-rank q-quantile of a sorted sample, as the simulator's summaries take them.
double nearest_rank(const std::vector<double>& sorted, double q) {
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

std::optional<double> reached(double value) { return std::isinf(value) ? std::nullopt : std::optional(value); }

FigureComparison place(std::string figure, std::string label, std::optional<double> observed,
                       std::vector<double> simulated) {
  FigureComparison comparison;
  comparison.figure = std::move(figure);
  comparison.label = std::move(label);
  comparison.observed = observed;
  std::sort(simulated.begin(), simulated.end());
  const double value = observed.value_or(never);
  const auto below = std::lower_bound(simulated.begin(), simulated.end(), value) - simulated.begin();
  const auto equal = std::upper_bound(simulated.begin(), simulated.end(), value) - simulated.begin() - below;
  comparison.percentile =
      100 * (static_cast<double>(below) + 0.5 * static_cast<double>(equal)) / static_cast<double>(simulated.size());
  const double p5 = nearest_rank(simulated, 0.05);
  const double p95 = nearest_rank(simulated, 0.95);
  comparison.p5 = reached(p5);
  comparison.p50 = reached(nearest_rank(simulated, 0.5));
  comparison.p95 = reached(p95);
  comparison.never = static_cast<int>(std::count(simulated.begin(), simulated.end(), never));
  comparison.verdict = value < p5 ? Verdict::Below : value > p95 ? Verdict::Above : Verdict::Inside;
  return comparison;
}

std::string shown(const std::optional<double>& seconds) { return seconds ? format_duration(*seconds) : "never"; }

json seconds_json(const std::optional<double>& seconds) { return seconds ? json(*seconds) : json(nullptr); }

} // namespace

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
  case Verdict::Inside:
    return "inside p5..p95";
  case Verdict::Below:
    return "below p5";
  case Verdict::Above:
    return "above p95";
  }
  return "unknown";
}

Comparison compare_observed(ObservedDrill observed, const std::vector<SimulatedFigures>& simulated,
                            std::uint64_t seed) {
  if (simulated.empty())
    throw UsageError("fis compare needs at least one simulated drill");
  Comparison comparison;
  comparison.runs = static_cast<int>(simulated.size());
  comparison.seed = seed;
  if (observed.measurement) {
    const auto& m = *observed.measurement;
    const double onset = *observed.fault_onset;
    std::vector<double> impact, rto;
    for (const auto& drill : simulated) {
      impact.push_back(drill.impact_s.value_or(never));
      rto.push_back(drill.rto_s.value_or(never));
    }
    // The journal's times are to the millisecond, and so are the observed figures.
    const auto observed_figure = [](const std::optional<double>& seconds) {
      return seconds ? std::optional(to_millisecond(*seconds)) : std::nullopt;
    };
    comparison.figures.push_back(place("rto", "RTO (onset to recovery)", observed_figure(m.rto_s), std::move(rto)));
    comparison.figures.push_back(place(
        "impact", "onset to first failure",
        observed_figure(m.first_failure ? std::optional(*m.first_failure - onset) : std::nullopt), std::move(impact)));
  }
  comparison.observed = std::move(observed);
  return comparison;
}

void write_comparison_text(std::ostream& out, const Comparison& comparison) {
  const auto& observed = comparison.observed;
  out << "FIS run " << observed.run_id << " of scenario " << observed.scenario << ", strategy " << observed.strategy
      << ": " << (observed.outcome.empty() ? "no end recorded" : observed.outcome) << "\n";
  out << fmt::format("Observed: {} probe{} of {} URL{} ({} failed)", observed.probes, observed.probes == 1 ? "" : "s",
                     observed.urls.size(), observed.urls.size() == 1 ? "" : "s", observed.failed_probes);
  if (observed.fault_onset)
    out << ", fault onset " << format_clock(*observed.fault_onset) << " on the run's clock, observed to "
        << format_clock(observed.horizon);
  out << "\n";
  out << "Simulated: " << comparison.runs << " drill" << (comparison.runs == 1 ? "" : "s") << " of strategy "
      << observed.strategy << ", seed " << comparison.seed << "\n";
  if (comparison.figures.empty()) {
    out << "\nNothing to compare: " << observed.note << "\n";
    return;
  }
  out << "\n"
      << fmt::format("{:<24} {:>10} {:>10} {:>10} {:>10} {:>10}  {}\n", "figure", "observed", "percentile", "p5", "p50",
                     "p95", "verdict");
  for (const auto& figure : comparison.figures)
    out << fmt::format("{:<24} {:>10} {:>10.1f} {:>10} {:>10} {:>10}  {}\n", figure.label, shown(figure.observed),
                       figure.percentile, shown(figure.p5), shown(figure.p50), shown(figure.p95),
                       verdict_name(figure.verdict));
  out << "\nA percentile is the share of simulated drills with a smaller figure (ties count half); \"never\": not\n"
         "reached within the horizon (simulated) or while observed. The observed RTO uses the scenario's recovery\n"
         "rule on the probes, each URL a client population.\n";
}

json comparison_json(const Comparison& comparison) {
  const auto& observed = comparison.observed;
  json figures = json::array();
  for (const auto& figure : comparison.figures)
    figures.push_back({{"figure", figure.figure},
                       {"observed_s", seconds_json(figure.observed)},
                       {"percentile", figure.percentile},
                       {"p5_s", seconds_json(figure.p5)},
                       {"p50_s", seconds_json(figure.p50)},
                       {"p95_s", seconds_json(figure.p95)},
                       {"never", figure.never},
                       {"verdict", verdict_name(figure.verdict)}});
  json result{{"drsim_fis_compare", 1},
              {"run_id", observed.run_id},
              {"scenario", observed.scenario},
              {"strategy", observed.strategy},
              {"plan_hash", observed.plan_hash},
              {"outcome", observed.outcome},
              {"observation",
               {{"urls", observed.urls},
                {"probes", observed.probes},
                {"failed_probes", observed.failed_probes},
                {"fault_onset_s", seconds_json(observed.fault_onset)},
                {"horizon_s", observed.horizon}}},
              {"simulated", {{"runs", comparison.runs}, {"seed", comparison.seed}}},
              {"figures", figures}};
  if (!observed.note.empty())
    result["note"] = observed.note;
  return result;
}

} // namespace drsim::fis
