// Scripted training sessions on tests/data/training/region-loss.json, whose durations are all fixed, against figures
// derived on paper from its parameters:
//   us-east-1 is lost at 10m (600 s) for good; the recovery criterion is 99 % over a 60 s window;
//   instances boot in 3m, and a load balancer registers one within 20 s (2 passing checks 10 s apart);
//   promoting the cross-region replica "dr" takes 5m; the record's TTL is 60 s; 200 requests/s, 10 % writes;
//   the fleet needs only orders-db. Horizon 2h (7200 s).
// Each test case runs in its own process (one Engine per process).

#include <catch2/catch.hpp>

#include <algorithm>
#include <deque>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/engine/drill.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/training/record.hpp"
#include "sim/training/session.hpp"
#include "tests/support/command_line.hpp"

using nlohmann::json;

namespace {

const std::string data = DRSIM_SOURCE_DIR "/tests/data/training/";

json session(const std::string& script) {
  const auto outcome = drsim::testing::run(
      {"train", data + "region-loss.json", "--script", data + script, "--runs", "10", "--format", "json"});
  INFO(outcome.err);
  REQUIRE(outcome.code == 0);
  return json::parse(outcome.out);
}

// A terminal on a clock of its own: each line is typed at its wall-clock second, and a wait for a line that is not
// typed yet lets that clock run on at once, so that a paced session plays in no time and the same every run.
class TypedConsole : public drsim::Console {
public:
  explicit TypedConsole(std::deque<std::pair<double, std::string>> lines) : lines_(std::move(lines)) {}
  std::optional<std::string> read_line(double seconds) override {
    const bool typed = !lines_.empty() && (seconds < 0 || lines_.front().first <= now_ + seconds);
    if (!typed) {
      now_ += std::max(seconds, 0.0);
      return std::nullopt;
    }
    now_ = std::max(now_, lines_.front().first);
    auto line = std::move(lines_.front().second);
    lines_.pop_front();
    return line;
  }
  bool closed() const override { return false; }
  double wall_seconds() const override { return now_; }

private:
  std::deque<std::pair<double, std::string>> lines_;
  double now_ = 0;
};

// The trainee of prompt.txt at a terminal paced at 60 simulated seconds a second (drill minute M at second M), and
// the facilitator taking us-west-2, the recovery region, for 10m at minute 40. A paced session looks every quarter of
// a wall-clock second, 15 simulated seconds here: a line takes effect at the first look after it was typed, and the
// recovery is seen at the first look after it.
struct TypedSession {
  drsim::Scenario scenario = drsim::load_scenario_file(data + "region-loss.json");
  std::ostringstream screen;
  TypedConsole console{{{11, "scale web 6 --region us-west-2"},
                        {11.75, "ack shoppers-errors"},
                        {12, "promote orders-db --to dr"},
                        {14, "dns switch shop.example.com alb-west"},
                        {40, "inject region-outage us-west-2 --for 10m"}}};
  drsim::TrainingSession trainee;
  drsim::DrillResult drill;

  explicit TypedSession(bool to_horizon)
      : trainee(scenario, scenario.strategies.front(), {}, screen, {60, &console, nullptr, to_horizon}) {
    drsim::DrillRunner runner(scenario);
    drill = runner.run(scenario.strategies.front(), scenario.seed, &trainee);
  }

  std::vector<double> faults_at() const {
    std::vector<double> times;
    for (const auto& event : drill.timeline)
      if (event.kind == drsim::EventKind::Fault)
        times.push_back(event.time);
    return times;
  }
};

} // namespace

TEST_CASE("at a terminal the session ends when the service recovers, and the facilitator's later fault never strikes") {
  TypedSession session(false);
  // Recovered at 17m by prompt.txt's figures (seen by 17m15s); the ratio holds for a window (60 s): the session ends
  // between 18m and 18m15s, and the drill runs on unpaced to its horizon without reading what is typed at minute 40.
  REQUIRE_FALSE(session.trainee.commands().empty());
  CHECK(session.trainee.commands().back().text == "end");
  CHECK(session.trainee.commands().back().at >= 1080 - 1e-6);
  CHECK(session.trainee.commands().back().at <= 1095 + 1e-6);
  CHECK(session.trainee.injected().empty());
  CHECK(session.faults_at().size() == 1);
}

