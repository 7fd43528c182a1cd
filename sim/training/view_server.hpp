// The HTTP server of a session's browser view (`drsim train --serve HOST:PORT`), on a thread of its own:
//   GET /         the page (view_page: one HTML document, its style and script inline)
//   GET /state    the view's state as JSON, which the page polls
//   POST /command a command (the body, plain text); the answer is what the session showed applying it
// It reads and writes only the ViewState; the simulation stays on the thread that runs it. There is no
// authentication: whoever reaches the address drives the session. But a browser is made to send a POST wherever a
// page of any site tells it to (cross-site request forgery), and to resolve that site's name to 127.0.0.1 (DNS
// rebinding): a command must name the view's address in `Host` and, when the browser says which page sent it, come
// from the view's own page (`Origin`).
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "sim/training/view_state.hpp"

namespace httplib {
class Server;
}

namespace drsim {

struct ServeAddress {
  std::string host;
  int port = 0;
};

// "HOST:PORT" ("[::1]:PORT" for an IPv6 address); throws UsageError saying what to give instead.
ServeAddress parse_serve_address(const std::string& text);

// Why a POST /command with these headers is refused (403) by a view bound at `bound`; "" when it is taken.
std::string refusal_of_command(const ServeAddress& bound, const std::string& host_header,
                               const std::optional<std::string>& origin_header);

class ViewServer {
public:
  // Binds at once, so that an address in use or not of this machine is refused (UsageError) before any drill.
  ViewServer(ViewState& view, const ServeAddress& address);
  ~ViewServer();
  ViewServer(const ViewServer&) = delete;
  ViewServer& operator=(const ViewServer&) = delete;

  void start(); //!< serves on its own thread until destroyed
  std::string url() const;

private:
  ServeAddress address_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::atomic<bool> stopped_ = false; //!< the server's thread has stopped listening
};

} // namespace drsim
