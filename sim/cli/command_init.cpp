// `drsim init DIR --template T`: a starting scenario and topology for one architecture, derived from the shipped
// reference files so that a template is exactly what the tests run.

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <stdexcept>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "sim/cli/cli.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/output.hpp"
#include "sim/cli/shipped_files.hpp"
#include "sim/core/errors.hpp"
#include "sim/input/messages.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace drsim {
namespace {

struct Template {
  const char* name;
  const char* topology;       // shipped topology, relative to scenarios/
  const char* scenario;       // shipped scenario the faults, runbook and objectives come from
  const char* strategy;       // the one strategy kept; "" keeps them all
  const char* scenario_about; // what the written scenario drills
  bool one_region = false;    // the scenario is retargeted to the topology's one region (retarget_az_outage)
};

const Template templates[]{
    {"pilot-light", "topologies/web-shop.json", "shop-region-loss.json", "pilot-light",
     "Pilot light: the two-region web shop loses us-east-1 for 6 hours, 10 minutes into the drill. The cross-region "
     "read replica runs in us-west-2 with no instances; the preset's runbook (README, Strategy presets) pages the "
     "team, decides, promotes the replica, scales the fleet out and lets the Route 53 failover record move traffic. "
     "Human response times (page: lognormal median 5 min, p95 15 min; decide: median 10 min, p95 30 min) are "
     "assumptions."},
    {"multi-az", "topologies/three-az-service.json", "shop-az-outage.json", "pilot-light",
     "Multi-AZ in one region: the AZ holding the database primary is cut off for 1 hour, 10 minutes into the drill. "
     "Recovery needs no other region: RDS Multi-AZ fails over to the synchronous standby, the ALB stops routing to "
     "the lost instances and Auto Scaling replaces them; the runbook only pages the team and verifies. A synchronous "
     "standby loses no acknowledged write.",
     true},
    {"active-active", "topologies/web-shop-dynamodb.json", "dynamodb-region-loss.json", "active-active",
     "Active/active on DynamoDB global tables: us-east-1 is lost for 6 hours, 10 minutes into the drill. Nobody "
     "acts: the Route 53 health checks take alb-east out of the weighted record and us-west-2, running at full "
     "capacity, serves alone. Writes acknowledged in us-east-1 but not yet propagated are lost."},
    {"dc-pair", "topologies/dc-pair.json", "dc-pair-site-loss.json", "",
     "Two data centres recovered by hand: the primary site is lost for good 10 minutes into the drill. The team is "
     "paged, decides to invoke DR, restores the weekly full and daily incremental backups into dc-secondary while "
     "its servers are powered on, moves the DNS record and verifies; rehearsed-runbook is the same runbook after "
     "regular game days. All human times are assumptions; data written since the last daily backup is lost."},
};

const char* const scenario_advice =
    " Written by `drsim init`: edit the assumptions first: here the fault's target, onset and duration, the runbook's "
    "human delays and the objectives' targets; in topology.json the regions, capacities, write rates and boot times. "
    "Then run `drsim compare scenario.json`. The README documents every key (Scenario file, Strategy presets, "
    "Runbook steps); JSON has no comments, so descriptions are the place for yours.";

const char* const topology_advice =
    " Written by `drsim init`: replace the assumptions with your design's first (regions and AZs, fleet capacities "
    "and boot times, client rates and write rates, replication, backups and prices); `drsim analyze topology.json` "
    "shows its single points of failure. The README's Topology file section documents every key; JSON has no "
    "comments, so descriptions are the place for yours.";

Json shipped(std::string_view path) {
  for (const auto& file : shipped_files())
    if (file.path == path)
      return Json::parse(file.text);
  throw std::logic_error("no shipped file " + std::string(path));
}

template <class Predicate> Json kept(const Json& array, Predicate keep) {
  Json result = Json::array();
  for (const auto& element : array)
    if (keep(element))
      result.push_back(element);
  return result;
}

// The scenario with one strategy and the objectives that judge it.
void keep_strategy(Json& scenario, const std::string& name) {
  scenario["strategies"] = kept(scenario["strategies"], [&](const Json& strategy) { return strategy["name"] == name; });
  if (!scenario.contains("objectives"))
    return;
  scenario["objectives"] = kept(scenario["objectives"], [&](const Json& objective) {
    if (!objective.contains("strategies"))
      return true;
    const auto& judged = objective["strategies"];
    return std::find(judged.begin(), judged.end(), name) != judged.end();
  });
  for (auto& objective : scenario["objectives"])
    if (objective.contains("strategies"))
      objective["strategies"] = Json::array({name});
}

// The scenario's AZ outage moves to the AZ of the topology's first database primary, the one a Multi-AZ design
// must survive; its strategy, stripped of the preset meant for two regions, is named after the template.
void retarget_az_outage(Json& scenario, const Json& topology, const std::string& name) {
  const auto& primary_az = topology["databases"][0]["primary"]["az"];
  for (auto& fault : scenario["faults"])
    if (fault["kind"] == "az-outage")
      fault["target"] = primary_az;
  auto& strategy = scenario["strategies"][0];
  strategy.erase("preset");
  strategy["name"] = name;
  for (auto& objective : scenario["objectives"])
    if (objective.contains("strategies"))
      objective["strategies"] = Json::array({name});
}

} // namespace

