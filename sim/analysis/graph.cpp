#include "sim/analysis/graph.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <stdexcept>

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/topological_sort.hpp>

namespace drsim {
namespace {

using Graph = DependencyGraph::Graph;
using Vertex = DependencyGraph::Vertex;

class Builder {
public:
  Builder(const Topology& topology, Graph& graph) : topology_(topology), graph_(graph) {}

  Vertex add(const GraphVertex& vertex) {
    const std::string name = vertex.name;
    const Vertex v = boost::add_vertex(vertex, graph_);
    if (!names_.emplace(name, v).second)
      throw std::invalid_argument("dependency graph: two components are named '" + name + "'");
    return v;
  }

  Vertex find(const std::string& name, const std::string& referrer) const {
    const auto found = names_.find(name);
    if (found == names_.end())
      throw std::invalid_argument("dependency graph: " + referrer + " refers to unknown component '" + name + "'");
    return found->second;
  }

  // A load balancer whose fleet has no capacity in its region gets a fleet vertex that never works, so that
  // the analysis sees the dead end instead of failing on it.
  Vertex fleet_in(const std::string& fleet, const std::string& region, const std::string& referrer) {
    if (!topology_.find_fleet(fleet))
      throw std::invalid_argument("dependency graph: " + referrer + " refers to unknown component '" + fleet + "'");
    const auto found = names_.find(fleet + "/" + region);
    if (found != names_.end())
      return found->second;
    return add(
        {fleet + "/" + region, fleet, ComponentKind::Fleet, Gate::All, {region, topology_.azs_of(region)}, false});
  }

  void depend(Vertex from, Vertex to) { boost::add_edge(from, to, graph_); }

