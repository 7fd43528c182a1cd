// ThresholdFlag and next_probe_time: the two pieces every checker (Route 53, ALB targets), resolver cache and
// replication schedule is built on. A verdict flips after `threshold` consecutive disagreeing probes; probes
// fall on a fixed schedule phase + k * interval.

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "models/shared/health_check.hpp"
#include "sim/core/time.hpp"

using drsim::next_probe_time;
using drsim::ThresholdFlag;

namespace {
constexpr double never = -std::numeric_limits<double>::infinity();
}

TEST_CASE("a healthy verdict flips after the unhealthy threshold of consecutive failed probes", "[health-check]") {
  ThresholdFlag flag(true, 3, 5);
  CHECK(flag.healthy());
  CHECK(flag.settled(true));
  CHECK_FALSE(flag.settled(false));
  CHECK_FALSE(flag.observe(false));
  CHECK_FALSE(flag.observe(false));
  CHECK(flag.observe(false)); // the third
  CHECK_FALSE(flag.healthy());
  CHECK(flag.settled(false));
  CHECK_FALSE(flag.observe(false)); // agreeing probes change nothing
}

TEST_CASE("an unhealthy verdict needs the healthy threshold of passing probes", "[health-check]") {
  ThresholdFlag flag(false, 2, 5);
  for (int i = 0; i < 4; ++i)
    CHECK_FALSE(flag.observe(true));
  CHECK(flag.observe(true)); // the fifth
  CHECK(flag.healthy());
  // Back to unhealthy with the other threshold.
  CHECK_FALSE(flag.observe(false));
  CHECK(flag.observe(false));
  CHECK_FALSE(flag.healthy());
}

TEST_CASE("an agreeing probe resets the streak", "[health-check]") {
  ThresholdFlag flag(true, 3, 3);
  CHECK_FALSE(flag.observe(false));
  CHECK_FALSE(flag.observe(false));
  CHECK_FALSE(flag.observe(true)); // the streak starts again
  CHECK_FALSE(flag.observe(false));
  CHECK_FALSE(flag.observe(false));
  CHECK(flag.healthy());
  CHECK(flag.observe(false));
  CHECK_FALSE(flag.healthy());
}

TEST_CASE("a threshold of one flips on the first disagreeing probe", "[health-check]") {
  ThresholdFlag flag(true, 1, 1);
  CHECK(flag.observe(false));
  CHECK(flag.observe(true));
  CHECK(flag.healthy());
}

TEST_CASE("the next probe is the first schedule instant at or after a time", "[health-check]") {
  // Schedule 3 + 10 k.
  CHECK(next_probe_time(3, 10, 25, never) == 33);
  CHECK(next_probe_time(3, 10, 23, never) == 23); // on the schedule: now
  CHECK(next_probe_time(3, 10, 0, never) == 3);
  CHECK(next_probe_time(3, 10, -15, never) == -7); // drill times before 0 follow the same schedule
  CHECK(next_probe_time(0, 30, 600, never) == 600);
  // Within the Engine's timing precision of an instant counts as that instant.
  CHECK(next_probe_time(3, 10, 23 + 1e-12, never) == Approx(23).margin(1e-9));
  CHECK(next_probe_time(3, 10, 23 - 1e-12, never) == Approx(23).margin(1e-9));
  CHECK(next_probe_time(3, 10, 23 + drsim::time_tolerance_s / 2, never) == Approx(23).margin(1e-9));
  CHECK(next_probe_time(3, 10, 23 + 2 * drsim::time_tolerance_s, never) == 33);
}

TEST_CASE("the next probe comes strictly after the last one", "[health-check]") {
  CHECK(next_probe_time(3, 10, 23, 23) == 33);
  CHECK(next_probe_time(3, 10, 23, 23 - 1e-12) == 33); // the same instant, as read back from the clock
  CHECK(next_probe_time(3, 10, 5, 43) == 53);          // a last probe ahead of `not_before` wins
  CHECK(next_probe_time(3, 10, 24, 13) == 33);
}

TEST_CASE("probe times stay on the schedule far into a long drill", "[health-check]") {
  // A year of 30 s probes: the schedule must not drift.
  const double year = 365 * 86400.0;
  const double t = next_probe_time(7.25, 30, year, never);
  CHECK(t >= year);
  CHECK(t < year + 30);
  CHECK(std::fmod(t - 7.25, 30) == Approx(0).margin(1e-6));
}
