// Smoke tests of the command line through run_cli, as main() calls it: help, version, exit codes, and
// `drsim validate` on valid files, broken files and mutated documents.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "sim/cli/cli.hpp"
#include "sim/core/version.hpp"
#include "tests/support/command_line.hpp"

using drsim::testing::Outcome;
using drsim::testing::run;
using nlohmann::json;

namespace {

const std::string data_dir = DRSIM_SOURCE_DIR "/tests/data/reader/";

// A scratch directory for files the tests write, removed at the end of each test; named after the process and
// the test so that parallel runs (ctest -j, other build directories) never share one.
class Scratch {
public:
  explicit Scratch(const std::string& test)
      : path_(std::filesystem::temp_directory_path() / ("drsim_cli_test_" + std::to_string(::getpid()) + "_" + test)) {
    std::filesystem::create_directories(path_);
  }
  ~Scratch() { std::filesystem::remove_all(path_); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return (path_ / name).string();
  }
  // The reference topology with one value replaced (or removed, when `value` is absent).
  std::string mutated(const std::string& name, const std::string& pointer, const json* value) const {
    std::ifstream in(data_dir + "topology.json");
    json document = json::parse(in);
    const json::json_pointer where(pointer);
    if (value != nullptr)
      document[where] = *value;
    else
      document.at(where.parent_pointer()).erase(where.back());
    return write(name, document.dump());
  }

private:
  std::filesystem::path path_;
};

} // namespace

TEST_CASE("cli: --help lists the commands and exits 0") {
  const auto outcome = run({"--help"});
  CHECK(outcome.code == 0);
  CHECK(outcome.out.find("validate") != std::string::npos);
  CHECK(outcome.err.empty());
}

TEST_CASE("cli: --version prints the version") {
  const auto outcome = run({"--version"});
  CHECK(outcome.code == 0);
  CHECK(outcome.out == std::string("drsim ") + drsim::version + "\n");
}

TEST_CASE("cli: the man page has a section per command and subcommand, with each option its help prints") {
  const auto page = run({"--man"});
  REQUIRE(page.code == 0);
  CHECK(page.out.starts_with(".\\\" The man page of drsim"));
  CHECK(page.out.find(".TH DRSIM 1 2026-01-01 \"drsim " + std::string(drsim::version) + "\"") != std::string::npos);
  for (const char* command :
       {"analyze", "check", "compare", "fis", "fis plan", "fis preflight", "fis run", "fis compare", "fis stop",
        "history", "init", "optimize", "reproduce", "run", "train", "validate"})
    CHECK(page.out.find(".SS \"drsim " + std::string(command) + "\"") != std::string::npos);
  CHECK(page.out.find("\\fB\\-\\-precision\\fR \\fIPCT\\fR") != std::string::npos);
  CHECK(page.out.find("\\fB\\-o\\fR, \\fB\\-\\-output\\fR \\fIFILE\\fR") != std::string::npos);
  // The generators are for the build, not in the help.
  CHECK(run({"--help"}).out.find("--man") == std::string::npos);
}

TEST_CASE("cli: the completions offer each fixed set of values an option takes") {
  const auto bash = run({"--bash-completion"});
  REQUIRE(bash.code == 0);
  CHECK(bash.out.find(
            "\"compare\":--format) mapfile -t COMPREPLY < <(compgen -W \"text json markdown html csv junit\"") !=
        std::string::npos);
  CHECK(bash.out.find("\"optimize\":--format) mapfile -t COMPREPLY < <(compgen -W \"text json markdown html\"") !=
        std::string::npos);
  CHECK(bash.out.find("\"init\":--template) mapfile -t COMPREPLY < <(compgen -W \"pilot-light multi-az active-active "
                      "dc-pair\"") != std::string::npos);
  const auto zsh = run({"--zsh-completion"});
  REQUIRE(zsh.code == 0);
  CHECK(zsh.out.starts_with("#compdef drsim\n"));
  // fis compare's: a quote in the help is closed, escaped and reopened.
  CHECK(zsh.out.find("'--format=[text (default), json, markdown or html (the observed success ratio beside the median "
                     "drill'\\''s)]:FORMAT:(text json markdown html)'") != std::string::npos);
}

TEST_CASE("cli: an unknown command is a usage error") {
  const auto outcome = run({"frobnicate"});
  CHECK(outcome.code == 2);
  CHECK(outcome.err == "drsim: unknown command 'frobnicate'; run `drsim --help` for the list\n");
  CHECK(run({"compar"}).err == "drsim: unknown command 'compar'; did you mean 'compare'?; run `drsim --help` for the "
                               "list\n");
}

