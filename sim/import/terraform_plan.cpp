#include "sim/import/terraform_plan.hpp"

#include <cctype>
#include <map>

#include "sim/core/errors.hpp"
#include "sim/input/json_parse.hpp"

namespace drsim::terraform {
namespace {

using nlohmann::json;

const json& member(const json& object, const char* key) {
  static const json null;
  if (!object.is_object())
    return null;
  const auto found = object.find(key);
  return found == object.end() ? null : *found;
}

std::string text(const json& object, const char* key) {
  const json& value = member(object, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

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

// The region each provider configuration sets, by the key resources use to name it.
std::map<std::string, std::string> provider_regions(const json& configuration) {
  std::map<std::string, std::string> regions;
  const json& providers = member(configuration, "provider_config");
  if (!providers.is_object())
    return regions;
  for (const auto& [key, provider] : providers.items()) {
    const std::string region = text(member(member(provider, "expressions"), "region"), "constant_value");
    if (!region.empty())
      regions[key] = region;
  }
  return regions;
}

// Configuration address -> provider configuration key, for every resource of every module call.
void collect_provider_keys(const json& module, const std::string& prefix, int depth,
                           std::map<std::string, std::string>& keys) {
  // The document's own depth is bounded by the JSON reader; this bound keeps a hand-made cycle-free chain short.
  if (depth > 32)
    return;
  const json& resources = member(module, "resources");
  if (resources.is_array())
    for (const json& resource : resources) {
      const std::string address = text(resource, "address");
      const std::string key = text(resource, "provider_config_key");
      if (!address.empty() && !key.empty())
        keys[prefix + address] = key;
    }
  const json& calls = member(module, "module_calls");
  if (calls.is_object())
    for (const auto& [name, call] : calls.items())
      collect_provider_keys(member(call, "module"), prefix + "module." + name + ".", depth + 1, keys);
}

struct Context {
  std::map<std::string, std::string> provider_region; //!< provider configuration key -> region
  std::map<std::string, std::string> provider_key;    //!< configuration address -> provider configuration key
  std::string default_region;                         //!< the unaliased aws provider's
};

std::string configured_region(const Context& context, const std::string& address) {
  const auto key = context.provider_key.find(configuration_address(address));
  if (key == context.provider_key.end())
    return context.default_region;
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
  return az_region(text(values, "availability_zone"));
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
  context.provider_region = provider_regions(configuration);
  if (const auto found = context.provider_region.find("aws"); found != context.provider_region.end())
    context.default_region = found->second;
  collect_provider_keys(member(configuration, "root_module"), "", 0, context.provider_key);
  if (!root->is_null())
    collect_resources(*root, pointer, 0, context, file, plan.resources);
  return plan;
}

Plan load_plan_file(const std::string& path) {
  std::vector<Diagnostic> problems;
  const auto document = read_json_file(path, problems);
  if (!document)
    throw InputError(problems);
  return read_plan(*document, path);
}

} // namespace drsim::terraform
