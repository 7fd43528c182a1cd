// Settings from the command line: PATH=VALUE, the dimensions and points of sweeps, and where a path lands in the
// scenario and topology documents (checked through load_scenario_file on the shipped shop scenario).

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

#include <catch2/catch.hpp>

#include "sim/core/errors.hpp"
#include "sim/core/settings.hpp"
#include "sim/input/scenario_reader.hpp"

namespace {

using drsim::Dimension;
using drsim::InputError;
using drsim::Setting;
using drsim::UsageError;

const std::string shop = DRSIM_SOURCE_DIR "/scenarios/shop-region-loss.json";

std::vector<Setting> settings(std::initializer_list<const char*> texts) {
  std::vector<Setting> parsed;
  for (const auto* text : texts)
    parsed.push_back(drsim::parse_setting(text));
  return parsed;
}

// Every message of the problems the settings cause, one per line.
std::string problems_of(std::initializer_list<const char*> texts) {
  try {
    drsim::load_scenario_file(shop, settings(texts));
  } catch (const InputError& error) {
    std::string text;
    for (const auto& problem : error.diagnostics())
      text += problem.str() + "\n";
    return text;
  }
  return "";
}

} // namespace

TEST_CASE("a setting is PATH=VALUE, its value JSON when it is a JSON scalar", "[settings]") {
  const auto ttl = drsim::parse_setting("topology.dns.shop.ttl = 30s");
  CHECK(ttl.path == "topology.dns.shop.ttl");
  CHECK(ttl.value == "30s");
  CHECK(ttl.text == "topology.dns.shop.ttl=30s");
  CHECK(drsim::parse_setting("a=0.5").value == 0.5);
  CHECK(drsim::parse_setting("a=6").value == 6);
  CHECK(drsim::parse_setting("a=true").value == true);
  CHECK(drsim::parse_setting("a=null").value.is_null());
  CHECK_THROWS_WITH(drsim::parse_setting("ttl"), Catch::Contains("has no '='"));
  CHECK_THROWS_WITH(drsim::parse_setting("=3"), Catch::Contains("no path"));
  CHECK_THROWS_WITH(drsim::parse_setting("a..b=3"), Catch::Contains("empty segment"));
  CHECK_THROWS_WITH(drsim::parse_setting("a.=3"), Catch::Contains("empty segment"));
  CHECK_THROWS_WITH(drsim::parse_setting("a="), Catch::Contains("no value"));
  CHECK_THROWS_WITH(drsim::parse_setting("faults=[]"), Catch::Contains("a list or an object cannot be set"));
}

TEST_CASE("a dimension lists its values or spaces a range evenly in lo's unit", "[settings]") {
  const auto ttl = drsim::parse_dimension("topology.dns.shop.ttl=30s,2m,300s");
  CHECK(ttl.values == std::vector<std::string>{"30s", "2m", "300s"});
  REQUIRE(ttl.magnitudes.size() == 3);
  CHECK(*ttl.magnitudes[1] == 120);
  CHECK_FALSE(ttl.continuous);
  CHECK(drsim::parse_dimension("routing=failover,weighted").magnitudes[0] == std::nullopt);

  const auto interval = drsim::parse_dimension("x=10s..120s/5");
  CHECK(interval.values == std::vector<std::string>{"10s", "37.5s", "65s", "92.5s", "120s"});
  CHECK(interval.continuous);
  CHECK(*interval.magnitudes[1] == 37.5);
  CHECK(interval.setting_at(61.25).text == "x=61.25s");

  const auto minutes = drsim::parse_dimension("x=1m..2m/3");
  CHECK(minutes.values == std::vector<std::string>{"1m", "1.5m", "2m"});
  CHECK(drsim::parse_dimension("x=0s..2m/3").values == std::vector<std::string>{"0m", "1m", "2m"});

  const auto capacity = drsim::parse_dimension("desired=0..6/4");
  CHECK(capacity.values == std::vector<std::string>{"0", "2", "4", "6"});
  CHECK(capacity.setting_at(2.6).value == 3);
  CHECK_THROWS_WITH(drsim::parse_dimension("desired=0..2/5"), Catch::Contains("only 3 distinct values (0, 1, 2)"));
  CHECK(drsim::parse_dimension("share=0.1..0.5/3").values == std::vector<std::string>{"0.1", "0.3", "0.5"});

  CHECK_THROWS_WITH(drsim::parse_dimension("x=30s,30s"), Catch::Contains("twice"));
  CHECK_THROWS_WITH(drsim::parse_dimension("x=30s,,1m"), Catch::Contains("empty value"));
  CHECK_THROWS_WITH(drsim::parse_dimension("x=10s..2m"), Catch::Contains("number of steps"));
  CHECK_THROWS_WITH(drsim::parse_dimension("x=10s..2m/1"), Catch::Contains("from 2 to"));
  CHECK_THROWS_WITH(drsim::parse_dimension("x=2m..10s/3"), Catch::Contains("lo must be below hi"));
  CHECK_THROWS_WITH(drsim::parse_dimension("x=fast..slow/3"), Catch::Contains("numbers or quantities"));
  CHECK_THROWS_AS(drsim::parse_dimension("x=0..0/3"), UsageError);
  CHECK_THROWS_WITH(drsim::parse_dimension("write_fraction=0..1/5"),
                    Catch::Contains("only 2 distinct values (0, 1), not 5; ends written as whole numbers"));
  CHECK(drsim::parse_dimension("write_fraction=0.0..1.0/5").values ==
        std::vector<std::string>{"0", "0.25", "0.5", "0.75", "1"});
  CHECK(drsim::parse_dimension("horizon=1000000s..1000002s/3").values ==
        std::vector<std::string>{"1000000s", "1000001s", "1000002s"});
  CHECK_THROWS_WITH(drsim::parse_dimension("x=-1e308..1e308/3"), Catch::Contains("both finite"));
  CHECK_THROWS_WITH(drsim::parse_dimension("x=0..18446744073709551615/3"), Catch::Contains("must stay within"));
  CHECK_THROWS_WITH(drsim::parse_dimension("x=1m..90s/4"), Catch::Contains("same unit"));
  CHECK_THROWS_WITH(drsim::parse_dimension("x=0s..1GB/3"), Catch::Contains("same unit"));
  CHECK_THROWS_WITH(drsim::parse_dimension("runs=10,20"), Catch::Contains("--runs sets it for every point"));
  CHECK_THROWS_WITH(drsim::parse_dimension("seed=1,2"), Catch::Contains("--seed sets it for every point"));
}

