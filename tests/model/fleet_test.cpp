// Model tests of fleets (models/fleet): what a fleet holds stays the size of what runs, however many instances a
// long run loses and replaces.

#include <catch2/catch.hpp>

#include <iterator>

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

#include "models/fleet.hpp"
#include "models/shared/platform.hpp"
#include "models/world.hpp"
#include "tests/support/two_region.hpp"

namespace sg4 = simgrid::s4u;

TEST_CASE("a fleet forgets the instances it lost, so that a long run costs the same every year", "[model][fleet]") {
  // The two-region world runs two instances in east, one in each AZ, booting in 60 s. Both AZs' instances are lost
  // 200 times, 2 minutes apart: each time Auto Scaling launches two more, and the fleet holds 400 instances that
  // ever ran unless it drops those it lost. The scenario's fault is never injected: the test loses the AZs itself.
  static char name[] = "fleet-test";
  static char quiet[] = "--log=root.thres:critical";
  static char* argv[] = {name, quiet, nullptr};
  int argc = static_cast<int>(std::size(argv)) - 1;
  sg4::Engine engine(&argc, argv);
  const auto scenario = drsim::testing::read(drsim::testing::scenario_document(
      drsim::testing::two_region_topology(), drsim::testing::region_loss("west", "1h"),
      nlohmann::json::array({drsim::testing::strategy("pilot-light")})));
  const drsim::Platform platform({&scenario.topology});
  platform.configure(scenario.topology);
  drsim::World world(scenario.topology, platform, 1e6, 1);
  auto& fleet = world.fleet("web");
  std::size_t most_kept = 0;
  int running_at_end = 0;
  world.start();
  sg4::Actor::create("losses", platform.global_host(), [&] {
    for (int round = 0; round < 200; ++round) {
      fleet.lose_azs({"east-a", "east-b"});
      world.changed();
      sg4::this_actor::sleep_for(120);
      most_kept = std::max(most_kept, fleet.instances_kept("east"));
    }
    running_at_end = fleet.running("east");
    sg4::Actor::kill_all();
  });
  engine.run_until(1e6);
  CHECK(running_at_end == 2);
  CHECK(most_kept <= 4);
}
