// From the resources of a Terraform plan or state (terraform_plan.hpp) to a drsim topology, written as a person
// writes one: load balancers with their target groups' health checks, Auto Scaling groups as fleets, RDS, Aurora
// (global) and DynamoDB (global tables) as databases, S3 replication, Route 53 records and health checks, RDS
// automated backups and AWS Backup plans. What Terraform does not say (client populations, write rates, boot
// times, prices, the network) is a documented default or an assumption, each listed with the JSON Pointer it
// stands at; a resource that maps to nothing is listed with its address, never dropped in silence.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/import/terraform_plan.hpp"

namespace drsim::terraform {

// A value the topology holds (or, for a key left out, the default drsim applies) that Terraform did not give.
struct Assumption {
  std::string pointer;  //!< a JSON Pointer into the written topology
  nlohmann::json value; //!< what the topology holds there, or the default that applies to a key left out
  std::string reason;   //!< why it was assumed and where the value comes from
};

// A resource that is not in the topology.
struct NotImported {
  std::string address;
  std::string type;
  std::string reason;
};

struct Import {
  nlohmann::ordered_json topology; //!< keys in the order of the format reference
  std::vector<Assumption> assumptions;
  std::vector<NotImported> not_imported; //!< in the plan's order
};

// `name` names the topology; `source` (the file's name) goes into its description.
Import import_topology(const Plan& plan, const std::string& name, const std::string& source);

// The assumptions and the resources not imported, one per line, for people.
void write_import_notes(std::ostream& out, const Import& result);
// The same as one JSON object: {"assumptions": [{pointer, value, reason}], "not_imported": [{address, type, reason}]}.
nlohmann::ordered_json import_notes_json(const Import& result);

} // namespace drsim::terraform
