#include "sim/input/topology_reader.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>

#include <fmt/format.h>

#include "sim/core/parameters.hpp"
#include "sim/core/units.hpp"
#include "sim/input/file_kind.hpp"
#include "sim/input/input_format.hpp"
#include "sim/input/json_node.hpp"
#include "sim/input/json_parse.hpp"
#include "sim/input/limits.hpp"
#include "sim/input/messages.hpp"
#include "sim/input/parameter_reference.hpp"

namespace drsim {
namespace {

using nlohmann::json;

bool valid_date(const std::string& text) {
  int year = 0, month = 0, day = 0;
  char tail = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
      std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3)
    return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month >= 1 && month <= 12 && day >= 1 && day <= days[month - 1];
}

class TopologyReader {
public:
  TopologyReader(const json& document, const std::string& file, const std::string& prefix,
                 std::vector<Diagnostic>& problems)
      : sink_{file, &problems}, root_(document, prefix, sink_) {}

  Topology read() {
    if (!root_.expect_object(format::topology))
      return std::move(topology_);
    check_format_version(root_, "drsim_topology");
    root_.read_name("name", topology_.name);
    if (const auto description = root_.field("description"))
      description->as_string();
    if (const auto schema = root_.field("$schema")) // for editors: any string, not otherwise read
      schema->as_string();
    // Each kind only refers to kinds read before it, so references are checked as they are read; a queue's consumer,
    // a fleet that may itself depend on the queue, is checked once the fleets are read.
    read_regions();
    read_locations();
    read_network();
    read_databases();
    read_object_stores();
    read_queues();
    read_fleets();
    check_consumers();
    read_load_balancers();
    read_dns();
    read_clients();
    read_backups();
    read_prices();
    return std::move(topology_);
  }

private:
  // The elements of a top-level array; `required` as for JsonNode::elements.
  // The elements of a top-level array of at most `most` `kind` ("fleets"); `required` as for JsonNode::elements.
  std::vector<JsonNode> list(std::string_view key, std::size_t most, std::string_view kind,
                             std::string_view required = {}) const {
    const auto member = root_.field(key);
    return member ? member->elements(required, most, kind) : std::vector<JsonNode>{};
  }

  // Claims a component name, which must be unique across all kinds because fault targets name components. The
  // component is kept even when its name is taken, so that references to it do not fail a second time.
  void claim_name(const JsonNode& item, const std::string& name, const std::string& kind) {
    const auto [it, inserted] = components_.try_emplace(name, kind, item.pointer());
    if (!inserted)
      item.field("name")->problem("name " + in_quotes(name) + " is already used by the " + it->second.first + " at " +
                                  it->second.second + "; component names must be unique across all kinds");
  }

  // Reads an AZ that must belong to `region` (already checked to exist, or "" when it could not be read).
  void read_az(const JsonNode& item, std::string& target, const std::string& region) {
    const auto member = item.field("az");
    const auto az = member ? member->as_name() : std::nullopt;
    if (!az)
      return;
    target = *az;
    // A region without AZs has already been reported; its AZs cannot be checked.
    const Region* owner = topology_.find_region(region);
    if (owner != nullptr && !owner->azs.empty() && !is_one_of(owner->azs, *az))
      member->problem("AZ " + in_quotes(*az) + " is not in region " + in_quotes(region) + suggestion(*az, owner->azs));
  }

  // A link spec's keys are those of the default links; `links` have the same keys without defaults.
  static void read_link_spec(const JsonNode& node, LinkSpec& spec) {
    node.read(parameters::internet_latency, spec.latency_s);
    node.read(parameters::internet_bandwidth, spec.bandwidth_Bps);
  }

