// `drsim analyze`: the single points of failure of a topology, the data that has no copy elsewhere, and the
// blast radius of losing each region and each AZ. A static answer from the dependency graph (graph.hpp): it
// says what breaks, not how long recovery takes; that is what the drills are for.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/topology.hpp"

namespace drsim {

// A component, region or AZ whose loss alone leaves some client population without a working path.
struct SinglePointOfFailure {
  std::string component; //!< a graph vertex name ("orders-db/primary"), a region or an AZ
  std::string kind;      //!< "dns record", "load balancer", ..., "region", "az"
  std::string location;  //!< "us-east-1", "us-east-1/use1-az1", or "global"
  std::string reason;
  std::vector<std::string> affects; //!< the populations it leaves without service, in topology order
};

// A database or object store whose every copy (nodes, replicas, backups) sits in one region or one AZ.
struct DataWithoutCopy {
  std::string data;     //!< the database or object store
  std::string kind;     //!< "database" or "object store"
  std::string scope;    //!< "az" when one AZ holds every copy, else "region"
  std::string location; //!< "us-east-1" or "us-east-1/use1-az1"
  std::string reason;
};

// What losing one region or AZ does.
struct BlastRadius {
  std::string location;                   //!< the region or AZ name
  std::string kind;                       //!< "region" or "az"
  std::vector<std::string> loses_service; //!< populations left without any working path
  std::vector<std::string> degraded;      //!< populations still served but through fewer paths
  std::vector<std::string> data_lost;     //!< databases and object stores left without any copy
};

struct Analysis {
  std::string topology;
  std::vector<std::string> unserved; //!< populations without a working path even when nothing has failed
  std::vector<SinglePointOfFailure> single_points_of_failure; //!< components, then regions each before its AZs
  std::vector<DataWithoutCopy> data_without_copy;             //!< databases, then object stores, in topology order
  std::vector<BlastRadius> blast_radius;                      //!< regions in topology order, each followed by its AZs
};

// Throws std::invalid_argument when the topology refers to a component it does not have.
Analysis analyze(const Topology& topology);

nlohmann::ordered_json to_json(const Analysis& analysis);
void write_text(std::ostream& out, const Analysis& analysis);

} // namespace drsim
