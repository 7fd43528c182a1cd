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
  LinkSpec intra_region{0.001, 1.25e9}; //!< between two AZs of one region (default 1 ms, 10 Gbps)
  LinkSpec internet{0.05, 1.25e8};      //!< any pair not listed in `links` (default 50 ms, 1 Gbps)
  std::vector<RegionLink> links;
};

struct ClientPopulation {
  std::string name;
  std::string location;      //!< a user location (its own network zone) or a region name
  std::string dns_record;    //!< the name the clients resolve
  double rate_rps = 0;       //!< requests per second of the whole population
  double write_fraction = 0; //!< share of requests that are writes, 0..1
  int resolvers = 4;         //!< caching resolvers the population is spread over, each with its own cache phase
};

struct HealthCheck {
  double interval_s = 30;    //!< Route 53 default 30 s (Route 53 DG, health checks)
  int failure_threshold = 3; //!< Route 53 usual 3
  bool deep = false;         //!< also fails when the endpoint's fleet cannot reach its database
};

enum class Routing { Invalid, Failover, Weighted, Latency };

inline constexpr EnumName<Routing> routing_names[]{
    {Routing::Failover, "failover"}, {Routing::Weighted, "weighted"}, {Routing::Latency, "latency"}};
constexpr std::span<const EnumName<Routing>> name_table(Routing) { return routing_names; }

struct DnsEndpoint {
  std::string target;                     //!< a load balancer
  std::string role;                       //!< failover routing: "primary" or "secondary"
  double weight = 1;                      //!< weighted routing
  std::optional<HealthCheck> health_check; //!< absent: always considered healthy
};

struct DnsRecord {
  std::string name;
  double ttl_s = 60; //!< Route 53 DG: "60 seconds or less" for failover records with health checks
  Routing routing = Routing::Failover;
  std::vector<DnsEndpoint> endpoints;
};

struct TargetHealthCheck {
  double interval_s = 30;    //!< ALB default (ELB ALB UG, target group health checks)
  int healthy_threshold = 5; //!< ALB default
  int unhealthy_threshold = 2; //!< ALB default
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
  std::map<std::string, FleetCapacity> capacity; //!< per region
  double requests_per_instance = 100;  //!< requests per second one instance serves
  Distribution boot_time = Distribution::fixed(300); //!< launch to passing its own checks; unconfirmed by AWS
  std::vector<std::string> depends_on; //!< databases and object stores it needs to serve
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
  bool multi_writer = false;         //!< every node accepts writes (global tables): active/active
  double size_B = 100e9;             //!< data size, for snapshots and restores
  double write_size_B = 2000;        //!< bytes shipped per replicated write
  double ship_interval_s = 1;        //!< asynchronous replication batches
  Distribution failover_time = Distribution::uniform(60, 120); //!< RDS Multi-AZ: "typically 60-120 seconds"
  Distribution promotion_time = Distribution::fixed(300);      //!< cross-region replica promotion; unconfirmed
};

enum class BackupKind { Invalid, Full, Incremental };

inline constexpr EnumName<BackupKind> backup_kind_names[]{{BackupKind::Full, "full"},
                                                          {BackupKind::Incremental, "incremental"}};
constexpr std::span<const EnumName<BackupKind>> name_table(BackupKind) { return backup_kind_names; }

struct Backup {
  std::string name;
  std::string source;          //!< a database or an object store
  BackupKind kind = BackupKind::Full;
  double every_s = 86400;      //!< snapshot schedule
  double log_interval_s = 0;   //!< point-in-time logs shipped this often; 0: none (RDS: 300 s)
  double retention_s = 7 * 86400.0;
  std::vector<std::string> copy_to; //!< regions that receive a copy of every snapshot
  bool vaulted = false;        //!< held in a locked vault that a ransomware attack cannot delete
  double restore_bandwidth_Bps = 1.25e8; //!< read rate of the backup store during a restore; unconfirmed
};

struct ObjectStore {
  std::string name;
  std::string region;
  std::vector<std::string> replicate_to;
  double write_rate_ops = 10;    //!< objects written per second
  double object_size_B = 1e6;
  double ship_interval_s = 60;   //!< replication batches (S3 RTC: 99.9 % within 15 minutes)
};

struct Prices {
  std::string date = "2026-01-01";
  std::string source = "aws-facts: us-east-1 on-demand, secondary sources";
  double instance_hour = 0.096;     //!< m5.large
  double database_instance_hour = 0.47; //!< db.r6g.large Multi-AZ, unconfirmed
  //! A Single-AZ read replica: assumption, half the Multi-AZ figure (RDS bills Multi-AZ at twice Single-AZ)
  double database_replica_hour = 0.235;
  //! Database volume per node: assumption, RDS gp3 Single-AZ us-east-1 list price (not in aws-facts.md)
  double database_storage_GB_month = 0.115;
  double storage_GB_month = 0.023;  //!< S3 Standard: backups and object storage
  double transfer_GB = 0.02;        //!< between regions
  double health_check_month = 0.50;
  double load_balancer_hour = 0.0225;
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
  Prices prices;

  const Region* find_region(const std::string& name) const;
  // The region an AZ belongs to, or nullptr.
  const Region* region_of_az(const std::string& az) const;
  const LoadBalancer* find_load_balancer(const std::string& name) const;
  const Fleet* find_fleet(const std::string& name) const;
  const Database* find_database(const std::string& name) const;
  const ObjectStore* find_object_store(const std::string& name) const;
  const DnsRecord* find_dns_record(const std::string& name) const;
  const Backup* find_backup(const std::string& name) const;
};

} // namespace drsim