  void read_regions() {
    std::map<std::string, std::string> az_owner; // AZ name -> pointer of its first definition
    for (const auto& item : list("regions", limits::regions, "regions", "region")) {
      if (!item.expect_object(format::topology_objects::region))
        continue;
      Region region;
      const bool named = item.read_name("name", region.name);
      if (named && is_one_of(region_names_, region.name)) {
        item.field("name")->problem("duplicate region " + in_quotes(region.name) + "; region names must be unique");
        continue;
      }
      if (const auto azs = item.field("azs"))
        for (const auto& az_node : azs->elements("AZ", limits::azs_per_region, "AZs")) {
          const auto az = az_node.as_name();
          if (!az)
            continue;
          if (const auto [it, inserted] = az_owner.try_emplace(*az, az_node.pointer()); !inserted)
            az_node.problem("duplicate AZ " + in_quotes(*az) + ", also at " + it->second +
                            "; AZ names must be unique across all regions");
          else
            region.azs.push_back(*az);
        }
      if (named) {
        region_names_.push_back(region.name);
        topology_.regions.push_back(std::move(region));
      }
    }
  }

  void read_locations() {
    const auto locations = root_.field("locations");
    if (!locations)
      return;
    for (const auto& node : locations->elements({}, limits::locations, "locations")) {
      const auto name = node.as_name();
      if (!name)
        continue;
      if (is_one_of(region_names_, *name))
        node.problem(in_quotes(*name) + " is already a region; a user location needs a name of its own");
      else if (is_one_of(topology_.locations, *name))
        node.problem("duplicate location " + in_quotes(*name) + "; location names must be unique");
      else
        topology_.locations.push_back(*name);
    }
  }

  // A place traffic comes from or goes to: a region or a user location.
  std::vector<std::string> places() const {
    auto names = region_names_;
    names.insert(names.end(), topology_.locations.begin(), topology_.locations.end());
    return names;
  }

  void read_network() {
    const auto network = root_.field("network");
    if (!network || !network->expect_object(format::topology_objects::network))
      return;
    using namespace parameters;
    if (const auto node = network->field("intra_region");
        node && node->expect_object(format::topology_objects::intra_region)) {
      node->read(intra_region_latency, topology_.network.intra_region.latency_s);
      node->read(intra_region_bandwidth, topology_.network.intra_region.bandwidth_Bps);
    }
    if (const auto node = network->field("internet"); node && node->expect_object(format::topology_objects::internet))
      read_link_spec(*node, topology_.network.internet);
    const auto links = network->field("links");
    if (!links)
      return;
    const auto known = places();
    std::map<std::pair<std::string, std::string>, std::string> pairs; // unordered pair -> pointer
    for (const auto& item : links->elements({}, limits::links, "links")) {
      if (!item.expect_object(format::topology_objects::link))
        continue;
      RegionLink link;
      read_link_spec(item, link.spec);
      const auto between = item.field("between");
      if (!between)
        continue;
      const auto ends = between->elements();
      if (between->value().is_array() && ends.size() != 2) {
        between->problem("has " + std::to_string(ends.size()) + " elements; expected two regions or locations");
        continue;
      }
      if (ends.size() != 2)
        continue;
      const auto a = ends[0].as_name();
      const auto b = ends[1].as_name();
      if (!a || !b || !ends[0].check_reference(*a, "region or location", known) ||
          !ends[1].check_reference(*b, "region or location", known))
        continue;
      if (*a == *b) {
        between->problem("links " + in_quotes(*a) + " to itself; expected two different regions or locations");
        continue;
      }
      const auto key = std::minmax(*a, *b);
      if (const auto [it, inserted] = pairs.try_emplace({key.first, key.second}, item.pointer()); !inserted) {
        between->problem("duplicate link between " + in_quotes(*a) + " and " + in_quotes(*b) + ", also at " +
                         it->second + "; expected one link per pair");
        continue;
      }
      link.a = *a;
      link.b = *b;
      topology_.network.links.push_back(std::move(link));
    }
  }

