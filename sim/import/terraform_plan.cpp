#include "sim/import/terraform_plan.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "sim/core/errors.hpp"
#include "sim/input/json_parse.hpp"

namespace drsim::terraform {
namespace {

using nlohmann::json;

// A resource's address as its configuration names it: without the instance keys of count and for_each, which may
// hold quoted brackets ("aws_lb.web[\"a]\"]").
std::string configuration_address(const std::string& address) {
  std::string result;
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < address.size(); ++i) {
    const char c = address[i];
    if (depth > 0) {
      if (quoted && c == '\\')
        ++i;
      else if (c == '"')
        quoted = !quoted;
      else if (!quoted && c == ']')
        --depth;
      continue;
    }
    if (c == '[')
      ++depth;
    else
      result += c;
  }
  return result;
}

// "us-east-1a" gives "us-east-1"; an AZ ID ("use1-az1") names no region.
std::string az_region(const std::string& az) {
  std::size_t end = az.size();
  while (end > 0 && std::islower(static_cast<unsigned char>(az[end - 1])) != 0)
    --end;
  if (end == az.size() || end == 0 || std::isdigit(static_cast<unsigned char>(az[end - 1])) == 0)
    return {};
  return az.substr(0, end);
}

// The region each provider configuration sets, by the key resources use to name it: a constant, or a variable
// (`region = var.dr_region`) whose value the plan holds in its top-level "variables". A region the plan does not
// give is an empty text, so that the configuration is known to set one and the default region is never taken.
std::map<std::string, std::string> provider_regions(const json& configuration, const json& variables) {
  std::map<std::string, std::string> regions;
  const json& providers = member(configuration, "provider_config");
  if (!providers.is_object())
    return regions;
  for (const auto& [key, provider] : providers.items()) {
    const json& expression = member(member(provider, "expressions"), "region");
    if (expression.is_null())
      continue;
    std::string region = text(expression, "constant_value");
    if (const json& references = member(expression, "references"); region.empty() && references.is_array())
      for (const json& reference : references)
        if (reference.is_string() && reference.get<std::string>().starts_with("var."))
          if (region = text(member(variables, reference.get<std::string>().substr(4).c_str()), "value");
              !region.empty())
            break;
    regions[key] = region;
  }
  return regions;
}

struct Context {
  std::map<std::string, std::string> provider_region; //!< provider configuration key -> region
  std::map<std::string, std::string> provider_key;    //!< configuration address -> provider configuration key
  std::string default_region;                         //!< the unaliased aws provider's
  std::map<std::string, const json*> expressions;     //!< configuration address -> the resource's expressions
  std::map<std::string, const json*> outputs;         //!< module prefix ("module.east.") -> the module's outputs
};

// What the configuration says of every resource of every module call: its provider and its expressions.
void collect_configuration(const json& module, const std::string& prefix, int depth, Context& context) {
  // The document's depth is bounded by the JSON reader; this bound keeps the recursion short on any input.
  if (depth > 32)
    return;
  const json& resources = member(module, "resources");
  if (resources.is_array())
    for (const json& resource : resources) {
      const std::string address = text(resource, "address");
      if (address.empty())
        continue;
      if (const std::string key = text(resource, "provider_config_key"); !key.empty())
        context.provider_key[prefix + address] = key;
      if (const json& expressions = member(resource, "expressions"); expressions.is_object())
        context.expressions[prefix + address] = &expressions;
    }
  if (const json& outputs = member(module, "outputs"); outputs.is_object())
    context.outputs[prefix] = &outputs;
  const json& calls = member(module, "module_calls");
  if (calls.is_object())
    for (const auto& [name, call] : calls.items())
      collect_configuration(member(call, "module"), prefix + "module." + name + ".", depth + 1, context);
}

// A plan's value that is unknown until apply (an ID, an ARN) is missing from `planned_values`, and with it the links
// that rest on it. Each resource's missing `id`, `arn`, `dns_name` and `zone_id` become its address and the attribute
// ("module.east.aws_lb.web.arn"), and each missing attribute whose configuration refers to another resource's
// attribute takes that same text, so that the mapping links them as it links real ARNs.
class UnknownValues {
public:
  UnknownValues(const Context& context, std::vector<Resource>& resources) : context_(context), resources_(resources) {
    for (const auto& resource : resources)
      addresses_.insert(resource.address);
  }