TEST_CASE("with --to-horizon the session goes on after the recovery, and the facilitator's later fault strikes") {
  TypedSession session(true);
  INFO(session.screen.str());
  CHECK(session.screen.str().find("the service has recovered: every client population at or above 99.0 % for 1m; "
                                  "the session goes on to the horizon (end stops it)") != std::string::npos);
  REQUIRE(session.trainee.injected().size() == 1);
  const double struck = session.trainee.injected()[0].at;
  CHECK(struck >= 2400 - 1e-6);
  CHECK(struck <= 2415 + 1e-6);
  const auto faults = session.faults_at();
  REQUIRE(faults.size() == 2);
  CHECK(faults[1] == Approx(struck).margin(1e-6));
  // us-west-2 served everything since 14m: nothing succeeds from 40m, and the error-rate alarm pages a window later.
  std::vector<double> error_pages;
  for (const auto& alert : session.trainee.alerts())
    if (alert.name == "shoppers-errors")
      error_pages.push_back(alert.fired);
  REQUIRE(error_pages.size() == 2);
  CHECK(error_pages[1] == Approx(struck + 60).margin(1e-6));
}

TEST_CASE("a typed training session replayed from its record gives the same drill, even for a line taken as the fault "
          "struck") {
  // Paced at 70 simulated seconds a second the trainee looks every 17.5 s: at 595 s, then 612.5 s. The region is lost
  // at 600 s, which wakes the trainee between two looks, and the line typed at wall second 8.55 (drill 598.5 s) is
  // taken then. The other lines land at looks with fractions of a second, the session's later looks all the more so.
  const auto scenario = drsim::load_scenario_file(data + "region-loss.json");
  const auto& strategy = scenario.strategies.front();
  TypedConsole console{{{8.55, "scale web 6 --region us-west-2"},
                        {9.61, "ack shoppers-errors"},
                        {10.37, "promote orders-db --to dr"},
                        {12.91, "dns switch shop.example.com alb-west"},
                        {13.33, "note switched"},
                        {31.07, "inject region-outage us-west-2 --for 7m"},
                        {44.44, "end"}}};
  std::ostringstream typed_screen;
  drsim::TrainingSession typed(scenario, strategy, {}, typed_screen, {70, &console, nullptr, true});
  drsim::DrillRunner runner(scenario);
  const auto typed_drill = runner.run(strategy, scenario.seed, &typed);
  INFO(typed_screen.str());
  REQUIRE(typed.commands().size() == 7);
  CHECK(typed.commands()[0].at == 600);

  const drsim::SessionRecord record{"region-loss.json", "", strategy.name, scenario.seed, 1, typed.commands()};
  std::ostringstream replay_screen;
  drsim::TrainingSession replayed(scenario, strategy, drsim::record_script(record, "record.json", strategy),
                                  replay_screen);
  const auto replayed_drill = runner.run(strategy, scenario.seed, &replayed);
  INFO(replay_screen.str());
  REQUIRE(replayed.commands().size() == typed.commands().size());
  for (std::size_t i = 0; i < typed.commands().size(); ++i) {
    CHECK(replayed.commands()[i].text == typed.commands()[i].text);
    CHECK(replayed.commands()[i].at == typed.commands()[i].at);
  }
  REQUIRE(replayed.actions().size() == typed.actions().size());
  for (std::size_t i = 0; i < typed.actions().size(); ++i)
    CHECK(replayed.actions()[i].done == typed.actions()[i].done);
  // The whole drill, event by event and in the same order, as the debrief and its chart show it.
  REQUIRE(replayed_drill.timeline.size() == typed_drill.timeline.size());
  for (std::size_t i = 0; i < typed_drill.timeline.size(); ++i) {
    const auto& a = typed_drill.timeline[i];
    const auto& b = replayed_drill.timeline[i];
    INFO("event " << i << ": " << a.time << " " << a.component << " " << a.detail << " / " << b.time << " "
                  << b.component << " " << b.detail);
    CHECK(b.time == a.time);
    CHECK(b.kind == a.kind);
    CHECK(b.component == a.component);
    CHECK(b.detail == a.detail);
  }
  CHECK(replayed_drill.measurement.rto_s == typed_drill.measurement.rto_s);
  CHECK(replayed_drill.measurement.availability == typed_drill.measurement.availability);
}

TEST_CASE("a script's command after its end is refused with when the session ended, not applied") {
  const auto outcome = drsim::testing::run(
      {"train", data + "region-loss.json", "--script", data + "after-end.txt", "--runs", "10", "--format", "json"});
  INFO(outcome.err);
  REQUIRE(outcome.code == 0);
  CHECK(outcome.err.find("00:40:00  the session has ended at 00:20:00; \"inject region-outage us-west-2 --for 10m\" "
                         "was not applied: the debrief comes when the drill reaches its horizon (02:00:00)") !=
        std::string::npos);
  CHECK(json::parse(outcome.out).at("injected").empty());
}

