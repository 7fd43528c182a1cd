#include "sim/input/scenario_reader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "sim/core/parameters.hpp"
#include "sim/core/sha256.hpp"
#include "sim/core/units.hpp"
#include "sim/input/file_kind.hpp"
#include "sim/input/input_format.hpp"
#include "sim/input/json_node.hpp"
#include "sim/input/json_parse.hpp"
#include "sim/input/limits.hpp"
#include "sim/input/messages.hpp"
#include "sim/input/parameter_reference.hpp"
#include "sim/input/setting_paths.hpp"
#include "sim/input/strategy_reader.hpp"
#include "sim/input/topology_reader.hpp"

namespace drsim {
namespace {

using nlohmann::json;

// A run's random failures are drawn and held before it starts: a million is far more than any real year has.
constexpr double most_failures_per_run = 1e6;

std::vector<std::string> az_names(const Topology& topology) {
  std::vector<std::string> names;
  for (const auto& region : topology.regions)
    names.insert(names.end(), region.azs.begin(), region.azs.end());
  return names;
}

class ScenarioReader {
public:
  ScenarioReader(const json& document, const std::string& file, std::vector<Diagnostic>& problems)
      : sink_{file, &problems}, root_(document, "", sink_), problems_(problems) {}

  // Settings of the topology file the scenario names, applied to it once read; what they set goes to `applied`.
  void set_in_topology_file(std::span<const Setting> settings, std::vector<AppliedSetting>& applied) {
    topology_settings_ = settings;
    topology_applied_ = &applied;
  }

  Scenario read() {
    scenario_.file = sink_.file;
    using namespace parameters;
    if (!root_.expect_object(format::scenario))
      return std::move(scenario_);
    // By the keys rather than by what was read from them, so that one broken entry does not bring more errors.
    long_run_ = root_.field("random_failures") || root_.field("common_cause");
    const auto& drills = format::scenario.at_least_one;
    if (std::none_of(drills.begin(), drills.end(), [&](std::string_view key) { return root_.field(key); })) {
      std::vector<std::string> quoted;
      for (const auto key : drills)
        quoted.push_back(in_quotes(key));
      root_.problem("missing required key " + quoted.front() + "; expected " + join_alternatives(quoted) +
                    ", at least one of the " + (quoted.size() == 3 ? "three" : std::to_string(quoted.size())));
    }
    check_format_version(root_, "drsim_scenario");
    root_.read_name("name", scenario_.name);
    if (const auto description = root_.field("description"))
      description->as_string();
    if (const auto schema = root_.field("$schema")) // for editors: any string, not otherwise read
      schema->as_string();
    read_topology_section();
    read_settings();
    read_faults();
    read_random_failures();
    read_common_cause();
    read_strategies();
    check_unreachable_steps();
    read_objectives();
    scenario_.resolved = root_.value();
    scenario_.resolved["topology"] = topology_json_;
    scenario_.resolved["strategies"] = json::array();
    for (const auto& strategy : scenario_.strategies)
      scenario_.resolved["strategies"].push_back(strategy.resolved);
    return std::move(scenario_);
  }

private:
  void read_topology_section() {
    const auto node = root_.field("topology");
    if (!node)
      return;
    if (node->value().is_object()) {
      topology_json_ = node->value();
      topology_file_ = sink_.file;
      topology_prefix_ = "/topology";
    } else if (node->value().is_string()) {
      const auto relative = node->as_name();
      if (!relative)
        return;
      const std::filesystem::path path = std::filesystem::path(sink_.file).parent_path() / *relative;
      topology_file_ = path.lexically_normal().string();
      scenario_.topology_file = topology_file_;
      std::vector<Diagnostic> unreadable;
      const auto text = read_text_file(topology_file_, unreadable);
      for (const auto& problem : unreadable)
        node->problem("cannot use the topology file " + in_quotes(topology_file_) + ": it " + problem.message);
      if (!text)
        return;
      scenario_.topology_file_sha256 = sha256_hex(*text);
      auto document = parse_json_text(*text, topology_file_, problems_);
      if (!document)
        return;
      if (const auto wrong_kind = wrong_kind_of_file(*document, "drsim_topology", topology_file_)) {
        node->problem(in_quotes(topology_file_) + " " + *wrong_kind);
        return;
      }
      if (!document->is_object() || !document->contains("drsim_topology")) {
        node->problem(in_quotes(topology_file_) + " is not a topology file; expected one with \"drsim_topology\": 1");
        return;
      }
      topology_json_ = std::move(*document);
      if (topology_applied_)
        *topology_applied_ = apply_settings(topology_json_, topology_file_, topology_settings_, "topology.", problems_);
    } else {
      node->problem("must be the path of a topology file or an inline topology object, not " +
                    describe_value(node->value()));
      return;
    }
    scenario_.topology = read_topology(topology_json_, topology_file_, topology_prefix_, topology_problems_);
    problems_.insert(problems_.end(), topology_problems_.begin(), topology_problems_.end());
    have_topology_ = true;
  }

