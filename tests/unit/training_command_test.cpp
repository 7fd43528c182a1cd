// The trainee's commands and scripts, parsed and checked against a topology without any simulation: each action
// becomes the runbook step it stands for, and a wrong name gets the message `validate` would give.

#include <catch2/catch.hpp>

#include <string>

#include "sim/core/errors.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/training/command.hpp"
#include "sim/training/record.hpp"
#include "sim/training/script.hpp"

using namespace drsim;

namespace {

const Strategy& shop() {
  static const Scenario scenario = load_scenario_file(DRSIM_SOURCE_DIR "/tests/data/training/region-loss.json");
  return scenario.strategies.front();
}

TraineeCommand parsed(const std::string& line) {
  const auto result = parse_command(line, shop());
  INFO(line << ": " << result.error);
  REQUIRE(result.command);
  return *result.command;
}

std::string refused(const std::string& line) {
  const auto result = parse_command(line, shop());
  INFO(line);
  REQUIRE(!result.command);
  return result.error;
}

std::string script_problems(const std::string& text) {
  try {
    read_script(text, "game-day.txt", shop());
  } catch (const InputError& error) {
    std::string all;
    for (const auto& diagnostic : error.diagnostics())
      all += diagnostic.str() + "\n";
    return all;
  }
  return "";
}

} // namespace

TEST_CASE("an action becomes the runbook step it stands for") {
  const auto promote = parsed("promote orders-db --to dr");
  CHECK(promote.kind == CommandKind::Action);
  CHECK(promote.step.action == StepAction::Promote);
  CHECK(promote.step.database == "orders-db");
  CHECK(promote.step.replica == "dr");
  // The only replica outside the primary's region is the one a region loss calls for.
  CHECK(parsed("promote orders-db").step.replica == "dr");
  CHECK(parsed("promote   orders-db  --to=standby").text == "promote orders-db --to standby");

  const auto dns = parsed("dns switch shop.example.com alb-west");
  CHECK(dns.step.action == StepAction::SwitchDns);
  CHECK(dns.step.record == "shop.example.com");
  CHECK(dns.step.to == "alb-west");

  const auto scale = parsed("scale web 6 --region us-west-2");
  CHECK(scale.step.action == StepAction::Scale);
  CHECK(scale.step.fleet == "web");
  CHECK(scale.step.region == "us-west-2");
  CHECK(scale.step.desired == 6);

  const auto restore = parsed("restore orders-db --to latest --region us-west-2");
  CHECK(restore.step.action == StepAction::Restore);
  CHECK(restore.step.backup == "orders-backups");
  CHECK(restore.step.region == "us-west-2");
  CHECK(restore.text == "restore orders-db --to latest --from orders-backups --region us-west-2");
  CHECK(!restore.step.restore_to);
  CHECK(parsed("restore orders-db --to 9m --region us-west-2").step.restore_to == 540);
}

TEST_CASE("a misspelt name gets did you mean, a missing choice lists the choices") {
  CHECK(refused("promote orders_db") == "no database \"orders_db\"; did you mean \"orders-db\"?");
  CHECK(refused("promote orders-db --to dr2") == "--to: no replica of orders-db \"dr2\"; did you mean \"dr\"?");
  CHECK(refused("dns switch shop.example.co alb-west") ==
        "no DNS record \"shop.example.co\"; did you mean \"shop.example.com\"?");
  CHECK(refused("dns switch shop.example.com alb-wset") ==
        "no endpoint of shop.example.com \"alb-wset\"; did you mean \"alb-west\"?");
  CHECK(refused("scale web 6") == "fleet \"web\" runs in 2 regions: add --region us-east-1 or us-west-2");
  CHECK(refused("scale web 13 --region us-west-2") ==
        "N: \"13\" is not an instance count from 0 to 12 (the minimum and maximum of fleet web in us-west-2)");
  CHECK(refused("scale web 2 --region us-east-1") ==
        "N: \"2\" is not an instance count from 3 to 12 (the minimum and maximum of fleet web in us-east-1)");
  CHECK(refused("scale web six --region us-west-2").rfind("N: \"six\" is not an instance count", 0) == 0);
  CHECK(refused("promot orders-db") == "unknown command \"promot\"; did you mean \"promote\"?; type help");
  CHECK(refused("promote orders-db --too dr") == "unknown option \"--too\"; did you mean \"--to\"?");
  CHECK(refused("restore orders-db --region us-west-2").rfind("restore needs --to latest", 0) == 0);
  CHECK(refused("restore orders-db --to yesterday --region us-west-2").rfind("restore needs --to latest", 0) == 0);
  CHECK(refused("restore orders-db --to latest") ==
        "orders-backups is held in 2 regions: add --region us-east-1 or us-west-2");
  CHECK(refused("status now") == "status takes no argument");
  CHECK(refused("speed 0").rfind("usage: speed N", 0) == 0);
  CHECK(refused("note") == "usage: note TEXT");
}