TEST_CASE("cli: options are spelt out, never guessed from a prefix, and a typo gets a suggestion") {
  const std::string scenario = DRSIM_SOURCE_DIR "/scenarios/shop-region-loss.json";
  const auto prefix = run({"compare", scenario, "--run", "5"});
  CHECK(prefix.code == 2);
  CHECK(prefix.err == "drsim: unknown option '--run'; did you mean \"--runs\"?\n");
  CHECK(run({"run", scenario, "--stratgy", "pilot-light"}).err ==
        "drsim: unknown option '--stratgy'; did you mean \"--strategy\"?\n");
  CHECK(run({"compare", scenario, "--zzz"}).err == "drsim: unknown option '--zzz'\n");
  CHECK(run({"--vers"}).code == 2);
}

TEST_CASE("cli: a command given the other kind of file says so in one line") {
  const std::string topology = DRSIM_SOURCE_DIR "/scenarios/topologies/web-shop.json";
  const std::string scenario = DRSIM_SOURCE_DIR "/scenarios/shop-region-loss.json";
  const auto run_on_topology = run({"run", topology});
  CHECK(run_on_topology.code == 2);
  CHECK(run_on_topology.err == topology +
                                   ": (document): is a topology file (\"drsim_topology\"), not a scenario file "
                                   "(\"drsim_scenario\"); give a scenario file, which names its topology and the "
                                   "faults to inject\n");
  const auto analyze_scenario = run({"analyze", scenario});
  CHECK(analyze_scenario.code == 2);
  CHECK(analyze_scenario.err == scenario +
                                    ": (document): is a scenario file (\"drsim_scenario\"), not a topology file "
                                    "(\"drsim_topology\"); the topology this scenario names is \"" DRSIM_SOURCE_DIR
                                    "/scenarios/topologies/web-shop.json\"\n");
}

TEST_CASE("cli: validate --help, and usage errors") {
  const auto help = run({"validate", "--help"});
  CHECK(help.code == 0);
  CHECK(help.out.starts_with("Usage: drsim validate [--format text|json] FILE...\n"));
  CHECK(run({"validate"}).err == "drsim: validate needs at least one FILE; run `drsim validate --help`\n");
  CHECK(run({"validate"}).code == 2);
  const auto format = run({"validate", "--format", "xml", data_dir + "topology.json"});
  CHECK(format.code == 2);
  CHECK(format.err == "drsim: --format: unknown format 'xml'; expected text or json\n");
  CHECK(run({"validate", "--frobnicate", data_dir + "topology.json"}).code == 2);
}

TEST_CASE("cli: import terraform --help, usage errors, and the topology on stdout with the notes on stderr") {
  const auto help = run({"import", "--help"});
  CHECK(help.code == 0);
  CHECK(help.out.starts_with("Usage: drsim import terraform PLAN_OR_STATE.json [--output FILE]"));
  CHECK(run({"import", "cloudformation", "x.json"}).err ==
        "drsim: import needs a source: `drsim import terraform FILE`; run `drsim import --help`\n");
  CHECK(run({"import", "terraform"}).code == 2);

  const auto imported = run({"import", "terraform", DRSIM_SOURCE_DIR "/scenarios/terraform/pilot-light.tfstate.json"});
  CHECK(imported.code == 0);
  CHECK(imported.out.starts_with("{\n  \"drsim_topology\": 1,\n  \"name\": \"pilot-light\",\n"));
  CHECK(imported.err.find("\nassumed, please check (") != std::string::npos);
  CHECK(imported.err.find("\nnot imported (5):\n") != std::string::npos);
}

TEST_CASE("cli: validate prints one ok line per valid file and exits 0") {
  const auto outcome = run({"validate", data_dir + "topology.json", data_dir + "scenario.json"});
  CHECK(outcome.code == 0);
  CHECK(outcome.out == data_dir + "topology.json: ok (topology \"shop\": 2 regions, 8 components)\n" + data_dir +
                           "scenario.json: ok (scenario \"shop-region-loss\": 2 faults, 2 strategies, 2 objectives)\n");
  CHECK(outcome.err.empty());
}

TEST_CASE("cli: validate reports every problem of every file and exits 2") {
  const Scratch scratch("broken");
  const auto empty = scratch.write("empty.json", "");
  const auto truncated = scratch.write("truncated.json", "{\"drsim_topology\": 1,\n \"name\": ");
  const auto binary = scratch.write("binary.json", std::string("\x00\xff\xfe", 3));
  const auto deep = scratch.write("deep.json", std::string(10000, '[') + std::string(10000, ']'));
  const auto huge = scratch.write("huge.json", "{\"drsim_topology\": 1e400}");
  const auto outcome = run({"validate", data_dir + "topology.json", empty, truncated, binary, deep, huge,
                            scratch.write("dir.json", "") + ".d", data_dir});
  CHECK(outcome.code == 2);
  CHECK(outcome.out == data_dir + "topology.json: ok (topology \"shop\": 2 regions, 8 components)\n");
  CHECK(
      outcome.err ==
      empty + ": (document): the file is empty; expected a JSON object\n" + truncated +
          ": (document): invalid JSON at line 2, column 10: syntax error while parsing value - unexpected end of "
          "input; expected '[', '{', or a literal\n" +
          binary + ": (document): invalid UTF-8 byte 0xFF at line 1, column 2; the file must be UTF-8 text\n" + deep +
          ": (document): arrays and objects nested deeper than 64 levels at line 1, column 65; expected at most 64\n" +
          huge + ": (document): invalid JSON at line 1, column 24: number overflow parsing '1e400'\n" +
          scratch.write("dir.json", "") + ".d: (document): does not exist; expected the path of a JSON file\n" +
          data_dir + ": (document): is a directory; expected a JSON file\n");
}