  void read_settings() {
    using namespace parameters;
    // Kept at its default when out of range: fault onsets are checked against it.
    root_.read(horizon, scenario_.horizon_s);
    root_.read(runs, scenario_.runs);
    for (const auto& [parameter, target] :
         {std::pair{&cost_of_downtime_per_minute, &scenario_.cost_of_downtime_per_minute},
          std::pair{&cost_per_lost_write, &scenario_.cost_per_lost_write}})
      if (const auto node = root_.field(parameter->key()))
        if (const auto value = node->as_value(*parameter))
          *target = *value;
    root_.read(seed, scenario_.seed);
    const auto recovery = root_.field("recovery");
    if (!recovery || !recovery->expect_object(format::scenario_objects::recovery))
      return;
    auto& criterion = scenario_.recovery;
    recovery->read(success_threshold, criterion.success_threshold);
    if (recovery->read_quantity(recovery_window.key(), Quantity::Duration, criterion.window_s) &&
        !recovery_window.range.contains(criterion.window_s))
      recovery->field(recovery_window.key())->problem("must be " + range_text(recovery_window) + ", e.g. \"60s\"");
  }

  void read_faults() {
    const auto faults = root_.field("faults");
    if (!faults)
      return;
    for (const auto& item : faults->elements("fault", limits::faults, "faults")) {
      if (!item.value().is_object()) {
        item.problem("must be an object, not " + describe_value(item.value()));
        continue;
      }
      Fault fault;
      const bool kind_known = item.read_enum("kind", fault.kind);
      using namespace parameters;
      item.expect_object(format::scenario_objects::fault,
                         kind_known ? std::optional<std::string_view>(name_of(fault.kind)) : std::nullopt);

      const auto target = item.field("target");
      const auto name = target ? target->as_name() : std::nullopt;
      if (name) {
        fault.target = *name;
        // A runbook step is a strategy's: checked once the strategies are read.
        if (fault.kind == FaultKind::StepUnreachable)
          unreachable_steps_.push_back({fault.kind, *name, *target});
        else if (kind_known && have_topology_ &&
                 target->check_reference(*name, fault_target_kind(fault.kind),
                                         fault_target_candidates(scenario_.topology, fault.kind)))
          checked_references_.push_back({fault.kind, *name, *target});
      }
      const auto regions = names_of(scenario_.topology.regions);
      if (fault.kind == FaultKind::InstanceLoss && have_topology_) {
        if (item.read_reference("region", fault.region, "region", regions) && name)
          if (const Fleet* fleet = scenario_.topology.find_fleet(*name);
              fleet && !fleet->capacity.contains(fault.region))
            item.field("region")->problem("fleet " + in_quotes(*name) + " has no capacity in region " +
                                          in_quotes(fault.region) + "; expected a region where it runs");
        item.read(fault_count, fault.count);
      }
      if (fault.kind == FaultKind::NetworkPartition && have_topology_ &&
          item.read_reference("peer", fault.peer, "region", regions) && fault.peer == fault.target)
        item.field("peer")->problem("is the target region itself; expected the region on the other side");

      if (item.read(fault_onset, fault.onset) && fault.onset.is_fixed() && fault.onset.mean() >= scenario_.horizon_s)
        item.field(fault_onset.key())
            ->problem("must be before the end of the horizon (" + format_duration(scenario_.horizon_s) + "), not " +
                      item.field(fault_onset.key())->value().dump());
      // Only a fixed duration is held to the range: a random one may draw zero now and then, but a fixed zero is a
      // fault that never happens.
      Distribution duration = Distribution::fixed(0);
      if (item.read_distribution(fault_duration.key(), duration)) {
        if (duration.is_fixed() && !fault_duration.range.contains(duration.mean()))
          item.field(fault_duration.key())
              ->problem("must be " + range_text(fault_duration) + "; leave \"duration\" out for a fault that lasts");
        else
          fault.duration = duration;
      }
      if (Distribution detection = Distribution::fixed(0);
          fault.kind == FaultKind::DataCorruption && item.read_distribution(fault_detection.key(), detection))
        fault.detection = detection;
      scenario_.faults.push_back(std::move(fault));
    }
  }

