#include "models/client.hpp"

#include <functional>
#include <limits>
#include <map>
#include <queue>
#include <utility>

#include <boost/random/uniform_01.hpp>
#include <fmt/format.h>
#include <simgrid/s4u/Actor.hpp>

#include "models/dns.hpp"
#include "models/load_balancer.hpp"
#include "models/shared/health_check.hpp"
#include "models/world.hpp"
#include "sim/core/time.hpp"

namespace drsim {
namespace {

// "alb-east", or "alb-east (33.3 %) + alb-west (66.7 %)" for an answer split by weights.
std::string text_of(const DnsAnswer& answer) {
  if (answer.size() == 1)
    return answer.front().load_balancer->params().name;
  std::string text;
  for (const auto& [load_balancer, share] : answer)
    text += fmt::format("{}{} ({:.3g} %)", text.empty() ? "" : " + ", load_balancer->params().name, share * 100);
  return text;
}

} // namespace

ClientModel::ClientModel(World& world, const ClientPopulation& params, std::size_t index)
    : world_(world), params_(params), index_(index), host_(world.platform().location_host(params.location)),
      record_(world.dns(params.dns_record)) {
  const double ttl = world.topology().find_dns_record(params.dns_record)->ttl_s;
  boost::random::uniform_01<double> uniform;
  const auto answer = record_.answer(host_);
  for (int i = 0; i < params.resolvers; ++i)
    resolvers_.push_back({uniform(world.rng()) * ttl, answer, std::nullopt});
}

double ClientModel::refresh() {
  const double ttl = record_.params().ttl_s;
  const double now = world_.now();
  bool moved = false;
  double next_wake = world_.horizon();
  const auto answer = record_.answer(host_);
  for (auto& resolver : resolvers_) {
    if (answer == resolver.cached) {
      resolver.diverged_since.reset();
      continue;
    }
    if (!resolver.diverged_since)
      resolver.diverged_since = now;
    const double refresh = ttl <= 0 ? now
                                    : next_probe_time(resolver.phase, ttl, *resolver.diverged_since,
                                                      -std::numeric_limits<double>::infinity());
    if (refresh <= now + time_tolerance_s) {
      resolver.cached = answer;
      resolver.diverged_since.reset();
      moved = true;
    } else {
      next_wake = std::min(next_wake, refresh);
    }
  }
  if (moved) {
    std::map<std::string, int> per_answer;
    for (const auto& resolver : resolvers_)
      ++per_answer[text_of(resolver.cached)];
    std::string detail = "resolver caches now send";
    for (const auto& [text, count] : per_answer)
      detail += fmt::format(" {}/{} to {}", count, resolvers_.size(), text);
    world_.log(EventKind::DnsCacheRefreshed, params_.name, detail);
    world_.changed(*this);
  }
  return next_wake;
}

void ResolverGroup::start() {
  simgrid::s4u::Actor::create("clients:" + populations_.front()->params().name, host(), [this] { run(); });
}

void ResolverGroup::run() {
  const auto& record = populations_.front()->record();
  // (when, population): the next refresh of each population that has a cache to move, soonest first.
  using Due = std::pair<double, std::size_t>;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> due;
  auto look_at_all = [&] {
    due = {};
    for (std::size_t p = 0; p < populations_.size(); ++p)
      due.emplace(populations_[p]->refresh(), p);
  };
  std::uint64_t seen = record.version();
  look_at_all();
  while (true) {
    world_.wait_for_change(due.top().first);
    if (record.version() != seen) {
      seen = record.version();
      look_at_all();
      continue;
    }
    // A population with nothing to refresh is due at the horizon, which ends the drill.
    while (due.top().first < world_.horizon() && due.top().first <= world_.now() + time_tolerance_s) {
      const auto p = due.top().second;
      due.pop();
      due.emplace(populations_[p]->refresh(), p);
    }
  }
}

} // namespace drsim