  void read_databases() {
    for (const auto& item : list("databases", limits::databases, "databases")) {
      using namespace parameters;
      if (!item.expect_object(format::topology_objects::database))
        continue;
      Database db;
      const bool named = item.read_name("name", db.name);
      if (named)
        claim_name(item, db.name, "database");
      const bool engine_known = item.read_enum("engine", db.engine);
      // Defaults by engine, for timings the document leaves out.
      switch (db.engine) {
      case DatabaseEngine::Aurora:
        db.failover_time = aurora_failover_time.distribution();
        break;
      case DatabaseEngine::AuroraGlobal:
        db.failover_time = aurora_failover_time.distribution();
        db.promotion_time = aurora_global_promotion_time.distribution();
        break;
      case DatabaseEngine::Rds:            // the struct's defaults are those of RDS
      case DatabaseEngine::DynamoDbGlobal: // every replica table takes writes: nothing to fail over or promote
      case DatabaseEngine::SelfManaged:    // no AWS figure applies: the general defaults stay
      case DatabaseEngine::Invalid:
        break;
      }

      if (const auto primary = item.field("primary");
          primary && primary->expect_object(format::topology_objects::primary)) {
        db.primary.name = "primary";
        primary->read_reference("region", db.primary.region, "region", region_names_);
        read_az(*primary, db.primary.az, db.primary.region);
      }
      if (const auto replicas = item.field("replicas"))
        for (const auto& node : replicas->elements({}, limits::replicas_per_database, "replicas")) {
          if (!node.expect_object(format::topology_objects::replica))
            continue;
          DatabaseNode replica;
          if (node.read_name("name", replica.name)) {
            const bool taken = replica.name == "primary" ||
                               std::any_of(db.replicas.begin(), db.replicas.end(),
                                           [&](const DatabaseNode& other) { return other.name == replica.name; });
            if (taken)
              node.field("name")->problem("duplicate node name " + in_quotes(replica.name) +
                                          "; replica names must be unique within the database and not \"primary\"");
          }
          const bool located = node.read_reference("region", replica.region, "region", region_names_);
          read_az(node, replica.az, replica.region);
          if (node.read_enum("mode", replica.mode) && replica.mode == ReplicationMode::Sync && located &&
              !db.primary.region.empty()) {
            if (replica.region != db.primary.region)
              node.field("region")->problem("a sync replica must be in the primary's region " +
                                            in_quotes(db.primary.region) + ", not " + in_quotes(replica.region) +
                                            "; use mode \"async\" across regions");
            else if (const auto az = node.field("az"); az && replica.az == db.primary.az)
              az->problem("a sync replica must be in another AZ than the primary (" + in_quotes(db.primary.az) + ")");
          }
          db.replicas.push_back(std::move(replica));
        }
      if (item.read(database_multi_writer, db.multi_writer) && db.multi_writer && engine_known &&
          db.engine != DatabaseEngine::DynamoDbGlobal)
        item.field(database_multi_writer.key())
            ->problem("needs engine \"dynamodb-global\", not " + item.field("engine")->value().dump() +
                      " (Aurora Global Database has a single writer)");
      item.read(database_size, db.size_B);
      item.read(write_size, db.write_size_B);
      item.read(database_ship_interval, db.ship_interval_s);
      item.read(database_keys, db.keys);
      item.read(database_key_skew, db.key_skew);
      item.read(failover_time, db.failover_time);
      item.read(promotion_time, db.promotion_time);
      if (named) {
        database_names_.push_back(db.name);
        topology_.databases.push_back(std::move(db));
      }
    }
  }

  void read_object_stores() {
    for (const auto& item : list("object_stores", limits::object_stores, "object stores")) {
      using namespace parameters;
      if (!item.expect_object(format::topology_objects::object_store))
        continue;
      ObjectStore store;
      const bool named = item.read_name("name", store.name);
      if (named)
        claim_name(item, store.name, "object store");
      item.read_reference("region", store.region, "region", region_names_);
      read_region_list(item, "replicate_to", store.replicate_to, store.region);
      item.read(object_write_rate, store.write_rate_ops);
      item.read(object_size, store.object_size_B);
      item.read(object_ship_interval, store.ship_interval_s);
      if (named) {
        object_store_names_.push_back(store.name);
        topology_.object_stores.push_back(std::move(store));
      }
    }
  }

  // A list of regions other than `home`, such as where copies go.
  void read_region_list(const JsonNode& item, std::string_view key, std::vector<std::string>& target,
                        const std::string& home) {
    if (!item.read_names(key, target))
      return;
    const auto nodes = item.field(key)->elements();
    for (std::size_t i = 0; i < target.size(); ++i)
      if (nodes[i].check_reference(target[i], "region", region_names_) && target[i] == home)
        nodes[i].problem("is the source's own region " + in_quotes(home) + "; expected another region");
  }

