// The bindings file: which real AWS resources stand for the components of a topology, so that a scenario's faults
// can become FIS experiments. Read as strictly as every other input (unknown keys rejected, every problem with its
// JSON Pointer), then checked against the topology of the strategy that is deployed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/errors.hpp"
#include "sim/core/topology.hpp"

namespace drsim::format {
struct Node;
} // namespace drsim::format

namespace drsim::fis {

// Tags that select resources when an experiment starts (FIS resolves them, so instances an Auto Scaling group
// launched after the plan are found too).
using Tags = std::map<std::string, std::string>;

struct AzBinding {
  std::string zone_id;              //!< "use1-az1": what the insufficient-capacity actions take
  std::string zone_name;            //!< "us-east-1a": this account's name of the AZ (instances' placement)
  std::vector<std::string> subnets; //!< subnet ids
};

struct RegionBinding {
  std::string account;
  std::string role_arn;                      //!< the role FIS assumes to inject the faults
  std::vector<std::string> stop_alarms;      //!< CloudWatch alarm ARNs in this region and account
  std::map<std::string, AzBinding> azs;      //!< by the topology's AZ name
  std::vector<std::string> transit_gateways; //!< ids; optional
};

// A fleet in one region: its Auto Scaling group and its instances carry these tags (PropagateAtLaunch).
struct FleetBinding {
  Tags tags;
  std::string auto_scaling_group; //!< its name, when known: `fis run` watches the group by name, else by the tags
};

// How a database is found in one region; which applies follows from the database's engine.
enum class DatabaseResource { DbInstance, DbCluster, GlobalTable, InstanceTags };

struct DatabaseBinding {
  DatabaseResource resource = DatabaseResource::DbInstance;
  std::string identifier; //!< DB instance or cluster identifier, or table name
  Tags tags;              //!< InstanceTags: the EC2 instances of a self-managed database
};

struct ObjectStoreBinding {
  std::string bucket; //!< the bucket in the store's own region
};

// The FIS price the cost estimate uses; the default comes from the dated price table (fis_price_default()).
struct FisPrice {
  double per_action_minute = 0;
  std::string date;
  std::string source;
};

struct Bindings {
  std::string file;
  std::string partition = "aws";
  std::string strategy; //!< the strategy the deployment follows; empty: not said
  std::vector<std::string> allowed_accounts;
  std::map<std::string, RegionBinding> regions;
  std::map<std::string, std::map<std::string, FleetBinding>> fleets;       //!< fleet -> region -> binding
  std::map<std::string, std::map<std::string, DatabaseBinding>> databases; //!< database -> region -> binding
  std::map<std::string, ObjectStoreBinding> object_stores;
  std::vector<std::string> health_urls;
  std::vector<std::string> health_checks; //!< Route 53 health check ids that `fis run` watches
  // What `fis run` needs to watch a runbook's switch-dns steps: the Route 53 hosted zone of each DNS record, and the
  // DNS name of each load balancer, by which a record's answer is mapped back to the topology's load balancer.
  std::map<std::string, std::string> dns;            //!< DNS record -> hosted zone id
  std::map<std::string, std::string> load_balancers; //!< load balancer -> its DNS name
  std::optional<FisPrice> price;
};

// The structure of a bindings file (sim/input/input_format.hpp), which the reader checks and `drsim schema bindings`
// writes as a JSON Schema.
const format::Node& bindings_format();

// Reads a bindings document, appending every problem of its format to `problems`.
Bindings read_bindings(const nlohmann::json& document, const std::string& file, std::vector<Diagnostic>& problems);

// Reads a bindings file; throws InputError with every problem.
Bindings load_bindings_file(const std::string& path);

// Checks that what the bindings name exists in `topology` (regions, AZs, fleets, databases, object stores, DNS
// records, load balancers) and fits
// it (a database's binding matches its engine); appends a problem, at the binding's pointer, for each that does not.
void check_bindings(const Bindings& bindings, const Topology& topology, std::vector<Diagnostic>& problems);

// The JSON Pointer of a binding: pointer_to({"fleets", "web", "us-east-1"}) is "/fleets/web/us-east-1".
std::string pointer_to(const std::vector<std::string>& tokens);

} // namespace drsim::fis