  void read_random_failures() {
    const auto failures = root_.field("random_failures");
    if (!failures)
      return;
    for (const auto& item : failures->elements("random failure", limits::random_failures, "random failures")) {
      using namespace parameters;
      if (!item.expect_object(format::scenario_objects::random_failure))
        continue;
      RandomFailure failure;
      const bool kind_known = item.read_enum("kind", failure.kind);
      const FaultKind drawn = failure.kind == FailureTarget::Instance       ? FaultKind::InstanceFailure
                              : failure.kind == FailureTarget::LoadBalancer ? FaultKind::LoadBalancerFailure
                              : failure.kind == FailureTarget::Queue        ? FaultKind::QueueFailure
                                                                            : FaultKind::DatabaseNodeFailure;
      if (const auto component = item.field("component"))
        if (const auto name = component->as_name()) {
          failure.component = *name;
          if (kind_known && have_topology_ &&
              component->check_reference(*name, fault_target_kind(drawn),
                                         fault_target_candidates(scenario_.topology, drawn)))
            checked_references_.push_back({drawn, *name, *component});
        }
      const bool timed = read_time_to_failure(item, failure) && item.read(repair, failure.time_to_repair);
      if (timed && kind_known && have_topology_ && check_failure_count(item, failure, scenario_.topology, ""))
        counted_failures_.push_back({item, scenario_.random_failures.size()});
      scenario_.random_failures.push_back(std::move(failure));
    }
  }

  // Exactly one of "mtbf" (the mean of an exponential time to failure) and "time_to_failure" (any distribution).
  static bool read_time_to_failure(const JsonNode& item, RandomFailure& failure) {
    const auto mtbf = item.field(parameters::mtbf.key());
    const auto distribution = item.field(parameters::time_to_failure.key());
    if (mtbf && distribution) {
      distribution->problem("is given with \"mtbf\"; expected exactly one of \"mtbf\" and \"time_to_failure\"");
      return false;
    }
    if (!mtbf && !distribution) {
      item.problem("missing required key \"mtbf\" or \"time_to_failure\"; expected exactly one of them");
      return false;
    }
    if (distribution)
      return item.read(parameters::time_to_failure, failure.time_to_failure);
    // The mean of a distribution, said as a distribution's fixed value is.
    if (const auto mean = mtbf->as_quantity(Quantity::Duration)) {
      if (parameters::mtbf.range.contains(*mean)) {
        failure.time_to_failure = Distribution::exponential(*mean);
        return true;
      }
      mtbf->problem("must be " + range_text(parameters::mtbf));
    }
    return false;
  }