TEST_CASE("pager, notes, views and the clock") {
  CHECK(parsed("ack alb-east-unhealthy").argument == "alb-east-unhealthy");
  const auto note = parsed("note  the replica lags,  promote it ");
  CHECK(note.kind == CommandKind::Note);
  CHECK(note.argument == "the replica lags,  promote it");
  CHECK(parsed("speed 120").speed == 120);
  CHECK(parsed("pause").kind == CommandKind::Pause);
  CHECK(parsed("end").kind == CommandKind::End);
  CHECK(!parse_command("   # a comment", shop()).command);
  CHECK(parse_command("", shop()).error.empty());
}

TEST_CASE("the runbook's step and the trainee's command are the same action") {
  RunbookStep runbook;
  runbook.action = StepAction::Scale;
  runbook.fleet = "web";
  runbook.region = "us-west-2";
  runbook.desired = 6;
  CHECK(same_action(runbook, parsed("scale web 6 --region us-west-2").step));
  CHECK(!same_action(runbook, parsed("scale web 6 --region us-east-1").step));
  CHECK(!same_action(runbook, parsed("scale web 4 --region us-west-2").step));
}

TEST_CASE("a script: commands at drill times or after alerts, every bad line named") {
  const auto script = read_script("# game day\n"
                                  "at 12m promote orders-db --to dr\n"
                                  "\n"
                                  "after shoppers-errors +45s ack shoppers-errors\n"
                                  "after alb-east-unhealthy note paged\n",
                                  "game-day.txt", shop());
  REQUIRE(script.size() == 3);
  CHECK(script[0].at == 720);
  CHECK(script[0].line == 2);
  CHECK(script[1].after_alert == "shoppers-errors");
  CHECK(script[1].delay == 45);
  CHECK(script[2].delay == 0);
  CHECK(script[2].command.argument == "paged");

  CHECK(script_problems("at 12 promote orders-db\n"
                        "after alb-east-unhealty ack x\n"
                        "at 1m scale web 6\n"
                        "promote orders-db\n") ==
        "game-day.txt: line 1: expected a drill time after \"at\", such as 12m or 1.5h; found \"12\"\n"
        "game-day.txt: line 2: no alert \"alb-east-unhealty\"; did you mean \"alb-east-unhealthy\"?\n"
        "game-day.txt: line 3: fleet \"web\" runs in 2 regions: add --region us-east-1 or us-west-2\n"
        "game-day.txt: line 4: a line starts with \"at TIME\" or \"after ALERT [+DELAY]\", then the command; found "
        "\"promote\"\n");
}

