// `drsim import terraform FILE`: a topology from the JSON of `terraform show -json`, with every value it had to
// assume listed by its JSON Pointer and every resource it left out listed by its address.

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <system_error>

#include <boost/program_options.hpp>

#include "sim/cli/cli.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/output.hpp"
#include "sim/core/errors.hpp"
#include "sim/import/terraform_plan.hpp"
#include "sim/import/terraform_topology.hpp"
#include "sim/input/topology_reader.hpp"

namespace po = boost::program_options;

namespace drsim {
namespace {

// "pilot-light.tfstate.json" gives "pilot-light".
std::string topology_name(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  for (const char* suffix : {".json", ".tfstate", ".tfplan", ".plan", ".state"})
    if (name.size() > std::string(suffix).size() && name.ends_with(suffix))
      name.resize(name.size() - std::string(suffix).size());
  return name.empty() ? std::string("imported") : name;
}

// Two names of one file, through links or ".." as well; stdout ("" or "-") is no file.
bool same_file(const std::string& first, const std::string& second) {
  const auto is_stdout = [](const std::string& path) { return path.empty() || path == "-"; };
  if (is_stdout(first) || is_stdout(second))
    return false;
  std::error_code error;
  if (std::filesystem::equivalent(first, second, error))
    return true;
  std::error_code first_error;
  std::error_code second_error;
  const auto first_path = std::filesystem::weakly_canonical(first, first_error);
  const auto second_path = std::filesystem::weakly_canonical(second, second_error);
  return !first_error && !second_error && first_path == second_path;
}

} // namespace

int command_import(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string output;
  std::string assumptions;
  std::string name;
  po::options_description visible("Options");
  visible.add_options()("help,h", "print this help and exit")("output,o", po::value(&output)->value_name("FILE"),
                                                              "write the topology to FILE instead of stdout")(
      "assumptions", po::value(&assumptions)->value_name("FILE"),
      "also write the assumptions and the resources not imported to FILE as JSON")(
      "name", po::value(&name)->value_name("NAME"), "the topology's name (default: the file's name)");
  const auto vm = parse_command_line(args, visible, "file", {"source", {"terraform"}});

  if (vm.count("help")) {
    out << "Usage: drsim import terraform PLAN_OR_STATE.json [--output FILE] [--assumptions FILE] [--name NAME]\n\n"
           "Writes a drsim topology from the JSON of `terraform show -json` (a saved plan or a state): regions and\n"
           "AZs, load balancers and their target groups' health checks, Auto Scaling groups as fleets (groups of one\n"
           "name in several modules are one fleet), RDS instances with Multi-AZ and read replicas, Aurora clusters\n"
           "and global clusters, DynamoDB global tables, Route 53 records (failover, weighted, latency) and health\n"
           "checks, S3 replication, RDS automated backups and AWS Backup plans (schedule, retention, copies, vault\n"
           "lock). What Terraform does not say (clients, write rates, boot times, sizes, the network, prices) is a\n"
           "documented default or an assumption; each is listed on stderr with its JSON Pointer in the topology,\n"
           "and so is every resource that was not imported, by its address.\n\n"
        << visible
        << "\nExample:\n  terraform show -json tfplan > plan.json\n"
           "  drsim import terraform plan.json --output topology.json && drsim analyze topology.json\n"
           "\nExit codes: 0 written; 2 bad usage, or FILE is not the JSON of `terraform show -json`.\n";
    return exit_ok;
  }
  const auto arguments = vm.count("file") ? vm["file"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (arguments.empty() || arguments.front() != "terraform")
    throw UsageError("import needs a source: `drsim import terraform FILE`; run `drsim import --help`");
  if (arguments.size() != 2)
    throw UsageError("import terraform needs exactly one FILE, the JSON of `terraform show -json`");
  const std::string& file = arguments[1];
  if (!assumptions.empty() && same_file(output, assumptions))
    throw UsageError("--output and --assumptions both name " + assumptions +
                     ": the notes would replace the topology; give --assumptions a file of its own");

  const terraform::Plan plan = terraform::load_plan_file(file);
  const terraform::Import result = terraform::import_topology(plan, name.empty() ? topology_name(file) : name,
                                                              std::filesystem::path(file).filename().string());

  ResultOutput topology(out, output);
  topology.stream() << result.topology.dump(2) << '\n';
  std::optional<ResultOutput> notes;
  if (!assumptions.empty()) {
    notes.emplace(out, assumptions, "--assumptions");
    notes->stream() << terraform::import_notes_json(result).dump(2) << '\n';
  }
  topology.commit();
  if (notes)
    notes->commit();
  err << "drsim: imported " << file << " (a Terraform " << plan.kind << " of " << plan.resources.size()
      << " resources)\n";
  terraform::write_import_notes(err, result);
  // A plan without a load balancer, a record or an Auto Scaling group gives a topology that cannot run yet; it is
  // written all the same, as a start, and what it lacks is said now rather than at the first `validate`.
  std::vector<Diagnostic> problems;
  read_topology(nlohmann::json::parse(result.topology.dump()), output.empty() ? "topology" : output, "", problems);
  if (!problems.empty()) {
    err << "drsim: warning: the topology does not validate yet; complete it by hand:\n";
    write_diagnostics(err, problems);
  }
  return exit_ok;
}

} // namespace drsim
