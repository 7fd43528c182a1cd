#include "sim/engine/drill.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>
#include <malloc.h>

#include <simgrid/s4u/Activity.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

#include "models/database.hpp"
#include "models/object_store.hpp"
#include "models/shared/platform.hpp"
#include "sim/engine/failure_schedule.hpp"
#include "sim/engine/faults.hpp"
#include "sim/engine/runbook.hpp"
#include "sim/engine/simgrid_clock.hpp"

namespace sg4 = simgrid::s4u;

namespace drsim {
namespace {

// With SimGrid's default contexts the stacks come from the heap, not from mappings of their own, and each drill frees
// and allocates them again: glibc gives the heap's free top back to the system past its trim threshold (128 KiB to
// begin with), so every drill mapped its stacks' pages afresh and faulted on each of them (a fifth of the shop's
// region-loss drill went to the kernel). The heap's peak stays what it was; its free top is kept for the next drill.
// Fixing the trim threshold stops glibc from raising its mmap threshold as it goes, so that is fixed too, at the most
// glibc would raise it to (32 MiB on 64-bit systems): large blocks come from the heap as before instead of a mapping
// each. A process-wide setting, the same each time it is made; other C libraries, and AddressSanitizer's allocator,
// have their own ways.
void keep_the_heap() {
#ifdef __GLIBC__
  constexpr int kept_free_heap_B = 64 << 20;
  constexpr int largest_heap_block_B = 32 << 20;
  mallopt(M_TRIM_THRESHOLD, kept_free_heap_B);
  mallopt(M_MMAP_THRESHOLD, largest_heap_block_B);
#endif
}

// SimGrid reads its options from argv; the program's own argv is never handed over (it would eat --help).
// Actor stacks: every actor gets one, allocated and zeroed (calloc) when it is created, so a stack's size is paid on
// every actor of every drill. SimGrid's default, 8 MiB behind a protected guard page, costs two memory-map changes per
// actor; 256 KiB without a guard page still spent a fifth of a drill's CPU zeroing stacks. 32 KiB without a guard
// page is twice what every test and shipped scenario needs: the `ci` build (DRSIM_CHECK_ACTOR_STACKS) runs the whole
// suite, the mutants included, on 16 KiB stacks behind guard pages, where an actor outgrowing its stack crashes its
// test instead of overwriting memory.
// A sanitizer build (DRSIM_SANITIZE, which defines DRSIM_SIMGRID_THREAD_CONTEXTS) runs each actor on a thread of its
// own: SimGrid's default contexts switch stacks behind AddressSanitizer's back, which then reports stack accesses that
// are not errors. Threads are slower, and give the same figures.
std::unique_ptr<sg4::Engine> make_engine() {
  keep_the_heap();
  static char name[] = "drsim";
  static char quiet[] = "--log=root.thres:critical";
#ifdef DRSIM_CHECK_ACTOR_STACKS
  static char stack_size[] = "--cfg=contexts/stack-size:16";
  static char guard[] = "--cfg=contexts/guard-size:1";
#else
  static char stack_size[] = "--cfg=contexts/stack-size:32";
  static char guard[] = "--cfg=contexts/guard-size:0";
#endif
#ifdef DRSIM_SIMGRID_THREAD_CONTEXTS
  static char threads[] = "--cfg=contexts/factory:thread";
  static char* argv[] = {name, quiet, stack_size, guard, threads, nullptr};
#else
  static char* argv[] = {name, quiet, stack_size, guard, nullptr};
#endif
  int argc = static_cast<int>(std::size(argv)) - 1;
  return std::make_unique<sg4::Engine>(&argc, argv);
}

// The faults of a drill as the measurement sees them: the outages they start, and the causes it lists.
std::vector<FaultWindow> fault_windows(const std::vector<ScheduledFault>& scheduled) {
  std::vector<FaultWindow> windows;
  for (const auto& [fault, onset, duration, detection] : scheduled) {
    std::string name = fmt::format("{} {}", name_of(fault->kind), fault->target);
    for (const auto* detail : {&fault->peer, &fault->region})
      if (!detail->empty())
        name += " " + *detail;
    // A silent corruption hurts the clients only once it is found: it can begin the outage that starts then.
    std::optional<double> end;
    if (duration)
      end = onset + std::max(*duration, detection.value_or(0));
    windows.push_back({onset, end, std::move(name), starts_outages(fault->kind)});
  }
  return windows;
}

std::vector<const Topology*> variants(const Scenario& scenario) {
  std::vector<const Topology*> topologies{&scenario.topology};
  for (const auto& strategy : scenario.strategies)
    topologies.push_back(&strategy.topology);
  return topologies;
}

} // namespace

DrillRunner::DrillRunner(const Scenario& scenario)
    : scenario_(scenario), engine_(make_engine()), platform_(std::make_unique<Platform>(variants(scenario))) {
  sg4::Engine::on_time_advance_cb([this](double) {
    ++engine_steps_;
    if (clock_ && running_)
      clock_(running_->name, std::min(sg4::Engine::get_clock() - clock_origin_, scenario_.horizon_s),
             scenario_.horizon_s);
  });
  sg4::Actor::on_wake_up_cb([this](const sg4::Actor&) { ++wake_ups_; });
  sg4::Activity::on_completion_cb([this](const sg4::Activity&) { ++wake_ups_; });
}

DrillRunner::~DrillRunner() = default;

DrillResult DrillRunner::run(const Strategy& strategy, std::uint64_t seed, Participant* participant) {
  reset_simgrid_clock();
  engine_steps_ = 0;
  wake_ups_ = 0;
  platform_->configure(strategy.topology);
  // Fault times draw from their own stream, so changing a model's parameters never moves the fault.
  Rng fault_rng(derive_seed(seed, 1, 0));
  std::vector<ScheduledFault> scheduled;
  for (const auto& fault : scenario_.faults) {
    const double onset = fault.onset.sample(fault_rng);
    std::optional<double> duration;
    if (fault.duration)
      duration = fault.duration->sample(fault_rng);
    std::optional<double> detection;
    if (fault.detection)
      detection = fault.detection->sample(fault_rng);
    scheduled.push_back({&fault, onset, duration, detection});
  }
  // A long run's failures draw from the same stream, after the written faults.
  const auto drawn = draw_failures(scenario_, strategy.topology, fault_rng);
  for (const auto& fault : drawn)
    scheduled.push_back({&fault, fault.onset.mean(), fault.duration->mean(), std::nullopt});

  DrillResult result;
  result.strategy = strategy.name;
  result.seed = seed;
  {
    World world(strategy.topology, *platform_, scenario_.horizon_s, derive_seed(seed, 2, 0));
    FaultInjector faults(world, scheduled);
    // A drill whose faults all fall after the horizon (onsets drawn from a distribution) has no outage to measure.
    const auto onset = faults.outage_onset();
    RunbookExecutor runbook(world, strategy.runbook, faults, onset.value_or(scenario_.horizon_s),
                            participant ? participant->takes_over(strategy.runbook) : std::vector<bool>{});
    result.fault_onset = onset.value_or(scenario_.horizon_s);
    world.set_steady_state_end(result.fault_onset);
    running_ = &strategy;
    clock_origin_ = world.to_clock(0);
    if (clock_)
      clock_(strategy.name, 0, scenario_.horizon_s);
    world.start();
    faults.start();
    runbook.start();
    if (participant)
      participant->start(world, result.fault_onset, faults);

    // Stops the drill once nothing can change the clients' outcomes any more, so that a 24-hour horizon does not
    // cost a day of background replication events. The check runs a millisecond after each change, when
    // every actor woken at that instant has settled into its next wait.
    double end = scenario_.horizon_s;
    sg4::Actor::create("drill-controller", platform_->global_host(), [&] {
      while (world.now() < scenario_.horizon_s) {
        world.wait_for_change(scenario_.horizon_s);
        if (world.now() >= scenario_.horizon_s)
          break;
        sg4::this_actor::sleep_for(1e-3);
        world.meter_capacity();
        if (!faults.pending() && runbook.idle() && !world.busy()) {
          end = world.now();
          break;
        }
      }
      world.meter_capacity();
      world.end_steady_shipping();
      for (auto& db : world.databases())
        db->settle_losses();
      sg4::Actor::kill_all();
    });
    engine_->run_until(world.to_clock(scenario_.horizon_s + 1));
    running_ = nullptr;
    // A participant's injected fault may have begun the trouble.
    const auto struck = faults.outage_onset();
    if (struck && *struck < result.fault_onset)
      result.fault_onset = *struck;
    result.engine_steps = engine_steps_;
    result.wake_ups = wake_ups_ + world.wake_ups();
    result.end = std::min(end, scenario_.horizon_s);
    std::optional<FailbackWindow> failback;
    for (const auto& event : world.timeline()) {
      if (event.kind == EventKind::FailbackStarted)
        failback = FailbackWindow{event.time, std::nullopt};
      if (event.kind == EventKind::FailbackDone && failback)
        failback->end = event.time;
    }
    result.outages = find_outages(world.outcomes(), world.cuts(), fault_windows(faults.faults()), scenario_.recovery,
                                  scenario_.horizon_s, failback);
    if (failback) {
      result.failback =
          failback_figures(result.outages, world.cuts(), failback->start, failback->end, scenario_.horizon_s);
      auto instance_s = runbook.failback_instance_s();
      if (!instance_s && participant)
        instance_s = participant->failback_instance_s();
      result.failback->both_regions_instance_s =
          instance_s.value_or(world.extra_instance_seconds_since_steady_end(scenario_.horizon_s));
    }
    result.measurement = measure(world.outcomes(), result.outages, world.cuts(), result.fault_onset, scenario_.recovery,
                                 scenario_.horizon_s, failback);
    for (const auto& db : world.databases())
      result.measurement.conflict_lost_writes += db->conflict_lost_writes();
    if (!struck) {
      result.measurement.rto_s = 0;
      world.log(EventKind::NoOutage, "faults", "every fault that hurts clients or data was drawn after the horizon");
    }
    for (const auto& store : scenario_.topology.object_stores)
      if (auto* model = world.object_store(store.name))
        result.lost_objects += model->lost_objects();
    result.timeline = world.timeline();
    for (const auto& event : result.timeline)
      if ((event.kind == EventKind::Alarm || event.kind == EventKind::HealthCheckFailed) &&
          event.time >= result.fault_onset)
        result.first_detection = std::min(result.first_detection.value_or(event.time), event.time);
      else if (event.kind == EventKind::StepDone)
        result.step_done.emplace(event.component, event.time);
    result.steady_window_s = std::min(result.fault_onset, result.end);
    result.steady_transfer = world.steady_transfer();
    result.incident_transfer = world.incident_transfer();
    // What runs when the drill stops early keeps running to the horizon.
    result.extra_instance_s = world.extra_instance_seconds(scenario_.horizon_s);
    result.corrupt_requests = world.corrupt_requests(scenario_.horizon_s);
    for (const auto& event : result.timeline)
      if (event.kind == EventKind::RestoreDone)
        result.restored_database_s += std::max(0.0, scenario_.horizon_s - event.time);
    const auto& m = result.measurement;
    auto mark = [&](const std::optional<double>& time, EventKind kind, const char* detail) {
      if (time)
        result.timeline.push_back({*time, kind, "clients", detail});
    };
    mark(m.first_failure, EventKind::FirstFailedRequest, "a client population's success ratio fell below 100 %");
    mark(m.first_success, EventKind::FirstSuccess, "a client population's success ratio rose again");
    mark(m.recovered_at, EventKind::Recovered, "every population at or above the threshold for the whole window");
    std::stable_sort(result.timeline.begin(), result.timeline.end(),
                     [](const TimelineEvent& a, const TimelineEvent& b) { return a.time < b.time; });
    result.outcomes = world.outcomes();
  }
  platform_->restore_all();
  return result;
}

} // namespace drsim
