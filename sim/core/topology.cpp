#include "sim/core/topology.hpp"

#include <algorithm>

namespace drsim {
namespace {

template <class T> const T* find_named(const std::vector<T>& items, const std::string& name) {
  const auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.name == name; });
  return it == items.end() ? nullptr : &*it;
}

} // namespace

const Region* Topology::find_region(const std::string& name) const { return find_named(regions, name); }

std::vector<std::string> Topology::azs_of(const std::string& region) const {
  const Region* found = find_region(region);
  return found ? found->azs : std::vector<std::string>{};
}

const Region* Topology::region_of_az(const std::string& az) const {
  const auto it = std::find_if(regions.begin(), regions.end(), [&](const Region& region) {
    return std::find(region.azs.begin(), region.azs.end(), az) != region.azs.end();
  });
  return it == regions.end() ? nullptr : &*it;
}

const LoadBalancer* Topology::find_load_balancer(const std::string& name) const {
  return find_named(load_balancers, name);
}
const Fleet* Topology::find_fleet(const std::string& name) const { return find_named(fleets, name); }
const Database* Topology::find_database(const std::string& name) const { return find_named(databases, name); }
const ObjectStore* Topology::find_object_store(const std::string& name) const {
  return find_named(object_stores, name);
}
const Queue* Topology::find_queue(const std::string& name) const { return find_named(queues, name); }
const DnsRecord* Topology::find_dns_record(const std::string& name) const { return find_named(dns, name); }
const Backup* Topology::find_backup(const std::string& name) const { return find_named(backups, name); }

} // namespace drsim