TEST_CASE("a trainee who promotes at minute 12 recovers the service at minute 17") {
  const auto debrief = session("prompt.txt");
  const auto& s = debrief.at("session");
  // Scaled at 11m: booted at 14m, registered by 14m20s. DNS switched at 14m: every resolver cache moves by 15m.
  // Promoted at 12m: the writer is back at 12m + 5m = 17m, the last thing the writes wait for. Every population is at
  // 100 % from 17m on, so the recovery window starts there: RTO = 17m - 10m = 7m = 420 s.
  CHECK(s.at("rto_s").get<double>() == Approx(420).margin(1e-3));
  CHECK(s.at("time_to_recover_s").get<double>() == Approx(420).margin(1e-3));
  // The error-rate alarm pages once the ratio has been below 99 % for a whole window: 10m + 60 s = 660 s; the trainee
  // acknowledges 45 s later.
  REQUIRE(debrief.at("alerts").size() >= 1);
  CHECK(debrief.at("alerts")[0].at("name") == "shoppers-errors");
  CHECK(debrief.at("alerts")[0].at("fired_s").get<double>() == Approx(660).margin(1e-6));
  CHECK(s.at("time_to_acknowledge_s").get<double>() == Approx(45).margin(1e-6));
  // The first action the runbook also takes is the scale at 11m: 60 s after the fault.
  CHECK(s.at("time_to_diagnose_s").get<double>() == Approx(60).margin(1e-6));
  // Data: the replica lags the writer by at most one ship interval (1 s) plus a batch's transfer (32 ms latency, 40 KB
  // over 500 Mbps), so RPO < 1.1 s and at most 20 writes/s x 1.1 s = 22 writes are lost.
  CHECK(s.at("rpo_s").get<double>() < 1.1);
  CHECK(s.at("lost_writes").get<double>() <= 22);
  // Availability: nothing succeeds from 10m until the DNS switch at 14m (240 s); writes (10 %) fail until 17m (180 s);
  // at worst everything fails for the whole 7 minutes. So 1 - 420/7200 <= availability <= 1 - (240 + 18)/7200.
  CHECK(s.at("availability").get<double>() >= 1 - 420.0 / 7200);
  CHECK(s.at("availability").get<double>() <= 1 - 258.0 / 7200);
  // The automated runbook pages 5m and decides 10m after the health check fails (at 10m + 60..90 s), then promotes
  // for 5m: its RTO is above 21m in every drill.
  CHECK(debrief.at("runbook").at("rto_s").at("p50").get<double>() > 21 * 60);
  REQUIRE(debrief.at("actions").size() == 3);
  CHECK(debrief.at("actions")[1].at("command") == "promote orders-db --to dr");
  CHECK(debrief.at("actions")[1].at("done_s").get<double>() == Approx(1020).margin(1e-6));
  CHECK(debrief.at("actions")[1].at("runbook_step") == true);
}

TEST_CASE("a promotion 8 minutes later costs 8 minutes of RTO") {
  const auto debrief = session("late-promotion.txt");
  // Promoted at 20m: the writer is back at 25m, RTO = 25m - 10m = 15m = 900 s.
  CHECK(debrief.at("session").at("rto_s").get<double>() == Approx(900).margin(1e-3));
  // Nothing succeeds until the switch at 14m (240 s); writes fail until 25m (660 s): at least 240 + 66 s of requests
  // are lost, at most the whole 900 s.
  CHECK(debrief.at("session").at("availability").get<double>() >= 1 - 900.0 / 7200);
  CHECK(debrief.at("session").at("availability").get<double>() <= 1 - 306.0 / 7200);
}

TEST_CASE("a promotion whose endpoint is unreachable fails after the CLI's timeout, and the retry sets the RTO") {
  const auto debrief = session("unreachable-promotion.txt");
  // The promotion at 12m hangs 60 s and fails at 13m (780 s) without acting. The retry at 16.5m (990 s) brings the
  // writer back at 21m30s (1290 s), after the DNS switch (14m) and the booted instances (14m20s): RTO = 11m30s.
  const auto& actions = debrief.at("actions");
  REQUIRE(actions.size() == 4);
  CHECK(actions[1].at("command") == "promote orders-db --to dr");
  CHECK(actions[1].at("done_s").get<double>() == Approx(780).margin(1e-6));
  CHECK(actions[1].at("failure") == "Connect timeout on endpoint URL (the endpoint cannot be reached)");
  CHECK(actions[1].at("runbook_step") == true);
  CHECK(actions[3].at("done_s").get<double>() == Approx(1290).margin(1e-6));
  CHECK(actions[3].at("failure").is_null());
  CHECK(debrief.at("session").at("rto_s").get<double>() == Approx(690).margin(1e-3));
  REQUIRE(debrief.at("injected").size() == 1);
  CHECK(debrief.at("injected")[0].at("command") == "inject step-unreachable promote --for 5m");
}

