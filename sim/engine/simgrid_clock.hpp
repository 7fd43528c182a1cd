// SimGrid's clock, set back to 0 between the drills that one Engine runs (ARCHITECTURE.md, "Many drills, one
// Engine, deterministic bytes").
#pragma once

namespace drsim {

// Sets the Engine's clock back to 0, so that a drill's times do not depend on the drills its process ran before.
// Only between drills: no actor alive, no activity or timer pending. Throws std::logic_error when the clock did not
// move, which means the installed SimGrid keeps its clock elsewhere than where this code was checked to find it.
void reset_simgrid_clock();

} // namespace drsim
