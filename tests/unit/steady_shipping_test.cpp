// The closed form of steady periodic shipping (models/steady_shipping.hpp), against batches worked out by hand.

#include <catch2/catch.hpp>

#include "models/shared/steady_shipping.hpp"

using drsim::ShippingSchedule;

TEST_CASE("steady shipping: the newest batch that arrived by a moment") {
  // Batches leave at 0.25 + k and take 0.5 s; the schedule counts those leaving after 10.
  const ShippingSchedule schedule{0.25, 1, 0.5, 10};
  // At 12.0 the batch of 11.25 arrived (at 11.75); the one of 12.25 has not left.
  REQUIRE(schedule.last_arrived(12.0));
  CHECK(*schedule.last_arrived(12.0) == Approx(11.25));
  // At 12.7 the batch of 12.25 is still on its way (it arrives at 12.75).
  CHECK(*schedule.last_arrived(12.7) == Approx(11.25));
  CHECK(*schedule.last_arrived(12.75) == Approx(12.25));
  // Before the first batch of the schedule (10.25) arrives, nothing did.
  CHECK_FALSE(schedule.last_arrived(10.7));
  CHECK(*schedule.last_arrived(10.75) == Approx(10.25));
  CHECK(schedule.first_departure() == Approx(10.25));
}

TEST_CASE("steady shipping: a batch that left exactly at the start of the schedule belongs to the period before") {
  // A schedule recorded at 10.25, a departure instant: that batch was shipped (or lost) before; the next is 11.25.
  const ShippingSchedule schedule{0.25, 1, 0.1, 10.25};
  CHECK(schedule.first_departure() == Approx(11.25));
  CHECK_FALSE(schedule.last_arrived(11.3));
  CHECK(*schedule.last_arrived(11.35) == Approx(11.25));
}

TEST_CASE("steady shipping: only a continuing period takes over the batches in flight") {
  // Recorded at 20.5 with batches of 0.25 + k taking 0.5 s: the one that left at 20.25 is in flight.
  const auto continuing = drsim::schedule_from(20.5, 0.25, 1, 0.5, true);
  CHECK(*continuing.last_arrived(20.75) == Approx(20.25));
  // A new actor shipped nothing at 20.25: its first batch leaves at 21.25.
  const auto fresh = drsim::schedule_from(20.5, 0.25, 1, 0.5, false);
  CHECK_FALSE(fresh.last_arrived(20.75));
  CHECK(fresh.first_departure() == Approx(21.25));
}
