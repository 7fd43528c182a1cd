#include "sim/cli/evidence_pack.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

#include "reports/check_report.hpp"
#include "reports/evidence_report.hpp"
#include "reports/html_report.hpp"
#include "reports/json_report.hpp"
#include "reports/junit_report.hpp"
#include "reports/plain_text.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/sha256.hpp"
#include "sim/input/json_parse.hpp"

namespace fs = std::filesystem;

namespace drsim {
namespace {

[[noreturn]] void fail(const std::string& directory, const std::string& why) {
  throw UsageError("--evidence: cannot write '" + directory + "': " + why);
}

// The files of a pack, by their path in it, in the order of the manifest.
using Files = std::map<std::string, std::string>;

// Each scenario's folder: its file's name without ".json", numbered when two scenarios' files share a name.
std::vector<std::string> folder_names(const std::vector<ScenarioCheck>& checks) {
  std::vector<std::string> names;
  for (const auto& check : checks) {
    const auto stem = fs::path(check.report.scenario_file).stem().string();
    std::string name = stem.empty() || stem.starts_with('.') ? "scenario" : stem;
    for (int n = 2; std::find(names.begin(), names.end(), name) != names.end(); ++n)
      name = stem + "-" + std::to_string(n);
    names.push_back(name);
  }
  return names;
}

// Copies of the input files under "inputs/", where they stand relative to each other (a scenario names its
// topology by a path relative to itself), below the deepest directory that holds them all.
void add_inputs(Files& files, const std::string& folder, const Evidence& evidence) {
  std::vector<fs::path> paths;
  for (const auto& input : evidence.inputs)
    paths.push_back(fs::absolute(input.path).lexically_normal());
  fs::path common = paths.front().parent_path();
  const auto under_common = [&](const fs::path& path) {
    const auto relative = path.lexically_relative(common);
    return !relative.empty() && *relative.begin() != "..";
  };
  for (const auto& path : paths)
    while (!under_common(path) && common != common.root_path())
      common = common.parent_path();
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const auto& input = evidence.inputs[i];
    std::vector<Diagnostic> unreadable;
    const auto bytes = read_text_file(input.path, unreadable);
    if (!bytes || sha256_hex(*bytes) != input.sha256)
      throw UsageError("--evidence: the " + input.role + " file '" + input.path +
                       "' changed while the check ran; its copy would not be what was drilled");
    files[folder + "/inputs/" + paths[i].lexically_relative(common).generic_string()] = *bytes;
  }
}

std::string readme(const std::vector<ScenarioCheck>& checks, const std::vector<std::string>& folders) {
  const auto& first = *checks.front().report.evidence;
  std::ostringstream out;
  out << "# Evidence of a disaster-recovery check\n\n"
      << wrap("drsim " + first.drsim_version + " (" + first.build_type + ") ran `drsim check` on " + first.ran_at +
              ": the check " + (check_passed(checks) ? "passed" : "FAILED") +
              ". Each scenario's strategies were drilled with simulated faults, and the scenario's objectives judged "
              "on the drills with 95 % confidence intervals.")
      << "\n## What was tested\n";
  for (std::size_t c = 0; c < checks.size(); ++c) {
    const auto& report = checks[c].report;
    const auto& evidence = *report.evidence;
    out << "\n### " << report.scenario << "\n\n"
        << wrap("In `" + folders[c] + "/`: " + std::to_string(report.runs) + " drills per strategy, seed " +
                std::to_string(report.seed) + ". The reports `report.json` and `report.html`, the verdicts " +
                "`verdicts.txt` and `verdicts.junit.xml`, and the input files under `inputs/`:")
        << '\n';
    for (const auto& input : evidence.inputs)
      out << wrap("- " + input.role + " `" + input.path + "`,", "  ") << "  sha256 `" << input.sha256 << "`\n";
    out << "- resolved scenario (presets and overrides applied),\n  sha256 `" << evidence.resolved_sha256 << "`\n\n";
    bool any = false;
    for (const auto& r : report.results)
      for (const auto& o : r.objectives) {
        if (!any)
          out << "| strategy | objective | target | observed | verdict |\n|---|---|---|---:|---|\n";
        any = true;
        out << "| " << r.strategy << " | " << objective_label(o) << " | " << objective_target(o) << " | "
            << format_observed(o) << " | " << verdict_text(o) << " |\n";
      }
    if (!any)
      out << "The scenario sets no objectives: nothing was judged.\n";
  }
  out << "\n## How to verify and reproduce\n\n"
      << wrap("The sums of every file of this pack are in MANIFEST.sha256; from this directory:") << '\n'
      << "    sha256sum -c MANIFEST.sha256\n\n"
      << wrap("The same drsim version reruns each report's drills from the copies of the inputs and confirms the same "
              "figures (exit status 0), or names the input file, the version or the figure that differs:")
      << '\n';
  for (const auto& folder : folders)
    out << "    drsim reproduce " << folder << "/report.json --inputs " << folder << "/inputs\n";
  return out.str();
}

void write_file(const fs::path& path, const std::string& bytes, const std::string& directory) {
  fs::create_directories(path.parent_path());
  std::ofstream file(path, std::ios::binary);
  file << bytes;
  file.close();
  if (!file)
    fail(directory, "writing " + path.string() + " failed");
}

// `out/` names `out`: without its trailing separator, the parent of the path is where the pack is renamed into.
fs::path pack_path(const std::string& directory) {
  fs::path target = fs::absolute(directory).lexically_normal();
  if (!target.has_filename())
    target = target.parent_path();
  return target;
}

} // namespace

