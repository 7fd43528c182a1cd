#include "reports/json_report.hpp"

#include <cmath>
#include <functional>
#include <ostream>

#include "reports/evidence_report.hpp"
#include "reports/figures.hpp"
#include "reports/recommendation_text.hpp"
#include "sim/core/version.hpp"
#include "sim/measure/objectives.hpp"

namespace drsim {
namespace {

// Reports carry milliseconds and whole writes: finer digits are noise of the floating-point arithmetic. A decimal
// step divides by its whole number of steps per unit, which gives the double nearest the decimal figure, where
// multiplying back by the step leaves binary noise (1462.2920000000001).
double rounded(double value, double step) {
  if (step >= 1)
    return std::round(value / step) * step;
  const double steps = std::round(1 / step);
  return std::round(value * steps) / steps;
}

// [low, high]; a side the drills cannot bound (too few of them, or beyond the horizon) is null, and so is an
// interval there is none of.
nlohmann::ordered_json interval_json(const std::optional<Interval>& interval, double (*round)(double, double),
                                     double step) {
  if (!interval)
    return nullptr;
  const auto bound = [&](const std::optional<double>& value) {
    return value && std::isfinite(*value) ? nlohmann::ordered_json(round(*value, step))
                                          : nlohmann::ordered_json(nullptr);
  };
  return nlohmann::ordered_json::array({bound(interval->low), bound(interval->high)});
}

// Objectives round their figures themselves (sim/measure/objectives.hpp).
double as_rounded(double value, double) { return value; }

// The 95 % intervals of a summary's mean and percentiles (sim/measure/statistics.hpp); the max has none.
nlohmann::ordered_json summary_intervals_json(const Summary& s, double (*round)(double, double), double step) {
  return {{"mean", interval_json(s.mean_ci, round, step)},
          {"p50", interval_json(s.p50_ci, round, step)},
          {"p95", interval_json(s.p95_ci, round, step)},
          {"p99", interval_json(s.p99_ci, round, step)}};
}

// Percentiles from a sketch (more drills than a figure keeps exactly) say so; exact ones leave the key out.
nlohmann::ordered_json& marked(nlohmann::ordered_json& summary, const Summary& s) {
  if (s.approximate)
    summary["approximate"] = true;
  return summary;
}

} // namespace

nlohmann::ordered_json summary_json(const Summary& s, double step) {
  if (s.count == 0)
    return nullptr;
  nlohmann::ordered_json summary{{"mean", rounded(s.mean, step)}, {"p50", rounded(s.p50, step)},
                                 {"p95", rounded(s.p95, step)},   {"p99", rounded(s.p99, step)},
                                 {"max", rounded(s.max, step)},   {"ci95", summary_intervals_json(s, rounded, step)}};
  return marked(summary, s);
}

nlohmann::ordered_json interval_json(const std::optional<Interval>& interval, double step) {
  return interval_json(interval, rounded, step);
}

nlohmann::ordered_json objectives_json(const std::vector<ObjectiveResult>& objectives,
                                       const std::function<std::string(std::uint64_t seed)>& replay) {
  auto list = nlohmann::ordered_json::array();
  for (const auto& o : objectives) {
    nlohmann::ordered_json entry{{"metric", name_of(o.metric)},
                                 {"stat", name_of(o.stat)},
                                 {"target", o.target},
                                 {"observed", o.observed ? nlohmann::ordered_json(*o.observed) : nullptr},
                                 {"unit", metric_unit(o.metric)},
                                 {"met", o.met ? nlohmann::ordered_json(*o.met) : nullptr}};
    if (!o.note.empty())
      entry["note"] = o.note;
    entry["verdict"] = name_of(o.verdict);
    entry["runs"] = o.runs;
    entry["ci95"] = interval_json(o.interval, as_rounded, 0);
    if (o.worst)
      entry["worst_drill"] = {{"run", o.worst->run + 1}, {"seed", o.worst->seed}, {"replay", replay(o.worst->seed)}};
    list.push_back(std::move(entry));
  }
  return list;
}

namespace {

// Cents, divided rather than multiplied back so that they print without binary noise (0.1 * 3 is 0.30000000000000004).
double cents(double usd) { return std::round(usd * 100) / 100; }

nlohmann::ordered_json cents_json(const Summary& s) {
  if (s.count == 0)
    return nullptr;
  nlohmann::ordered_json summary{{"mean", cents(s.mean)}, {"p50", cents(s.p50)},
                                 {"p95", cents(s.p95)},   {"p99", cents(s.p99)},
                                 {"max", cents(s.max)},   {"ci95", summary_intervals_json(s, rounded, 0.01)}};
  return marked(summary, s);
}

nlohmann::ordered_json cost_json(const CostBreakdown& cost) {
  const auto& m = cost.monthly;
  nlohmann::ordered_json monthly{{"compute", cents(m.compute)},
                                 {"database_instances", cents(m.database_instances)},
                                 {"database_storage", cents(m.database_storage)},
                                 {"backup_storage", cents(m.backup_storage)},
                                 {"transfer", cents(m.transfer)},
                                 {"health_checks", cents(m.health_checks)},
                                 {"load_balancers", cents(m.load_balancers)},
                                 {"total", cents(m.total())}};
  nlohmann::ordered_json json{{"prices_date", cost.price_date},
                              {"prices_source", cost.price_source},
                              {"monthly", std::move(monthly)},
                              {"transfer_gb_month", cents(cost.transfer_GB_month)},
                              {"incident_usd", cents_json(cost.incident_usd)}};
  if (cost.downtime_usd)
    json["downtime_usd"] = cents_json(*cost.downtime_usd);
  if (cost.lost_data_usd)
    json["lost_data_usd"] = cents_json(*cost.lost_data_usd);
  return json;
}

nlohmann::ordered_json long_run_json(const LongRunReport& l) {
  return {{"years_per_run", l.years_per_run},
          {"outages", l.outages},
          {"unended_outages", l.unended_outages},
          {"downtime_min_per_month", summary_json(l.downtime_min_per_month, 1e-3)},
          {"outages_per_year", summary_json(l.outages_per_year, 1e-3)},
          {"outage_length_s", summary_json(l.outage_length_s, 1e-3)},
          {"outage_rpo_s", summary_json(l.outage_rpo_s, 1e-3)},
          {"outage_lost_writes", summary_json(l.outage_lost_writes, 1)}};
}

nlohmann::ordered_json precision_json(const PrecisionStop& precision) {
  auto imprecise = nlohmann::ordered_json::array();
  for (const auto& figure : precision.imprecise)
    imprecise.push_back({{"strategy", figure.strategy},
                         {"figure", figure.figure},
                         {"half_width", figure.half_width ? nlohmann::ordered_json(rounded(*figure.half_width, 1e-4))
                                                          : nlohmann::ordered_json(nullptr)}});
  return {{"target", precision.target},
          {"max_runs", precision.max_runs},
          {"reached", precision.imprecise.empty()},
          {"batches", precision.batches},
          {"imprecise", std::move(imprecise)}};
}

nlohmann::ordered_json within_noise_json(const Report& report) {
  auto pairs = nlohmann::ordered_json::array();
  for (const auto& pair : within_noise(report))
    pairs.push_back({{"strategies", {pair.first, pair.second}}, {"figures", pair.figures}});
  return pairs;
}

nlohmann::ordered_json distance_json(const ObjectiveDistance& d) {
  const auto& o = d.objective;
  return {{"metric", name_of(o.metric)},
          {"stat", name_of(o.stat)},
          {"target", o.target},
          {"observed", o.observed ? nlohmann::ordered_json(*o.observed) : nullptr},
          {"verdict", name_of(o.verdict)},
          {"distance", d.distance ? nlohmann::ordered_json(at_resolution(*d.distance, o.metric)) : nullptr},
          {"relative", d.relative ? nlohmann::ordered_json(rounded(*d.relative, 1e-4)) : nullptr}};
}

// The answer of `compare`: which strategy and why (sim/measure/recommendation.hpp), the same words the other formats
// print, and per strategy what it costs a month and per drill.
nlohmann::ordered_json recommendation_json(const Report& report) {
  const auto recommendation = recommend(report);
  const auto name = [&](const std::optional<std::size_t>& i) {
    return i ? nlohmann::ordered_json(report.results[*i].strategy) : nlohmann::ordered_json(nullptr);
  };
  nlohmann::ordered_json json{{"strategy", name(recommendation.chosen)},
                              {"margin", recommendation.margin ? distance_json(*recommendation.margin) : nullptr}};
  if (recommendation.cheaper) {
    auto misses = nlohmann::ordered_json::array();
    for (const auto& miss : recommendation.misses)
      misses.push_back(distance_json(miss));
    json["next_cheaper"] = {{"strategy", name(recommendation.cheaper)}, {"misses", std::move(misses)}};
  } else {
    json["next_cheaper"] = nullptr;
  }
  auto strategies = nlohmann::ordered_json::array();
  for (const auto& r : report.results) {
    const auto mean = [](const std::optional<Summary>& s) {
      return s && s->count > 0 ? nlohmann::ordered_json(cents(s->mean)) : nlohmann::ordered_json(nullptr);
    };
    strategies.push_back(
        {{"strategy", r.strategy},
         {"monthly_cost_usd", r.monthly_cost_usd ? nlohmann::ordered_json(cents(*r.monthly_cost_usd)) : nullptr},
         {"downtime_usd_per_drill", mean(r.cost ? r.cost->downtime_usd : std::nullopt)},
         {"lost_data_usd_per_drill", mean(r.cost ? r.cost->lost_data_usd : std::nullopt)},
         {"meets_every_objective", meets_every_objective(r)}});
  }
  json["strategies"] = std::move(strategies);
  json["text"] = recommendation_text(report, recommendation).sentences;
  return json;
}

nlohmann::ordered_json timeline_json(const DrillResult& drill) {
  auto events = nlohmann::ordered_json::array();
  for (const auto& event : drill.timeline)
    events.push_back({{"time_s", rounded(event.time, 1e-3)},
                      {"event", name_of(event.kind)},
                      {"component", event.component},
                      {"detail", event.detail}});
  return events;
}

// Times in seconds since the drill started; an activity still under way when the drill ended has a null end.
nlohmann::ordered_json anatomy_json(const RtoAnatomy& anatomy) {
  auto phases = nlohmann::ordered_json::array();
  for (const auto& phase : anatomy.phases)
    phases.push_back(
        {{"phase", phase.name},
         {"step", phase.step.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(phase.step)},
         {"start_s", rounded(phase.start, 1e-3)},
         {"duration_s", rounded(phase.duration(), 1e-3)}});
  auto activities = nlohmann::ordered_json::array();
  for (const auto& activity : anatomy.activities)
    activities.push_back({{"name", activity.name},
                          {"kind", activity.kind},
                          {"start_s", rounded(activity.start, 1e-3)},
                          {"end_s", activity.end ? nlohmann::ordered_json(rounded(*activity.end, 1e-3))
                                                 : nlohmann::ordered_json(nullptr)},
                          {"critical", activity.critical}});
  return {{"onset_s", rounded(anatomy.onset, 1e-3)},
          {"recovered_s", rounded(anatomy.recovered, 1e-3)},
          {"phases", std::move(phases)},
          {"activities", std::move(activities)}};
}

// Each phase's median over the drills that went through it; share: of the median RTO, null when that is 0.
nlohmann::ordered_json anatomy_medians_json(const RtoAnatomyMedians& medians) {
  auto phases = nlohmann::ordered_json::array();
  for (const auto& phase : medians.phases)
    phases.push_back({{"phase", phase.name},
                      {"median_s", rounded(phase.median_s, 1e-3)},
                      {"drills", phase.drills},
                      {"share", phase.share ? nlohmann::ordered_json(rounded(*phase.share, 1e-3))
                                            : nlohmann::ordered_json(nullptr)}});
  return {{"drills", medians.drills},
          {"median_rto_s", rounded(medians.median_rto_s, 1e-3)},
          {"phases", std::move(phases)},
          {"note", "each phase's median is over the drills that went through it: the medians need not add up to the "
                   "median RTO, nor the shares to 1"}};
}

} // namespace

nlohmann::ordered_json report_to_json(const Report& report, bool with_timeline) {
  nlohmann::ordered_json json;
  json["drsim_report"] = 1;
  json["drsim_version"] = version;
  json["scenario"] = report.scenario;
  json["seed"] = report.seed;
  json["runs"] = report.runs;
  if (report.precision)
    json["precision"] = precision_json(*report.precision);
  auto results = nlohmann::ordered_json::array();
  for (const auto& r : report.results) {
    nlohmann::ordered_json entry;
    entry["strategy"] = r.strategy;
    entry["runs"] = r.runs;
    entry["unrecovered_runs"] = r.unrecovered_runs;
    if (r.failed.count > 0) {
      entry["failed_runs"] = r.failed.count;
      auto failed = nlohmann::ordered_json::array();
      for (const auto& drill : r.failed.first)
        failed.push_back({{"run", drill.run}, {"seed", drill.seed}, {"reason", drill.reason}});
      entry["failed"] = std::move(failed);
    }
    entry["rto_s"] = summary_json(r.rto_s, 1e-3);
    entry["rpo_s"] = summary_json(r.rpo_s, 1e-3);
    entry["lost_writes"] = summary_json(r.lost_writes, 1);
    entry["data_loss_s"] = summary_json(r.data_loss_s, 1e-3);
    entry["discarded_writes"] = summary_json(r.discarded_writes, 1);
    entry["conflict_lost_writes"] = summary_json(r.conflict_lost_writes, 1);
    entry["corrupt_requests"] = summary_json(r.corrupt_requests, 1);
    entry["availability"] = rounded(r.availability, 1e-9);
    entry["availability_ci95"] = interval_json(r.availability_ci, rounded, 1e-9);
    entry["lost_objects"] = rounded(r.lost_objects, 1);
    entry["monthly_cost_usd"] = r.monthly_cost_usd ? nlohmann::ordered_json(cents(*r.monthly_cost_usd)) : nullptr;
    if (r.cost)
      entry["cost"] = cost_json(*r.cost);
    if (r.long_run)
      entry["long_run"] = long_run_json(*r.long_run);
    if (r.failback)
      entry["failback"] = {{"runs", r.failback->runs},
                           {"unfinished_runs", r.failback->unfinished_runs},
                           {"duration_s", summary_json(r.failback->duration_s, 1e-3)},
                           {"downtime_s", summary_json(r.failback->downtime_s, 1e-3)},
                           {"lost_writes", summary_json(r.failback->lost_writes, 1)},
                           {"both_regions_usd", cents_json(r.failback->both_regions_usd)}};
    entry["objectives"] = objectives_json(
        r.objectives, [&](std::uint64_t seed) { return replay_command(report.scenario_file, r.strategy, seed); });
    if (!with_timeline && r.anatomy_medians)
      entry["rto_anatomy_medians"] = anatomy_medians_json(*r.anatomy_medians);
    if (with_timeline && r.drills.size() == 1) {
      const auto& drill = r.drills.front();
      entry["fault_onset_s"] = rounded(drill.fault_onset, 1e-3);
      entry["timeline"] = timeline_json(drill);
      entry["engine_steps"] = drill.engine_steps;
      if (r.anatomy)
        entry["rto_anatomy"] = anatomy_json(*r.anatomy);
      if (!drill.outages.empty()) {
        auto outages = nlohmann::ordered_json::array();
        for (const auto& outage : drill.outages)
          outages.push_back({{"start_s", rounded(outage.start, 1e-3)},
                             {"length_s", outage.end ? nlohmann::ordered_json(rounded(*outage.end - outage.start, 1e-3))
                                                     : nlohmann::ordered_json(nullptr)},
                             {"onset_s", rounded(outage.onset, 1e-3)},
                             {"rto_s", outage.end ? nlohmann::ordered_json(rounded(*outage.end - outage.onset, 1e-3))
                                                  : nlohmann::ordered_json(nullptr)},
                             {"causes", outage.causes},
                             {"rpo_s", rounded(outage.rpo_s, 1e-3)},
                             {"lost_writes", rounded(outage.lost_writes, 1)},
                             {"data_loss_s", rounded(outage.data_loss_s, 1e-3)},
                             {"discarded_writes", rounded(outage.discarded_writes, 1)},
                             {"failback", outage.failback}});
        entry["outages"] = std::move(outages);
      }
    }
    results.push_back(std::move(entry));
  }
  json["results"] = std::move(results);
  if (!with_timeline) {
    json["within_noise"] = within_noise_json(report);
    json["recommendation"] = recommendation_json(report);
  }
  if (report.evidence)
    json["evidence"] = evidence_json(*report.evidence);
  return json;
}

void write_json_report(std::ostream& out, const Report& report, bool with_timeline) {
  // Paths come from the command line and need not be UTF-8; they must not make the report fail.
  out << report_to_json(report, with_timeline).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

} // namespace drsim
