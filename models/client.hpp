// A client population: a request stream from a user location, spread over caching resolvers. Each resolver keeps
// the answer it got for the record's TTL; its cache refreshes on its own phase of the TTL, so after a DNS change
// the population moves over gradually, resolver by resolver, as it does in reality. A weighted answer splits a
// resolver's requests by the weights, exactly: Route 53 draws each query's endpoint anew.
#pragma once

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
  ClientModel(World& world, const ClientPopulation& params);

  const ClientPopulation& params() const { return params_; }
  simgrid::s4u::Host* host() const { return host_; }
  int resolver_count() const { return static_cast<int>(resolvers_.size()); }
  // The load balancers resolver `index` currently sends its share of the requests to, and how it splits them.
  const DnsAnswer& cached_answer(int index) const { return resolvers_[index].cached; }

  void start();

private:
  struct Resolver {
    double phase; //!< its cache refreshes at phase + k * TTL
    DnsAnswer cached;
    std::optional<double> diverged_since; //!< when the record's answer began to differ from the cached one
  };

  World& world_;
  const ClientPopulation& params_;
  simgrid::s4u::Host* host_;
  std::vector<Resolver> resolvers_;

  void run();
};

} // namespace drsim