  void fill() {
    for (auto& resource : resources_) {
      const std::string address = configuration_address(resource.address);
      // The instance's own module path ("module.east[0]."), as the addresses hold it: the configuration's
      // ("module.east.") would miss every resource of a module called with count or for_each.
      const std::string tail = "." + resource.type + "." + resource.name;
      const auto at = ("." + resource.address).rfind(tail);
      const std::string prefix = at == std::string::npos ? std::string() : resource.address.substr(0, at);
      if (const auto found = context_.expressions.find(address); found != context_.expressions.end())
        fill(resource.values, *found->second, prefix, 0);
      // After the references, so that a record's zone_id is its zone's and not a text of its own.
      for (const char* key : {"id", "arn", "dns_name", "zone_id"})
        if (!member(resource.values, key).is_string())
          resource.values[key] = resource.address + "." + key;
    }
  }

private:
  const Context& context_;
  std::vector<Resource>& resources_;
  std::set<std::string> addresses_;

  // The attributes the mapping reads as lists of references.
  static bool is_list(const std::string& key) {
    return key == "target_group_arns" || key == "subnets" || key == "vpc_zone_identifier" || key == "resources" ||
           key == "records";
  }

  // The resource attributes a reference stands for: "aws_lb.web.arn" in module `prefix`, or a module's output.
  void resolve(const std::string& reference, const std::string& prefix, int depth,
               std::vector<std::string>& out) const {
    const auto dot = reference.rfind('.');
    if (depth > 8 || dot == std::string::npos)
      return;
    if (addresses_.contains(prefix + reference.substr(0, dot))) {
      out.push_back(prefix + reference);
      return;
    }
    // "module.east.lb_dns_name": the references of that output's expression, inside module.east.
    if (!reference.starts_with("module.") || std::count(reference.begin(), reference.end(), '.') != 2)
      return;
    const std::string module = prefix + reference.substr(0, dot + 1);
    const auto outputs = context_.outputs.find(configuration_address(module));
    if (outputs == context_.outputs.end())
      return;
    const std::string output = reference.substr(dot + 1);
    const json& references = member(member(member(*outputs->second, output.c_str()), "expression"), "references");
    if (references.is_array())
      for (const json& inner : references)
        if (inner.is_string())
          resolve(inner.get<std::string>(), module, depth + 1, out);
  }

  void fill(json& values, const json& expressions, const std::string& prefix, int depth) const {
    if (depth > 8 || !values.is_object() || !expressions.is_object())
      return;
    for (const auto& [key, expression] : expressions.items()) {
      const json& references = member(expression, "references");
      if (references.is_array() && member(values, key.c_str()).is_null()) {
        std::vector<std::string> targets;
        for (const json& reference : references)
          if (reference.is_string())
            resolve(reference.get<std::string>(), prefix, 0, targets);
        if (!targets.empty())
          values[key] = is_list(key) ? json(targets) : json(targets.front());
      } else if (expression.is_array() && values.contains(key) && values[key].is_array()) {
        for (std::size_t i = 0; i < expression.size() && i < values[key].size(); ++i)
          fill(values[key][i], expression[i], prefix, depth + 1);
      }
    }
  }
};

std::string configured_region(const Context& context, const std::string& address) {
  const auto key = context.provider_key.find(configuration_address(address));
  if (key == context.provider_key.end())
    return {};
  // A configuration that sets a region the plan does not give yields "": the resource's AZ decides, or it is
  // listed as not imported, but an aliased provider is never taken for the default one.
  if (const auto found = context.provider_region.find(key->second); found != context.provider_region.end())
    return found->second;
  // A module's resources may name their provider "MODULE:aws" when the module inherits it.
  const auto colon = key->second.rfind(':');
  if (colon != std::string::npos)
    if (const auto found = context.provider_region.find(key->second.substr(colon + 1));
        found != context.provider_region.end())
      return found->second;
  return context.default_region;
}

std::string resource_region(const Context& context, const std::string& address, const json& values) {
  if (std::string region = text(values, "region"); !region.empty())
    return region;
  if (std::string region = arn_region(text(values, "arn")); !region.empty())
    return region;
  if (std::string region = configured_region(context, address); !region.empty())
    return region;
  // A resource the configuration does not place: its AZ is evidence, the default provider only a guess.
  if (std::string region = az_region(text(values, "availability_zone")); !region.empty())
    return region;
  return context.provider_key.contains(configuration_address(address)) ? std::string() : context.default_region;
}

void collect_resources(const json& module, const std::string& pointer, int depth, const Context& context,
                       const std::string& file, std::vector<Resource>& resources) {
  if (depth > 32)
    return;
  if (!module.is_object())
    throw InputError({{file, pointer, "must be a module object with \"resources\" and \"child_modules\""}});
  const json& list = member(module, "resources");
  if (!list.is_null() && !list.is_array())
    throw InputError({{file, pointer + "/resources", "must be an array of resources"}});
  if (list.is_array())
    for (std::size_t i = 0; i < list.size(); ++i) {
      const json& item = list[i];
      const std::string at = pointer + "/resources/" + std::to_string(i);
      if (!item.is_object() || text(item, "address").empty() || text(item, "type").empty())
        throw InputError({{file, at, "must be a resource object with \"address\", \"type\" and \"values\""}});
      if (text(item, "mode") == "data")
        continue;
      Resource resource{text(item, "address"), text(item, "type"), text(item, "name"), {}, member(item, "values")};
      if (!resource.values.is_object())
        resource.values = json::object();
      resource.region = resource_region(context, resource.address, resource.values);
      resources.push_back(std::move(resource));
    }
  const json& children = member(module, "child_modules");
  if (!children.is_null() && !children.is_array())
    throw InputError({{file, pointer + "/child_modules", "must be an array of modules"}});
  if (children.is_array())
    for (std::size_t i = 0; i < children.size(); ++i)
      collect_resources(children[i], pointer + "/child_modules/" + std::to_string(i), depth + 1, context, file,
                        resources);
}

} // namespace

