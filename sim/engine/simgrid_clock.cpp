#include "sim/engine/simgrid_clock.hpp"

#include <stdexcept>

#include <simgrid/s4u/Engine.hpp>

// SimGrid has no public API to set its clock back: s4u::Engine::get_clock() reads simgrid::kernel::EngineImpl::now_,
// a static member that is in no installed header and that only the kernel's main loop writes. Without a reset, drill
// times would be offsets from a clock that grows over the drills of a process, losing their last bits, and a drill's
// bytes would depend on how many drills ran before it. The public way out, an Engine per drill, is not one: SimGrid
// allows one Engine per process, so it would take a process and a new platform per drill (ARCHITECTURE.md). So this
// names the kernel's symbol, a plain double with static storage: setting it while nothing is pending changes
// nothing else. The top-level CMakeLists.txt accepts only the SimGrid versions this was checked against; a version
// that renames the member fails to link, one that moves the clock elsewhere fails the check below and the model
// test tests/model/simgrid_clock_test.cpp.
extern double simgrid_kernel_clock asm("_ZN7simgrid6kernel10EngineImpl4now_E");

namespace drsim {

void reset_simgrid_clock() {
  simgrid_kernel_clock = 0;
  if (simgrid::s4u::Engine::get_clock() != 0)
    throw std::logic_error("SimGrid's clock did not go back to 0: check sim/engine/simgrid_clock.cpp against the "
                           "installed SimGrid");
}

} // namespace drsim