TEST_CASE("a session record reads back what was written, and a bad one is refused with its pointer") {
  const SessionRecord record{"s.json", "abc", "pilot-light",
                             7,        20,    {{720, "promote orders-db --to dr"}, {737.25, "end"}}};
  std::ostringstream text;
  write_record(text, record);
  const auto back = read_record(text.str(), "record.json");
  CHECK(back.scenario_file == "s.json");
  CHECK(back.seed == 7);
  REQUIRE(back.commands.size() == 2);
  CHECK(back.commands[1].at == 737.25);
  CHECK(record_script(back, "record.json", shop()).at(0).command.step.replica == "dr");

  try {
    read_record(R"({"drsim_training_session": 2, "scenario": "s", "scenario_sha256": "x", "strategy": "p",
                    "seed": 1, "runs": 1, "commands": [{"at_s": "soon", "command": "end"}]})",
                "record.json");
    FAIL("a bad record was read");
  } catch (const InputError& error) {
    CHECK(error.diagnostics().at(0).str() ==
          "record.json: /commands/0: expected {\"at_s\": SECONDS, \"command\": TEXT}");
  }
  auto refusal = [](const std::string& runs, const std::string& at) {
    try {
      read_record(R"({"drsim_training_session": 2, "scenario": "s", "scenario_sha256": "x", "strategy": "p",
                      "seed": 1, "runs": )" +
                      runs + R"(, "commands": [{"at_s": )" + at + R"(, "command": "end"}]})",
                  "record.json");
    } catch (const InputError& error) {
      return error.diagnostics().at(0).str();
    }
    return std::string("read");
  };
  CHECK(refusal("1", "0") == "read");
  // A record of another format version is refused, saying which version it has and which this drsim reads.
  auto version_refusal = [](const std::string& version) {
    try {
      read_record(R"({"drsim_training_session": )" + version + R"(, "scenario": "s", "scenario_sha256": "x",
                      "strategy": "p", "seed": 1, "runs": 1, "commands": []})",
                  "record.json");
    } catch (const InputError& error) {
      return error.diagnostics().at(0).str();
    }
    return std::string("read");
  };
  CHECK(version_refusal("2") == "read");
  CHECK(version_refusal("1") == "record.json: /drsim_training_session: the record is of format version 1; this drsim "
                                "reads version 2: replay it with the drsim that recorded it");
  CHECK(version_refusal("\"2\"") ==
        "record.json: /drsim_training_session: expected the record's format version, 2, not \"2\"");
  CHECK(read_record(text.str(), "record.json").commands.size() == 2);
  CHECK(text.str().find("\"drsim_training_session\": 2") != std::string::npos);
  CHECK(refusal("4294967297", "0") == "record.json: /runs: expected a whole number of drills from 1 to 2147483647");
  CHECK(refusal("1", "-100") == "record.json: /commands/0/at_s: expected a drill time in seconds, at least 0");
}

TEST_CASE("a facilitator's fault is checked like a scenario's") {
  const auto region = parsed("inject region-outage us-west-2 --for 10m");
  CHECK(region.kind == CommandKind::Inject);
  CHECK(region.fault.kind == FaultKind::RegionOutage);
  CHECK(region.fault.target == "us-west-2");
  REQUIRE(region.fault_duration);
  CHECK(*region.fault_duration == 600);
  CHECK(region.text == "inject region-outage us-west-2 --for 10m");
  CHECK_FALSE(parsed("inject database-failure orders-db").fault_duration);
  // The fleet runs in two regions: which one, and how many instances.
  const auto instances = parsed("inject instance-loss web --count 2 --region us-east-1");
  CHECK(instances.fault.region == "us-east-1");
  CHECK(instances.fault.count == 2);
  CHECK(instances.text == "inject instance-loss web --region us-east-1 --count 2");
  CHECK(parsed("inject network-partition us-east-1 --peer us-west-2").fault.peer == "us-west-2");

  CHECK(refused("inject regon-outage us-east-1") == "no fault kind \"regon-outage\"; did you mean \"region-outage\"?");
  CHECK(refused("inject region-outage us-east-2") == "no region \"us-east-2\"; did you mean \"us-east-1\"?");
  CHECK(refused("inject az-outage us-east-1").find("no AZ \"us-east-1\"") == 0);
  CHECK(refused("inject instance-loss web --count 2") ==
        "fleet \"web\" runs in 2 regions: add --region us-east-1 or us-west-2");
  CHECK(refused("inject instance-loss web --region us-east-1 --count 0") ==
        "--count: \"0\" is not a number of instances of at least 1");
  CHECK(refused("inject network-partition us-east-1") ==
        "a network partition needs --peer REGION, the region on the other side");
  CHECK(refused("inject network-partition us-east-1 --peer us-east-1") ==
        "--peer: \"us-east-1\" is the target region itself; expected the other side");
  CHECK(refused("inject backup-failure orders-backups --region us-east-1") ==
        "--region does not apply to a backup-failure fault");
  CHECK(refused("inject region-outage us-east-1 --for 0s").find("--for: \"0s\" is not a duration of more than zero") ==
        0);
  // An unreachable step names a step of the strategy's runbook, not a component of its topology.
  const auto unreachable = parsed("inject step-unreachable promote --for 5m");
  CHECK(unreachable.fault.kind == FaultKind::StepUnreachable);
  CHECK(unreachable.fault.target == "promote");
  CHECK(unreachable.fault_duration == 300);
  CHECK(refused("inject step-unreachable promot") == "no runbook step \"promot\"; did you mean \"promote\"?");
  CHECK(refused("inject step-unreachable orders-db").find("no runbook step \"orders-db\"") == 0);
  // Drawn failures are drsim's own; a facilitator injects what a scenario may write.
  CHECK(refused("inject blip us-east-1").find("no fault kind \"blip\"") == 0);
  CHECK(refused("inject region-outage").find("usage: inject KIND TARGET") == 0);
}

