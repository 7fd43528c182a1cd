#include "sim/fis/fault_mapping.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace drsim::fis {
namespace {

// FIS User Guide, actions reference: each action's target, resource type and "Permissions".
const std::vector<FisAction> actions_used{
    {"aws:fis:wait", "", "", {}},
    {"aws:network:disrupt-connectivity",
     "Subnets",
     "aws:ec2:subnet",
     {"ec2:CreateNetworkAcl", "ec2:CreateNetworkAclEntry", "ec2:CreateTags", "ec2:DeleteNetworkAcl",
      "ec2:DescribeManagedPrefixLists", "ec2:DescribeNetworkAcls", "ec2:DescribeSubnets", "ec2:DescribeVpcs",
      "ec2:GetManagedPrefixListEntries", "ec2:ReplaceNetworkAclAssociation"}},
    {"aws:network:route-table-disrupt-cross-region-connectivity",
     "Subnets",
     "aws:ec2:subnet",
     {"ec2:AssociateRouteTable",
      "ec2:CreateManagedPrefixList",
      "ec2:CreateNetworkInterface",
      "ec2:CreateRoute",
      "ec2:CreateRouteTable",
      "ec2:CreateTags",
      "ec2:DeleteManagedPrefixList",
      "ec2:DeleteNetworkInterface",
      "ec2:DeleteRouteTable",
      "ec2:DescribeManagedPrefixLists",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeRouteTables",
      "ec2:DescribeSubnets",
      "ec2:DescribeVpcPeeringConnections",
      "ec2:DescribeVpcs",
      "ec2:DisassociateRouteTable",
      "ec2:GetManagedPrefixListEntries",
      "ec2:ModifyManagedPrefixList",
      "ec2:ModifyVpcEndpoint",
      "ec2:ReplaceRouteTableAssociation"}},
    {"aws:network:transit-gateway-disrupt-cross-region-connectivity",
     "TransitGateways",
     "aws:ec2:transit-gateway",
     {"ec2:AssociateTransitGatewayRouteTable", "ec2:DescribeTransitGatewayAttachments",
      "ec2:DescribeTransitGatewayPeeringAttachments", "ec2:DescribeTransitGateways",
      "ec2:DisassociateTransitGatewayRouteTable"}},
    {"aws:ec2:stop-instances",
     "Instances",
     "aws:ec2:instance",
     {"ec2:DescribeInstances", "ec2:StartInstances", "ec2:StopInstances", "kms:CreateGrant"}},
    {"aws:ec2:terminate-instances",
     "Instances",
     "aws:ec2:instance",
     {"ec2:DescribeInstances", "ec2:TerminateInstances"}},
    {"aws:ec2:asg-insufficient-instance-capacity-error",
     "AutoScalingGroups",
     "aws:ec2:autoscaling-group",
     {"autoscaling:DescribeAutoScalingGroups", "ec2:InjectApiError"}},
    {"aws:rds:reboot-db-instances",
     "DBInstances",
     "aws:rds:db",
     {"rds:DescribeDBInstances", "rds:RebootDBInstance", "tag:GetResources"}},
    {"aws:rds:failover-db-cluster",
     "Clusters",
     "aws:rds:cluster",
     {"rds:DescribeDBClusters", "rds:FailoverDBCluster", "tag:GetResources"}},
    {"aws:s3:bucket-pause-replication",
     "Buckets",
     "aws:s3:bucket",
     {"s3:GetReplicationConfiguration", "s3:ListAllMyBuckets", "s3:PauseReplication", "s3:PutReplicationConfiguration",
      "tag:GetResources"}},
    {"aws:dynamodb:global-table-pause-replication",
     "Tables",
     "aws:dynamodb:global-table",
     {"dynamodb:DeleteResourcePolicy", "dynamodb:DescribeTable", "dynamodb:GetResourcePolicy",
      "dynamodb:PutResourcePolicy", "tag:GetResources"}},
};

const std::vector<FaultMapping> mappings{
    {FaultKind::RegionOutage,
     "region-outage",
     {},
     Realization::Approximated,
     {"aws:network:disrupt-connectivity", "aws:ec2:stop-instances", "aws:ec2:asg-insufficient-instance-capacity-error",
      "aws:s3:bucket-pause-replication", "aws:dynamodb:global-table-pause-replication"},
     "no FIS action takes a region down: every bound subnet of the region denies all traffic, the fleets' instances "
     "there stop and their Auto Scaling groups cannot launch in any of its AZs, and S3 and DynamoDB replication out of "
     "it pause; managed services (RDS, the load balancers, Route 53, S3 itself) keep running, so a database primary "
     "there is cut off from the application, not lost, and RDS cross-region replication goes on",
     "FIS User Guide: actions reference; scenarios AZ Availability: Power Interruption and Cross-Region: "
     "Connectivity"},
    {FaultKind::AzOutage,
     "az-outage",
     {},
     Realization::Approximated,
     {"aws:network:disrupt-connectivity", "aws:ec2:stop-instances", "aws:ec2:asg-insufficient-instance-capacity-error",
      "aws:rds:reboot-db-instances", "aws:rds:failover-db-cluster"},
     "the AZ Power Interruption scenario's actions on what is bound: the AZ's subnets deny all traffic, the fleets' "
     "instances in it stop and cannot be replaced there, and a database whose primary is there fails over (RDS: "
     "reboot with forceFailover; Aurora: cluster failover); the load balancer's node in the AZ keeps running, and "
     "EBS volume pauses and zonal autoshift are not used",
     "FIS User Guide: AZ Availability: Power Interruption scenario"},
    {FaultKind::InstanceLoss,
     "instance-loss",
     {},
     Realization::Exact,
     {"aws:ec2:terminate-instances"},
     "COUNT(n) of the fleet's running instances in the region are terminated; Auto Scaling replaces them, as in the "
     "simulation",
     "FIS User Guide: actions reference, aws:ec2:terminate-instances"},
    {FaultKind::DatabaseFailure,
     "database-failure",
     {DatabaseEngine::Rds},
     Realization::Approximated,
     {"aws:rds:reboot-db-instances"},
     "the primary reboots with forceFailover: Multi-AZ fails over to the standby as in the simulation, but the old "
     "primary comes back as the new standby within minutes whatever the fault's duration; without a synchronous "
     "standby it is a plain reboot",
     "FIS User Guide: actions reference, aws:rds:reboot-db-instances; RDS User Guide: Multi-AZ failover"},
    {FaultKind::DatabaseFailure,
     "database-failure",
     {DatabaseEngine::Aurora, DatabaseEngine::AuroraGlobal},
     Realization::Approximated,
     {"aws:rds:failover-db-cluster"},
     "the cluster fails over to a replica in the primary's region; the old writer comes back as a reader within "
     "minutes whatever the fault's duration",
     "FIS User Guide: actions reference, aws:rds:failover-db-cluster"},
    {FaultKind::DatabaseFailure,
     "database-failure",
     {DatabaseEngine::SelfManaged},
     Realization::Approximated,
     {"aws:ec2:stop-instances"},
     "the database's instances in the primary's AZ stop for the fault's duration; what the database software does "
     "then is its own",
     "FIS User Guide: actions reference, aws:ec2:stop-instances"},
    {FaultKind::DatabaseFailure,
     "database-failure",
     {DatabaseEngine::DynamoDbGlobal},
     Realization::NotInjectable,
     {},
     "no FIS action makes a DynamoDB table fail; global-table-pause-replication only stops its replication",
     "FIS User Guide: actions reference"},
    {FaultKind::NetworkPartition,
     "network-partition",
     {},
     Realization::Approximated,
     {"aws:network:route-table-disrupt-cross-region-connectivity",
      "aws:network:transit-gateway-disrupt-cross-region-connectivity", "aws:s3:bucket-pause-replication",
      "aws:dynamodb:global-table-pause-replication"},
     "each region's template blocks traffic from its bound subnets (route tables) and transit gateways to the other "
     "region, and pauses S3 and DynamoDB replication towards it; traffic of AWS managed services, such as RDS "
     "cross-region replication, may not be blocked",
     "FIS User Guide: Cross-Region: Connectivity scenario"},
    {FaultKind::DataCorruption,
     "data-corruption",
     {},
     Realization::NotInjectable,
     {},
     "no FIS action corrupts data; rehearse the restore (point-in-time restore to a new instance) instead",
     "FIS User Guide: actions reference"},
    {FaultKind::Ransomware,
     "ransomware",
     {},
     Realization::NotInjectable,
     {},
     "no FIS action corrupts data or deletes backups",
     "FIS User Guide: actions reference"},
    {FaultKind::BackupFailure,
     "backup-failure",
     {},
     Realization::NotInjectable,
     {},
     "no FIS action breaks a backup job",
     "FIS User Guide: actions reference"},
    {FaultKind::CapacityShortage,
     "capacity-shortage",
     {},
     Realization::Exact,
     {"aws:ec2:asg-insufficient-instance-capacity-error"},
     "launches by the fleets' Auto Scaling groups fail with InsufficientInstanceCapacity in every AZ of the region "
     "while the fault lasts (percentage 100)",
     "FIS User Guide: actions reference, aws:ec2:asg-insufficient-instance-capacity-error"},
    {FaultKind::StepUnreachable,
     "step-unreachable",
     {},
     Realization::NotInjectable,
     {},
     "no FIS action blocks the endpoint a runbook step calls from the operators' machines; rehearse it by running "
     "the step's command with its endpoint blocked there",
     "FIS User Guide: actions reference"},
};

std::string code_list(const std::vector<std::string_view>& words) {
  std::string list;
  for (const auto word : words)
    list += (list.empty() ? "`" : ", `") + std::string(word) + "`";
  return list.empty() ? "none" : list;
}

} // namespace

