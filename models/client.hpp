// A client population: a request stream from a user location, spread over caching resolvers. Each resolver keeps
// the answer it got for the record's TTL; its cache refreshes on its own phase of the TTL, so after a DNS change
// the population moves over gradually, resolver by resolver, as it does in reality. A weighted answer splits a
// resolver's requests by the weights, exactly: Route 53 draws each query's endpoint anew.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <simgrid/forward.h>

#include "models/dns.hpp"
#include "sim/core/topology.hpp"

namespace drsim {

class World;

class ClientModel {
public:
  ClientModel(World& world, const ClientPopulation& params, std::size_t index);

  const ClientPopulation& params() const { return params_; }
  std::size_t index() const { return index_; } //!< its place among the world's client populations
  simgrid::s4u::Host* host() const { return host_; }
  DnsModel& record() const { return record_; }
  int resolver_count() const { return static_cast<int>(resolvers_.size()); }
  // The load balancers resolver `index` currently sends its share of the requests to, and how it splits them.
  const DnsAnswer& cached_answer(int index) const { return resolvers_[index].cached; }

  // Looks at the record's answers now: refreshes the caches whose refresh has come and that would change, and
  // returns when the next one that would change refreshes (the horizon if none).
  double refresh();

private:
  struct Resolver {
    double phase; //!< its cache refreshes at phase + k * TTL
    DnsAnswer cached;
    std::optional<double> diverged_since; //!< when the record's answer began to differ from the cached one
  };

  World& world_;
  const ClientPopulation& params_;
  std::size_t index_;
  simgrid::s4u::Host* host_;
  DnsModel& record_;
  std::vector<Resolver> resolvers_;
};

// The resolvers of the client populations that resolve one record from one host, refreshed by one actor on that host:
// it sleeps until a cache that would change refreshes, and on any change of the world looks again only at the
// populations whose refresh is due, or at all of them when the record's answers changed. A change that leaves the
// record alone costs it nothing per population.
class ResolverGroup {
public:
  explicit ResolverGroup(World& world) : world_(world) {}

  void add(ClientModel& population) { populations_.push_back(&population); }
  simgrid::s4u::Host* host() const { return populations_.front()->host(); }
  // Also after the host's region came back.
  void start();

private:
  World& world_;
  std::vector<ClientModel*> populations_;

  void run();
};

} // namespace drsim