  void read_queues() {
    for (const auto& item : list("queues", limits::queues, "queues")) {
      using namespace parameters;
      if (!item.expect_object(format::topology_objects::queue))
        continue;
      Queue queue;
      const bool named = item.read_name("name", queue.name);
      if (named)
        claim_name(item, queue.name, "queue");
      if (const auto regions = item.field("regions");
          regions && !regions->elements("region", limits::regions, "regions").empty() &&
          item.read_names("regions", queue.regions)) {
        const auto nodes = regions->elements();
        for (std::size_t i = 0; i < queue.regions.size(); ++i)
          nodes[i].check_reference(queue.regions[i], "region", region_names_);
      } else if (named)
        queues_without_regions_.insert(queue.name);
      if (const auto consumer = item.field("consumer"); consumer && consumer->as_name() && named) {
        queue.consumer = consumer->value().get<std::string>();
        consumers_.emplace_back(topology_.queues.size(), *consumer);
      }
      item.read(queue_retention, queue.retention_s);
      if (named) {
        queue_names_.push_back(queue.name);
        topology_.queues.push_back(std::move(queue));
      }
    }
  }

  // A queue's consumer reads from the copy in its own region: every region it has capacity in needs one.
  void check_consumers() const {
    for (const auto& [index, node] : consumers_) {
      const Queue& queue = topology_.queues[index];
      if (!node.check_reference(queue.consumer, "fleet", fleet_names_) || queues_without_regions_.contains(queue.name))
        continue;
      for (const auto& [region, capacity] : topology_.find_fleet(queue.consumer)->capacity)
        if (!is_one_of(queue.regions, region))
          node.problem("fleet " + in_quotes(queue.consumer) + " has capacity in region " + in_quotes(region) +
                       ", where queue " + in_quotes(queue.name) +
                       " has no copy; a consumer reads the copy in its own "
                       "region: add " +
                       in_quotes(region) + " to the queue's \"regions\"");
    }
  }

  // A fleet sends to the copy of a queue in its own region: every region it has capacity in needs one.
  void check_queue_regions(const JsonNode& node, const Fleet& fleet, const std::string& name) const {
    const Queue* queue = topology_.find_queue(name);
    if (queue == nullptr || queues_without_regions_.contains(name))
      return;
    for (const auto& [region, capacity] : fleet.capacity)
      if (!is_one_of(queue->regions, region))
        node.problem("queue " + in_quotes(name) + " has no copy in region " + in_quotes(region) + ", where fleet " +
                     in_quotes(fleet.name) + " has capacity; a fleet uses the queue's copy in its own region: add " +
                     in_quotes(region) + " to the queue's \"regions\"");
  }

  void read_fleets() {
    std::vector<std::string> dependencies = database_names_;
    dependencies.insert(dependencies.end(), object_store_names_.begin(), object_store_names_.end());
    dependencies.insert(dependencies.end(), queue_names_.begin(), queue_names_.end());
    for (const auto& item : list("fleets", limits::fleets, "fleets")) {
      if (!item.expect_object(format::topology_objects::fleet))
        continue;
      Fleet fleet;
      const bool named = item.read_name("name", fleet.name);
      if (named)
        claim_name(item, fleet.name, "fleet");
      if (const auto capacity = item.field("capacity"); capacity && !capacity->value().is_object())
        capacity->problem("must be an object of regions such as {\"us-east-1\": {\"min\": 2, \"desired\": 4, "
                          "\"max\": 8}}, not " +
                          describe_value(capacity->value()));
      else if (capacity) {
        if (capacity->value().empty())
          capacity->problem("must not be empty; expected the capacity in at least one region");
        for (const auto& [region, value] : capacity->value().items()) {
          const JsonNode node(value, capacity->pointer() + "/" + escape_pointer_token(region), sink_);
          if (node.check_reference(region, "region", region_names_))
            read_capacity(node, fleet.capacity[region]);
        }
      }
      item.read(parameters::requests_per_instance, fleet.requests_per_instance);
      item.read(parameters::boot_time, fleet.boot_time);
      if (item.read_names("depends_on", fleet.depends_on)) {
        const auto nodes = item.field("depends_on")->elements();
        for (std::size_t i = 0; i < fleet.depends_on.size(); ++i)
          if (nodes[i].check_reference(fleet.depends_on[i], "database, object store or queue", dependencies))
            check_queue_regions(nodes[i], fleet, fleet.depends_on[i]);
      }
      if (named) {
        fleet_names_.push_back(fleet.name);
        topology_.fleets.push_back(std::move(fleet));
      }
    }
    check_instances_per_region();
  }