  // Every failure is a fault held in memory for the drill: a slip of unit ("2000s" for "2000h") on a large fleet
  // over a long horizon would draw billions. The count expected per run is bounded instead.
  // The check runs on the base topology and again on each strategy's, whose preset or overrides may multiply the
  // fleet; returns whether the count is within bounds.
  bool check_failure_count(const JsonNode& item, const RandomFailure& failure, const Topology& topology,
                           const std::string& strategy) const {
    double units = 0;
    if (failure.kind == FailureTarget::Instance) {
      for (const auto& fleet : topology.fleets)
        if (failure.component.empty() || fleet.name == failure.component)
          for (const auto& [region, capacity] : fleet.capacity)
            units += capacity.max;
    } else if (failure.kind == FailureTarget::LoadBalancer) {
      for (const auto& lb : topology.load_balancers)
        if (failure.component.empty() || lb.name == failure.component)
          units += 1;
    } else if (failure.kind == FailureTarget::Queue) {
      for (const auto& queue : topology.queues)
        if (failure.component.empty() || queue.name == failure.component)
          units += static_cast<double>(queue.regions.size());
    } else {
      for (const auto& db : topology.databases)
        if (failure.component.empty() || db.name == failure.component)
          units += 1 + static_cast<double>(db.replicas.size());
    }
    const double expected =
        units * scenario_.horizon_s / (failure.time_to_failure.mean() + failure.time_to_repair.mean());
    if (expected <= most_failures_per_run)
      return true;
    (item.field(parameters::mtbf.key()) ? item.field(parameters::mtbf.key())
                                        : item.field(parameters::time_to_failure.key()))
        ->problem("gives about " + format_number(std::round(expected)) + " failures per run (" + format_number(units) +
                  " units over the horizon" +
                  (strategy.empty() ? std::string() : " in the topology of strategy " + in_quotes(strategy)) +
                  "); at most " + format_number(most_failures_per_run) + ": is the unit right, e.g. \"2000h\"?");
    return false;
  }

  void read_common_cause() {
    const auto events = root_.field("common_cause");
    if (!events)
      return;
    for (const auto& item :
         events->elements("common-cause event", limits::common_cause_events, "common-cause events")) {
      using namespace parameters;
      if (!item.expect_object(format::scenario_objects::common_cause))
        continue;
      CommonCauseEvent event;
      const bool kind_known = item.read_enum("kind", event.kind, common_cause_kind);
      item.read(rate_per_year, event.rate_per_year);
      read_event_targets(item, event, kind_known);
      check_event_count(item, event, kind_known);
      item.read(event_duration, event.duration);
      Distribution drawn_blip;
      if (item.read(blip, drawn_blip))
        event.blip = drawn_blip;
      scenario_.common_cause.push_back(std::move(event));
    }
  }

  void read_event_targets(const JsonNode& item, CommonCauseEvent& event, bool kind_known) {
    const auto targets = item.field("targets");
    if (!targets)
      return;
    const std::string what = kind_known ? fault_target_kind(event.kind) : "AZ or region";
    if (targets->value().is_array() && targets->value().empty()) {
      targets->problem("must not be empty; leave \"targets\" out for every " + what);
      return;
    }
    if (!item.read_names("targets", event.targets) || !kind_known || !have_topology_)
      return;
    const auto nodes = targets->elements();
    const auto candidates = fault_target_candidates(scenario_.topology, event.kind);
    for (std::size_t i = 0; i < event.targets.size(); ++i)
      if (nodes[i].check_reference(event.targets[i], what, candidates))
        checked_references_.push_back({event.kind, event.targets[i], nodes[i]});
  }

  void read_strategies() {
    const auto strategies = root_.field("strategies");
    if (!strategies)
      return;
    const BaseTopology base{have_topology_ ? &topology_json_ : nullptr, &scenario_.topology, topology_file_,
                            topology_prefix_, &topology_problems_};
    scenario_.strategies =
        drsim::read_strategies(*strategies, base, [this](const Strategy& strategy) { check_fault_targets(strategy); });
    // By the keys, not the strategy read: `"runbook": {"steps": []}` says that nothing but the topology's own
    // mechanisms recovers, which an absent runbook may only have forgotten.
    if (!strategies->value().is_array())
      return;
    for (std::size_t i = 0; i < strategies->value().size(); ++i)
      if (const auto& item = strategies->value()[i];
          item.is_object() && !item.contains("preset") && !item.contains("runbook"))
        scenario_.warnings.push_back(
            {sink_.file, strategies->pointer() + "/" + std::to_string(i),
             "has neither a \"preset\" nor a \"runbook\": its drills run no recovery step, only the topology's "
             "automatic mechanisms (health checks, Auto Scaling, DNS failover, Multi-AZ failover); write "
             "\"runbook\": {\"steps\": []} to say that this is meant"});
  }

