// A report that reaches the engine: the layer check must refuse it.
#include "sim/engine/drill.hpp"