TEST_CASE("a failback by hand maps to the runbook's resync and switch-over") {
  const auto resync = parsed("failback resync orders-db");
  CHECK(resync.kind == CommandKind::Action);
  CHECK(resync.step.action == StepAction::Resync);
  CHECK(resync.step.database == "orders-db");
  // The old primary is the node a failback returns to.
  CHECK(resync.step.replica == "primary");
  CHECK(resync.text == "failback resync orders-db --node primary");
  CHECK(parsed("failback resync orders-db --max-lag 2s").step.max_lag_s == 2);
  const auto planned = parsed("failback switch-over orders-db --freeze no");
  CHECK(planned.step.action == StepAction::SwitchOver);
  CHECK_FALSE(planned.step.freeze);
  CHECK(planned.text == "failback switch-over orders-db --node primary --freeze no");
  CHECK(same_action(parsed("failback switch-over orders-db").step, planned.step));

  CHECK(refused("failback orders-db").find("usage: failback resync DATABASE") == 0);
  CHECK(refused("failback resync orders-db --node primray") ==
        "--node: no node of orders-db \"primray\"; did you mean \"primary\"?");
  CHECK(refused("failback resync orders-db --freeze yes") == "--freeze belongs to failback switch-over");
  CHECK(refused("failback switch-over orders-db --max-lag 1s") == "--max-lag belongs to failback resync");
  CHECK(refused("failback switch-over orders-db --freeze maybe").find("--freeze: expected yes") == 0);
}

TEST_CASE("wait lets the clock run on; other views take no option") {
  const auto wait = parsed("wait 5m");
  CHECK(wait.kind == CommandKind::Wait);
  CHECK(wait.wait_s == 300);
  CHECK(refused("wait") == "usage: wait DURATION, a simulated time of more than zero such as 5m");
  CHECK(refused("wait 0s") == "usage: wait DURATION, a simulated time of more than zero such as 5m");
  CHECK(refused("status --all") == "status takes no option");
}

TEST_CASE("a failback's lag bound has the range of a resync step's") {
  CHECK(refused("failback resync orders-db --max-lag 2d") ==
        "--max-lag: \"2d\" is not a duration from 0s to 24h such as 5s");
}

TEST_CASE("a line that is not UTF-8 is refused, never recorded") {
  CHECK(refused("note caf\xe9") == "the line is not UTF-8 text; type it again");
}

TEST_CASE("a database with a writer in every region has nothing to fail back") {
  const auto scenario = load_scenario_file(DRSIM_SOURCE_DIR "/scenarios/dynamodb-region-loss.json");
  const Strategy* active = nullptr;
  for (const auto& strategy : scenario.strategies)
    if (strategy.name == "active-active")
      active = &strategy;
  REQUIRE(active);
  std::string multi_writer;
  for (const auto& database : active->topology.databases)
    if (database.multi_writer)
      multi_writer = database.name;
  REQUIRE(!multi_writer.empty());
  const auto result = parse_command("failback resync " + multi_writer, *active);
  REQUIRE(!result.command);
  CHECK(result.error.find("takes writes in every region: there is no writer to fail back") != std::string::npos);
}
