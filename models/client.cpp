#include "models/client.hpp"

#include <limits>
#include <map>

#include <boost/random/uniform_01.hpp>
#include <fmt/format.h>
#include <simgrid/s4u/Actor.hpp>

#include "models/dns.hpp"
#include "models/shared/health_check.hpp"
#include "models/world.hpp"
#include "sim/core/time.hpp"

namespace drsim {
namespace {

// "alb-east", or "alb-east (33.3 %) + alb-west (66.7 %)" for an answer split by weights.
std::string text_of(const DnsAnswer& answer) {
  if (answer.size() == 1)
    return answer.front().target;
  std::string text;
  for (const auto& [target, share] : answer)
    text += fmt::format("{}{} ({:.3g} %)", text.empty() ? "" : " + ", target, share * 100);
  return text;
}

} // namespace

ClientModel::ClientModel(World& world, const ClientPopulation& params)
    : world_(world), params_(params), host_(world.platform().location_host(params.location)) {
  const double ttl = world.topology().find_dns_record(params.dns_record)->ttl_s;
  boost::random::uniform_01<double> uniform;
  const auto answer = world.dns(params.dns_record).answer(host_);
  for (int i = 0; i < params.resolvers; ++i)
    resolvers_.push_back({uniform(world.rng()) * ttl, answer, std::nullopt});
}

void ClientModel::start() {
  simgrid::s4u::Actor::create("clients:" + params_.name, host_, [this] { run(); });
}

void ClientModel::run() {
  auto& record = world_.dns(params_.dns_record);
  const double ttl = record.params().ttl_s;
  while (true) {
    const double now = world_.now();
    bool moved = false;
    double next_wake = world_.horizon();
    const auto answer = record.answer(host_);
    for (auto& resolver : resolvers_) {
      if (answer == resolver.cached) {
        resolver.diverged_since.reset();
        continue;
      }
      if (!resolver.diverged_since)
        resolver.diverged_since = now;
      const double refresh =
          ttl <= 0 ? now : next_probe_time(resolver.phase, ttl, *resolver.diverged_since, -std::numeric_limits<double>::infinity());
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
      world_.changed();
    }
    world_.wait_for_change(next_wake);
  }
}

} // namespace drsim