  // A step-unreachable fault names a step of some strategy's runbook; in a strategy without it, the fault does
  // nothing, which may be meant (the step is what tells strategies apart) or a slip.
  void check_unreachable_steps() {
    if (scenario_.strategies.empty())
      return;
    std::vector<std::string> step_ids;
    for (const auto& strategy : scenario_.strategies)
      for (const auto& step : strategy.runbook.steps)
        if (!is_one_of(step_ids, step.id))
          step_ids.push_back(step.id);
    for (const auto& reference : unreachable_steps_) {
      const auto& name = reference.name;
      if (!reference.node.check_reference(name, "runbook step", step_ids))
        continue;
      for (const auto& strategy : scenario_.strategies)
        if (std::none_of(strategy.runbook.steps.begin(), strategy.runbook.steps.end(),
                         [&](const RunbookStep& step) { return step.id == name; }))
          scenario_.warnings.push_back({sink_.file, reference.node.pointer(),
                                        "strategy " + in_quotes(strategy.name) + " has no runbook step " +
                                            in_quotes(name) + ": this fault does nothing in its drills"});
    }
  }

  // A fault, a random failure or a common-cause event must still find what it names once a strategy's overrides
  // have changed the topology.
  // Like random failures, every common-cause outage of a run is drawn before it starts: a rate far above any real
  // one, over many targets and a long horizon, must not draw billions.
  void check_event_count(const JsonNode& item, const CommonCauseEvent& event, bool kind_known) const {
    if (!kind_known || !have_topology_ || event.rate_per_year <= 0)
      return;
    const double targets = event.targets.empty()
                               ? static_cast<double>(fault_target_candidates(scenario_.topology, event.kind).size())
                               : static_cast<double>(event.targets.size());
    const double expected = event.rate_per_year * targets * scenario_.horizon_s / seconds_per_year;
    if (expected > most_failures_per_run)
      item.field(parameters::rate_per_year.key())
          ->problem("gives about " + format_number(std::round(expected)) + " outages per run (" +
                    format_number(targets) + " targets over the horizon); at most " +
                    format_number(most_failures_per_run) + ": is the rate per year?");
  }

  void check_fault_targets(const Strategy& strategy) const {
    for (const auto& [item, index] : counted_failures_)
      check_failure_count(item, scenario_.random_failures[index], strategy.topology, strategy.name);
    for (const auto& [kind, name, node] : checked_references_)
      if (!is_one_of(fault_target_candidates(strategy.topology, kind), name))
        node.problem(fault_target_kind(kind) + " " + in_quotes(name) + " is not in the topology of strategy " +
                     in_quotes(strategy.name) +
                     " once its overrides are applied; expected every fault to apply to "
                     "every strategy");
  }

  void read_objectives() {
    const auto objectives = root_.field("objectives");
    if (!objectives)
      return;
    const auto strategies = names_of(scenario_.strategies);
    for (const auto& item : objectives->elements({}, limits::objectives, "objectives")) {
      using namespace parameters;
      if (!item.expect_object(format::scenario_objects::objective))
        continue;
      Objective objective;
      const bool metric_known = item.read_enum("metric", objective.metric);
      if (objective.metric == Metric::MonthlyDowntime && !long_run_)
        item.field("metric")->problem("applies only to a long run; expected a scenario with \"random_failures\" or "
                                      "\"common_cause\"");
      item.read_enum(objective_stat.key(), objective.stat);
      if (const auto target = item.field(count_target.key()); target && metric_known) {
        std::optional<double> value;
        switch (objective.metric) {
        case Metric::Rto:
        case Metric::Rpo:
          value = target->as_quantity(Quantity::Duration);
          break;
        case Metric::Availability:
          value = target->as_value(availability_target);
          break;
        case Metric::LostWrites:
        case Metric::MonthlyCost:
        case Metric::MonthlyDowntime:
        case Metric::Invalid:
          value = target->as_value(count_target);
          break;
        }
        if (value)
          objective.target = *value;
      }
      if (item.read_names("strategies", objective.strategies)) {
        const auto nodes = item.field("strategies")->elements();
        for (std::size_t i = 0; i < objective.strategies.size(); ++i)
          nodes[i].check_reference(objective.strategies[i], "strategy", strategies);
      }
      scenario_.objectives.push_back(std::move(objective));
    }
  }