  // Every instance is an actor of the drill: what bounds the drill's time is all the fleets of a region together.
  void check_instances_per_region() const {
    std::map<std::string, std::int64_t> most_instances;
    for (const auto& fleet : topology_.fleets)
      for (const auto& [region, capacity] : fleet.capacity)
        most_instances[region] += capacity.max;
    for (const auto& [region, instances] : most_instances)
      if (instances > limits::instances_per_region)
        root_.field("fleets")->problem(fmt::format(
            "may run {} instances in region {} (the sum of the fleets' \"max\" there); drsim accepts at most {} "
            "per region (see \"Limits\" in the README)",
            instances, in_quotes(region), limits::instances_per_region));
  }

  static void read_capacity(const JsonNode& node, FleetCapacity& capacity) {
    using namespace parameters;
    if (!node.expect_object(format::topology_objects::capacity))
      return;
    const bool complete = node.read(capacity_min, capacity.min) & node.read(capacity_desired, capacity.desired) &
                          node.read(capacity_max, capacity.max);
    if (complete && !(capacity.min <= capacity.desired && capacity.desired <= capacity.max))
      node.problem("has min " + std::to_string(capacity.min) + ", desired " + std::to_string(capacity.desired) +
                   ", max " + std::to_string(capacity.max) + "; expected min <= desired <= max");
  }

  void read_load_balancers() {
    for (const auto& item : list("load_balancers", limits::load_balancers, "load balancers")) {
      if (!item.expect_object(format::topology_objects::load_balancer))
        continue;
      LoadBalancer lb;
      const bool named = item.read_name("name", lb.name);
      if (named)
        claim_name(item, lb.name, "load balancer");
      const bool located = item.read_reference("region", lb.region, "region", region_names_);
      if (item.read_names("azs", lb.azs) && located) {
        const auto nodes = item.field("azs")->elements();
        const auto& region_azs = topology_.find_region(lb.region)->azs;
        for (std::size_t i = 0; i < lb.azs.size(); ++i)
          if (!region_azs.empty() && !is_one_of(region_azs, lb.azs[i]))
            nodes[i].problem("AZ " + in_quotes(lb.azs[i]) + " is not in region " + in_quotes(lb.region) +
                             suggestion(lb.azs[i], region_azs));
      }
      if (item.read_reference("fleet", lb.fleet, "fleet", fleet_names_) && located &&
          !topology_.find_fleet(lb.fleet)->capacity.contains(lb.region))
        item.field("fleet")->problem("fleet " + in_quotes(lb.fleet) + " has no capacity in region " +
                                     in_quotes(lb.region) + "; add the region to the fleet's capacity");
      using namespace parameters;
      if (const auto check = item.field("health_check");
          check && check->expect_object(format::topology_objects::target_health_check)) {
        auto& hc = lb.health_check;
        check->read(target_check_interval, hc.interval_s);
        check->read(target_check_healthy_threshold, hc.healthy_threshold);
        check->read(target_check_unhealthy_threshold, hc.unhealthy_threshold);
      }
      if (named) {
        load_balancer_names_.push_back(lb.name);
        topology_.load_balancers.push_back(std::move(lb));
      }
    }
  }