int command_init(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  std::vector<std::string> names;
  for (const auto& entry : templates)
    names.emplace_back(entry.name);
  std::string name;
  po::options_description visible("Options");
  visible.add_options()("help,h",
                        "print this help and exit")("template", one_of(&name, names)->value_name("TEMPLATE"),
                                                    "pilot-light, multi-az, active-active or dc-pair (required)");
  const auto vm = parse_command_line(args, visible, "directory");

  if (vm.count("help")) {
    out << "Usage: drsim init DIR --template TEMPLATE\n\n"
           "Writes DIR/scenario.json and DIR/topology.json, a starting design that validates and runs as it is\n"
           "(the scenario's \"topology\" key names topology.json). DIR is created if missing; an existing\n"
           "scenario.json or topology.json is never overwritten. Each file's \"description\" says what it models\n"
           "and which assumptions to edit first.\n\n"
           "Templates (each from a shipped reference topology and scenario):\n"
           "  pilot-light    web-shop: a cross-region replica promoted and the fleet scaled out after a region loss\n"
           "  multi-az       three-az-service: one region, an AZ outage survived by Multi-AZ and Auto Scaling\n"
           "  active-active  web-shop-dynamodb: both regions serve, DynamoDB global tables, weighted DNS\n"
           "  dc-pair        dc-pair: two data centres, backups restored by a manual runbook after a site loss\n\n"
        << visible
        << "\nExample:\n  drsim init my-design --template pilot-light\n  drsim compare my-design/scenario.json\n"
           "\nExit codes: 0 written; 2 an unknown template, an existing file, or bad usage.\n";
    return exit_ok;
  }
  if (!vm.count("directory") || vm["directory"].as<std::vector<std::string>>().size() != 1)
    throw UsageError("init needs one DIR; run `drsim init --help`");
  if (name.empty())
    throw UsageError("init needs --template" + suggestion(name, names));
  const auto chosen = std::find_if(std::begin(templates), std::end(templates),
                                   [&](const Template& entry) { return entry.name == name; });
  if (chosen == std::end(templates))
    throw UsageError("--template: unknown template " + in_quotes(name) + suggestion(name, names));

  const fs::path directory = vm["directory"].as<std::vector<std::string>>().front();
  const fs::path scenario_path = directory / "scenario.json";
  const fs::path topology_path = directory / "topology.json";
  for (const auto& path : {scenario_path, topology_path})
    if (fs::exists(fs::symlink_status(path)))
      throw UsageError(path.string() + " exists; drsim init never overwrites a file: choose another DIR");

  // The shipped files name their schema by a path relative to scenarios/, which would not resolve in DIR: the
  // written files leave it out (README, "JSON Schema", says how to add one).
  Json topology = shipped(chosen->topology);
  topology.erase("$schema");
  topology["description"] = std::string("Starting topology of `drsim init --template ") + chosen->name +
                            "`, from scenarios/" + chosen->topology + ". " +
                            topology["description"].get<std::string>() + topology_advice;
  Json scenario = shipped(chosen->scenario);
  scenario.erase("$schema");
  if (*chosen->strategy != '\0')
    keep_strategy(scenario, chosen->strategy);
  if (chosen->one_region)
    retarget_az_outage(scenario, topology, name);
  scenario["name"] = name;
  scenario["description"] =
      std::string(chosen->scenario_about) + " Derived from scenarios/" + chosen->scenario + "." + scenario_advice;
  scenario["topology"] = "topology.json";

  std::error_code error;
  fs::create_directories(directory, error);
  if (error)
    throw UsageError("cannot create the directory " + directory.string() + ": " + error.message());
  for (const auto& [path, document] : {std::pair{topology_path, &topology}, std::pair{scenario_path, &scenario}}) {
    ResultOutput file(out, path.string(), "init");
    file.stream() << document->dump(2) << '\n';
    file.commit();
  }
  out << "wrote " << scenario_path.string() << " and " << topology_path.string() << " (template " << name
      << "); next: drsim compare " << scenario_path.string() << '\n';
  return exit_ok;
}

} // namespace drsim
