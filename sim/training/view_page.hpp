// The page of a session's browser view: one HTML document, its style and script inline and nothing fetched but the
// view's own /state and /command, so that it works on a room's network without the internet. Its script polls
// /state every second and draws the success-ratio chart (SVG), the alerts and the timeline from it.
#pragma once

#include <string_view>

namespace drsim {

std::string_view view_page();

} // namespace drsim
