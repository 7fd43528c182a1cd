// The simulated platform, built once from the topology: a star-shaped NetZone per availability zone, per region's
// regional services, per user location and for the global services (Route 53, the operators), all under one full
// root zone whose routes carry the topology's links. A component gets one host in each AZ it occupies.
//
//          world (full: one route per pair of child zones)
//   ┌────────────┬──────────────┼──────────────┬─────────────┐
//  az zones   region/regional  location zones  global
//  (star: a host per component in the AZ, each on an access link; a router as gateway)
//
// Routes: two AZs of one region cross the region's intra-region link of that pair; zones of two regions cross the
// topology's link between those regions (one shared link, so replication and backup copies compete for it);
// locations reach regions over their listed link or the internet default; the global zone reaches every region
// over its own internet link.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <simgrid/forward.h>

#include "sim/core/topology.hpp"

namespace drsim {

class Platform {
public:
  // Builds the platform from every variant of the topology that a scenario's strategies produce, so that one
  // platform (and one Engine) serves all of them. The variants must share regions, locations and network.
  // An Engine must exist.
  explicit Platform(const std::vector<const Topology*>& variants);

  simgrid::s4u::Host* component_host(const std::string& component, const std::string& az) const;
  simgrid::s4u::Host* regional_host(const std::string& region) const;
  simgrid::s4u::Host* backup_store_host(const std::string& backup, const std::string& region) const;
  simgrid::s4u::Host* location_host(const std::string& location) const; //!< a location or a region name
  simgrid::s4u::Host* global_host() const { return global_host_; }

  std::vector<simgrid::s4u::Host*> hosts_in_region(const std::string& region) const;
  std::vector<simgrid::s4u::Host*> hosts_in_az(const std::string& az) const;
  // The links that carry traffic between two regions or locations (for partitions).
  std::vector<simgrid::s4u::Link*> links_between(const std::string& a, const std::string& b) const;

  // Both hosts on and every link of the route between them on.
  bool reachable(const simgrid::s4u::Host* from, const simgrid::s4u::Host* to) const;
  double latency(const simgrid::s4u::Host* from, const simgrid::s4u::Host* to) const;
  // Bytes per second through the narrowest link of the route.
  double bandwidth(const simgrid::s4u::Host* from, const simgrid::s4u::Host* to) const;
  // Moves `bytes` over the simulated network, blocking the calling actor; false when either end is down or the
  // transfer breaks off (a host or link turned off on the way).
  static bool transfer(simgrid::s4u::Host* from, simgrid::s4u::Host* to, double bytes);
  // How long `transfer` takes when nothing else shares the route: the latency plus the size over the narrowest
  // link's bandwidth, which is what the network model computes (CM02, TCP-gamma 0, no cross-traffic).
  double transfer_time(const simgrid::s4u::Host* from, const simgrid::s4u::Host* to, double bytes) const;

  // Sets every link's latency and bandwidth, and each backup store's read rate, to a strategy's topology: the
  // platform's shape is shared by all strategies, its figures are each strategy's own.
  void configure(const Topology& topology) const;
  // Turns on every host and link that a drill turned off, so that the next drill starts from a whole platform.
  void restore_all() const;

private:
  std::map<std::string, simgrid::s4u::Host*> hosts_;
  std::map<std::string, std::string> zone_region_; //!< zone name -> region ("" for locations and global)
  std::map<std::string, std::vector<simgrid::s4u::Host*>> zone_hosts_;
  std::map<std::pair<std::string, std::string>, std::vector<simgrid::s4u::Link*>> inter_links_;
  std::vector<simgrid::s4u::Link*> all_links_;
  std::vector<simgrid::s4u::Link*> intra_region_links_;
  std::map<std::string, std::vector<simgrid::s4u::Link*>> access_links_; //!< per host
  simgrid::s4u::Host* global_host_ = nullptr;

  // Routes never change once the platform is sealed, and looking one up costs more than the rest of an
  // evaluation: each pair's links are looked up once.
  mutable std::map<std::pair<const simgrid::s4u::Host*, const simgrid::s4u::Host*>, std::vector<simgrid::s4u::Link*>>
      routes_;
  const std::vector<simgrid::s4u::Link*>& route(const simgrid::s4u::Host* from, const simgrid::s4u::Host* to) const;

  simgrid::s4u::Host* host(const std::string& name) const;
};

} // namespace drsim