std::string_view realization_name(Realization realization) {
  switch (realization) {
  case Realization::Exact:
    return "exact";
  case Realization::Approximated:
    return "approximated";
  case Realization::NotInjectable:
    break;
  }
  return "not injectable";
}

const std::vector<FisAction>& fis_actions() { return actions_used; }

const FisAction& fis_action(std::string_view id) {
  for (const auto& action : actions_used)
    if (action.id == id)
      return action;
  throw std::out_of_range(fmt::format("no FIS action {} in the adapter's table", id));
}

const std::vector<FaultMapping>& fault_mappings() { return mappings; }

const FaultMapping* find_mapping(FaultKind kind, std::optional<DatabaseEngine> engine) {
  for (const auto& row : mappings)
    if (row.kind == kind && (row.engines.empty() || (engine && std::find(row.engines.begin(), row.engines.end(),
                                                                         *engine) != row.engines.end())))
      return &row;
  return nullptr;
}

std::string_view engine_name(DatabaseEngine engine) {
  switch (engine) {
  case DatabaseEngine::Rds:
    return "rds";
  case DatabaseEngine::Aurora:
    return "aurora";
  case DatabaseEngine::AuroraGlobal:
    return "aurora-global";
  case DatabaseEngine::DynamoDbGlobal:
    return "dynamodb-global";
  case DatabaseEngine::SelfManaged:
    return "self-managed";
  case DatabaseEngine::Invalid:
    break;
  }
  return "invalid";
}

std::string mapping_table_markdown() {
  std::string table = "| fault | realised | FIS actions | target resource types | how | source |\n"
                      "|---|---|---|---|---|---|\n";
  for (const auto& row : mappings) {
    std::string fault = fmt::format("`{}`", row.fault);
    if (!row.engines.empty()) {
      std::vector<std::string_view> engines;
      for (const auto engine : row.engines)
        engines.push_back(engine_name(engine));
      fault += " (" + code_list(engines) + ")";
    }
    std::vector<std::string_view> types;
    for (const auto id : row.actions) {
      const auto type = fis_action(id).resource_type;
      if (!type.empty() && std::find(types.begin(), types.end(), type) == types.end())
        types.push_back(type);
    }
    table += fmt::format("| {} | {} | {} | {} | {} | {} |\n", fault, realization_name(row.realization),
                         code_list(row.actions), code_list(types), row.how, row.source);
  }
  return table;
}

FisPrice fis_price_default() { return {0.10, "2026-01-01", "AWS FIS pricing, us-east-1, secondary sources"}; }

} // namespace drsim::fis
