// A client population: a request stream from a user location, spread over caching resolvers. Each resolver keeps
// the answer it got for the record's TTL; its cache refreshes on its own phase of the TTL, so after a DNS change
// the population moves over gradually, resolver by resolver, as it does in reality.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <simgrid/forward.h>

#include "sim/core/topology.hpp"

namespace drsim {

class World;

class ClientModel {
public:
  ClientModel(World& world, const ClientPopulation& params);

  const ClientPopulation& params() const { return params_; }
  simgrid::s4u::Host* host() const { return host_; }
  int resolver_count() const { return static_cast<int>(resolvers_.size()); }
  // The load balancer resolver `index` currently sends its share of the requests to ("" if none).
  const std::string& cached_answer(int index) const { return resolvers_[index].cached; }

  void start();

private:
  struct Resolver {
    double pick;      //!< fixed position in [0, 1) for weighted answers: the resolver's share of the weights
    double phase;     //!< its cache refreshes at phase + k * TTL
    std::string cached;
    std::optional<double> diverged_since; //!< when the record's answer began to differ from the cached one
  };

  World& world_;
  const ClientPopulation& params_;
  simgrid::s4u::Host* host_;
  std::vector<Resolver> resolvers_;

  void run();
};

} // namespace drsim
