#include "models/queue.hpp"

#include <algorithm>
#include <stdexcept>

#include <simgrid/s4u/Host.hpp>

#include "models/world.hpp"

namespace drsim {

QueueModel::QueueModel(World& world, const Queue& params) : params_(params) {
  for (const auto& region : params.regions)
    copies_.push_back({world.platform().regional_host(region)});
}

bool QueueModel::serves(const simgrid::s4u::Host* from) const {
  const auto copy = std::find_if(copies_.begin(), copies_.end(), [&](const Copy& c) { return c.host == from; });
  return copy != copies_.end() && copy->host->is_on() && copy->failures == 0;
}

void QueueModel::fail(const std::string& region, bool begin) {
  const auto found = std::find(params_.regions.begin(), params_.regions.end(), region);
  if (found == params_.regions.end())
    throw std::logic_error("queue '" + params_.name + "' has no copy in region '" + region + "'");
  int& failures = copies_[static_cast<std::size_t>(found - params_.regions.begin())].failures;
  failures = std::max(0, failures + (begin ? 1 : -1));
}

} // namespace drsim
