// The scenario: a topology, the faults to inject, the strategies to compare and the objectives to meet.
// Parsed and checked by scenario_reader.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/distribution.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/names.hpp"
#include "sim/core/parameters.hpp"
#include "sim/core/topology.hpp"

namespace drsim {

enum class FaultKind {
  Invalid,
  RegionOutage,     //!< target: a region
  AzOutage,         //!< target: an AZ
  InstanceLoss,     //!< target: a fleet; `count` instances in `region`
  DatabaseFailure,  //!< target: a database; its current primary node fails
  NetworkPartition, //!< target: a region; `peer`: the other region
  DataCorruption,   //!< target: a database; every write from the onset on is corrupted, replicas included
  Ransomware,       //!< target: a database; corruption, and its backups deleted unless vaulted
  BackupFailure,    //!< target: a backup; snapshots fail silently while the fault lasts
  CapacityShortage, //!< target: a region; instance launches there fail while the fault lasts
  StepUnreachable,  //!< target: a runbook step's id; the endpoint its action calls cannot be reached while it lasts
  // Drawn from `random_failures` and `common_cause`, never written in a scenario's "faults".
  InstanceFailure,     //!< target: a fleet; `region`; `count`: the capacity slot that fails; repaired in place
  DatabaseNodeFailure, //!< target: a database; `peer`: the node (primary or a replica name) that fails
  LoadBalancerFailure, //!< target: a load balancer; it fails every request while it lasts
  QueueFailure,        //!< target: a queue; `region`: the copy that fails every request while it lasts
  Blip,                //!< target: a region; its load balancers fail every request while it lasts
};

inline constexpr EnumName<FaultKind> fault_kind_names[]{
    {FaultKind::RegionOutage, "region-outage"},
    {FaultKind::AzOutage, "az-outage"},
    {FaultKind::InstanceLoss, "instance-loss"},
    {FaultKind::DatabaseFailure, "database-failure"},
    {FaultKind::NetworkPartition, "network-partition"},
    {FaultKind::DataCorruption, "data-corruption"},
    {FaultKind::Ransomware, "ransomware"},
    {FaultKind::BackupFailure, "backup-failure"},
    {FaultKind::CapacityShortage, "capacity-shortage"},
    {FaultKind::StepUnreachable, "step-unreachable"},
    {FaultKind::InstanceFailure, "instance-failure", false},
    {FaultKind::DatabaseNodeFailure, "database-node-failure", false},
    {FaultKind::LoadBalancerFailure, "load-balancer-failure", false},
    {FaultKind::QueueFailure, "queue-failure", false},
    {FaultKind::Blip, "blip", false}};
constexpr std::span<const EnumName<FaultKind>> name_table(FaultKind) { return fault_kind_names; }

struct Fault {
  FaultKind kind = FaultKind::Invalid;
  std::string target;
  std::string peer;   //!< network partition: the other region; database node failure: the node
  std::string region; //!< instance loss and failure: where
  int count = parameters::fault_count.integer(); //!< instance loss: how many; instance failure: the slot that fails
  Distribution onset = parameters::fault_onset.distribution(); //!< from the drill's start
  std::optional<Distribution> duration;                        //!< absent: lasts past the horizon
  std::optional<Distribution> detection; //!< data corruption: how long it stays silent; absent: found at once
};

// A component kind whose every instance fails at random, independently of the others, and is repaired where it
// stands (EC2 automatic recovery, an RDS node replaced in place): time to failure and time to repair alternate.
enum class FailureTarget { Invalid, Instance, DatabaseNode, LoadBalancer, Queue };

inline constexpr EnumName<FailureTarget> failure_target_names[]{{FailureTarget::Instance, "instance"},
                                                                {FailureTarget::DatabaseNode, "database-node"},
                                                                {FailureTarget::LoadBalancer, "load-balancer"},
                                                                {FailureTarget::Queue, "queue"}};
constexpr std::span<const EnumName<FailureTarget>> name_table(FailureTarget) { return failure_target_names; }

struct RandomFailure {
  FailureTarget kind = FailureTarget::Invalid;
  std::string component; //!< a fleet, database, load balancer or queue; empty: every one of the kind
  Distribution time_to_failure = Distribution::exponential(1); //!< usually exponential with mean MTBF
  Distribution time_to_repair = Distribution::fixed(0);
};

// An outage of a whole AZ or region: arrivals at a yearly rate per target (a Poisson process while the target is
// up), each lasting a drawn duration; optionally a brief disruption of the region's load balancers at its onset.
struct CommonCauseEvent {
  FaultKind kind = FaultKind::Invalid; //!< common_cause_kind()
  double rate_per_year = 0;            //!< per target
  std::vector<std::string> targets;    //!< empty: every AZ or region of the topology
  Distribution duration = Distribution::fixed(0);
  std::optional<Distribution> blip;
};

// The fault kinds a common-cause event may have: outages of a whole AZ or region.
constexpr bool common_cause_kind(FaultKind kind) {
  return kind == FaultKind::AzOutage || kind == FaultKind::RegionOutage;
}

enum class StepAction {
  Invalid,
  Detect,
  Page,
  Decide,
  Promote,
  Scale,
  SwitchDns,
  Restore,
  Verify,
  Wait,
  WaitHealthy, //!< failback begins: the original region's health signal passes again
  Resync,      //!< failback: a node of the original region replicates from the promoted writer until caught up
  SwitchOver,  //!< failback: that node becomes the writer again
};

inline constexpr EnumName<StepAction> step_action_names[]{
    {StepAction::Detect, "detect"},   {StepAction::Page, "page"},
    {StepAction::Decide, "decide"},   {StepAction::Promote, "promote"},
    {StepAction::Scale, "scale"},     {StepAction::SwitchDns, "switch-dns"},
    {StepAction::Restore, "restore"}, {StepAction::Verify, "verify"},
    {StepAction::Wait, "wait"},       {StepAction::WaitHealthy, "wait-healthy"},
    {StepAction::Resync, "resync"},   {StepAction::SwitchOver, "switch-over"}};
constexpr std::span<const EnumName<StepAction>> name_table(StepAction) { return step_action_names; }

struct RunbookStep {
  std::string id;
  StepAction action = StepAction::Invalid;
  bool manual = parameters::step_manual.flag();
  Distribution delay = parameters::step_delay.distribution(); //!< response or execution time before it takes effect
  std::vector<std::string> after;                             //!< step ids; default: the previous step
  // Action arguments (which apply depends on the action).
  std::string health_check_of;    //!< detect, wait-healthy: a load balancer whose DNS health check must fail, pass
  double success_ratio_below = 0; //!< detect: or the clients' success ratio falling below this
  std::string database;           //!< promote, restore, resync, switch-over
  std::string replica;            //!< promote: the replica to promote; resync, switch-over: the node failed back to
  std::string fleet;              //!< scale
  std::string region;             //!< scale, restore: the region
  int desired = 0;                //!< scale
  std::string record;             //!< switch-dns
  std::string to;                 //!< switch-dns: the load balancer to point at
  std::string backup;             //!< restore
  //! restore: the newest drill time the restored data may hold; absent: the newest point
  std::optional<double> restore_to;
  double max_lag_s = parameters::resync_max_lag.number(); //!< resync: done once the node lags at most this
  bool freeze = parameters::switch_over_freeze.flag();    //!< switch-over: writes wait for the final sync
};

struct Runbook {
  std::vector<RunbookStep> steps;
};

// The four DR strategies of the AWS whitepaper, as presets a strategy may start from (presets.cpp).
enum class Preset { BackupRestore, PilotLight, WarmStandby, ActiveActive };

inline constexpr EnumName<Preset> preset_names[]{{Preset::BackupRestore, "backup-restore"},
                                                 {Preset::PilotLight, "pilot-light"},
                                                 {Preset::WarmStandby, "warm-standby"},
                                                 {Preset::ActiveActive, "active-active"}};
constexpr std::span<const EnumName<Preset>> name_table(Preset) { return preset_names; }

struct Strategy {
  std::string name;
  std::optional<Preset> preset; //!< absent: none
  std::string recovery_region;  //!< with a preset: the region it recovers into
  nlohmann::json overrides;     //!< a JSON merge patch (RFC 7386) applied to the topology
  Runbook runbook;              //!< the strategy's own, else the preset's
  Topology topology;            //!< the base topology with the preset and the overrides applied
  //! What was drilled, as JSON: {"name", "topology", "runbook"} with the preset and the overrides applied.
  nlohmann::json resolved;
};

enum class Metric { Invalid, Rto, Rpo, LostWrites, Availability, MonthlyCost, MonthlyDowntime };

inline constexpr EnumName<Metric> metric_names[]{{Metric::Rto, "rto"},
                                                 {Metric::Rpo, "rpo"},
                                                 {Metric::LostWrites, "lost_writes"},
                                                 {Metric::Availability, "availability"},
                                                 {Metric::MonthlyCost, "monthly_cost"},
                                                 {Metric::MonthlyDowntime, "downtime_min_per_month"}};
constexpr std::span<const EnumName<Metric>> name_table(Metric) { return metric_names; }

enum class Statistic { Invalid, Mean, P50, P95, P99, Max };

inline constexpr EnumName<Statistic> statistic_names[]{{Statistic::P50, "p50"},
                                                       {Statistic::P95, "p95"},
                                                       {Statistic::P99, "p99"},
                                                       {Statistic::Max, "max"},
                                                       {Statistic::Mean, "mean"}};
constexpr std::span<const EnumName<Statistic>> name_table(Statistic) { return statistic_names; }

struct Objective {
  Metric metric = Metric::Invalid;
  Statistic stat = Statistic::P95;
  double target = 0;                   //!< upper bound, except availability: lower bound
  std::vector<std::string> strategies; //!< empty: all
};

struct RecoveryCriterion {
  double success_threshold = parameters::success_threshold.number();
  double window_s = parameters::recovery_window.number();
};

struct Scenario {
  std::string name;
  std::string file;          //!< where it was read from
  std::string topology_file; //!< the topology file it names, from where drsim runs; empty: inline
  // SHA-256 of the bytes that were read, so that a report's evidence names the files its drills ran on even when
  // they change meanwhile; empty when the scenario was not read from a file.
  std::string file_sha256;
  std::string topology_file_sha256;
  Topology topology;
  std::vector<Fault> faults;
  std::vector<RandomFailure> random_failures;
  std::vector<CommonCauseEvent> common_cause;
  std::vector<Strategy> strategies;
  std::vector<Objective> objectives;
  RecoveryCriterion recovery;
  double horizon_s = parameters::horizon.number();
  std::optional<double> cost_of_downtime_per_minute; //!< USD per minute of the whole service unavailable
  std::optional<double> cost_per_lost_write;         //!< USD per acknowledged write lost
  int runs = parameters::runs.integer();
  std::uint64_t seed = static_cast<std::uint64_t>(parameters::seed.number());
  //! The scenario document with its topology document in place and each strategy's `resolved` as its strategies:
  //! what its drills drill, whatever files it came from (the evidence's hash).
  nlohmann::json resolved;
  //! The `--set PATH=VALUE` settings applied to the files before they were read, as given.
  std::vector<std::string> settings;
  // What is valid but may not be what was meant, with what will happen: `validate` shows them, every other
  // command logs them.
  std::vector<Diagnostic> warnings;

  // A long-run availability model: failures arrive at random over the horizon rather than (only) at set times.
  bool long_run() const { return !random_failures.empty() || !common_cause.empty(); }
};

} // namespace drsim
