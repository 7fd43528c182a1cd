#include "sim/training/view_server.hpp"

#include <chrono>
#include <limits>

#include <arpa/inet.h>
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

std::string authority(const std::string& host, int port) {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

bool is_ip_address(const std::string& host) {
  unsigned char bytes[sizeof(in6_addr)];
  return ::inet_pton(AF_INET, host.c_str(), bytes) == 1 || ::inet_pton(AF_INET6, host.c_str(), bytes) == 1;
}

// A browser names in `Host` the authority it resolved. Bound to one address, only that one is ours; bound to every
// address of the machine (0.0.0.0, ::), any of them is, but a name is not: a name is what a page rebinds to reach
// us from another site.
bool is_our_authority(const ServeAddress& bound, const std::string& host_header) {
  if (host_header == authority(bound.host, bound.port))
    return true;
  if (bound.host != "0.0.0.0" && bound.host != "::")
    return false;
  const auto colon = host_header.rfind(':');
  if (colon == std::string::npos || host_header.substr(colon + 1) != std::to_string(bound.port))
    return false;
  auto host = host_header.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return is_ip_address(host);
}

} // namespace

std::string refusal_of_command(const ServeAddress& bound, const std::string& host_header,
                               const std::optional<std::string>& origin_header) {
  const auto ours = "http://" + authority(bound.host, bound.port);
  if (!is_our_authority(bound, host_header))
    return "refused: the request names the host " + in_quotes(host_header) + ", not this session's view at " + ours +
           " (a page of another site may not drive the session); send commands from " + ours + "/";
  if (origin_header && *origin_header != "http://" + host_header)
    return "refused: the command comes from a page of " + in_quotes(*origin_header) + ", not from the view at http://" +
           host_header + " (a page of another site may not drive the session); send commands from the view's page";
  return "";
}

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
  server_->Post("/command", [this, &view](const httplib::Request& request, httplib::Response& response) {
    const auto origin = request.has_header("Origin") ? std::optional(request.get_header_value("Origin")) : std::nullopt;
    if (const auto refusal = refusal_of_command(address_, request.get_header_value("Host"), origin); !refusal.empty()) {
      response.status = 403;
      response.set_content(refusal, "text/plain; charset=utf-8");
      return;
    }
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

std::string ViewServer::url() const { return "http://" + authority(address_.host, address_.port) + "/"; }

} // namespace drsim
