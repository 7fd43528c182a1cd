// Actors whose end a model must learn of, however they end. SimGrid runs a new actor in the scheduling round after
// its creation, before it handles its creator's next call: an exit hook added after Actor::create can come too late,
// when the actor has already ended (its destination down, a transfer refused at once) and SimGrid has dropped its list
// of hooks, which the late hook then dereferences. And a fault can turn the host off between the creator's look at it
// and the creation, or between the creation and the actor's first run.
#pragma once

#include <functional>
#include <string>

#include <simgrid/forward.h>

namespace drsim {

// Starts an actor running `code` on `host`, and calls `on_exit(killed)` exactly once when it ends: when `code`
// returns, when the host goes off (`killed`), at the end of the drill, or at once when the host is off.
void start_actor(const std::string& name, simgrid::s4u::Host* host, std::function<void()> code,
                 std::function<void(bool killed)> on_exit);

} // namespace drsim