std::string arn_region(const std::string& arn) {
  if (!arn.starts_with("arn:"))
    return {};
  std::size_t start = 0;
  for (int field = 0; field < 3; ++field) {
    start = arn.find(':', start);
    if (start == std::string::npos)
      return {};
    ++start;
  }
  const std::size_t end = arn.find(':', start);
  return end == std::string::npos ? std::string() : arn.substr(start, end - start);
}

std::string arn_resource_name(const std::string& arn) {
  const std::size_t cut = arn.find_last_of(":/");
  return cut == std::string::npos ? arn : arn.substr(cut + 1);
}

Plan read_plan(const json& document, const std::string& file) {
  const std::string expected = "expected the JSON of `terraform show -json`: an object with \"format_version\" and "
                               "\"values\" (a state) or \"planned_values\" (a plan)";
  if (!document.is_object() || !member(document, "format_version").is_string())
    throw InputError({{file, "", "is not Terraform JSON; " + expected}});
  const std::string version = text(document, "format_version");
  if (!version.starts_with("1."))
    throw InputError({{file, "/format_version",
                       "is \"" + version + "\"; drsim reads Terraform's JSON format 1.x (Terraform 0.15 and later)"}});

  Plan plan;
  plan.terraform_version = text(document, "terraform_version");
  const json* root = nullptr;
  std::string pointer;
  for (const char* key : {"planned_values", "values"})
    if (const json& values = member(document, key); !values.is_null() && !values.is_object())
      throw InputError({{file, std::string("/") + key, "must be an object with \"root_module\"; " + expected}});
  if (document.contains("planned_values")) {
    plan.kind = "plan";
    root = &member(member(document, "planned_values"), "root_module");
    pointer = "/planned_values/root_module";
  } else if (document.contains("values")) {
    plan.kind = "state";
    root = &member(member(document, "values"), "root_module");
    pointer = "/values/root_module";
  } else if (document.size() == 1 || (document.size() == 2 && document.contains("terraform_version"))) {
    // `terraform show -json` of an empty state prints its versions alone.
    plan.kind = "state";
    return plan;
  } else {
    throw InputError({{file, "", "has neither \"values\" nor \"planned_values\"; " + expected}});
  }

  Context context;
  const json& configuration = member(document, "configuration");
  context.provider_region = provider_regions(configuration, member(document, "variables"));
  if (const auto found = context.provider_region.find("aws"); found != context.provider_region.end())
    context.default_region = found->second;
  collect_configuration(member(configuration, "root_module"), "", 0, context);
  if (!root->is_null())
    collect_resources(*root, pointer, 0, context, file, plan.resources);
  if (plan.kind == "plan")
    UnknownValues(context, plan.resources).fill();
  return plan;
}

Plan load_plan_file(const std::string& path) {
  std::vector<Diagnostic> problems;
  const auto document = read_json_file(path, problems);
  if (!document)
    throw InputError(problems);
  return read_plan(*document, path);
}

const nlohmann::json& member(const nlohmann::json& object, const char* key) {
  static const nlohmann::json null;
  if (!object.is_object())
    return null;
  const auto found = object.find(key);
  return found == object.end() ? null : *found;
}

std::string text(const nlohmann::json& object, const char* key) {
  const nlohmann::json& value = member(object, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

} // namespace drsim::terraform
