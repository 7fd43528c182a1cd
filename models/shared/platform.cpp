#include "models/shared/platform.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include <simgrid/Exception.hpp>
#include <stdexcept>

#include <simgrid/s4u.hpp>

#include "sim/core/time.hpp"

namespace sg4 = simgrid::s4u;

namespace drsim {
namespace {

constexpr double access_bandwidth_Bps = 1.25e9; // 10 Gbps between a host and its zone: never the bottleneck
constexpr double access_latency_s = 50e-6;
const std::string global_zone = "global";

std::string regional_zone(const std::string& region) { return region + "/regional"; }

// Every host a component needs, per zone, over all variants of the topology.
std::map<std::string, std::set<std::string>> hosts_per_zone(const std::vector<const Topology*>& variants) {
  std::map<std::string, std::set<std::string>> zones;
  for (const Topology* topology : variants) {
    for (const auto& region : topology->regions)
      zones[regional_zone(region.name)].insert("services");
    for (const auto& location : topology->locations)
      zones[location].insert("clients");
    for (const auto& client : topology->clients)
      zones[topology->find_region(client.location) ? regional_zone(client.location) : client.location].insert(
          "clients:" + client.name);
    for (const auto& lb : topology->load_balancers) {
      const auto& azs = lb.azs.empty() ? topology->find_region(lb.region)->azs : lb.azs;
      for (const auto& az : azs)
        zones[az].insert(lb.name);
    }
    for (const auto& fleet : topology->fleets)
      for (const auto& [region, capacity] : fleet.capacity)
        for (const auto& az : topology->find_region(region)->azs)
          zones[az].insert(fleet.name);
    for (const auto& db : topology->databases) {
      zones[db.primary.az].insert(db.name + ".primary");
      for (const auto& replica : db.replicas)
        zones[replica.az].insert(db.name + "." + replica.name);
      for (const auto& region : topology->regions)
        zones[region.azs.front()].insert(db.name + ".restored");
    }
    for (const auto& backup : topology->backups) {
      std::vector<std::string> regions = backup.copy_to;
      if (const auto* db = topology->find_database(backup.source))
        regions.push_back(db->primary.region);
      if (const auto* store = topology->find_object_store(backup.source))
        regions.push_back(store->region);
      for (const auto& region : regions)
        zones[regional_zone(region)].insert("backup:" + backup.name);
    }
  }
  zones[global_zone].insert("route53");
  return zones;
}

} // namespace

Platform::Platform(const std::vector<const Topology*>& variants) {
  if (variants.empty())
    throw std::logic_error("a platform needs a topology");
  const Topology& base = *variants.front();
  for (const Topology* variant : variants)
    if (variant->regions.size() != base.regions.size() || variant->locations != base.locations)
      throw std::invalid_argument("strategy overrides may not change the regions or user locations");

  // CM02 without the TCP gamma window and without cross-traffic gives latency + size / bandwidth, the figure the
  // topology's links state; the default LV08 model adds protocol overheads the topology gives no parameters for,
  // and cross-traffic charges every transfer 5 % of reverse acknowledgement flow on its links.
  sg4::Engine::set_config("network/model:CM02");
  sg4::Engine::set_config("network/TCP-gamma:0");
  sg4::Engine::set_config("network/crosstraffic:0");
  // Timers are compared to the clock within this precision. SimGrid's default is finer than a double's resolution
  // past 2^23 s (97 days): a sleep due then can fail to be seen to end, and the Engine jumps past every later event
  // (found in year-long runs). A microsecond is finer than anything the models time, and coarser than the clock's
  // resolution up to 272 years. The models compare times with the same slack (sim/core/time.hpp).
  sg4::Engine::set_config("surf/precision", time_tolerance_s);

  auto* root = sg4::create_full_zone("world");
  std::map<std::string, std::pair<sg4::NetZone*, simgrid::kernel::routing::NetPoint*>> zones;
  for (const auto& region : base.regions) {
    for (const auto& az : region.azs)
      zone_region_[az] = region.name;
    zone_region_[regional_zone(region.name)] = region.name;
  }
  for (const auto& [zone_name, members] : hosts_per_zone(variants)) {
    auto* zone = sg4::create_star_zone(zone_name);
    zone->set_parent(root);
    auto* gateway = zone->create_router(zone_name + "/gateway");
    zone->add_route(gateway, nullptr, nullptr, nullptr, {}, true);
    for (const auto& member : members) {
      const auto name = zone_name + "/" + member;
      auto* host = zone->create_host(name, "1Gf")->seal();
      auto* link = zone->create_link(name + "/access", access_bandwidth_Bps)->set_latency(access_latency_s)->seal();
      zone->add_route(host->get_netpoint(), nullptr, nullptr, nullptr, {sg4::LinkInRoute(link)}, true);
      hosts_[name] = host;
      access_links_[name] = {link};
      zone_hosts_[zone_name].push_back(host);
      all_links_.push_back(link);
    }
    zone->seal();
    zones[zone_name] = {zone, gateway};
  }

  auto place = [&](const std::string& zone) -> std::string {
    if (zone == global_zone)
      return global_zone;
    return zone_region_.contains(zone) ? zone_region_.at(zone) : zone;
  };
  std::map<std::pair<std::string, std::string>, sg4::Link*> shared_links;
  // Created with placeholder figures: each drill sets its strategy's (configure()).
  auto link_for = [&](const std::string& name) {
    auto* link = root->create_link(name, access_bandwidth_Bps)->seal();
    all_links_.push_back(link);
    return link;
  };
  for (auto a = zones.begin(); a != zones.end(); ++a) {
    for (auto b = std::next(a); b != zones.end(); ++b) {
      const auto place_a = place(a->first);
      const auto place_b = place(b->first);
      sg4::Link* link;
      if (place_a == place_b) {
        link = link_for(a->first + "<->" + b->first);
        intra_region_links_.push_back(link);
      } else {
        const auto key = std::minmax(place_a, place_b);
        auto& shared = shared_links[key];
        if (!shared)
          shared = link_for(key.first + "<->" + key.second);
        link = shared;
        inter_links_[key] = {shared};
      }
      root->add_route(a->second.first->get_netpoint(), b->second.first->get_netpoint(), a->second.second,
                      b->second.second, {sg4::LinkInRoute(link)}, true);
    }
  }
  root->seal();
  global_host_ = host(global_zone + "/route53");
  configure(base);
}

void Platform::configure(const Topology& topology) const {
  auto set = [](sg4::Link* link, const LinkSpec& spec) {
    link->set_bandwidth(spec.bandwidth_Bps);
    link->set_latency(spec.latency_s);
  };
  for (auto* link : intra_region_links_)
    set(link, topology.network.intra_region);
  for (const auto& [places, links] : inter_links_) {
    const LinkSpec* spec = &topology.network.internet;
    for (const auto& listed : topology.network.links)
      if (std::pair<std::string, std::string>(std::minmax(listed.a, listed.b)) == places)
        spec = &listed.spec;
    for (auto* link : links)
      set(link, *spec);
  }
  for (const auto& backup : topology.backups)
    for (const auto& [name, host] : hosts_)
      if (name.ends_with("/backup:" + backup.name))
        for (auto* link : access_links_.at(name))
          link->set_bandwidth(backup.restore_bandwidth_Bps);
}

sg4::Host* Platform::host(const std::string& name) const {
  const auto found = hosts_.find(name);
  if (found == hosts_.end())
    throw std::logic_error("no simulated host named '" + name + "'");
  return found->second;
}

sg4::Host* Platform::component_host(const std::string& component, const std::string& az) const {
  return host(az + "/" + component);
}

sg4::Host* Platform::regional_host(const std::string& region) const {
  return host(regional_zone(region) + "/services");
}

sg4::Host* Platform::backup_store_host(const std::string& backup, const std::string& region) const {
  return host(regional_zone(region) + "/backup:" + backup);
}

sg4::Host* Platform::location_host(const std::string& location) const {
  if (zone_region_.contains(regional_zone(location)))
    return regional_host(location);
  return host(location + "/clients");
}

std::vector<sg4::Host*> Platform::hosts_in_region(const std::string& region) const {
  std::vector<sg4::Host*> result;
  for (const auto& [zone, region_name] : zone_region_)
    if (region_name == region && zone_hosts_.contains(zone))
      result.insert(result.end(), zone_hosts_.at(zone).begin(), zone_hosts_.at(zone).end());
  return result;
}

std::vector<sg4::Host*> Platform::hosts_in_az(const std::string& az) const {
  return zone_hosts_.contains(az) ? zone_hosts_.at(az) : std::vector<sg4::Host*>{};
}

std::vector<sg4::Link*> Platform::links_between(const std::string& a, const std::string& b) const {
  const auto key = std::minmax(a, b);
  return inter_links_.contains(key) ? inter_links_.at(key) : std::vector<sg4::Link*>{};
}

const std::vector<sg4::Link*>& Platform::route(const sg4::Host* from, const sg4::Host* to) const {
  const auto key = std::make_pair(from, to);
  auto found = routes_.find(key);
  if (found == routes_.end()) {
    std::vector<sg4::Link*> links;
    double latency = 0;
    from->route_to(to, links, &latency);
    found = routes_.emplace(key, std::move(links)).first;
  }
  return found->second;
}

bool Platform::reachable(const sg4::Host* from, const sg4::Host* to) const {
  if (!from->is_on() || !to->is_on())
    return false;
  const auto& links = route(from, to);
  return std::all_of(links.begin(), links.end(), [](const sg4::Link* link) { return link->is_on(); });
}

double Platform::latency(const sg4::Host* from, const sg4::Host* to) const {
  double total = 0;
  for (const auto* link : route(from, to))
    total += link->get_latency();
  return total;
}

double Platform::bandwidth(const sg4::Host* from, const sg4::Host* to) const {
  double narrowest = std::numeric_limits<double>::infinity();
  for (const auto* link : route(from, to))
    narrowest = std::min(narrowest, link->get_bandwidth());
  return narrowest;
}

double Platform::transfer_time(const sg4::Host* from, const sg4::Host* to, double bytes) const {
  return latency(from, to) + std::ceil(bytes) / bandwidth(from, to);
}

bool Platform::transfer(sg4::Host* from, sg4::Host* to, double bytes) {
  // SimGrid asserts, rather than throws, when a transfer starts towards a host that is off.
  if (!from->is_on() || !to->is_on())
    return false;
  try {
    sg4::Comm::sendto(from, to, static_cast<std::uint64_t>(std::ceil(bytes)));
  } catch (const simgrid::NetworkFailureException&) {
    return false;
  } catch (const simgrid::HostFailureException&) {
    return false;
  }
  return true;
}

void Platform::restore_all() const {
  for (const auto& [name, host] : hosts_)
    if (!host->is_on())
      host->turn_on();
  for (auto* link : all_links_)
    if (!link->is_on())
      link->turn_on();
}

} // namespace drsim
