// The side-by-side table of `drsim compare`, sized for an 80-column terminal, and for a long-run scenario a second
// one with its long-run figures.
#pragma once

#include <iosfwd>

#include "sim/measure/report.hpp"

namespace drsim {

void write_compare_text(std::ostream& out, const Report& report);

} // namespace drsim
