// Escaping text for the XML and HTML writers.
#pragma once

#include <string>

namespace drsim {

// Escaped for text, and for attribute values when `attribute` (where a raw line break would read as a space).
// XML 1.0 cannot carry most control characters, even escaped: they become '?'.
std::string escape_markup(const std::string& text, bool attribute = true);

} // namespace drsim