  DiagnosticSink sink_;
  JsonNode root_;
  std::vector<Diagnostic>& problems_;
  Scenario scenario_;
  bool have_topology_ = false;
  json topology_json_;                        //!< the base topology, as the overrides patch it
  std::string topology_file_;                 //!< where its diagnostics go
  std::string topology_prefix_;               //!< "/topology" when inline, else ""
  std::vector<Diagnostic> topology_problems_; //!< of the base topology, so that patched copies do not repeat them
  std::span<const Setting> topology_settings_;
  std::vector<AppliedSetting>* topology_applied_ = nullptr;
  bool long_run_ = false; //!< the scenario has "random_failures" or "common_cause"
  //! What faults, random failures and common-cause events name that is in the base topology: each strategy's
  //! topology must have it too.
  struct CheckedReference {
    FaultKind kind;
    std::string name;
    JsonNode node;
  };
  std::vector<CheckedReference> checked_references_;
  std::vector<CheckedReference> unreachable_steps_; //!< the runbook steps that step-unreachable faults name
  // Random failures whose count per run was within bounds on the base topology, with their index in the scenario.
  std::vector<std::pair<JsonNode, std::size_t>> counted_failures_;
};

} // namespace

std::string fault_target_kind(FaultKind kind) {
  switch (kind) {
  case FaultKind::AzOutage:
    return "AZ";
  case FaultKind::InstanceLoss:
  case FaultKind::InstanceFailure:
    return "fleet";
  case FaultKind::DatabaseFailure:
  case FaultKind::DataCorruption:
  case FaultKind::Ransomware:
  case FaultKind::DatabaseNodeFailure:
    return "database";
  case FaultKind::BackupFailure:
    return "backup";
  case FaultKind::LoadBalancerFailure:
    return "load balancer";
  case FaultKind::QueueFailure:
    return "queue";
  case FaultKind::StepUnreachable:
    return "runbook step";
  case FaultKind::RegionOutage:
  case FaultKind::NetworkPartition:
  case FaultKind::CapacityShortage:
  case FaultKind::Blip:
  case FaultKind::Invalid:
    break;
  }
  return "region";
}

std::vector<std::string> fault_target_candidates(const Topology& topology, FaultKind kind) {
  const std::string what = fault_target_kind(kind);
  if (what == "AZ")
    return az_names(topology);
  if (what == "fleet")
    return names_of(topology.fleets);
  if (what == "database")
    return names_of(topology.databases);
  if (what == "backup")
    return names_of(topology.backups);
  if (what == "load balancer")
    return names_of(topology.load_balancers);
  if (what == "queue")
    return names_of(topology.queues);
  if (what == "runbook step")
    return {};
  return names_of(topology.regions);
}

Scenario read_scenario(const json& document, const std::string& file, std::vector<Diagnostic>& problems) {
  return ScenarioReader(document, file, problems).read();
}

Scenario load_scenario_file(const std::string& path) { return load_scenario_file(path, {}); }

Scenario load_scenario_file(const std::string& path, std::span<const Setting> settings) {
  std::vector<Diagnostic> problems;
  const auto text = read_text_file(path, problems);
  auto document = text ? parse_json_text(*text, path, problems) : std::nullopt;
  Scenario scenario;
  if (const auto wrong_kind = document ? wrong_kind_of_file(*document, "drsim_scenario", path) : std::nullopt)
    problems.push_back({path, "", *wrong_kind});
  else if (document) {
    // A topology in a file of its own takes the settings under "topology."; an inline one is part of the scenario.
    const bool topology_file =
        document->is_object() && document->contains("topology") && (*document)["topology"].is_string();
    const auto applied = apply_settings(*document, path, settings, "", problems, topology_file ? "topology." : "");
    std::vector<AppliedSetting> applied_to_topology;
    ScenarioReader reader(*document, path, problems);
    reader.set_in_topology_file(settings, applied_to_topology);
    scenario = reader.read();
    scenario.file_sha256 = sha256_hex(*text);
    attribute_problems(problems, path, applied);
    attribute_problems(problems, scenario.topology_file, applied_to_topology);
    for (const auto& setting : settings)
      scenario.settings.push_back(setting.text);
  }
  if (!problems.empty())
    throw InputError(std::move(problems));
  return scenario;
}

std::string scenario_sha256(const std::string& path) {
  std::vector<Diagnostic> unread;
  std::string bytes = read_text_file(path, unread).value_or("");
  if (const auto document = read_json_file(path, unread); document && document->is_object())
    if (const auto topology = document->find("topology"); topology != document->end() && topology->is_string()) {
      const auto topology_file = std::filesystem::path(path).parent_path() / topology->get<std::string>();
      bytes += read_text_file(topology_file.lexically_normal().string(), unread).value_or("");
    }
  return sha256_hex(bytes);
}

Validation validate_input(const std::string& path, std::span<const OtherInput> others) {
  Validation result;
  const auto document = read_json_file(path, result.problems);
  if (!document)
    return result;
  const DiagnosticSink sink{path, &result.problems};
  std::vector<std::string> markers{"drsim_topology", "drsim_scenario"};
  std::vector<std::string> kinds{"\"drsim_topology\" (a topology)", "\"drsim_scenario\" (a scenario)"};
  for (const auto& other : others) {
    markers.push_back(other.marker);
    kinds.push_back(in_quotes(other.marker) + " (" + other.what + ")");
  }
  std::vector<std::size_t> present;
  if (document->is_object())
    for (std::size_t m = 0; m < markers.size(); ++m)
      if (document->contains(markers[m]))
        present.push_back(m);
  if (present.size() > 1) {
    std::vector<std::string> found;
    for (const auto m : present)
      found.push_back(in_quotes(markers[m]));
    sink.add("", "has both " + found[0] + " and " + found[1] + "; expected one of them");
  } else if (present == std::vector<std::size_t>{0}) {
    const Topology t = read_topology(*document, path, "", result.problems);
    const std::size_t components = t.load_balancers.size() + t.fleets.size() + t.databases.size() +
                                   t.object_stores.size() + t.queues.size() + t.backups.size() + t.dns.size() +
                                   t.clients.size();
    result.summary = "topology " + in_quotes(t.name) + ": " + count_of(t.regions.size(), "region", "regions") + ", " +
                     count_of(components, "component", "components");
  } else if (present == std::vector<std::size_t>{1}) {
    Scenario s = read_scenario(*document, path, result.problems);
    result.warnings = std::move(s.warnings);
    result.summary = "scenario " + in_quotes(s.name) + ": " + count_of(s.faults.size(), "fault", "faults") + ", ";
    if (s.long_run())
      result.summary += count_of(s.random_failures.size(), "random failure", "random failures") + ", " +
                        count_of(s.common_cause.size(), "common-cause event", "common-cause events") + ", ";
    result.summary += count_of(s.strategies.size(), "strategy", "strategies") + ", " +
                      count_of(s.objectives.size(), "objective", "objectives");
  } else if (present.size() == 1) {
    result.summary = others[present.front() - 2].check(*document, path, result.problems);
  } else if (!document->is_object()) {
    std::vector<std::string> quoted;
    for (const auto& marker : markers)
      quoted.push_back(in_quotes(marker));
    sink.add("", "must be a JSON object with " + join_alternatives(quoted) + ", not " + describe_value(*document));
  } else {
    std::string hint;
    for (const auto& [key, value] : document->items())
      if (const auto match = closest_match(key, markers); !match.empty())
        hint = " (is " + in_quotes(key) + " meant to be " + in_quotes(match) + "?)";
    sink.add("", "unknown kind of file; expected the key " + join_alternatives(kinds) + hint);
  }
  return result;
}

std::vector<Diagnostic> validate_file(const std::string& path) { return validate_input(path).problems; }

} // namespace drsim
