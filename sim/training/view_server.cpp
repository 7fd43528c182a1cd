#include "sim/training/view_server.hpp"

#include <chrono>
#include <limits>

#include <sys/socket.h>

#include <httplib.h>

#include "sim/core/errors.hpp"
#include "sim/input/messages.hpp"
#include "sim/training/view_page.hpp"

namespace drsim {
namespace {

// How long a POST /command waits for the session to apply the command: the session takes a command within a
// quarter of a second of wall-clock time unless a drill step holds it.
constexpr auto answer_wait = std::chrono::seconds(10);

// A command is a line; anything longer is not one.
constexpr std::size_t max_command_bytes = 4096;

constexpr auto usage = "expected HOST:PORT, such as 127.0.0.1:8080";

} // namespace

ServeAddress parse_serve_address(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0)
    throw UsageError("--serve: " + in_quotes(text) + " is not an address; " + usage);
  ServeAddress address{text.substr(0, colon), 0};
  if (address.host.size() > 2 && address.host.front() == '[' && address.host.back() == ']')
    address.host = address.host.substr(1, address.host.size() - 2);
  else if (address.host.find(':') != std::string::npos)
    throw UsageError("--serve: " + in_quotes(text) + ": write an IPv6 address in brackets, such as [::1]:8080");
  const auto port = text.substr(colon + 1);
  long number = 0;
  for (const char c : port) {
    if (c < '0' || c > '9' || number > std::numeric_limits<int>::max() / 10) {
      number = -1;
      break;
    }
    number = number * 10 + (c - '0');
  }
  if (port.empty() || number < 1 || number > 65535)
    throw UsageError("--serve: the port " + in_quotes(port) + " is not a port number from 1 to 65535; " + usage);
  address.port = static_cast<int>(number);
  return address;
}

ViewServer::ViewServer(ViewState& view, const ServeAddress& address)
    : address_(address), server_(std::make_unique<httplib::Server>()) {
  // Each connection holds one of the server's few threads while it is kept alive, and every browser in the room
  // polls every second: one request a connection leaves none of them waiting for a thread.
  server_->set_keep_alive_max_count(1);
  // cpp-httplib's default adds SO_REUSEPORT, with which a second session could bind the same port and take half of
  // the room's requests: a port in use must be refused.
  server_->set_socket_options([](auto socket) {
    const int yes = 1;
    ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  server_->set_payload_max_length(max_command_bytes);
  server_->Get("/", [](const httplib::Request&, httplib::Response& response) {
    const auto page = view_page();
    response.set_content(page.data(), page.size(), "text/html; charset=utf-8");
  });
  server_->Get("/state", [&view](const httplib::Request&, httplib::Response& response) {
    response.set_header("Cache-Control", "no-store");
    response.set_content(view.json(), "application/json");
  });
  server_->Post("/command", [&view](const httplib::Request& request, httplib::Response& response) {
    auto answer = view.submit(request.body);
    if (answer.wait_for(answer_wait) == std::future_status::ready) {
      response.set_content(answer.get(), "text/plain; charset=utf-8");
    } else {
      response.status = 503;
      response.set_content("the session has not taken the command yet; it is queued", "text/plain; charset=utf-8");
    }
  });
  if (!server_->bind_to_port(address.host, address.port))
    throw UsageError("--serve: cannot listen on " + address.host + ":" + std::to_string(address.port) +
                     ": the port is in use or the host is not an address of this machine; choose another");
}

ViewServer::~ViewServer() {
  server_->stop();
  if (thread_.joinable())
    thread_.join();
}

void ViewServer::start() {
  thread_ = std::thread([this] {
    server_->listen_after_bind();
    stopped_ = true;
  });
  // A stop before the thread listens would be lost, and the join would wait for ever.
  while (!server_->is_running() && !stopped_)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

std::string ViewServer::url() const {
  const bool v6 = address_.host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + address_.host + "]" : address_.host) + ":" + std::to_string(address_.port) + "/";
}

} // namespace drsim
