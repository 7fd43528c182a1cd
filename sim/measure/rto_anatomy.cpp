#include "sim/measure/rto_anatomy.hpp"

#include <algorithm>
#include <limits>
#include <map>

namespace drsim {
namespace {

// Timeline times are exact to the Engine's precision; events at one instant may differ by rounding.
constexpr double same_instant = 1e-6;

const char* phase_name(StepAction action) {
  switch (action) {
  case StepAction::Detect:
    return "detection";
  case StepAction::Page:
    return "paging and acknowledgement";
  case StepAction::Decide:
    return "decision";
  case StepAction::Promote:
    return "promotion";
  case StepAction::Scale:
    return "fleet scaling";
  case StepAction::SwitchDns:
    return "DNS switch";
  case StepAction::Restore:
    return "restore";
  case StepAction::Verify:
    return "verification";
  case StepAction::WaitHealthy:
    return "waiting for the original region";
  case StepAction::Resync:
    return "resynchronisation";
  case StepAction::SwitchOver:
    return "switch-over";
  case StepAction::Wait:
  case StepAction::Invalid:
    break;
  }
  return "wait";
}

struct StepTimes {
  std::optional<double> start;
  std::optional<double> end;
  std::size_t finished = 0; //!< the place of its step-done event in the timeline, to order steps done at one instant
};

// What the timeline shows happening in (from, to]: the last event that moves the recovery on names the phase.
std::string gap_name(const std::vector<TimelineEvent>& timeline, double from, double to, const std::string& otherwise) {
  std::string name = otherwise;
  for (const auto& event : timeline) {
    if (event.time <= from + same_instant || event.time > to + same_instant)
      continue;
    switch (event.kind) {
    case EventKind::HealthCheckPassed:
    case EventKind::HealthCheckFailed:
    case EventKind::DnsSwitched:
    case EventKind::DnsCacheRefreshed:
      name = "DNS propagation";
      break;
    case EventKind::Launch:
    case EventKind::InstancesBooted:
    case EventKind::TargetsChanged:
      name = "fleet boot and registration";
      break;
    case EventKind::FailoverStarted:
    case EventKind::FailoverDone:
      name = "database failover";
      break;
    default:
      break;
    }
  }
  return name;
}

} // namespace

std::optional<RtoAnatomy> rto_anatomy(const DrillResult& drill, const Runbook& runbook) {
  const auto& m = drill.measurement;
  if (!m.recovered_at || !m.rto_s || *m.rto_s <= 0 || drill.timeline.empty())
    return std::nullopt;
  RtoAnatomy anatomy;
  // The RTO runs from the onset of the longest outage (metrics.hpp), which need not be the drill's first fault.
  anatomy.onset = *m.recovered_at - *m.rto_s;
  anatomy.recovered = *m.recovered_at;
  const double onset = anatomy.onset, recovered = anatomy.recovered;

  std::map<std::string, StepTimes> times;
  for (std::size_t i = 0; i < drill.timeline.size(); ++i) {
    const auto& event = drill.timeline[i];
    auto& step = times[event.component];
    if (event.kind == EventKind::StepStarted && !step.start)
      step.start = event.time;
    if (event.kind == EventKind::StepDone && !step.end) {
      step.end = event.time;
      step.finished = i;
    }
  }
  const auto& steps = runbook.steps;
  const auto done_by = [&](std::size_t i, double limit) {
    const auto found = times.find(steps[i].id);
    return found != times.end() && found->second.start && found->second.end && *found->second.end >= onset &&
           *found->second.end <= limit + same_instant;
  };
  // The step that finished last by `limit` among `candidates`; of those done at one instant, the last recorded.
  const auto last_done = [&](const std::vector<std::size_t>& candidates, double limit) {
    std::optional<std::size_t> last;
    for (const auto i : candidates)
      if (done_by(i, limit) && (!last || times[steps[i].id].finished > times[steps[*last].id].finished))
        last = i;
    return last;
  };
  // A verification or a wait at the end moves nothing: the recovery did not wait for it.
  std::vector<std::size_t> acting;
  for (std::size_t i = 0; i < steps.size(); ++i)
    if (steps[i].action != StepAction::Verify && steps[i].action != StepAction::Wait)
      acting.push_back(i);
  std::vector<std::size_t> path;
  for (auto at = last_done(acting, recovered); at;) {
    path.insert(path.begin(), *at);
    std::vector<std::size_t> before;
    if (steps[*at].after.empty() && *at > 0)
      before.push_back(*at - 1);
    for (const auto& id : steps[*at].after)
      for (std::size_t j = 0; j < steps.size(); ++j)
        if (steps[j].id == id)
          before.push_back(j);
    at = last_done(before, *times[steps[*at].id].start);
  }

  double t = onset;
  const auto phase = [&](std::string name, std::string step, double end) {
    if (end > t + same_instant)
      anatomy.phases.push_back({std::move(name), std::move(step), t, end});
    t = std::max(t, end);
  };
  if (path.empty() || steps[path.front()].action != StepAction::Detect) {
    // Without a detect step first, the first alarm still ends the detection.
    const auto alarm = std::find_if(drill.timeline.begin(), drill.timeline.end(), [&](const TimelineEvent& e) {
      return (e.kind == EventKind::Alarm || e.kind == EventKind::HealthCheckFailed) && e.time > onset &&
             e.time <= (path.empty() ? recovered : *times[steps[path.front()].id].start) + same_instant;
    });
    if (alarm != drill.timeline.end())
      phase("detection", "", alarm->time);
  }
  for (const auto i : path) {
    const auto& step = steps[i];
    const auto& when = times[step.id];
    if (step.action != StepAction::Detect)
      phase(gap_name(drill.timeline, t, *when.start, "waiting for " + step.id), "", *when.start);
    phase(phase_name(step.action), step.id, *when.end);
  }
  phase(gap_name(drill.timeline, t, recovered, "until the clients recover"), "", recovered);

  // The activities, for the chart.
  const auto on_path = [&](const std::string& id) {
    return std::any_of(path.begin(), path.end(), [&](std::size_t i) { return steps[i].id == id; });
  };
  const auto first_alarm = std::find_if(drill.timeline.begin(), drill.timeline.end(), [&](const TimelineEvent& e) {
    return (e.kind == EventKind::Alarm || e.kind == EventKind::HealthCheckFailed) && e.time > onset;
  });
  if (first_alarm != drill.timeline.end() && first_alarm->time <= recovered + same_instant)
    anatomy.activities.push_back({"detection", "detection", onset, first_alarm->time, true});
  for (const auto& step : steps) {
    const auto found = times.find(step.id);
    if (found == times.end() || !found->second.start)
      continue;
    anatomy.activities.push_back({step.id, "step", *found->second.start, found->second.end, on_path(step.id)});
  }
  std::map<std::string, double> launched, first_change, last_change;
  std::optional<double> dns_from, dns_to;
  for (const auto& event : drill.timeline) {
    if (event.time < onset || event.time > recovered + same_instant)
      continue;
    switch (event.kind) {
    case EventKind::Launch:
      launched.emplace(event.component, event.time);
      break;
    case EventKind::InstancesBooted:
      if (const auto found = launched.find(event.component); found != launched.end()) {
        anatomy.activities.push_back({"fleet boot: " + event.component, "fleet", found->second, event.time, false});
        launched.erase(found);
      }
      break;
    case EventKind::TargetsChanged:
      first_change.emplace(event.component, event.time);
      last_change[event.component] = event.time;
      break;
    case EventKind::FailoverStarted:
      anatomy.activities.push_back({"failover: " + event.component, "database", event.time, std::nullopt, false});
      break;
    case EventKind::FailoverDone:
      for (auto& activity : anatomy.activities)
        if (activity.kind == "database" && activity.name == "failover: " + event.component && !activity.end)
          activity.end = event.time;
      break;
    case EventKind::HealthCheckPassed:
    case EventKind::DnsSwitched:
    case EventKind::DnsCacheRefreshed:
      if (!dns_from)
        dns_from = event.time;
      if (event.kind == EventKind::DnsCacheRefreshed)
        dns_to = event.time;
      break;
    default:
      break;
    }
  }
  for (const auto& [component, time] : launched)
    anatomy.activities.push_back({"fleet boot: " + component, "fleet", time, std::nullopt, false});
  for (const auto& [component, first] : first_change)
    anatomy.activities.push_back({"targets healthy: " + component, "targets", first, last_change[component], false});
  if (dns_from && dns_to && *dns_to > *dns_from)
    anatomy.activities.push_back({"DNS propagation", "dns", *dns_from, *dns_to, false});
  // What the last phase is: its activities are on the critical path too.
  const auto& last = anatomy.phases.back();
  for (auto& activity : anatomy.activities)
    if (last.step.empty() && activity.end && *activity.end > last.start + same_instant &&
        ((activity.kind == "dns" && last.name == "DNS propagation") ||
         ((activity.kind == "fleet" || activity.kind == "targets") && last.name == "fleet boot and registration") ||
         (activity.kind == "database" && last.name == "database failover")))
      activity.critical = true;
  std::stable_sort(anatomy.activities.begin(), anatomy.activities.end(),
                   [](const RtoActivity& a, const RtoActivity& b) { return a.start < b.start; });
  return anatomy;
}

std::vector<RtoPhaseTime> phase_times(const RtoAnatomy& anatomy) {
  std::vector<RtoPhaseTime> times;
  times.reserve(anatomy.phases.size());
  for (const auto& phase : anatomy.phases)
    times.push_back({phase.name, phase.duration()});
  return times;
}

std::optional<RtoAnatomyMedians> rto_anatomy_medians(const std::vector<DrillResult>& drills) {
  RtoAnatomyStream stream;
  for (const auto& drill : drills)
    stream.add(drill);
  return stream.medians();
}

void RtoAnatomyStream::place(const std::vector<std::string>& names) {
  auto at = order_.begin();
  for (const auto& name : names) {
    const auto found = std::find(order_.begin(), order_.end(), name);
    at = found != order_.end() ? found + 1 : order_.insert(at, name) + 1;
  }
}

void RtoAnatomyStream::add(const DrillResult& drill) {
  if (drill.rto_phases.empty() || !drill.measurement.rto_s)
    return;
  const DrillRef ref{drill.run, drill.seed};
  rto_.add(*drill.measurement.rto_s, ref);
  std::vector<std::string> names;
  std::map<std::string, double> total;
  for (const auto& phase : drill.rto_phases) {
    if (!total.contains(phase.name))
      names.push_back(phase.name);
    total[phase.name] += phase.duration_s;
  }
  place(names);
  for (const auto& name : names)
    durations_[name].add(total[name], ref);
}

void RtoAnatomyStream::merge(const RtoAnatomyStream& other) {
  rto_.merge(other.rto_);
  place(other.order_);
  for (const auto& [name, durations] : other.durations_)
    durations_[name].merge(durations);
}

std::optional<RtoAnatomyMedians> RtoAnatomyStream::medians() const {
  if (rto_.count() == 0)
    return std::nullopt;
  // Nearest rank, like every median of a report: a duration some drill took.
  const auto median = [](const FigureStream& values) {
    return FigureStream::at_rank(values.cumulative(), (values.count() + 1) / 2);
  };
  RtoAnatomyMedians medians;
  medians.drills = static_cast<int>(rto_.count());
  medians.median_rto_s = median(rto_);
  for (const auto& name : order_) {
    const auto& values = durations_.at(name);
    PhaseMedian phase{name, median(values), static_cast<int>(values.count()), std::nullopt};
    if (medians.median_rto_s > 0)
      phase.share = phase.median_s / medians.median_rto_s;
    medians.phases.push_back(std::move(phase));
  }
  return medians;
}

} // namespace drsim