  const std::map<std::string, Vertex>& names() const { return names_; }

private:
  const Topology& topology_;
  Graph& graph_;
  std::map<std::string, Vertex> names_;
};

// Route 53 answers a failover record's secondary only once the primary's health check fails; a primary without
// a health check counts as always healthy, so the secondary is no path until someone edits the record by hand.
std::vector<const DnsEndpoint*> answered_endpoints(const DnsRecord& record) {
  std::vector<const DnsEndpoint*> answered;
  const auto primary = std::find_if(record.endpoints.begin(), record.endpoints.end(),
                                    [](const DnsEndpoint& e) { return e.role == "primary"; });
  const bool unguarded =
      record.routing == Routing::Failover && primary != record.endpoints.end() && !primary->health_check;
  for (const auto& endpoint : record.endpoints)
    if (!unguarded || &endpoint == &*primary)
      answered.push_back(&endpoint);
  return answered;
}

struct Through {
  const std::vector<bool>* flags = nullptr;
  bool operator()(Vertex v) const { return (*flags)[v]; }
};

struct Recorder : boost::default_bfs_visitor {
  std::vector<bool>* seen = nullptr;
  template <class G> void discover_vertex(Vertex v, const G&) const { (*seen)[v] = true; }
};

} // namespace

bool lost_with(const Placement& placement, const Location& location) {
  if (location.kind == Location::Kind::Region)
    return !placement.region.empty() && placement.region == location.name;
  const auto in_lost_az = [&](const std::string& az) { return az == location.name; };
  return !placement.azs.empty() && std::all_of(placement.azs.begin(), placement.azs.end(), in_lost_az);
}

DependencyGraph::DependencyGraph(const Topology& topology) {
  Builder builder(topology, graph_);
  // Vertices first, in topology order (the reports list findings in this order), then the edges between them.
  for (const auto& client : topology.clients)
    clients_.push_back(builder.add({client.name, client.name, ComponentKind::ClientPopulation, Gate::All, {}, true}));
  for (const auto& record : topology.dns)
    builder.add({record.name, record.name, ComponentKind::DnsRecord, Gate::Any, {}, true});
  for (const auto& lb : topology.load_balancers)
    builder.add({lb.name,
                 lb.name,
                 ComponentKind::LoadBalancer,
                 Gate::All,
                 {lb.region, lb.azs.empty() ? topology.azs_of(lb.region) : lb.azs},
                 true});
  for (const auto& fleet : topology.fleets) {
    // Instances can exist only where the fleet may grow above zero; Auto Scaling relaunches them in the
    // region's remaining AZs, so a fleet lives in its region as a whole.
    for (const auto& region : topology.regions) {
      const auto capacity = fleet.capacity.find(region.name);
      if (capacity != fleet.capacity.end() && capacity->second.max > 0)
        builder.add({fleet.name + "/" + region.name,
                     fleet.name,
                     ComponentKind::Fleet,
                     Gate::All,
                     {region.name, region.azs},
                     true});
    }
  }
  for (const auto& db : topology.databases) {
    const Vertex data = builder.add({db.name, db.name, ComponentKind::Database, Gate::Any, {}, true});
    // Every node can carry the writes after a loss: the primary itself, a sync standby by automatic failover,
    // an async replica by promotion, any node of a multi-writer database as it is.
    builder.depend(data, builder.add({db.name + "/primary",
                                      db.name,
                                      ComponentKind::DatabaseNode,
                                      Gate::All,
                                      {db.primary.region, {db.primary.az}},
                                      true}));
    for (const auto& replica : db.replicas)
      builder.depend(data, builder.add({db.name + "/" + replica.name,
                                        db.name,
                                        ComponentKind::DatabaseNode,
                                        Gate::All,
                                        {replica.region, {replica.az}},
                                        true}));
  }
  for (const auto& store : topology.object_stores) {
    const Vertex data = builder.add({store.name, store.name, ComponentKind::ObjectStore, Gate::Any, {}, true});
    // S3 stores every object across the AZs of its region: only a region outage takes a copy down.
    auto regions = store.replicate_to;
    regions.insert(regions.begin(), store.region);
    for (const auto& region : regions)
      builder.depend(data, builder.add({store.name + "/" + region,
                                        store.name,
                                        ComponentKind::ObjectStoreCopy,
                                        Gate::All,
                                        {region, topology.azs_of(region)},
                                        true}));
  }
  // SQS runs in every AZ of a region: only a region outage takes a copy down.
  for (const auto& queue : topology.queues)
    for (const auto& region : queue.regions)
      builder.add({queue.name + "/" + region,
                   queue.name,
                   ComponentKind::QueueCopy,
                   Gate::All,
                   {region, topology.azs_of(region)},
                   true});

  for (const auto& client : topology.clients)
    builder.depend(builder.find(client.name, "client population " + client.name),
                   builder.find(client.dns_record, "client population " + client.name));
  for (const auto& record : topology.dns) {
    const Vertex v = builder.find(record.name, "");
    for (const DnsEndpoint* endpoint : answered_endpoints(record))
      builder.depend(v, builder.find(endpoint->target, "dns record " + record.name));
  }
  for (const auto& lb : topology.load_balancers)
    builder.depend(builder.find(lb.name, ""), builder.fleet_in(lb.fleet, lb.region, "load balancer " + lb.name));
  for (const auto& fleet : topology.fleets)
    for (const auto& [region, capacity] : fleet.capacity) {
      const auto in_region = builder.names().find(fleet.name + "/" + region);
      if (in_region == builder.names().end())
        continue;
      // A fleet sends to the queue's copy in its own region; the others are no alternative.
      for (const auto& dependency : fleet.depends_on)
        builder.depend(in_region->second,
                       builder.find(topology.find_queue(dependency) != nullptr ? dependency + "/" + region : dependency,
                                    "fleet " + fleet.name));
    }

  // The layers above never point back up, so this cannot throw boost::not_a_dag; the sort lists every
  // vertex after the vertices its edges point to, which is the order the evaluation needs.
  boost::topological_sort(graph_, std::back_inserter(evaluation_order_));
}

DependencyGraph::Vertex DependencyGraph::vertex(const std::string& name) const {
  const auto [first, last] = boost::vertices(graph_);
  const auto found = std::find_if(first, last, [&](Vertex v) { return graph_[v].name == name; });
  if (found == last)
    throw std::out_of_range("dependency graph: no vertex named '" + name + "'");
  return *found;
}

std::vector<bool> DependencyGraph::working(const std::vector<bool>& lost) const {
  std::vector<bool> up(size(), false);
  const auto is_up = [&](Vertex d) { return static_cast<bool>(up[d]); };
  for (const Vertex v : evaluation_order_) {
    const GraphVertex& vertex = graph_[v];
    if (lost[v] || !vertex.usable)
      continue;
    const auto [first, last] = boost::adjacent_vertices(v, graph_);
    up[v] = vertex.gate == Gate::All ? std::all_of(first, last, is_up) : std::any_of(first, last, is_up);
  }
  return up;
}

std::vector<bool> DependencyGraph::lost_with(const Location& location) const {
  std::vector<bool> lost(size(), false);
  for (Vertex v = 0; v < size(); ++v)
    lost[v] = drsim::lost_with(graph_[v].placement, location);
  return lost;
}

std::vector<bool> DependencyGraph::reachable(Vertex from, const std::vector<bool>& through) const {
  const boost::filtered_graph<Graph, boost::keep_all, Through> view(graph_, boost::keep_all(), Through{&through});
  std::vector<bool> seen(size(), false);
  Recorder recorder;
  recorder.seen = &seen;
  boost::breadth_first_search(view, from, boost::visitor(recorder));
  return seen;
}

} // namespace drsim
