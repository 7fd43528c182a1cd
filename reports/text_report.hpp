// Plain-text reports for a terminal.
#pragma once

#include <iosfwd>

#include "sim/measure/report.hpp"

namespace drsim {

// One drill per strategy: its timeline on simulated time, then what was measured.
void write_run_text(std::ostream& out, const Report& report);

} // namespace drsim
