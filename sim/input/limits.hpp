// How many of each kind of thing drsim accepts in one input (the README's "Limits" table). Each limit is far above
// what a real design needs and low enough that a topology at every limit at once still validates in seconds and
// drills in minutes; beyond it, the list is refused with its JSON pointer and exit 2 rather than run for hours.
#pragma once

#include <cstddef>

namespace drsim::limits {

// Topology.
inline constexpr std::size_t regions = 50;
inline constexpr std::size_t azs_per_region = 10;
inline constexpr std::size_t locations = 100;
inline constexpr std::size_t links = 1000;
inline constexpr std::size_t client_populations = 100;
inline constexpr std::size_t dns_records = 100;
inline constexpr std::size_t endpoints_per_record = 100;
inline constexpr std::size_t load_balancers = 400;
inline constexpr std::size_t fleets = 200;
inline constexpr std::size_t databases = 100;
inline constexpr std::size_t replicas_per_database = 15;
inline constexpr std::size_t backups = 100;
inline constexpr std::size_t object_stores = 100;
inline constexpr std::size_t queues = 100;
// The sum of every fleet's `max` in one region: each instance is an actor of the simulation.
inline constexpr int instances_per_region = 100000;

// Scenario.
inline constexpr std::size_t faults = 100;
inline constexpr std::size_t random_failures = 100;
inline constexpr std::size_t common_cause_events = 100;
inline constexpr std::size_t strategies = 100;
inline constexpr std::size_t objectives = 1000;
inline constexpr std::size_t runbook_steps = 2000; // a preset writes a step per fleet and database

} // namespace drsim::limits
