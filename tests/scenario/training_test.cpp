// Scripted training sessions on tests/data/training/region-loss.json, whose durations are all fixed, against figures
// derived on paper from its parameters:
//   us-east-1 is lost at 10m (600 s) for good; the recovery criterion is 99 % over a 60 s window;
//   instances boot in 3m, and a load balancer registers one within 20 s (2 passing checks 10 s apart);
//   promoting the cross-region replica "dr" takes 5m; the record's TTL is 60 s; 200 requests/s, 10 % writes;
//   the fleet needs only orders-db. Horizon 2h (7200 s).
// Each test case runs in its own process (one Engine per process).

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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

} // namespace

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
