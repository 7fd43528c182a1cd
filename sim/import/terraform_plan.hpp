// The JSON that `terraform show -json` prints for a plan or a state, read into one flat list of managed resources:
// child modules flattened into it, each resource with the region it lives in. A plan's values unknown until apply
// (its `after_unknown`) are absent from `planned_values`; those that link resources (IDs, ARNs, DNS names, zones) are
// filled from the configuration's references, each with the text "ADDRESS.ATTRIBUTE" of what it refers to.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace drsim::terraform {

// One managed resource instance.
struct Resource {
  std::string address;   //!< its full address: "module.east.aws_lb.web[0]"
  std::string type;      //!< "aws_lb"
  std::string name;      //!< its name within its module: "web"
  std::string region;    //!< from its `region` attribute, its ARN, its provider's configuration or its AZ; "" if none
  nlohmann::json values; //!< its attributes, always an object
};

struct Plan {
  std::string kind;                //!< "plan" or "state"
  std::string terraform_version;   //!< as the document gives it; "" when absent
  std::vector<Resource> resources; //!< managed resources in document order; data sources are not resources
};

// Throws InputError naming `file`, the JSON Pointer and what was expected when `document` is not the JSON of
// `terraform show -json`; anything odd inside a resource (nulls, missing keys) is left for the mapping to skip.
Plan read_plan(const nlohmann::json& document, const std::string& file);
// read_plan of a file, with the strict JSON reading of every drsim input.
Plan load_plan_file(const std::string& path);

// The region of an ARN ("arn:aws:rds:us-west-2:123456789012:db:orders" gives "us-west-2"); "" for a global one.
std::string arn_region(const std::string& arn);
// The last part of an ARN's resource ("arn:aws:s3:::orders-assets" gives "orders-assets").
std::string arn_resource_name(const std::string& arn);

// A member of `object`, or null when it is not an object or has no such member: a plan holds nulls, unknowns and
// missing keys wherever a value may be, and reading one is never an error.
const nlohmann::json& member(const nlohmann::json& object, const char* key);
// A string member, or "" when it is absent or not a string.
std::string text(const nlohmann::json& object, const char* key);

} // namespace drsim::terraform