TEST_CASE("cli: each mutation of a valid topology exits 2 with the expected pointer") {
  const Scratch scratch("mutations");
  const json wrong_type = "use1-az1";
  const json negative = "-5s";
  const json dangling = "eu-west-1";
  const json unknown = true;
  struct Case {
    std::string file;
    std::string line;
  };
  const std::vector<Case> cases{
      {scratch.mutated("removed.json", "/clients/0/rate", nullptr), ": /clients/0: missing required key \"rate\""},
      {scratch.mutated("type.json", "/regions/0/azs", &wrong_type),
       ": /regions/0/azs: must be an array, not \"use1-az1\""},
      {scratch.mutated("negative.json", "/dns/0/ttl", &negative),
       ": /dns/0/ttl: \"-5s\" is negative; a duration must be zero or more"},
      {scratch.mutated("dangling.json", "/load_balancers/1/region", &dangling),
       ": /load_balancers/1/region: unknown region \"eu-west-1\"; expected one of: us-east-1, us-west-2"},
      {scratch.mutated("unknown.json", "/dns/0/TTL", &unknown), ": /dns/0/TTL: unknown key; did you mean \"ttl\"?"},
  };
  for (const auto& c : cases) {
    const auto outcome = run({"validate", c.file});
    CHECK(outcome.code == 2);
    CHECK(outcome.err == c.file + c.line + "\n");
  }
}

TEST_CASE("cli: validate --format json prints an array of problems on stdout") {
  const Scratch scratch("json");
  const json negative = "-5s";
  const auto file = scratch.mutated("negative.json", "/dns/0/ttl", &negative);
  const auto outcome = run({"validate", "--format", "json", data_dir + "topology.json", file});
  CHECK(outcome.code == 2);
  CHECK(outcome.err.empty());
  CHECK(json::parse(outcome.out) ==
        json::array({{{"file", file},
                      {"pointer", "/dns/0/ttl"},
                      {"message", "\"-5s\" is negative; a duration must be zero or more"}}}));
  const auto valid = run({"validate", "--format=json", data_dir + "topology.json"});
  CHECK(valid.code == 0);
  CHECK(json::parse(valid.out) == json::array());
}

TEST_CASE("cli: every shipped file is valid, and a mutated copy of each is rejected at its JSON path") {
  const Scratch scratch("shipped");
  const std::string scenarios = DRSIM_SOURCE_DIR "/scenarios/";
  std::vector<std::string> files;
  for (const auto& folder : {scenarios, scenarios + "topologies/"})
    for (const auto& entry : std::filesystem::directory_iterator(folder))
      if (entry.path().extension() == ".json")
        files.push_back(entry.path().string());
  REQUIRE(files.size() >= 10);
  for (const auto& file : files) {
    INFO(file);
    CHECK(run({"validate", file}).code == 0);
    std::ifstream in(file);
    const json original = json::parse(in);
    const bool is_scenario = original.contains("drsim_scenario");
    json base = original;
    // A copy lives elsewhere: its topology path must not depend on where the scenario file is.
    if (is_scenario && base["topology"].is_string())
      base["topology"] = scenarios + base["topology"].get<std::string>();
    struct Mutation {
      std::string name;
      std::string pointer;
      json value; //!< null: the key is removed
    };
    const std::vector<Mutation> mutations{
        {"removed", "/name", nullptr},
        {"wrong-type", "/name", 5},
        {"negative", is_scenario ? "/horizon" : "/dns/0/ttl", "-5s"},
        {"dangling",
         !is_scenario                  ? "/clients/0/dns_record"
         : original.contains("faults") ? "/faults/0/target"
                                       : "/random_failures/0/component",
         "no-such-component"},
    };
    for (const auto& mutation : mutations) {
      INFO(mutation.name);
      json document = base;
      const json::json_pointer where(mutation.pointer);
      if (mutation.value.is_null())
        document.at(where.parent_pointer()).erase(where.back());
      else
        document[where] = mutation.value;
      const auto copy =
          scratch.write(mutation.name + "-" + std::filesystem::path(file).filename().string(), document.dump());
      const auto outcome = run({"validate", copy});
      CHECK(outcome.code == 2);
      // A removed key is reported at the object that misses it.
      const auto reported = mutation.value.is_null() ? std::string(": (document): ") : ": " + mutation.pointer + ": ";
      CHECK(outcome.err.find(copy + reported) != std::string::npos);
    }
  }
}
