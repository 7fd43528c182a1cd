// Actors whose end a model learns of (models/shared/actors): the exit hook runs once however the actor ends, also
// when it ends in its first run and when a fault turns its host off in the same step of the Engine as its creation.
// Each test case builds a bare Engine with two hosts: "control", where the creator and the fault run, and "node".

#include <catch2/catch.hpp>

#include <array>
#include <memory>

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/NetZone.hpp>

#include "models/shared/actors.hpp"

namespace sg4 = simgrid::s4u;

namespace {

struct Bench {
  std::unique_ptr<sg4::Engine> engine;
  sg4::Host* control = nullptr;
  sg4::Host* node = nullptr;
};

Bench bench() {
  static std::array<char, 12> name{"actors_test"};
  static std::array<char, 26> quiet{"--log=root.thres:critical"};
  static std::array<char*, 3> argv{name.data(), quiet.data(), nullptr};
  int argc = 2;
  Bench bench{std::make_unique<sg4::Engine>(&argc, argv.data())};
  auto* zone = sg4::create_full_zone("world");
  bench.control = zone->create_host("control", "1Gf")->seal();
  bench.node = zone->create_host("node", "1Gf")->seal();
  zone->seal();
  return bench;
}

struct Seen {
  int hooks = 0;
  bool killed = false;
  bool code_ran = false;
};

// At 10 s, after `yields` steps of the Engine, starts an actor on `node` whose code sleeps a second, and records what
// happens to it in `seen`.
void create_at_10(const Bench& bench, Seen& seen, int yields) {
  sg4::Actor::create("creator", bench.control, [&bench, &seen, yields] {
    sg4::this_actor::sleep_until(10);
    for (int i = 0; i < yields; ++i)
      sg4::this_actor::yield();
    drsim::start_actor(
        "worker", bench.node,
        [&seen] {
          seen.code_ran = true;
          sg4::this_actor::sleep_for(1);
        },
        [&seen](bool killed) {
          ++seen.hooks;
          seen.killed = killed;
        });
  });
}

// At 10 s, turns `node` off.
void turn_off_at_10(const Bench& bench) {
  sg4::Actor::create("fault", bench.control, [&bench] {
    sg4::this_actor::sleep_until(10);
    bench.node->turn_off();
  });
}

} // namespace

TEST_CASE("an actor that ends in its first run has its exit hook run", "[model][actors]") {
  // The code returns without a call into SimGrid, as a batch towards a host that is down does: it ends in the step
  // after its creation, before the Engine handles its creator's next call.
  const auto b = bench();
  int hooks = 0;
  sg4::Actor::create("creator", b.control, [&b, &hooks] {
    drsim::start_actor(
        "worker", b.node, [] {}, [&hooks](bool) { ++hooks; });
    sg4::this_actor::sleep_for(1);
  });
  b.engine->run();
  CHECK(hooks == 1);
}

// Both wake at 10 s, the fault first: the Engine handles the calls of that step in the order the actors ran, so it
// creates the actor and then the fault kills it before it ever ran. Such an actor would wait forever in its first
// call into SimGrid, its hook never run.
TEST_CASE("an actor killed in the step of its creation ends with its hook run", "[model][actors]") {
  const auto b = bench();
  Seen seen;
  turn_off_at_10(b);
  create_at_10(b, seen, 0);
  b.engine->run();
  CHECK(seen.hooks == 1);
  CHECK(seen.killed);
  CHECK_FALSE(seen.code_ran);
  // Nothing is left waiting for an answer that never comes.
  CHECK(b.engine->get_actor_count() == 0);
}

// The creator a step later: the host is already off when the creation comes, where SimGrid would abort the process on
// starting an actor.
TEST_CASE("an actor created on a host a fault turned off has its hook run at once", "[model][actors]") {
  const auto b = bench();
  Seen seen;
  turn_off_at_10(b);
  create_at_10(b, seen, 1);
  b.engine->run();
  CHECK(seen.hooks == 1);
  CHECK(seen.killed);
  CHECK_FALSE(seen.code_ran);
  CHECK(b.engine->get_actor_count() == 0);
}
