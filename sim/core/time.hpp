// Drill times: seconds since a drill started, read from SimGrid's clock.
#pragma once

namespace drsim {

// Two moments closer than this are one moment. The platform sets SimGrid's timing precision (`surf/precision`,
// named `precision/timing` from SimGrid 3.34 on) to this value (models/shared/platform.cpp): the Engine ends a sleep
// or a transfer within it of its due time, so a model that compares a time read from the clock with one it computed
// needs this much slack, and can need no more.
inline constexpr double time_tolerance_s = 1e-6;

} // namespace drsim