  void read_dns() {
    for (const auto& item : list("dns", limits::dns_records, "DNS records")) {
      using namespace parameters;
      if (!item.expect_object(format::topology_objects::dns_record))
        continue;
      DnsRecord record;
      const bool named = item.read_name("name", record.name);
      if (named)
        claim_name(item, record.name, "DNS record");
      item.read(dns_ttl, record.ttl_s);
      const bool routing_known = !item.field(dns_routing.key()) || item.read_enum(dns_routing.key(), record.routing);
      const auto endpoints = item.field("endpoints");
      const auto nodes = endpoints ? endpoints->elements("endpoint", limits::endpoints_per_record, "endpoints")
                                   : std::vector<JsonNode>{};
      int primaries = 0, secondaries = 0;
      bool any_weight = false;
      for (const auto& node : nodes) {
        // Every key is allowed whatever the routing: a role or weight the routing does not take is reported below,
        // in words about the routing.
        if (!node.expect_object(format::topology_objects::endpoint))
          continue;
        DnsEndpoint endpoint;
        node.read_reference("target", endpoint.target, "load balancer", load_balancer_names_);
        if (const auto role = node.field("role")) {
          if (routing_known && record.routing != Routing::Failover)
            role->problem("applies only to failover routing; this record's routing is " +
                          item.field(dns_routing.key())->value().dump());
          else if (const auto index = role->as_one_of(format::topology_objects::endpoint_role.names())) {
            endpoint.role = *index == 0 ? "primary" : "secondary";
            ++(*index == 0 ? primaries : secondaries);
          }
        } else if (routing_known && record.routing == Routing::Failover)
          node.problem("missing required key \"role\"; failover routing needs \"primary\" or \"secondary\"");
        if (const auto weight = node.field(endpoint_weight.key())) {
          if (routing_known && record.routing != Routing::Weighted)
            weight->problem("applies only to weighted routing; this record's routing is " +
                            (item.field(dns_routing.key()) ? item.field(dns_routing.key())->value().dump()
                                                           : default_json(dns_routing).dump()));
          else if (const auto value = weight->as_value(endpoint_weight)) {
            endpoint.weight = *value;
            any_weight = any_weight || *value > 0;
          }
        } else
          any_weight = true;
        if (const auto check = node.field("health_check")) {
          if (check->expect_object(format::topology_objects::endpoint_health_check)) {
            HealthCheck hc;
            if (check->read_quantity(health_check_interval.key(), Quantity::Duration, hc.interval_s) &&
                !health_check_interval.range.contains(hc.interval_s))
              check->field(health_check_interval.key())
                  ->problem("must be " + range_text(health_check_interval) +
                            ", the only intervals Route 53 offers, not " +
                            check->field(health_check_interval.key())->value().dump());
            check->read(health_check_failure_threshold, hc.failure_threshold);
            check->read(health_check_deep, hc.deep);
            endpoint.health_check = hc;
          }
        }
        record.endpoints.push_back(std::move(endpoint));
      }
      if (routing_known && record.routing == Routing::Failover && !nodes.empty()) {
        if (primaries > 1)
          endpoints->problem("has " + std::to_string(primaries) +
                             " primary endpoints; failover routing needs exactly one");
        else if (primaries == 0 && secondaries > 0)
          endpoints->problem("has no primary endpoint; failover routing needs exactly one");
        if (secondaries > 1)
          endpoints->problem("has " + std::to_string(secondaries) +
                             " secondary endpoints; failover routing allows at most one");
      }
      if (routing_known && record.routing == Routing::Weighted && !nodes.empty() && !any_weight)
        endpoints->problem("gives every endpoint weight 0; expected at least one weight above 0");
      if (named) {
        dns_names_.push_back(record.name);
        topology_.dns.push_back(std::move(record));
      }
    }
  }

  void read_clients() {
    const auto known_places = places();
    for (const auto& item : list("clients", limits::client_populations, "client populations", "client population")) {
      using namespace parameters;
      if (!item.expect_object(format::topology_objects::client))
        continue;
      ClientPopulation clients;
      const bool named = item.read_name("name", clients.name);
      if (named)
        claim_name(item, clients.name, "client population");
      item.read_reference("location", clients.location, "location or region", known_places);
      item.read_reference("dns_record", clients.dns_record, "DNS record", dns_names_);
      item.read(client_rate, clients.rate_rps);
      item.read(client_write_fraction, clients.write_fraction);
      item.read(client_resolvers, clients.resolvers);
      if (named)
        topology_.clients.push_back(std::move(clients));
    }
  }

