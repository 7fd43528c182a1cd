// Drill times: seconds since a drill started, as the Engine's clock tells them.
#pragma once

namespace drsim {

// Two moments closer than this are one moment. The platform sets SimGrid's timing precision (`surf/precision`, named
// `precision/timing` in later SimGrid versions) to this value (models/shared/platform.cpp): the Engine counts a sleep
// or a transfer as over once it is within this of its end, so a time read from the clock can be off by as much from
// the one a model computed for it.
inline constexpr double time_tolerance_s = 1e-6;

} // namespace drsim