TEST_CASE("a grid holds every combination, the first dimension slowest, within its limit", "[settings]") {
  const std::vector<Dimension> dimensions{drsim::parse_dimension("a=1,2"), drsim::parse_dimension("b=x,y,z")};
  const auto points = drsim::grid_points(dimensions, 6);
  REQUIRE(points.size() == 6);
  CHECK(points[0].settings[0].text == "a=1");
  CHECK(points[0].settings[1].text == "b=x");
  CHECK(points[1].settings[1].text == "b=y");
  CHECK(points[3].settings[0].text == "a=2");
  CHECK(points[3].settings[1].text == "b=x");
  CHECK(*points[5].magnitudes[0] == 2);
  CHECK_FALSE(points[5].magnitudes[1]);
  CHECK_THROWS_WITH(drsim::grid_points(dimensions, 5), Catch::Contains("the grid has 6 points"));
}

TEST_CASE("a Latin hypercube puts one point in each stratum of every dimension, the same for a seed", "[settings]") {
  const std::vector<Dimension> dimensions{drsim::parse_dimension("a=0s..100s/2"), drsim::parse_dimension("b=0..1000/2"),
                                          drsim::parse_dimension("c=p,q")};
  const int samples = 10;
  const auto points = drsim::latin_hypercube(dimensions, samples, 7);
  REQUIRE(points.size() == samples);
  for (std::size_t d = 0; d < 2; ++d) {
    std::set<int> strata;
    const double width = d == 0 ? 100 : 1000;
    for (const auto& point : points)
      strata.insert(static_cast<int>(*point.magnitudes[d] / width * samples));
    CHECK(strata.size() == samples);
  }
  int p_count = 0;
  for (const auto& point : points) {
    CHECK(point.magnitudes[1] == std::round(*point.magnitudes[1]));
    p_count += point.settings[2].text == "c=p";
  }
  CHECK(p_count == samples / 2);
  const auto again = drsim::latin_hypercube(dimensions, samples, 7);
  const auto other = drsim::latin_hypercube(dimensions, samples, 8);
  const auto texts = [](const std::vector<drsim::Point>& sample) {
    std::vector<std::string> all;
    for (const auto& point : sample)
      for (const auto& setting : point.settings)
        all.push_back(setting.text);
    return all;
  };
  CHECK(texts(points) == texts(again));
  CHECK(texts(points) != texts(other));
  CHECK_THROWS_AS(drsim::latin_hypercube(dimensions, 0, 7), UsageError);
}

