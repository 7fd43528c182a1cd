#include "models/client.hpp"

#include <limits>
#include <map>

#include <boost/random/uniform_01.hpp>
#include <simgrid/s4u/Actor.hpp>

#include "models/dns.hpp"
#include "models/shared/health_check.hpp"
#include "models/world.hpp"
#include "sim/core/time.hpp"

namespace drsim {

ClientModel::ClientModel(World& world, const ClientPopulation& params)
    : world_(world), params_(params), host_(world.platform().location_host(params.location)) {
  const double ttl = world.topology().find_dns_record(params.dns_record)->ttl_s;
  boost::random::uniform_01<double> uniform;
  for (int i = 0; i < params.resolvers; ++i) {
    // Resolvers split the weights evenly (the i-th sits at the middle of its share); their cache phases are random.
    const double pick = (i + 0.5) / params.resolvers;
    resolvers_.push_back({pick, uniform(world.rng()) * ttl, "", std::nullopt});
  }
  auto& record = world.dns(params.dns_record);
  for (auto& resolver : resolvers_)
    resolver.cached = record.answer(resolver.pick, host_);
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
    for (auto& resolver : resolvers_) {
      const auto answer = record.answer(resolver.pick, host_);
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
        ++per_answer[resolver.cached];
      std::string detail = "resolver caches now send";
      for (const auto& [answer, count] : per_answer)
        detail.append(" ").append(std::to_string(count)).append("/").append(std::to_string(resolvers_.size()))
            .append(" to ").append(answer);
      world_.log(EventKind::DnsCacheRefreshed, params_.name, detail);
      world_.changed();
    }
    world_.wait_for_change(next_wake);
  }
}

} // namespace drsim
