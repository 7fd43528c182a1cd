// The dependency graph of a topology: one vertex per thing that can fail on its own or that combines
// alternatives, an edge from each vertex to what it depends on. It is an AND/OR graph: a vertex works when it is
// not lost and either all (Gate::All) or at least one (Gate::Any) of its dependencies work.
//
//   client population ─> DNS record ─┬─> load balancer ─> fleet/region ─┬─> database ─┬─> primary node
//   (All)                (Any)       │   (All)            (All)         │   (Any)     └─> replica node ...
//                                    └─> load balancer ...              ├─> object store ─┬─> home bucket
//                                                                       │   (Any)        └─> replica bucket ...
//                                                                       └─> queue copy (the one in the fleet's region)
//
// The analysis (analysis.cpp) asks which single loss leaves a population without a working path, by evaluating
// the graph with that loss applied; see there for why cut vertices are not the answer.
#pragma once

#include <span>
#include <string>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "sim/core/names.hpp"
#include "sim/core/topology.hpp"

namespace drsim {

enum class ComponentKind {
  ClientPopulation,
  DnsRecord,
  LoadBalancer,
  Fleet,           //!< a fleet's instances in one region
  Database,        //!< the data of a database: it has a writer while one of its nodes is up
  DatabaseNode,    //!< the primary or a replica
  ObjectStore,     //!< the objects of a store: readable while one of its copies is up
  ObjectStoreCopy, //!< the bucket in its home region or a cross-region replica
  QueueCopy,       //!< a queue's copy in one region: the fleets of that region use it and no other
};

// The kinds as the reports spell them.
inline constexpr EnumName<ComponentKind> component_kind_names[]{{ComponentKind::ClientPopulation, "client population"},
                                                                {ComponentKind::DnsRecord, "dns record"},
                                                                {ComponentKind::LoadBalancer, "load balancer"},
                                                                {ComponentKind::Fleet, "fleet"},
                                                                {ComponentKind::Database, "database"},
                                                                {ComponentKind::DatabaseNode, "database node"},
                                                                {ComponentKind::ObjectStore, "object store"},
                                                                {ComponentKind::ObjectStoreCopy, "object store copy"},
                                                                {ComponentKind::QueueCopy, "queue copy"}};
constexpr std::span<const EnumName<ComponentKind>> name_table(ComponentKind) { return component_kind_names; }

enum class Gate { All, Any };

// Where something runs. A region-wide service lists every AZ of its region: losing one AZ leaves it running.
struct Placement {
  std::string region;           //!< empty: in no region (DNS, the logical data vertices, client populations)
  std::vector<std::string> azs; //!< lost with an AZ only when it runs in no other
};

// A region or an AZ taken out at once, as an outage does.
struct Location {
  enum class Kind { Region, Az };
  Kind kind;
  std::string name;
};

inline constexpr EnumName<Location::Kind> location_kind_names[]{{Location::Kind::Region, "region"},
                                                                {Location::Kind::Az, "az"}};
constexpr std::span<const EnumName<Location::Kind>> name_table(Location::Kind) { return location_kind_names; }

bool lost_with(const Placement& placement, const Location& location);

struct GraphVertex {
  std::string name;  //!< unique: a component's name, or "name/qualifier" ("web/us-east-1", "orders-db/standby")
  std::string owner; //!< the topology component it belongs to ("web", "orders-db")
  ComponentKind kind = ComponentKind::ClientPopulation;
  Gate gate = Gate::All;
  Placement placement;
  bool usable = true; //!< false: can never work (a load balancer's fleet without capacity in its region)
};

class DependencyGraph {
public:
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, GraphVertex>;
  using Vertex = Graph::vertex_descriptor;

  // Throws std::invalid_argument for a reference to a component that does not exist (the reader rejects those).
  explicit DependencyGraph(const Topology& topology);

  const Graph& graph() const { return graph_; }
  std::size_t size() const { return boost::num_vertices(graph_); }
  const GraphVertex& operator[](Vertex v) const { return graph_[v]; }
  // The client populations, in topology order.
  const std::vector<Vertex>& clients() const { return clients_; }
  // Throws std::out_of_range for an unknown name.
  Vertex vertex(const std::string& name) const;

  // Which vertices work when the vertices flagged in `lost` are down (indexed by vertex).
  std::vector<bool> working(const std::vector<bool>& lost) const;
  // The vertices a region or AZ outage takes down.
  std::vector<bool> lost_with(const Location& location) const;
  // The vertices reachable from `from` along dependency edges through vertices flagged in `through`.
  std::vector<bool> reachable(Vertex from, const std::vector<bool>& through) const;

private:
  Graph graph_;
  std::vector<Vertex> clients_;
  std::vector<Vertex> evaluation_order_; //!< dependencies before their dependents
};

} // namespace drsim