void refuse_used_directory(const std::string& directory) {
  std::error_code error;
  const auto parent = pack_path(directory).parent_path();
  if (!fs::is_directory(parent, error))
    fail(directory, "its parent " + parent.string() + " is not a directory; create it first");
  if (::access(parent.c_str(), W_OK | X_OK) != 0)
    fail(directory, "its parent " + parent.string() + " cannot be written: " + std::strerror(errno));
  const auto status = fs::symlink_status(directory, error);
  if (!fs::exists(status))
    return;
  if (!fs::is_directory(status))
    fail(directory, "it exists and is not a directory; give a new or empty directory");
  if (!fs::is_empty(directory, error))
    fail(directory, "it is not empty; give a new or empty directory, so that a pack holds only what one check wrote");
}

void write_evidence_pack(const std::string& directory, const std::vector<ScenarioCheck>& checks) {
  refuse_used_directory(directory);
  const auto folders = folder_names(checks);
  Files files;
  for (std::size_t c = 0; c < checks.size(); ++c) {
    const auto& check = checks[c];
    const auto& folder = folders[c];
    std::ostringstream json, html, verdicts, junit;
    write_json_report(json, check.report, false);
    write_compare_html(html, check.report);
    write_check_text(verdicts, {check});
    write_junit(junit, {check});
    files[folder + "/report.json"] = json.str();
    files[folder + "/report.html"] = html.str();
    files[folder + "/verdicts.txt"] = verdicts.str();
    files[folder + "/verdicts.junit.xml"] = junit.str();
    add_inputs(files, folder, *check.report.evidence);
  }
  files["README.md"] = readme(checks, folders);
  std::string manifest;
  for (const auto& [path, bytes] : files)
    manifest += sha256_hex(bytes) + "  " + path + '\n';
  files["MANIFEST.sha256"] = manifest;

  const fs::path target = pack_path(directory);
  std::string temporary = (target.parent_path() / ".drsim-evidence-XXXXXX").string();
  if (::mkdtemp(temporary.data()) == nullptr)
    fail(directory, std::strerror(errno));
  try {
    for (const auto& [path, bytes] : files)
      write_file(fs::path(temporary) / path, bytes, directory);
    // mkdtemp makes the directory private; the pack gets a new directory's usual permissions, once it is complete.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    fs::permissions(temporary, static_cast<fs::perms>(0777 & ~mask));
    // rename() replaces an empty directory, and fails on one that a file was put into meanwhile.
    if (::rename(temporary.c_str(), target.c_str()) != 0)
      fail(directory, std::strerror(errno));
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(temporary, ignored);
    throw;
  }
}

} // namespace drsim