TEST_CASE("promoting the wrong replica leaves the service down") {
  const auto debrief = session("wrong-replica.txt");
  // The synchronous standby was in us-east-1, lost with it: the promotion fails at 12m + 5m and no writer is left, so
  // the service never recovers within the horizon.
  CHECK(debrief.at("session").at("rto_s").is_null());
  CHECK(debrief.at("session").at("time_to_diagnose_s").get<double>() == Approx(60).margin(1e-6));
  const auto& actions = debrief.at("actions");
  REQUIRE(actions.size() == 3);
  CHECK(actions[1].at("command") == "promote orders-db --to standby");
  CHECK(actions[1].at("runbook_step") == false);
}

TEST_CASE("the text debrief says what the decisions cost against the runbook") {
  const auto outcome =
      drsim::testing::run({"train", data + "region-loss.json", "--script", data + "prompt.txt", "--runs", "10"});
  REQUIRE(outcome.code == 0);
  CHECK(outcome.out.find("  RTO                   7m\n") != std::string::npos);
  CHECK(outcome.out.find("What your decisions cost\n  an RTO ") != std::string::npos);
  CHECK(outcome.out.find("less than the runbook's median") != std::string::npos);
  CHECK(drsim::testing::fits_80_columns(outcome.out));
  // The session screen shows the pages and the consoles, never the fault itself.
  CHECK(outcome.err.find("ALERT shoppers-errors") != std::string::npos);
  CHECK(outcome.err.find("region-outage") == std::string::npos);
}

TEST_CASE("a facilitator's fault strikes when given and is the drill's second outage") {
  const auto debrief = session("injected-region.txt");
  REQUIRE(debrief.at("injected").size() == 1);
  CHECK(debrief.at("injected")[0].at("command") == "inject region-outage us-west-2 --for 10m");
  CHECK(debrief.at("injected")[0].at("at_s").get<double>() == Approx(2400).margin(1e-6));
  // The trainee of prompt.txt has recovered at 17m. At 40m us-west-2, which serves everything since, is lost: nothing
  // succeeds from 2400 s, so the error-rate alarm pages again a window later, at 2460 s.
  std::vector<double> error_pages;
  for (const auto& alert : debrief.at("alerts"))
    if (alert.at("name") == "shoppers-errors")
      error_pages.push_back(alert.at("fired_s").get<double>());
  REQUIRE(error_pages.size() == 2);
  CHECK(error_pages[1] == Approx(2460).margin(1e-6));
  // The region returns at 50m (3000 s); its instances boot again in 3m and register within 20 s: the second outage
  // lasts from 780 to 800 s, longer than the first (420 s), so it is the drill's RTO.
  const auto rto = debrief.at("session").at("rto_s").get<double>();
  CHECK(rto >= 780 - 1e-3);
  CHECK(rto <= 800 + 1e-3);
}

TEST_CASE("the replication-lag alarm pages a period after the replica falls behind the RPO objective") {
  const auto outcome = drsim::testing::run({"train", data + "region-loss.json", "--script",
                                            data + "injected-region.txt", "--runs", "2", "--format", "json"});
  REQUIRE(outcome.code == 0);
  const auto debrief = json::parse(outcome.out);
  // The RPO objective is 5 s. Once us-east-1 is lost at 600 s no write reaches "dr": its lag is the age of the oldest
  // write it lacks, written at most one ship interval and a batch's transfer (1.1 s) before the fault. It passes 5 s
  // and a minute later (CloudWatch's period) the alarm fires: between 663.9 and 665 s. The promotion (done at 1020 s)
  // makes dr the writer, which reports no lag: resolved then.
  const json* lag = nullptr;
  for (const auto& alert : debrief.at("alerts"))
    if (alert.at("name") == "orders-db-dr-lag")
      lag = &alert;
  REQUIRE(lag);
  CHECK(lag->at("fired_s").get<double>() >= 663.9);
  CHECK(lag->at("fired_s").get<double>() <= 665 + 1e-6);
  CHECK(lag->at("resolved_s").get<double>() == Approx(1020).margin(1e-6));
  // The dashboards show the lag: at 11m (660 s) it is about a minute.
  CHECK(outcome.err.find("replica dr in us-west-2: lag 1m") != std::string::npos);
}

