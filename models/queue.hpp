// A message queue (Amazon SQS): one copy per listed region, each a regional service spread over the region's AZs and
// independent of the others. A copy is up while its region is (an AZ outage leaves it running) and no failure holds
// it down; while it is down it fails every request sent to it, so the fleets of its region that depend on it fail
// theirs.
#pragma once

#include <string>
#include <vector>

#include <simgrid/forward.h>

#include "sim/core/topology.hpp"

namespace drsim {

class World;

class QueueModel {
public:
  QueueModel(World& world, const Queue& params);

  const Queue& params() const { return params_; }
  // The copy a fleet of the region whose regional host is `from` sends to is up; false where the queue has no copy.
  bool serves(const simgrid::s4u::Host* from) const;
  // A failure of the copy in `region` begins or ends; failures overlap, and the copy is back when the last ends.
  void fail(const std::string& region, bool begin);

private:
  struct Copy {
    simgrid::s4u::Host* host; //!< the regional services of its region, off while the region is out
    int failures = 0;
  };

  const Queue& params_;
  std::vector<Copy> copies_; //!< in the order of params_.regions
};

} // namespace drsim