  void read_backups() {
    std::vector<std::string> sources = database_names_;
    sources.insert(sources.end(), object_store_names_.begin(), object_store_names_.end());
    for (const auto& item : list("backups", limits::backups, "backups")) {
      using namespace parameters;
      if (!item.expect_object(format::topology_objects::backup))
        continue;
      Backup backup;
      const bool named = item.read_name("name", backup.name);
      if (named)
        claim_name(item, backup.name, "backup");
      std::string home;
      if (item.read_reference("source", backup.source, "database or object store", sources)) {
        const Database* db = topology_.find_database(backup.source);
        home = db != nullptr ? db->primary.region : topology_.find_object_store(backup.source)->region;
      }
      item.read_enum(backup_kind.key(), backup.kind);
      // Kept even when out of range: the retention is checked against the interval given.
      if (item.read_quantity(backup_every.key(), Quantity::Duration, backup.every_s))
        item.field(backup_every.key())->check_range(backup_every, backup.every_s);
      item.read(backup_log_interval, backup.log_interval_s);
      if (item.read(backup_retention, backup.retention_s) && backup.retention_s < backup.every_s)
        item.field(backup_retention.key())
            ->problem("must be at least the interval between backups (" + format_duration(backup.every_s) + "), not " +
                      item.field(backup_retention.key())->value().dump());
      read_region_list(item, "copy_to", backup.copy_to, home);
      item.read(backup_vaulted, backup.vaulted);
      item.read(restore_bandwidth, backup.restore_bandwidth_Bps);
      if (named)
        topology_.backups.push_back(std::move(backup));
    }
  }

  void read_prices() {
    auto& p = topology_.prices;
    const std::pair<const Parameter&, double&> amounts[]{
        {parameters::instance_hour, p.instance_hour},
        {parameters::database_instance_hour, p.database_instance_hour},
        {parameters::database_replica_hour, p.database_replica_hour},
        {parameters::database_storage_gb_month, p.database_storage_GB_month},
        {parameters::storage_gb_month, p.storage_GB_month},
        {parameters::transfer_gb, p.transfer_GB},
        {parameters::health_check_month, p.health_check_month},
        {parameters::health_check_fast_interval_month, p.health_check_fast_interval_month},
        {parameters::load_balancer_hour, p.load_balancer_hour}};
    const auto prices = root_.field("prices");
    if (!prices || !prices->expect_object(format::topology_objects::prices))
      return;
    if (prices->read(parameters::price_date, p.date) && !valid_date(p.date))
      prices->field(parameters::price_date.key())
          ->problem("must be a date written YYYY-MM-DD, not " + in_quotes(p.date));
    prices->read(parameters::price_source, p.source);
    for (const auto& [parameter, target] : amounts)
      prices->read(parameter, target);
  }

  DiagnosticSink sink_;
  JsonNode root_;
  Topology topology_;
  std::map<std::string, std::pair<std::string, std::string>> components_; //!< name -> kind, pointer
  std::vector<std::pair<std::size_t, JsonNode>> consumers_; //!< a queue's index and its "consumer", checked last
  std::set<std::string> queues_without_regions_;            //!< refused lists: no copy to check fleets against
  std::vector<std::string> region_names_, database_names_, object_store_names_, queue_names_, fleet_names_,
      load_balancer_names_, dns_names_;
};

} // namespace

Topology read_topology(const json& document, const std::string& file, const std::string& pointer_prefix,
                       std::vector<Diagnostic>& problems) {
  return TopologyReader(document, file, pointer_prefix, problems).read();
}

Topology load_topology_file(const std::string& path) {
  std::vector<Diagnostic> problems;
  const auto document = read_json_file(path, problems);
  Topology topology;
  if (const auto wrong_kind = document ? wrong_kind_of_file(*document, "drsim_topology", path) : std::nullopt)
    problems.push_back({path, "", *wrong_kind});
  else if (document)
    topology = read_topology(*document, path, "", problems);
  if (!problems.empty())
    throw InputError(std::move(problems));
  return topology;
}

} // namespace drsim
