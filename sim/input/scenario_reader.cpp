#include "sim/input/scenario_reader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <numeric>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>

#include "sim/input/json_reader.hpp"
#include "sim/input/presets.hpp"
#include "sim/input/topology_reader.hpp"
#include "sim/core/units.hpp"

namespace drsim {
namespace {

using nlohmann::json;

// A run's random failures are drawn and held before it starts: a million is far more than any real year has.
constexpr double most_failures_per_run = 1e6;

constexpr double longest_horizon = 100 * 365.25 * 86400;
// Far above any real rate (AZ events come a few times a year), yet it bounds what a run draws: a century at this
// rate is a million events per target.
constexpr double highest_rate_per_year = 10000;

template <class T> std::vector<std::string> names_of(const std::vector<T>& items) {
  std::vector<std::string> names;
  for (const auto& item : items)
    names.push_back(item.name);
  return names;
}

std::vector<std::string> az_names(const Topology& topology) {
  std::vector<std::string> names;
  for (const auto& region : topology.regions)
    names.insert(names.end(), region.azs.begin(), region.azs.end());
  return names;
}

// What the target of a fault of this kind names: "region", "AZ", "fleet", "database" or "backup".
std::string target_kind(FaultKind kind) {
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
  case FaultKind::RegionOutage:
  case FaultKind::NetworkPartition:
  case FaultKind::CapacityShortage:
  case FaultKind::Blip:
  case FaultKind::Invalid:
    break;
  }
  return "region";
}

std::vector<std::string> target_candidates(const Topology& topology, FaultKind kind) {
  const std::string what = target_kind(kind);
  if (what == "AZ")
    return az_names(topology);
  if (what == "fleet")
    return names_of(topology.fleets);
  if (what == "database")
    return names_of(topology.databases);
  if (what == "backup")
    return names_of(topology.backups);
  return names_of(topology.regions);
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Whether a problem at `pointer` in the patched topology lies in what `overrides` wrote: every token of the
// pointer is in the patch, or the patch replaced a whole value (an array or a scalar) on the way there.
bool written_by(const json& overrides, const std::string& pointer) {
  const json* node = &overrides;
  for (const auto& token : split_pointer(pointer)) {
    if (!node->is_object())
      return true;
    const auto it = node->find(token);
    if (it == node->end())
      return false;
    node = &*it;
  }
  return true;
}

std::string count_of(std::size_t n, const std::string& noun, const std::string& plural) {
  return std::to_string(n) + " " + (n == 1 ? noun : plural);
}

// Records the DFS tree and the edges that close a cycle (Boost.Graph calls them back edges).
struct CycleRecorder : boost::default_dfs_visitor {
  std::vector<std::size_t>* parent;
  std::vector<std::pair<std::size_t, std::size_t>>* back_edges;

  template <class Edge, class Graph> void tree_edge(Edge edge, const Graph& graph) const {
    (*parent)[boost::target(edge, graph)] = boost::source(edge, graph);
  }
  template <class Edge, class Graph> void back_edge(Edge edge, const Graph& graph) const {
    back_edges->emplace_back(boost::source(edge, graph), boost::target(edge, graph));
  }
};

class ScenarioReader {
public:
  ScenarioReader(const json& document, const std::string& file, std::vector<Diagnostic>& problems)
      : sink_{file, &problems}, root_(document, "", sink_), problems_(problems) {}

  Scenario read() {
    scenario_.file = sink_.file;
    if (!root_.expect_object({"drsim_scenario", "name", "topology", "strategies"},
                             {"description", "horizon", "runs", "seed", "recovery", "faults", "random_failures",
                              "common_cause", "objectives", "cost_of_downtime_per_minute", "cost_per_lost_write"}))
      return std::move(scenario_);
    // By the keys rather than by what was read from them, so that one broken entry does not bring more errors.
    long_run_ = root_.field("random_failures") || root_.field("common_cause");
    if (!long_run_ && !root_.field("faults"))
      root_.problem("missing required key \"faults\"; expected \"faults\", \"random_failures\" or "
                    "\"common_cause\", at least one of the three");
    check_format_version(root_, "drsim_scenario");
    root_.read_name("name", scenario_.name);
    if (const auto description = root_.field("description"))
      description->as_string();
    read_topology_section();
    read_settings();
    read_faults();
    read_random_failures();
    read_common_cause();
    read_strategies();
    read_objectives();
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
      std::vector<Diagnostic> unreadable;
      const auto text = read_text_file(topology_file_, unreadable);
      for (const auto& problem : unreadable)
        node->problem("cannot use the topology file " + in_quotes(topology_file_) + ": it " + problem.message);
      if (!text)
        return;
      auto document = parse_json_text(*text, topology_file_, problems_);
      if (!document)
        return;
      if (!document->is_object() || !document->contains("drsim_topology")) {
        node->problem(in_quotes(topology_file_) + " is not a topology file; expected one with \"drsim_topology\": 1");
        return;
      }
      topology_json_ = std::move(*document);
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
    // Read aside: fault onsets are checked against the horizon, which must stay sensible when it is not.
    double horizon = 0;
    if (root_.read_quantity("horizon", Quantity::Duration, horizon)) {
      if (horizon <= 0 || horizon > longest_horizon)
        root_.field("horizon")->problem("must be greater than zero and at most 100 years, not " +
                                        root_.field("horizon")->value().dump());
      else
        scenario_.horizon_s = horizon;
    }
    root_.read_integer("runs", scenario_.runs, 1, 10'000'000);
    for (const auto& [key, target] : {std::pair{"cost_of_downtime_per_minute", &scenario_.cost_of_downtime_per_minute},
                                      std::pair{"cost_per_lost_write", &scenario_.cost_per_lost_write}})
      if (const auto node = root_.field(key))
        if (const auto value = node->as_number(0, max_quantity))
          *target = *value;
    if (const auto seed = root_.field("seed"))
      if (const auto value = seed->as_unsigned())
        scenario_.seed = *value;
    const auto recovery = root_.field("recovery");
    if (!recovery || !recovery->expect_object({}, {"success_threshold", "window"}))
      return;
    auto& criterion = scenario_.recovery;
    if (recovery->read_number("success_threshold", criterion.success_threshold, 0, 1) &&
        criterion.success_threshold == 0)
      recovery->field("success_threshold")->problem("must be greater than 0 and at most 1, not 0");
    if (recovery->read_quantity("window", Quantity::Duration, criterion.window_s) && criterion.window_s == 0)
      recovery->field("window")->problem("must be greater than zero, e.g. \"60s\"");
  }

  void read_faults() {
    const auto faults = root_.field("faults");
    if (!faults)
      return;
    for (const auto& item : faults->elements("fault")) {
      if (!item.value().is_object()) {
        item.problem("must be an object, not " + describe_value(item.value()));
        continue;
      }
      Fault fault;
      const bool kind_known = item.read_enum("kind", fault.kind);
      std::vector<std::string_view> required{"kind", "target"}, optional{"onset", "duration"};
      if (fault.kind == FaultKind::InstanceLoss) {
        required.push_back("region");
        optional.push_back("count");
      } else if (fault.kind == FaultKind::NetworkPartition)
        required.push_back("peer");
      else if (fault.kind == FaultKind::DataCorruption)
        optional.push_back("detection");
      else if (!kind_known)
        optional.insert(optional.end(), {"region", "count", "peer", "detection"});
      item.expect_object(required, optional);

      const auto target = item.field("target");
      const auto name = target ? target->as_name() : std::nullopt;
      if (name) {
        fault.target = *name;
        if (kind_known && have_topology_ &&
            target->check_reference(*name, target_kind(fault.kind), target_candidates(scenario_.topology, fault.kind)))
          checked_references_.push_back({fault.kind, *name, *target});
      }
      const auto regions = names_of(scenario_.topology.regions);
      if (fault.kind == FaultKind::InstanceLoss && have_topology_) {
        if (item.read_reference("region", fault.region, "region", regions) && name)
          if (const Fleet* fleet = scenario_.topology.find_fleet(*name); fleet && !fleet->capacity.contains(fault.region))
            item.field("region")->problem("fleet " + in_quotes(*name) + " has no capacity in region " +
                                          in_quotes(fault.region) + "; expected a region where it runs");
        item.read_integer("count", fault.count, 1, 100000);
      }
      if (fault.kind == FaultKind::NetworkPartition && have_topology_ &&
          item.read_reference("peer", fault.peer, "region", regions) && fault.peer == fault.target)
        item.field("peer")->problem("is the target region itself; expected the region on the other side");

      if (item.read_distribution("onset", fault.onset) && fault.onset.is_fixed() &&
          fault.onset.mean() >= scenario_.horizon_s)
        item.field("onset")->problem("must be before the end of the horizon (" + format_duration(scenario_.horizon_s) +
                                     "), not " + item.field("onset")->value().dump());
      Distribution duration = Distribution::fixed(0);
      if (item.read_distribution("duration", duration)) {
        if (duration.is_fixed() && duration.mean() == 0)
          item.field("duration")->problem("must be greater than zero; leave \"duration\" out for a fault that lasts");
        else
          fault.duration = duration;
      }
      if (Distribution detection = Distribution::fixed(0);
          fault.kind == FaultKind::DataCorruption && item.read_distribution("detection", detection))
        fault.detection = detection;
      scenario_.faults.push_back(std::move(fault));
    }
  }

  void read_random_failures() {
    const auto failures = root_.field("random_failures");
    if (!failures)
      return;
    for (const auto& item : failures->elements("random failure")) {
      if (!item.expect_object({"kind", "repair"}, {"component", "mtbf", "time_to_failure"}))
        continue;
      RandomFailure failure;
      const bool kind_known = item.read_enum("kind", failure.kind);
      const FaultKind drawn =
          failure.kind == FailureTarget::Instance ? FaultKind::InstanceFailure : FaultKind::DatabaseNodeFailure;
      if (const auto component = item.field("component"))
        if (const auto name = component->as_name()) {
          failure.component = *name;
          if (kind_known && have_topology_ &&
              component->check_reference(*name, target_kind(drawn), target_candidates(scenario_.topology, drawn)))
            checked_references_.push_back({drawn, *name, *component});
        }
      const bool timed = read_time_to_failure(item, failure) &&
                         read_positive_distribution(item, "repair", failure.time_to_repair);
      if (timed && kind_known && have_topology_)
        check_failure_count(item, failure);
      scenario_.random_failures.push_back(std::move(failure));
    }
  }

  // Exactly one of "mtbf" (the mean of an exponential time to failure) and "time_to_failure" (any distribution).
  static bool read_time_to_failure(const JsonNode& item, RandomFailure& failure) {
    const auto mtbf = item.field("mtbf");
    const auto distribution = item.field("time_to_failure");
    if (mtbf && distribution) {
      distribution->problem("is given with \"mtbf\"; expected exactly one of \"mtbf\" and \"time_to_failure\"");
      return false;
    }
    if (!mtbf && !distribution) {
      item.problem("missing required key \"mtbf\" or \"time_to_failure\"; expected exactly one of them");
      return false;
    }
    if (distribution)
      return read_positive_distribution(item, "time_to_failure", failure.time_to_failure);
    if (const auto mean = mtbf->as_quantity(Quantity::Duration)) {
      if (*mean > 0) {
        failure.time_to_failure = Distribution::exponential(*mean);
        return true;
      }
      mtbf->problem("must be greater than zero");
    }
    return false;
  }

  // Every failure is a fault held in memory for the drill: a slip of unit ("2000s" for "2000h") on a large fleet
  // over a long horizon would draw billions. The count expected per run is bounded instead.
  void check_failure_count(const JsonNode& item, const RandomFailure& failure) const {
    double units = 0;
    if (failure.kind == FailureTarget::Instance) {
      for (const auto& fleet : scenario_.topology.fleets)
        if (failure.component.empty() || fleet.name == failure.component)
          for (const auto& [region, capacity] : fleet.capacity)
            units += capacity.max;
    } else {
      for (const auto& db : scenario_.topology.databases)
        if (failure.component.empty() || db.name == failure.component)
          units += 1 + static_cast<double>(db.replicas.size());
    }
    const double expected =
        units * scenario_.horizon_s / (failure.time_to_failure.mean() + failure.time_to_repair.mean());
    if (expected > most_failures_per_run)
      (item.field("mtbf") ? item.field("mtbf") : item.field("time_to_failure"))
          ->problem("gives about " + format_number(std::round(expected)) + " failures per run (" +
                    format_number(units) + " units over the horizon); at most " +
                    format_number(most_failures_per_run) + ": is the unit right, e.g. \"2000h\"?");
  }

  // A time between failures, a repair or an outage that is always zero would make a failure that never waits or
  // never lasts.
  static bool read_positive_distribution(const JsonNode& item, std::string_view key, Distribution& target) {
    Distribution value = Distribution::fixed(0);
    if (!item.read_distribution(key, value))
      return false;
    if (value.mean() <= 0) {
      item.field(key)->problem(value.is_fixed() ? "must be greater than zero" : "must have a mean greater than zero");
      return false;
    }
    target = value;
    return true;
  }

  void read_common_cause() {
    const auto events = root_.field("common_cause");
    if (!events)
      return;
    for (const auto& item : events->elements("common-cause event")) {
      if (!item.expect_object({"kind", "rate_per_year", "duration"}, {"targets", "blip"}))
        continue;
      CommonCauseEvent event;
      const bool kind_known = item.read_enum("kind", event.kind, common_cause_kind);
      if (item.read_number("rate_per_year", event.rate_per_year, 0, highest_rate_per_year) && event.rate_per_year == 0)
        item.field("rate_per_year")->problem("must be greater than 0 and at most " +
                                             format_number(highest_rate_per_year) + ", not 0");
      read_event_targets(item, event, kind_known);
      read_positive_distribution(item, "duration", event.duration);
      Distribution blip = Distribution::fixed(0);
      if (read_positive_distribution(item, "blip", blip))
        event.blip = blip;
      scenario_.common_cause.push_back(std::move(event));
    }
  }

  void read_event_targets(const JsonNode& item, CommonCauseEvent& event, bool kind_known) {
    const auto targets = item.field("targets");
    if (!targets)
      return;
    const std::string what = kind_known ? target_kind(event.kind) : "AZ or region";
    if (targets->value().is_array() && targets->value().empty()) {
      targets->problem("must not be empty; leave \"targets\" out for every " + what);
      return;
    }
    if (!item.read_names("targets", event.targets) || !kind_known || !have_topology_)
      return;
    const auto nodes = targets->elements();
    const auto candidates = target_candidates(scenario_.topology, event.kind);
    for (std::size_t i = 0; i < event.targets.size(); ++i)
      if (nodes[i].check_reference(event.targets[i], what, candidates))
        checked_references_.push_back({event.kind, event.targets[i], nodes[i]});
  }

  void read_strategies() {
    const auto strategies = root_.field("strategies");
    if (!strategies)
      return;
    for (const auto& item : strategies->elements("strategy")) {
      if (!item.expect_object({"name"}, {"preset", "recovery_region", "preset_parameters", "overrides", "runbook"}))
        continue;
      Strategy strategy;
      strategy.overrides = json::object();
      if (item.read_name("name", strategy.name) && contains(names_of(scenario_.strategies), strategy.name)) {
        item.field("name")->problem("duplicate strategy " + in_quotes(strategy.name) + "; strategy names must be unique");
        strategy.name.clear();
      }
      if (const auto preset = item.field("preset"))
        strategy.preset = preset->as_enum<Preset>();
      if (!strategy.preset)
        for (const char* key : {"recovery_region", "preset_parameters"})
          if (const auto node = item.field(key); node && !item.field("preset"))
            node->problem("applies only with a \"preset\"");
      std::optional<PresetPlan> plan;
      if (strategy.preset && have_topology_ && topology_problems_.empty())
        plan = apply_preset(*strategy.preset, item, topology_json_, scenario_.topology);
      if (plan)
        strategy.recovery_region = plan->recovery_region;
      strategy.topology = scenario_.topology;
      const auto overrides = item.field("overrides");
      if (overrides && !overrides->value().is_object())
        overrides->problem("must be an object (a JSON merge patch of the topology), not " +
                           describe_value(overrides->value()));
      else if (overrides || plan) {
        if (overrides)
          strategy.overrides = overrides->value();
        if (have_topology_)
          strategy.topology = patched_topology(plan ? plan->topology : topology_json_, overrides,
                                               plan ? item.field("preset") : std::nullopt, strategy.name);
      }
      check_fault_targets(strategy);
      if (const auto runbook = item.field("runbook"))
        read_runbook(*runbook, strategy);
      else if (plan)
        read_preset_runbook(plan->runbook, *item.field("preset"), strategy);
      if (!strategy.name.empty())
        scenario_.strategies.push_back(std::move(strategy));
    }
  }

  // `base` (the topology, or what a preset made of it) with `overrides` merge-patched in and read again. Its
  // problems are reported where the user can fix them: in the overrides when they wrote the value, at the preset
  // when it changed the value, else in the topology (once, if already there).
  Topology patched_topology(const json& base, const std::optional<JsonNode>& overrides,
                            const std::optional<JsonNode>& preset, const std::string& strategy) {
    json patched = base;
    if (overrides)
      patched.merge_patch(overrides->value());
    std::vector<Diagnostic> found;
    Topology topology = read_topology(patched, topology_file_, "", found);
    for (const auto& problem : found) {
      Diagnostic in_topology{topology_file_, topology_prefix_ + problem.pointer, problem.message};
      if (std::find(topology_problems_.begin(), topology_problems_.end(), in_topology) != topology_problems_.end())
        continue;
      if (overrides && written_by(overrides->value(), problem.pointer))
        problems_.push_back({sink_.file, overrides->pointer() + problem.pointer, problem.message});
      else if (preset && changed_by_preset(base, problem.pointer))
        preset->problem("makes " + problem.pointer + " invalid: " + problem.message);
      else {
        in_topology.message += " (with the " + std::string(overrides ? "overrides" : "preset") + " of strategy " +
                               in_quotes(strategy) + ")";
        problems_.push_back(std::move(in_topology));
      }
    }
    return topology;
  }

  // Whether the preset's document differs from the topology document at `pointer` (or has what the topology lacks).
  bool changed_by_preset(const json& preset_document, const std::string& pointer) const {
    const json* mine = &preset_document;
    const json* theirs = &topology_json_;
    for (const auto& token : split_pointer(pointer)) {
      if (*mine == *theirs)
        return false;
      const json* next_mine = step_into(*mine, token);
      const json* next_theirs = step_into(*theirs, token);
      if (next_mine == nullptr || next_theirs == nullptr)
        return true;
      mine = next_mine;
      theirs = next_theirs;
    }
    return *mine != *theirs;
  }

  static const json* step_into(const json& value, const std::string& token) {
    if (value.is_object()) {
      const auto it = value.find(token);
      return it == value.end() ? nullptr : &*it;
    }
    if (value.is_array() && !token.empty() && token.find_first_not_of("0123456789") == std::string::npos) {
      const std::size_t index = std::stoul(token);
      return index < value.size() ? &value[index] : nullptr;
    }
    return nullptr;
  }

  // A preset's runbook is read like a written one; a problem in it (only with overrides that remove what it
  // needs) is reported at the strategy's "preset".
  void read_preset_runbook(const json& runbook, const JsonNode& preset, Strategy& strategy) {
    std::vector<Diagnostic> found;
    const DiagnosticSink sink{sink_.file, &found};
    read_runbook(JsonNode(runbook, "", sink), strategy);
    for (const auto& problem : found)
      preset.problem("its runbook does not fit the topology of strategy " + in_quotes(strategy.name) + ": step " +
                     problem.pointer + ": " + problem.message + "; give the strategy a \"runbook\" of its own");
  }

  // A fault, a random failure or a common-cause event must still find what it names once a strategy's overrides
  // have changed the topology.
  void check_fault_targets(const Strategy& strategy) const {
    for (const auto& [kind, name, node] : checked_references_)
      if (!contains(target_candidates(strategy.topology, kind), name))
        node.problem(target_kind(kind) + " " + in_quotes(name) + " is not in the topology of strategy " +
                     in_quotes(strategy.name) + " once its overrides are applied; expected every fault to apply to "
                     "every strategy");
  }

  void read_runbook(const JsonNode& runbook, Strategy& strategy) {
    if (!runbook.expect_object({"steps"}, {}))
      return;
    const auto steps = runbook.field("steps");
    if (!steps)
      return;
    const auto nodes = steps->elements();
    // Ids first, so that "after" may name a step further down.
    std::vector<std::string> ids(nodes.size());
    std::map<std::string, std::size_t> index_of;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const auto id_node = nodes[i].field("id");
      const auto id = id_node ? id_node->as_name() : std::nullopt;
      if (!id)
        continue;
      if (const auto [it, inserted] = index_of.try_emplace(*id, i); !inserted)
        id_node->problem("duplicate step id " + in_quotes(*id) + ", also at " + nodes[it->second].pointer() +
                         "; step ids must be unique");
      else
        ids[i] = *id;
    }
    std::vector<std::string> known_ids;
    for (const auto& [id, index] : index_of)
      known_ids.push_back(id);

    std::vector<std::vector<std::size_t>> waits_for(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      RunbookStep step;
      step.id = ids[i];
      if (!read_step(nodes[i], step, strategy.topology))
        continue;
      if (const auto after = nodes[i].field("after")) {
        if (nodes[i].read_names("after", step.after)) {
          const auto elements = after->elements();
          for (std::size_t k = 0; k < step.after.size(); ++k)
            if (elements[k].check_reference(step.after[k], "step", known_ids))
              waits_for[i].push_back(index_of.at(step.after[k]));
        }
      } else if (i > 0 && !ids[i - 1].empty()) {
        step.after = {ids[i - 1]};
        waits_for[i].push_back(i - 1);
      }
      strategy.runbook.steps.push_back(std::move(step));
    }
    report_cycles(nodes, ids, waits_for);
  }

  // Reads one step's action and its arguments; false when it is not an object at all.
  bool read_step(const JsonNode& node, RunbookStep& step, const Topology& topology) const {
    if (!node.value().is_object()) {
      node.problem("must be an object, not " + describe_value(node.value()));
      return false;
    }
    const bool action_known = node.read_enum("action", step.action);
    std::vector<std::string_view> required{"id", "action"}, optional{"manual", "delay", "after"};
    switch (step.action) {
    case StepAction::Detect:
      required.push_back("on");
      break;
    case StepAction::Promote:
      required.insert(required.end(), {"database", "replica"});
      break;
    case StepAction::Scale:
      required.insert(required.end(), {"fleet", "region", "desired"});
      break;
    case StepAction::SwitchDns:
      required.insert(required.end(), {"record", "to"});
      break;
    case StepAction::Restore:
      required.insert(required.end(), {"backup", "database", "region"});
      break;
    case StepAction::Page:
    case StepAction::Decide:
    case StepAction::Verify:
    case StepAction::Wait:
      break;
    case StepAction::Invalid:
      optional.insert(optional.end(),
                      {"on", "database", "replica", "fleet", "region", "desired", "record", "to", "backup"});
      break;
    }
    node.expect_object(required, optional);
    node.read_bool("manual", step.manual);
    node.read_distribution("delay", step.delay);
    // Without a topology every reference would fail; its absence is reported once, at /topology.
    if (!action_known || !have_topology_)
      return true;

    const auto regions = names_of(topology.regions);
    const auto databases = names_of(topology.databases);
    const auto load_balancers = names_of(topology.load_balancers);
    switch (step.action) {
    case StepAction::Detect:
      if (const auto on = node.field("on"); on && on->expect_object({}, {"health_check_of", "success_ratio_below"})) {
        if (on->value().size() != 1)
          on->problem("must have exactly one key, \"health_check_of\" or \"success_ratio_below\"");
        on->read_reference("health_check_of", step.health_check_of, "load balancer", load_balancers);
        if (on->read_number("success_ratio_below", step.success_ratio_below, 0, 1) && step.success_ratio_below == 0)
          on->field("success_ratio_below")->problem("must be greater than 0 and at most 1, not 0");
      }
      break;
    case StepAction::Promote:
      if (node.read_reference("database", step.database, "database", databases)) {
        const auto replicas = names_of(topology.find_database(step.database)->replicas);
        if (const auto replica = node.field("replica"))
          if (const auto name = replica->as_name(); name && replica->check_reference(*name, "replica of database " +
                                                                                         in_quotes(step.database), replicas))
            step.replica = *name;
      } else if (const auto replica = node.field("replica"))
        replica->as_name();
      break;
    case StepAction::Scale: {
      const bool fleet = node.read_reference("fleet", step.fleet, "fleet", names_of(topology.fleets));
      if (node.read_reference("region", step.region, "region", regions) && fleet &&
          !topology.find_fleet(step.fleet)->capacity.contains(step.region))
        node.field("region")->problem("fleet " + in_quotes(step.fleet) + " has no capacity in region " +
                                      in_quotes(step.region) + "; expected a region in its \"capacity\"");
      node.read_integer("desired", step.desired, 0, 100000);
      break;
    }
    case StepAction::SwitchDns:
      node.read_reference("record", step.record, "DNS record", names_of(topology.dns));
      node.read_reference("to", step.to, "load balancer", load_balancers);
      break;
    case StepAction::Restore: {
      const bool backup = node.read_reference("backup", step.backup, "backup", names_of(topology.backups));
      const bool database = node.read_reference("database", step.database, "database", databases);
      node.read_reference("region", step.region, "region", regions);
      if (backup && database && topology.find_backup(step.backup)->source != step.database)
        node.field("backup")->problem("backs up " + in_quotes(topology.find_backup(step.backup)->source) +
                                      ", not database " + in_quotes(step.database) + "; expected a backup of it");
      break;
    }
    case StepAction::Page:
    case StepAction::Decide:
    case StepAction::Verify:
    case StepAction::Wait:
    case StepAction::Invalid:
      break;
    }
    return true;
  }

  // Each cycle in the "after" dependencies, shown as "a -> b -> a" where each step waits for the next.
  static void report_cycles(const std::vector<JsonNode>& nodes, const std::vector<std::string>& ids,
                            const std::vector<std::vector<std::size_t>>& waits_for) {
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
    Graph graph(nodes.size());
    for (std::size_t i = 0; i < waits_for.size(); ++i)
      for (const std::size_t j : waits_for[i])
        boost::add_edge(i, j, graph);
    std::vector<std::size_t> parent(nodes.size());
    std::iota(parent.begin(), parent.end(), std::size_t{0});
    std::vector<std::pair<std::size_t, std::size_t>> back_edges;
    boost::depth_first_search(graph, boost::visitor(CycleRecorder{{}, &parent, &back_edges}));
    for (const auto& [last, first] : back_edges) {
      std::vector<std::string> path{ids[last]};
      for (std::size_t step = last; step != first;) {
        step = parent[step];
        path.push_back(ids[step]);
      }
      std::reverse(path.begin(), path.end());
      path.push_back(ids[first]);
      std::string cycle;
      for (const auto& id : path)
        cycle += (cycle.empty() ? "" : " -> ") + id;
      const auto after = nodes[last].field("after");
      (after ? *after : nodes[last])
          .problem("\"after\" dependencies form a cycle: " + cycle +
                   " (each step waits for the next); expected steps that can run in some order");
    }
  }

  void read_objectives() {
    const auto objectives = root_.field("objectives");
    if (!objectives)
      return;
    const auto strategies = names_of(scenario_.strategies);
    for (const auto& item : objectives->elements()) {
      if (!item.expect_object({"metric", "target"}, {"stat", "strategies"}))
        continue;
      Objective objective;
      const bool metric_known = item.read_enum("metric", objective.metric);
      if (objective.metric == Metric::MonthlyDowntime && !long_run_)
        item.field("metric")->problem("applies only to a long run; expected a scenario with \"random_failures\" or "
                                      "\"common_cause\"");
      item.read_enum("stat", objective.stat);
      if (const auto target = item.field("target"); target && metric_known) {
        std::optional<double> value;
        switch (objective.metric) {
        case Metric::Rto:
        case Metric::Rpo:
          value = target->as_quantity(Quantity::Duration);
          break;
        case Metric::LostWrites:
          value = target->as_number(0, max_quantity);
          break;
        case Metric::Availability:
          value = target->as_number(0, 1);
          break;
        case Metric::MonthlyCost:
        case Metric::MonthlyDowntime:
        case Metric::Invalid:
          value = target->as_number(0, max_quantity);
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
  json topology_json_;                       //!< the base topology, as the overrides patch it
  std::string topology_file_;                //!< where its diagnostics go
  std::string topology_prefix_;              //!< "/topology" when inline, else ""
  std::vector<Diagnostic> topology_problems_; //!< of the base topology, so that patched copies do not repeat them
  bool long_run_ = false;                     //!< the scenario has "random_failures" or "common_cause"
  //! What faults, random failures and common-cause events name that is in the base topology: each strategy's
  //! topology must have it too.
  struct CheckedReference {
    FaultKind kind;
    std::string name;
    JsonNode node;
  };
  std::vector<CheckedReference> checked_references_;
};

} // namespace

Scenario read_scenario(const json& document, const std::string& file, std::vector<Diagnostic>& problems) {
  return ScenarioReader(document, file, problems).read();
}

Scenario load_scenario_file(const std::string& path) {
  std::vector<Diagnostic> problems;
  const auto document = read_json_file(path, problems);
  Scenario scenario;
  if (document)
    scenario = read_scenario(*document, path, problems);
  if (!problems.empty())
    throw InputError(std::move(problems));
  return scenario;
}

Validation validate_input(const std::string& path) {
  Validation result;
  const auto document = read_json_file(path, result.problems);
  if (!document)
    return result;
  const DiagnosticSink sink{path, &result.problems};
  const bool topology = document->is_object() && document->contains("drsim_topology");
  const bool scenario = document->is_object() && document->contains("drsim_scenario");
  if (topology && scenario) {
    sink.add("", "has both \"drsim_topology\" and \"drsim_scenario\"; expected one of them");
  } else if (topology) {
    const Topology t = read_topology(*document, path, "", result.problems);
    const std::size_t components = t.load_balancers.size() + t.fleets.size() + t.databases.size() +
                                   t.object_stores.size() + t.backups.size() + t.dns.size() + t.clients.size();
    result.summary = "topology " + in_quotes(t.name) + ": " + count_of(t.regions.size(), "region", "regions") + ", " +
                     count_of(components, "component", "components");
  } else if (scenario) {
    const Scenario s = read_scenario(*document, path, result.problems);
    result.summary = "scenario " + in_quotes(s.name) + ": " + count_of(s.faults.size(), "fault", "faults") + ", ";
    if (s.long_run())
      result.summary += count_of(s.random_failures.size(), "random failure", "random failures") + ", " +
                        count_of(s.common_cause.size(), "common-cause event", "common-cause events") + ", ";
    result.summary += count_of(s.strategies.size(), "strategy", "strategies") + ", " +
                      count_of(s.objectives.size(), "objective", "objectives");
  } else if (!document->is_object()) {
    sink.add("", "must be a JSON object with \"drsim_topology\" or \"drsim_scenario\", not " +
                     describe_value(*document));
  } else {
    std::string hint;
    static const std::vector<std::string> markers{"drsim_topology", "drsim_scenario"};
    for (const auto& [key, value] : document->items())
      if (const auto match = closest_match(key, markers); !match.empty())
        hint = " (is " + in_quotes(key) + " meant to be " + in_quotes(match) + "?)";
    sink.add("", "unknown kind of file; expected the key \"drsim_topology\" (a topology) or \"drsim_scenario\" "
                 "(a scenario)" + hint);
  }
  return result;
}

std::vector<Diagnostic> validate_file(const std::string& path) { return validate_input(path).problems; }

} // namespace drsim
