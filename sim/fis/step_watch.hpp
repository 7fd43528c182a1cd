// The runbook steps of a deployment, watched while a `drsim fis run` goes on: what a promote, scale or switch-dns
// step changes in the account, looked at every interval from a thread of its own as the detectors are
// (detectors.hpp), and each change of what was seen journaled ("step", the first look included) with whether the
// step's change is there ("done"): so that `fis compare` can set when the real promotion, scale-out and DNS switch
// happened beside when the simulated runbook's steps finished.
// - promote: RDS DescribeDBInstances (engine rds: the replica no longer has a ReadReplicaSourceDBInstanceIdentifier),
//   DescribeDBClusters (aurora: the cluster no longer has a ReplicationSourceIdentifier) or DescribeGlobalClusters
//   (aurora-global: the recovery region's cluster is the global cluster's writer), for the database bound in the
//   region of the replica the step promotes;
// - scale: Auto Scaling DescribeAutoScalingGroups (by the bound group name, else by the fleet's tags) in the step's
//   region, done once the InService instances reach the step's desired capacity;
// - switch-dns: Route 53 ListResourceRecordSets of the record's bound hosted zone, done once every record set of
//   that name that answers (neither a failover secondary nor of weight 0) points at the DNS name bound to the step's
//   load balancer.
// RDS and Auto Scaling speak AWS's Query protocol and Route 53 REST-XML; their answers are XML (xml_text.hpp). A step
// of another action, of an engine without such a call (dynamodb-global, self-managed) or without the bindings it
// needs is not watched, and why is said. A look that fails is journaled and the watch goes on.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/scenario.hpp"
#include "sim/fis/aws_client.hpp"
#include "sim/fis/bindings.hpp"
#include "sim/fis/journal.hpp"
#include "sim/fis/periodic_look.hpp"

namespace drsim::fis {

enum class StepLook { DbInstance, DbCluster, GlobalCluster, AutoScalingGroup, RecordSets };

// A runbook step and where its change is looked for.
struct WatchedStep {
  std::string step;   //!< the runbook step's id
  std::string action; //!< "promote", "scale", "switch-dns"
  std::string target; //!< the topology's database, fleet or DNS record
  std::string region; //!< where the change is looked for (Route 53: the load balancer's region)
  StepLook look = StepLook::DbInstance;
  std::string identifier; //!< DB instance or cluster identifier, Auto Scaling group name, or hosted zone id
  Tags tags;              //!< the Auto Scaling group's tags when it has no bound name
  int desired = 0;        //!< scale: the InService instances that make it done
  std::string answer;     //!< switch-dns: the DNS name of the load balancer the record must point at
};

struct StepWatchPlan {
  std::vector<WatchedStep> steps;
  std::vector<std::string> unwatched; //!< "STEP (ACTION): why it is not watched"
};

// The promote, scale and switch-dns steps of the strategy's runbook and how each is watched with these bindings.
StepWatchPlan watched_steps(const Strategy& strategy, const Bindings& bindings);

// What an answer says about a step: whether its change is there, and what was seen, for the journal; nullopt when
// the answer does not show the resource (not found, or not an answer of that call).
struct StepState {
  bool done = false;
  std::string seen;
};
// A DescribeDBInstances or DescribeDBClusters answer (XML) for one identifier.
std::optional<StepState> promoted_instance(const std::string& answer);
std::optional<StepState> promoted_cluster(const std::string& answer);
// A DescribeGlobalClusters answer (XML): the member cluster whose ARN ends with ":cluster:IDENTIFIER".
std::optional<StepState> global_writer(const std::string& answer, const std::string& identifier);
// A DescribeAutoScalingGroups answer (XML): the InService instances of every group it lists.
std::optional<StepState> scaled_out(const std::string& answer, int desired);
// A ListResourceRecordSets answer (XML): the targets the record sets named `record` answer with.
std::optional<StepState> dns_switched(const std::string& answer, const std::string& record, const std::string& to);
// A DNS name as Route 53 and Elastic Load Balancing write it, compared: lower case, no final dot, no "dualstack.".
std::string dns_key(std::string name);

class StepWatch {
public:
  StepWatch(AwsClient& client, Journal& journal, std::vector<WatchedStep> steps, double interval_s);
  // Starts the thread; nothing to watch: no thread.
  void start();
  // Ends the thread after the request under way (with its retries); idempotent.
  void stop() { periodic_.stop(); }
  // What ended the thread early (anything but an AWS error answer, which is journaled and looked at again).
  std::optional<std::string> failure() const { return periodic_.failure(); }

private:
  void look(const WatchedStep& step);

  AwsClient& client_;
  Journal& journal_;
  std::vector<WatchedStep> steps_;
  std::map<std::string, std::string> seen_; //!< step id -> what was last journaled
  PeriodicLook periodic_;                   //!< last: its thread, which reads the above, ends first
};

} // namespace drsim::fis
