#include "sim/input/runbook_reader.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>

#include "sim/input/input_format.hpp"
#include "sim/input/limits.hpp"
#include "sim/input/messages.hpp"

namespace drsim {
namespace {

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

// The names steps refer to, listed once per runbook: a runbook of thousands of steps over as many components would
// otherwise copy every list once per step.
struct ComponentNames {
  explicit ComponentNames(const Topology& topology)
      : regions(names_of(topology.regions)), databases(names_of(topology.databases)),
        load_balancers(names_of(topology.load_balancers)), fleets(names_of(topology.fleets)),
        dns(names_of(topology.dns)), backups(names_of(topology.backups)) {}

  std::vector<std::string> regions, databases, load_balancers, fleets, dns, backups;
};

// Reads one step's action and its arguments; false when it is not an object at all.
bool read_step(const JsonNode& node, RunbookStep& step, const Topology* topology, const ComponentNames* names) {
  if (!node.value().is_object()) {
    node.problem("must be an object, not " + describe_value(node.value()));
    return false;
  }
  const bool action_known = node.read_enum("action", step.action);
  node.expect_object(format::scenario_objects::step,
                     action_known ? std::optional<std::string_view>(name_of(step.action)) : std::nullopt);
  node.read(parameters::step_manual, step.manual);
  node.read(parameters::step_delay, step.delay);
  if (!action_known || topology == nullptr)
    return true;

  const auto& regions = names->regions;
  const auto& databases = names->databases;
  const auto& load_balancers = names->load_balancers;
  switch (step.action) {
  case StepAction::Detect:
    if (const auto on = node.field("on"); on && on->expect_object(format::scenario_objects::on)) {
      if (const auto& keys = format::scenario_objects::on.exactly_one; on->value().size() != 1)
        on->problem("must have exactly one key, " + in_quotes(keys[0]) + " or " + in_quotes(keys[1]));
      on->read_reference("health_check_of", step.health_check_of, "load balancer", load_balancers);
      on->read(parameters::success_ratio_below, step.success_ratio_below);
    }
    break;
  case StepAction::Promote:
    if (node.read_reference("database", step.database, "database", databases)) {
      const auto replicas = names_of(topology->find_database(step.database)->replicas);
      if (const auto replica = node.field("replica"))
        if (const auto name = replica->as_name();
            name && replica->check_reference(*name, "replica of database " + in_quotes(step.database), replicas))
          step.replica = *name;
    } else if (const auto replica = node.field("replica"))
      replica->as_name();
    break;
  case StepAction::Scale: {
    const bool fleet = node.read_reference("fleet", step.fleet, "fleet", names->fleets);
    const bool region = node.read_reference("region", step.region, "region", regions);
    const FleetCapacity* group = nullptr;
    if (fleet && region) {
      const auto& capacity = topology->find_fleet(step.fleet)->capacity;
      if (const auto found = capacity.find(step.region); found != capacity.end())
        group = &found->second;
      else
        node.field("region")->problem("fleet " + in_quotes(step.fleet) + " has no capacity in region " +
                                      in_quotes(step.region) + "; expected a region in its \"capacity\"");
    }
    // Auto Scaling refuses a desired capacity outside the group's bounds (SetDesiredCapacity's ValidationError)
    // rather than capping it, so a runbook that asks for more than `max` would not scale at all.
    if (node.read(parameters::scale_desired, step.desired) && group &&
        (step.desired < group->min || step.desired > group->max))
      node.field(parameters::scale_desired.key())
          ->problem(std::to_string(step.desired) + " is outside fleet " + in_quotes(step.fleet) + "'s capacity in " +
                    in_quotes(step.region) + " (min " + std::to_string(group->min) + ", max " +
                    std::to_string(group->max) +
                    "); Auto Scaling refuses it: raise the region's \"max\" (or lower its \"min\") in the topology "
                    "or the strategy's \"overrides\", or ask for a desired capacity within them");
    break;
  }
  case StepAction::SwitchDns:
    node.read_reference("record", step.record, "DNS record", names->dns);
    node.read_reference("to", step.to, "load balancer", load_balancers);
    break;
  case StepAction::Restore: {
    const bool backup = node.read_reference("backup", step.backup, "backup", names->backups);
    const bool database = node.read_reference("database", step.database, "database", databases);
    node.read_reference("region", step.region, "region", regions);
    if (backup && database && topology->find_backup(step.backup)->source != step.database)
      node.field("backup")->problem("backs up " + in_quotes(topology->find_backup(step.backup)->source) +
                                    ", not database " + in_quotes(step.database) + "; expected a backup of it");
    break;
  }
  case StepAction::WaitHealthy:
    // Only a health signal the service already has: the fault's own end is not something a team can read, and a
    // load balancer no Route 53 check watches gives no signal at all.
    if (const auto on = node.field("on");
        on && on->expect_object(format::scenario_objects::healthy_on) &&
        on->read_reference("health_check_of", step.health_check_of, "load balancer", load_balancers)) {
      std::vector<std::string> checked;
      for (const auto& record : topology->dns)
        for (const auto& endpoint : record.endpoints)
          if (endpoint.health_check && std::find(checked.begin(), checked.end(), endpoint.target) == checked.end())
            checked.push_back(endpoint.target);
      on->field("health_check_of")
          ->check_reference(step.health_check_of,
                            "load balancer with a Route 53 health check (a DNS endpoint's \"health_check\")", checked);
    }
    break;
  case StepAction::Resync:
  case StepAction::SwitchOver:
    if (node.read_reference("database", step.database, "database", databases)) {
      const auto* database = topology->find_database(step.database);
      auto nodes = names_of(database->replicas);
      nodes.insert(nodes.begin(), "primary");
      if (const auto replica = node.field("replica"))
        if (const auto name = replica->as_name();
            name && replica->check_reference(*name, "node of database " + in_quotes(step.database), nodes))
          step.replica = *name;
      if (database->multi_writer)
        node.field("database")
            ->problem("is multi-writer: its nodes resynchronise by themselves when they meet "
                      "again; expected a single-writer database");
    } else if (const auto replica = node.field("replica"))
      replica->as_name();
    node.read(parameters::resync_max_lag, step.max_lag_s);
    node.read(parameters::switch_over_freeze, step.freeze);
    break;
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
void report_cycles(const std::vector<JsonNode>& nodes, const std::vector<std::string>& ids,
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

} // namespace

Runbook read_runbook(const JsonNode& runbook, const Topology* topology) {
  Runbook result;
  if (!runbook.expect_object(format::scenario_objects::runbook))
    return result;
  const auto steps = runbook.field("steps");
  if (!steps)
    return result;
  const auto nodes = steps->elements({}, limits::runbook_steps, "steps");
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

  const std::optional<ComponentNames> names = topology ? std::optional<ComponentNames>(*topology) : std::nullopt;
  std::vector<std::vector<std::size_t>> waits_for(nodes.size());
  std::vector<std::size_t> node_of; //!< each read step's node
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    RunbookStep step;
    step.id = ids[i];
    if (!read_step(nodes[i], step, topology, names ? &*names : nullptr))
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
    result.steps.push_back(std::move(step));
    node_of.push_back(i);
  }
  // A node the runbook promotes is the writer from then on: resynchronising it or switching over to it would fail
  // back to the recovery region rather than to the original one.
  for (std::size_t k = 0; k < result.steps.size(); ++k) {
    const auto& step = result.steps[k];
    if (step.action != StepAction::Resync && step.action != StepAction::SwitchOver)
      continue;
    for (const auto& other : result.steps)
      if (other.action == StepAction::Promote && other.database == step.database && other.replica == step.replica) {
        nodes[node_of[k]].field("replica")->problem("is the node step " + in_quotes(other.id) +
                                                    " promotes, the writer after the failover; expected the " +
                                                    "node to fail back to (\"primary\", the original writer, say)");
        break;
      }
  }
  report_cycles(nodes, ids, waits_for);
  return result;
}

} // namespace drsim