TEST_CASE("a failback by hand: a frozen switch-over loses no write and takes the promotion time") {
  const auto outcome = drsim::testing::run({"train", data + "region-loss-returns.json", "--script",
                                            data + "failback-by-hand.txt", "--runs", "2", "--format", "json"});
  INFO(outcome.err);
  REQUIRE(outcome.code == 0);
  const auto debrief = json::parse(outcome.out);
  const auto& failback = debrief.at("session").at("failback");
  REQUIRE(failback.is_object());
  // The failback begins with the trainee's first failback command, the resync at 60m (3600 s). The old primary lacks
  // the writes since the promotion (2580 s of 20 writes/s), which cross the 1 Gbps link within seconds.
  CHECK(failback.at("start_s").get<double>() == Approx(3600).margin(1e-6));
  const auto& actions = debrief.at("actions");
  REQUIRE(actions.size() == 5);
  CHECK(actions[3].at("command") == "failback resync orders-db --node primary");
  CHECK(actions[3].at("done_s").get<double>() <= 3605);
  // The switch-over at 70m (4200 s) freezes the writes until the final sync (at most one 1 s ship interval), then
  // promotes the old primary in 5m: the failback ends between 4500 and 4501 s, and loses nothing.
  CHECK(actions[4].at("command") == "failback switch-over orders-db --node primary --freeze yes");
  CHECK(failback.at("end_s").get<double>() >= 4500 - 1e-6);
  CHECK(failback.at("end_s").get<double>() <= 4501 + 1e-6);
  CHECK(failback.at("lost_writes").get<double>() == 0);
  // The frozen writes (10 % of the requests) fail from 4200 s until the switch-over ends: the clients see one outage
  // of the failback, as long as the freeze.
  CHECK(failback.at("downtime_s").get<double>() >= 300 - 1e-6);
  CHECK(failback.at("downtime_s").get<double>() <= 301 + 1e-6);
  // The failover's figures are those of prompt.txt: the failback is its own part of the incident.
  CHECK(debrief.at("session").at("rto_s").get<double>() == Approx(420).margin(1e-3));
  // The old primary is a replica from the resync at 3600 s and catches up within seconds, well inside the lag alarm's
  // minute: no lag alarm for it.
  for (const auto& alert : debrief.at("alerts"))
    CHECK(alert.at("name") != "orders-db-primary-lag");
  // The resync and the switch-over show on the consoles.
  CHECK(outcome.err.find("resync-done orders-db") != std::string::npos);
  CHECK(outcome.err.find("switched-over orders-db") != std::string::npos);
}

TEST_CASE("a region loss the facilitator injects at 10m costs what the scenario's own costs") {
  // quiet.json fails only a backup; the facilitator takes us-east-1 at 10m, as region-loss.json does, and the trainee
  // acts as in prompt.txt: the injected fault begins the trouble, so the figures are prompt.txt's on region-loss.json.
  const auto outcome = drsim::testing::run(
      {"train", data + "quiet.json", "--script", data + "injected-at-onset.txt", "--runs", "2", "--format", "json"});
  INFO(outcome.err);
  REQUIRE(outcome.code == 0);
  const auto debrief = json::parse(outcome.out);
  const auto& s = debrief.at("session");
  CHECK(debrief.at("fault_onset_s").get<double>() == Approx(600).margin(1e-6));
  CHECK(s.at("rto_s").get<double>() == Approx(420).margin(1e-3));
  CHECK(s.at("time_to_diagnose_s").get<double>() == Approx(60).margin(1e-6));
  CHECK(s.at("availability").get<double>() >= 1 - 420.0 / 7200);
  CHECK(s.at("availability").get<double>() <= 1 - 258.0 / 7200);
  // The runbook's drills had no region loss: the comparison says it is not like for like.
  CHECK(debrief.at("like_for_like") == false);
}

TEST_CASE("a failback command with nothing to fail back is refused and starts no failback") {
  const auto outcome = drsim::testing::run(
      {"train", data + "region-loss.json", "--script", data + "early-failback.txt", "--runs", "2", "--format", "json"});
  REQUIRE(outcome.code == 0);
  CHECK(outcome.err.find("nothing to fail back: primary is the writer of orders-db") != std::string::npos);
  const auto debrief = json::parse(outcome.out);
  CHECK(debrief.at("session").at("failback").is_null());
  // The failover's figures are prompt.txt's: RPO under 1.1 s.
  CHECK(debrief.at("session").at("rpo_s").get<double>() < 1.1);
  CHECK(debrief.at("actions").size() == 3);
}
