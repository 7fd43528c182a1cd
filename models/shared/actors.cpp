#include "models/shared/actors.hpp"

#include <utility>

#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Host.hpp>

namespace sg4 = simgrid::s4u;

namespace drsim {

void start_actor(const std::string& name, sg4::Host* host, std::function<void()> code,
                 std::function<void(bool killed)> on_exit) {
  // The hook goes on before the actor starts, so nothing the actor does can end it first.
  auto actor = sg4::Actor::init(name, host);
  actor->on_exit(on_exit);
  try {
    // An actor killed before its first run still runs up to its first call into SimGrid, which then never returns,
    // and its hooks never run: the host it finds off at its start means it was killed, so it ends there instead.
    actor->start([code = std::move(code)] {
      if (sg4::this_actor::get_host()->is_on())
        code();
    });
  } catch (const simgrid::HostFailureException&) {
    // The host went off between the creation and the start: the actor never ran.
    on_exit(true);
  }
}

} // namespace drsim
