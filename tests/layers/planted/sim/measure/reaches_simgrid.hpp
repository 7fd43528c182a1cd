// Measurement that reaches SimGrid: the layer check must refuse it.
#include <simgrid/s4u/Engine.hpp>
