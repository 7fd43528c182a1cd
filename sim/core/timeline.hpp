// What happened in a drill, in order: the events that reports show on the drill's timeline.
#pragma once

#include <string>

namespace drsim {

struct TimelineEvent {
  double time = 0;
  std::string kind;      //!< e.g. "fault", "health-check-failed", "promotion-done"
  std::string component;
  std::string detail;
};

} // namespace drsim