TEST_CASE("a path names list elements by name, dotted name, first label, an endpoint by target, or index",
          "[settings]") {
  const auto scenario = drsim::load_scenario_file(
      shop, settings({"topology.dns.shop.ttl=15s", "topology.dns.shop.endpoints.alb-east.health_check.interval=10s",
                      "topology.fleets.0.capacity.us-west-2.desired=2", "horizon=12h", "faults.0.onset=20m",
                      "strategies.warm-standby.preset_parameters.standby_share=0.5"}));
  REQUIRE(scenario.topology.dns.size() == 1);
  CHECK(scenario.topology.dns[0].ttl_s == 15);
  REQUIRE(scenario.topology.dns[0].endpoints[0].health_check);
  CHECK(scenario.topology.dns[0].endpoints[0].health_check->interval_s == 10);
  CHECK(scenario.topology.fleets[0].capacity.at("us-west-2").desired == 2);
  CHECK(scenario.horizon_s == 12 * 3600);
  CHECK(scenario.faults[0].onset.mean() == Approx(1200));
  const auto& warm = *std::find_if(scenario.strategies.begin(), scenario.strategies.end(),
                                   [](const drsim::Strategy& strategy) { return strategy.name == "warm-standby"; });
  CHECK(warm.topology.fleets[0].capacity.at("us-west-2").desired == 3); // half of the 6 in us-east-1
  CHECK(scenario.settings.size() == 6);
  CHECK(drsim::load_scenario_file(shop, settings({"topology.dns.shop.example.com.ttl=20s"})).topology.dns[0].ttl_s ==
        20);
  // A later setting of the same path wins.
  CHECK(drsim::load_scenario_file(shop, settings({"topology.dns.shop.ttl=20s", "topology.dns.shop.ttl=25s"}))
            .topology.dns[0]
            .ttl_s == 25);
  CHECK(drsim::load_scenario_file(shop).settings.empty());
}

TEST_CASE("a path that names nothing, or a value the format refuses, is a problem that names its setting",
          "[settings]") {
  const auto list = problems_of({"topology.dns.shp.ttl=30s"});
  CHECK_THAT(list, Catch::Contains("web-shop.json: /dns: --set topology.dns.shp.ttl=30s: nothing in this list is "
                                   "named \"shp\"; expected one of: shop.example.com"));
  CHECK_THAT(problems_of({"topology.fleets.wbe.capacity.us-west-2.desired=2"}),
             Catch::Contains("/fleets: --set topology.fleets.wbe.capacity.us-west-2.desired=2: nothing in this list "
                             "is named \"wbe\"; did you mean \"web\"?"));
  CHECK_THAT(
      problems_of({"topology.dns.shop.tll=30s"}),
      Catch::Contains("/dns/0/tll: unknown key; did you mean \"ttl\"? (set by --set topology.dns.shop.tll=30s)"));
  CHECK_THAT(problems_of({"topology.dns.shop.ttl=soon"}), Catch::Contains("/dns/0/ttl: \"soon\" is not a duration"));
  CHECK_THAT(problems_of({"topology.dns.shop.ttl=soon"}), Catch::Contains("(set by --set topology.dns.shop.ttl=soon)"));
  CHECK_THAT(problems_of({"horizn=3h"}),
             Catch::Contains("shop-region-loss.json: /horizn: unknown key; did you mean \"horizon\"?"));
  CHECK_THAT(problems_of({"topology.dns.shop.ttl.seconds=3"}),
             Catch::Contains("/dns/0/ttl: --set topology.dns.shop.ttl.seconds=3: \"60s\" is here, with no "
                             "\"seconds\" in it"));
  CHECK_THAT(problems_of({"faults.3.onset=1m"}),
             Catch::Contains("/faults: --set faults.3.onset=1m: index 3 is beyond this list's 1 element (0 to 0)"));
  CHECK_THAT(problems_of({"objectives.20.target=1h"}),
             Catch::Contains("/objectives: --set objectives.20.target=1h: index 20 is beyond this list's 13 elements "
                             "(0 to 12)"));
  CHECK_THAT(
      problems_of({"topology.regions.us-east-1.azs.9=zz"}),
      Catch::Contains("/regions/0/azs: --set topology.regions.us-east-1.azs.9=zz: index 9 is beyond this list's"));
  CHECK(problems_of({"topology.dns.shop.ttl=30s"}).empty());
}

TEST_CASE("an inline topology takes its settings as part of the scenario", "[settings]") {
  const auto directory = std::filesystem::temp_directory_path() / ("drsim-settings-" + std::to_string(::getpid()));
  std::filesystem::create_directories(directory);
  auto document = nlohmann::json::parse(std::ifstream(shop));
  document["topology"] = nlohmann::json::parse(std::ifstream(DRSIM_SOURCE_DIR "/scenarios/topologies/web-shop.json"));
  document["topology"].erase("$schema");
  document.erase("$schema");
  const auto file = (directory / "inline.json").string();
  std::ofstream(file) << document.dump(2);
  CHECK(drsim::load_scenario_file(file, settings({"topology.dns.shop.ttl=45s"})).topology.dns[0].ttl_s == 45);
  try {
    drsim::load_scenario_file(file, settings({"topology.dns.shop.ttl=never"}));
    FAIL("a duration of \"never\" was accepted");
  } catch (const InputError& error) {
    CHECK_THAT(error.diagnostics().front().str(),
               Catch::Contains("inline.json: /topology/dns/0/ttl: \"never\" is not a duration"));
  }
  std::filesystem::remove_all(directory);
}
