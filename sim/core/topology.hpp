// The topology: what an architect describes in JSON, as plain data. Parsed and checked by topology_reader.cpp;
// the graph analysis (graph.cpp) and the simulated platform (platform.cpp) are both built from it.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/core/distribution.hpp"
#include "sim/core/names.hpp"
#include "sim/core/parameters.hpp"

namespace drsim {

// Units inside the program: seconds, bytes, bytes per second, requests per second, USD.

struct Region {
  std::string name;
  std::vector<std::string> azs; //!< availability zone names, unique across the topology
};

struct LinkSpec {
  double latency_s = 0;
  double bandwidth_Bps = 0;
};

struct RegionLink {
  std::string a; //!< a region or a client location
  std::string b;
  LinkSpec spec;
};

struct Network {
  //! Between two AZs of one region.
  LinkSpec intra_region{parameters::intra_region_latency.number(), parameters::intra_region_bandwidth.number()};
  //! Any pair not listed in `links`.
  LinkSpec internet{parameters::internet_latency.number(), parameters::internet_bandwidth.number()};
  std::vector<RegionLink> links;
};

struct ClientPopulation {
  std::string name;
  std::string location;   //!< a user location (its own network zone) or a region name
  std::string dns_record; //!< the name the clients resolve
  double rate_rps = 0;    //!< requests per second of the whole population
  double write_fraction = parameters::client_write_fraction.number(); //!< share of requests that are writes
  //! Caching resolvers the population is spread over, each with its own cache phase.
  int resolvers = parameters::client_resolvers.integer();
};

struct HealthCheck {
  double interval_s = parameters::health_check_interval.number();
  int failure_threshold = parameters::health_check_failure_threshold.integer();
  bool deep = parameters::health_check_deep.flag(); //!< also fails when the endpoint's fleet cannot reach its database
};

enum class Routing { Invalid, Failover, Weighted, Latency };

inline constexpr EnumName<Routing> routing_names[]{
    {Routing::Failover, "failover"}, {Routing::Weighted, "weighted"}, {Routing::Latency, "latency"}};
constexpr std::span<const EnumName<Routing>> name_table(Routing) { return routing_names; }

struct DnsEndpoint {
  std::string target;                                   //!< a load balancer
  std::string role;                                     //!< failover routing: "primary" or "secondary"
  double weight = parameters::endpoint_weight.number(); //!< weighted routing
  std::optional<HealthCheck> health_check;              //!< absent: always considered healthy
};

struct DnsRecord {
  std::string name;
  double ttl_s = parameters::dns_ttl.number();
  Routing routing = Routing::Failover;
  std::vector<DnsEndpoint> endpoints;
};

struct TargetHealthCheck {
  double interval_s = parameters::target_check_interval.number();
  int healthy_threshold = parameters::target_check_healthy_threshold.integer();
  int unhealthy_threshold = parameters::target_check_unhealthy_threshold.integer();
};

struct LoadBalancer {
  std::string name;
  std::string region;
  std::vector<std::string> azs; //!< empty: every AZ of the region
  std::string fleet;            //!< the fleet whose instances in this region are its targets
  TargetHealthCheck health_check;
};

struct FleetCapacity {
  int min = 0;
  int desired = 0;
  int max = 0;
};

struct Fleet {
  std::string name;
  std::map<std::string, FleetCapacity> capacity;                             //!< per region
  double requests_per_instance = parameters::requests_per_instance.number(); //!< requests per second one serves
  Distribution boot_time = parameters::boot_time.distribution();             //!< launch to passing its own checks
  std::vector<std::string> depends_on; //!< databases, object stores and queues it needs to serve
};

enum class ReplicationMode { Invalid, Sync, Async };

inline constexpr EnumName<ReplicationMode> replication_mode_names[]{{ReplicationMode::Sync, "sync"},
                                                                    {ReplicationMode::Async, "async"}};
constexpr std::span<const EnumName<ReplicationMode>> name_table(ReplicationMode) { return replication_mode_names; }

struct DatabaseNode {
  std::string name;
  std::string region;
  std::string az;
  ReplicationMode mode = ReplicationMode::Async; //!< replicas only
};

enum class DatabaseEngine { Invalid, Rds, Aurora, AuroraGlobal, DynamoDbGlobal, SelfManaged };

inline constexpr EnumName<DatabaseEngine> database_engine_names[]{{DatabaseEngine::Rds, "rds"},
                                                                  {DatabaseEngine::Aurora, "aurora"},
                                                                  {DatabaseEngine::AuroraGlobal, "aurora-global"},
                                                                  {DatabaseEngine::DynamoDbGlobal, "dynamodb-global"},
                                                                  {DatabaseEngine::SelfManaged, "self-managed"}};
constexpr std::span<const EnumName<DatabaseEngine>> name_table(DatabaseEngine) { return database_engine_names; }

struct Database {
  std::string name;
  DatabaseEngine engine = DatabaseEngine::Rds;
  DatabaseNode primary;
  std::vector<DatabaseNode> replicas;
  bool multi_writer = parameters::database_multi_writer.flag();         //!< every node accepts writes: active/active
  double size_B = parameters::database_size.number();                   //!< data size, for snapshots and restores
  double write_size_B = parameters::write_size.number();                //!< bytes shipped per replicated write
  double ship_interval_s = parameters::database_ship_interval.number(); //!< asynchronous replication batches
  // The key space of a multi-writer database: the writers of a partition conflict on the keys both sides wrote.
  int keys = parameters::database_keys.integer();
  double key_skew = parameters::database_key_skew.number(); //!< Zipf exponent of the writes over the keys
  // The engine "rds" defaults; the topology reader sets those of the other engines.
  Distribution failover_time = parameters::failover_time.distribution();
  Distribution promotion_time = parameters::promotion_time.distribution(); //!< of a cross-region replica
};

enum class BackupKind { Invalid, Full, Incremental };

inline constexpr EnumName<BackupKind> backup_kind_names[]{{BackupKind::Full, "full"},
                                                          {BackupKind::Incremental, "incremental"}};
constexpr std::span<const EnumName<BackupKind>> name_table(BackupKind) { return backup_kind_names; }

struct Backup {
  std::string name;
  std::string source; //!< a database or an object store
  BackupKind kind = BackupKind::Full;
  double every_s = parameters::backup_every.number(); //!< snapshot schedule
  double log_interval_s = 0;                          //!< point-in-time logs shipped this often; 0: none
  double retention_s = parameters::backup_retention.number();
  std::vector<std::string> copy_to;                 //!< regions that receive a copy of every snapshot
  bool vaulted = parameters::backup_vaulted.flag(); //!< held in a locked vault that ransomware cannot delete
  double restore_bandwidth_Bps = parameters::restore_bandwidth.number(); //!< read rate of the store in a restore
};

struct ObjectStore {
  std::string name;
  std::string region;
  std::vector<std::string> replicate_to;
  double write_rate_ops = parameters::object_write_rate.number(); //!< objects written per second
  double object_size_B = parameters::object_size.number();
  double ship_interval_s = parameters::object_ship_interval.number(); //!< replication batches
};

// A message queue (Amazon SQS): a regional service, one independent copy per listed region, spread over the region's
// AZs. The fleets that depend on it send to the copy of their own region; `consumer` reads them.
struct Queue {
  std::string name;
  std::vector<std::string> regions;                          //!< one copy in each
  std::string consumer;                                      //!< the fleet that reads its messages
  double retention_s = parameters::queue_retention.number(); //!< how long a message waits before it is deleted
};

struct Prices {
  std::string date{parameters::price_date.text()};
  std::string source{parameters::price_source.text()};
  double instance_hour = parameters::instance_hour.number();
  double database_instance_hour = parameters::database_instance_hour.number();       //!< a writer and its standby
  double database_replica_hour = parameters::database_replica_hour.number();         //!< an asynchronous replica
  double database_storage_GB_month = parameters::database_storage_gb_month.number(); //!< on every node
  double storage_GB_month = parameters::storage_gb_month.number();                   //!< backups and object storage
  double transfer_GB = parameters::transfer_gb.number();                             //!< between regions
  double health_check_month = parameters::health_check_month.number();
  double health_check_fast_interval_month = parameters::health_check_fast_interval_month.number();
  double load_balancer_hour = parameters::load_balancer_hour.number();
};

struct Topology {
  std::string name;
  std::vector<Region> regions;
  std::vector<std::string> locations; //!< user locations, each its own network zone
  Network network;
  std::vector<ClientPopulation> clients;
  std::vector<DnsRecord> dns;
  std::vector<LoadBalancer> load_balancers;
  std::vector<Fleet> fleets;
  std::vector<Database> databases;
  std::vector<Backup> backups;
  std::vector<ObjectStore> object_stores;
  std::vector<Queue> queues;
  Prices prices;

  const Region* find_region(const std::string& name) const;
  // The AZs of a region; none for a region the topology lacks.
  std::vector<std::string> azs_of(const std::string& region) const;
  // The region an AZ belongs to, or nullptr.
  const Region* region_of_az(const std::string& az) const;
  const LoadBalancer* find_load_balancer(const std::string& name) const;
  const Fleet* find_fleet(const std::string& name) const;
  const Database* find_database(const std::string& name) const;
  const ObjectStore* find_object_store(const std::string& name) const;
  const Queue* find_queue(const std::string& name) const;
  const DnsRecord* find_dns_record(const std::string& name) const;
  const Backup* find_backup(const std::string& name) const;
};

} // namespace drsim
