#include "sim/engine/faults.hpp"

#include <algorithm>

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>

#include "models/backup.hpp"
#include "models/database.hpp"
#include "models/fleet.hpp"
#include "models/load_balancer.hpp"
#include "models/queue.hpp"
#include "models/world.hpp"

namespace sg4 = simgrid::s4u;

namespace drsim {

bool starts_outages(FaultKind kind) {
  return kind != FaultKind::BackupFailure && kind != FaultKind::CapacityShortage && kind != FaultKind::StepUnreachable;
}

bool FaultInjector::step_unreachable(const std::string& step_id) const { return unreachable_steps_.contains(step_id); }

FaultInjector::FaultInjector(World& world, std::vector<ScheduledFault> faults)
    : world_(world), faults_(std::move(faults)) {
  for (const auto& scheduled : faults_)
    remaining_ += 1 + scheduled.duration.has_value() + scheduled.detection.has_value();
}

std::optional<double> FaultInjector::outage_onset() const {
  std::optional<double> first;
  for (const auto& scheduled : faults_) {
    if (!starts_outages(scheduled.fault->kind) || scheduled.onset >= world_.horizon())
      continue;
    if (!first || scheduled.onset < *first)
      first = scheduled.onset;
  }
  return first;
}

void FaultInjector::inject(const Fault& fault, std::optional<double> duration) {
  const auto& injected = injected_.emplace_back(fault);
  const std::size_t index = faults_.size();
  faults_.push_back({&injected, world_.now(), duration, std::nullopt});
  if (starts_outages(fault.kind) && world_.now() < world_.steady_state_end())
    world_.set_steady_state_end(world_.now());
  apply(index, true);
  world_.changed();
  if (!duration)
    return;
  ++remaining_;
  sg4::Actor::create("injected-fault", world_.platform().global_host(), [this, index, end = world_.now() + *duration] {
    if (end < world_.horizon()) {
      sg4::this_actor::sleep_until(world_.to_clock(end));
      apply(index, false);
    }
    --remaining_;
    world_.changed();
  });
}

void FaultInjector::start() {
  sg4::Actor::create("faults", world_.platform().global_host(), [this] { run(); });
}

void FaultInjector::run() {
  enum class What { Begin, End, Detection };
  struct Event {
    double time;
    std::size_t fault;
    What what;
  };
  std::vector<Event> events;
  for (std::size_t i = 0; i < faults_.size(); ++i) {
    events.push_back({faults_[i].onset, i, What::Begin});
    if (faults_[i].duration)
      events.push_back({faults_[i].onset + *faults_[i].duration, i, What::End});
    if (faults_[i].detection)
      events.push_back({faults_[i].onset + *faults_[i].detection, i, What::Detection});
  }
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.time < b.time; });
  for (const auto& event : events) {
    // What falls past the horizon never happens: it is no longer awaited.
    if (event.time >= world_.horizon()) {
      --remaining_;
      continue;
    }
    sg4::this_actor::sleep_until(world_.to_clock(event.time));
    if (event.what == What::Detection)
      world_.database(faults_[event.fault].fault->target).detect_corruption();
    else
      apply(event.fault, event.what == What::Begin);
    --remaining_;
    world_.changed();
  }
}

bool FaultInjector::hold_down(sg4::Host* host, bool begin) {
  int& holds = hosts_down_[host];
  holds = std::max(0, holds + (begin ? 1 : -1));
  if (begin && host->is_on()) {
    host->turn_off();
    world_.platform_changed();
  }
  if (!begin && holds == 0 && !host->is_on()) {
    host->turn_on();
    world_.platform_changed();
    return true;
  }
  return false;
}

bool FaultInjector::hold_down(const std::vector<sg4::Host*>& hosts, bool begin) {
  bool returned = false;
  for (auto* host : hosts)
    returned |= hold_down(host, begin);
  return returned;
}

void FaultInjector::apply(std::size_t index, bool begin) {
  const Fault& fault = *faults_[index].fault;
  const auto& platform = world_.platform();
  bool hosts_returned = false;
  world_.log(begin ? EventKind::Fault : EventKind::FaultEnded, fault.target, name_of(fault.kind));
  switch (fault.kind) {
  case FaultKind::RegionOutage:
    hosts_returned = hold_down(platform.hosts_in_region(fault.target), begin);
    if (begin)
      for (auto& fleet : world_.fleets())
        fleet->lose_azs(world_.topology().find_region(fault.target)->azs);
    else if (platform.regional_host(fault.target)->is_on())
      world_.restart_region(fault.target);
    break;
  case FaultKind::AzOutage:
    hosts_returned = hold_down(platform.hosts_in_az(fault.target), begin);
    if (begin)
      for (auto& fleet : world_.fleets())
        fleet->lose_azs({fault.target});
    break;
  case FaultKind::NetworkPartition:
    for (auto* link : platform.links_between(fault.target, fault.peer)) {
      int& holds = links_down_[link];
      holds = std::max(0, holds + (begin ? 1 : -1));
      if (begin && link->is_on())
        link->turn_off();
      else if (!begin && holds == 0 && !link->is_on())
        link->turn_on();
      world_.platform_changed();
    }
    break;
  case FaultKind::InstanceLoss:
    if (begin)
      world_.fleet(fault.target).lose_instances(fault.region, fault.count);
    break;
  case FaultKind::InstanceFailure:
    world_.fleet(fault.target).impair(fault.region, fault.count, begin);
    break;
  case FaultKind::DatabaseFailure:
    if (begin)
      failed_writers_[index] = world_.database(fault.target).writer_host();
    if (failed_writers_.contains(index))
      hosts_returned = hold_down(failed_writers_.at(index), begin);
    break;
  case FaultKind::DatabaseNodeFailure:
    if (auto* host = world_.database(fault.target).node_host(fault.peer))
      hosts_returned = hold_down(host, begin);
    break;
  case FaultKind::DataCorruption:
    if (begin)
      world_.database(fault.target).corrupt(false, faults_[index].detection.has_value());
    break;
  case FaultKind::Ransomware:
    if (begin) {
      world_.database(fault.target).corrupt(true);
      for (auto& backup : world_.backups())
        if (backup->params().source == fault.target)
          backup->destroy_unvaulted();
    }
    break;
  case FaultKind::BackupFailure:
    world_.backup(fault.target).set_failing(begin);
    break;
  case FaultKind::CapacityShortage:
    for (auto& fleet : world_.fleets())
      fleet->set_capacity_short(fault.target, begin);
    break;
  case FaultKind::StepUnreachable:
    if (begin)
      ++unreachable_steps_[fault.target];
    else if (--unreachable_steps_[fault.target] == 0)
      unreachable_steps_.erase(fault.target);
    break;
  case FaultKind::LoadBalancerFailure:
    world_.load_balancer(fault.target).disrupt(begin);
    break;
  case FaultKind::QueueFailure:
    world_.queue(fault.target).fail(fault.region, begin);
    break;
  case FaultKind::Blip:
    for (auto& lb : world_.load_balancers())
      if (lb->params().region == fault.target)
        lb->disrupt(begin);
    break;
  case FaultKind::Invalid:
    break;
  }
  // The replication actors ran on the hosts that went down; a writer that is back ships again.
  if (hosts_returned)
    for (auto& db : world_.databases())
      db->resume_replication();
}

} // namespace drsim
