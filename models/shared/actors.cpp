#include "models/shared/actors.hpp"

#include <utility>

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/simix.hpp>

namespace sg4 = simgrid::s4u;

namespace drsim {

void start_actor(const std::string& name, sg4::Host* host, std::function<void()> code,
                 std::function<void(bool killed)> on_exit) {
  // One step of the Engine, which no fault can interleave: SimGrid aborts the process when an actor starts on a host
  // that is off, and the hook goes on before the actor can run, so nothing the actor does can end it first.
  const bool started = simgrid::kernel::actor::simcall_answered([&] {
    if (!host->is_on())
      return false;
    auto actor = sg4::Actor::init(name, host);
    actor->on_exit(on_exit);
    // An actor killed before its first run still runs up to its first call into SimGrid, which then never returns,
    // and its hooks never run: the host it finds off at its start means it was killed, so it ends there instead.
    actor->start([code = std::move(code)] {
      if (sg4::this_actor::get_host()->is_on())
        code();
    });
    return true;
  });
  if (!started)
    on_exit(true);
}

} // namespace drsim
