// The browser view of a training session without a server or a simulation: the state the page polls, built from what
// the session shows and looks at; the page's commands queued for the session's console and answered by what the
// session showed applying them; and the --serve address.

#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <sstream>
#include <string>
#include <thread>

#include <httplib.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <unistd.h>

#include "sim/core/errors.hpp"
#include "sim/training/served_console.hpp"
#include "sim/training/view_server.hpp"
#include "sim/training/view_state.hpp"

using namespace drsim;

namespace {

ViewSetup shop() { return {"shop-region-loss", "pilot-light", 0.99, 86400}; }

SessionLook look_at(double now, double shoppers, const std::vector<Alert>* alerts = nullptr) {
  return {now, 600, 600, false, false, {{"shoppers", shoppers}, {"partners", 1.0}}, alerts};
}

nlohmann::json state_of(const ViewState& view) { return nlohmann::json::parse(view.json()); }

// A port of the loopback address that nothing listens on now.
int free_port() {
  const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  REQUIRE(::bind(probe, reinterpret_cast<sockaddr*>(&address), size) == 0);
  REQUIRE(::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &size) == 0);
  ::close(probe);
  return ntohs(address.sin_port);
}

std::string usage_error(const std::string& text) {
  try {
    parse_serve_address(text);
  } catch (const UsageError& error) {
    return error.what();
  }
  return "accepted";
}

} // namespace

TEST_CASE("the view's state holds each population's success ratio where it changed, the alerts and the screen lines") {
  ViewState view(shop());
  std::vector<Alert> alerts{{"shoppers-errors", "success ratio of shoppers at 0.0 %", 660, 700.5, std::nullopt}};
  view.looked(look_at(0, 1.0));
  view.looked(look_at(300, 1.0));
  view.looked(look_at(600, 0.0));
  view.shown(660, "ALERT shoppers-errors: success ratio of shoppers at 0.0 %");
  view.looked(look_at(700.5, 0.0, &alerts));
  const auto state = state_of(view);
  CHECK(state["scenario"] == "shop-region-loss");
  CHECK(state["strategy"] == "pilot-light");
  CHECK(state["threshold"] == 0.99);
  CHECK(state["now_s"] == 700.5);
  CHECK(state["clock"] == "00:11:40");
  CHECK(state["fault_onset_s"] == 600);
  CHECK(state["paused"] == false);
  CHECK(state["ended"] == false);
  CHECK(state["debrief"].is_null());
  REQUIRE(state["success"].size() == 2);
  CHECK(state["success"][0]["population"] == "shoppers");
  CHECK(state["success"][0]["steps"] == nlohmann::json::parse("[[0, 1.0], [600, 0.0]]"));
  CHECK(state["success"][1]["steps"] == nlohmann::json::parse("[[0, 1.0]]"));
  REQUIRE(state["alerts"].size() == 1);
  CHECK(state["alerts"][0]["name"] == "shoppers-errors");
  CHECK(state["alerts"][0]["fired_s"] == 660);
  CHECK(state["alerts"][0]["acknowledged_s"] == 700.5);
  CHECK(state["alerts"][0]["resolved_s"].is_null());
  REQUIRE(state["timeline"].size() == 1);
  CHECK(state["timeline"][0]["clock"] == "00:11:00");
  CHECK(state["timeline"][0]["text"] == "ALERT shoppers-errors: success ratio of shoppers at 0.0 %");

  view.finish("Game day debrief\n");
  const auto over = state_of(view);
  CHECK(over["ended"] == true);
  CHECK(over["debrief"] == "Game day debrief\n");
}

TEST_CASE("a command from the page is answered by what the session showed applying it, and by nothing else") {
  ViewState view(shop());
  CHECK_FALSE(view.next_command(0));
  view.screen_text("00:10:00  shown before any command\n");
  auto answer = view.submit("ack shoppers-errors");
  CHECK(answer.wait_for(std::chrono::seconds(0)) == std::future_status::timeout);
  CHECK(view.next_command(0) == "ack shoppers-errors");
  // What the drill did while the session waited for the command is shown once it came, before it is applied.
  view.screen_text("00:10:40  PromotionStarted orders-db: dr\n");
  view.looked(look_at(660, 0.0));
  view.answering();
  view.screen_text("00:11:00  acknowledged ");
  view.screen_text("shoppers-errors\n");
  view.looked(look_at(660, 0.0));
  CHECK(answer.wait_for(std::chrono::seconds(0)) == std::future_status::timeout);
  view.answered();
  REQUIRE(answer.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
  CHECK(answer.get() == "00:11:00  acknowledged shoppers-errors\n");
  view.screen_text("00:11:30  shown after the answer\n");

  // A command typed at the terminal meanwhile is no page command's answer.
  view.answering();
  view.screen_text("00:11:40  noted\n");
  view.answered();
  auto silent = view.submit("#");
  CHECK(view.next_command(0) == "#");
  view.answering();
  view.answered();
  CHECK(silent.get() == "(the session showed nothing)");
}

TEST_CASE("commands the session never took, and commands after the drill, are answered when the session ended") {
  ViewState view(shop());
  auto in_hand = view.submit("status");
  auto queued = view.submit("timeline");
  CHECK(view.next_command(0) == "status");
  view.answering();
  view.screen_text("Status at 00:20:00\n");
  view.looked({1200, 600, 60, false, true, {{"shoppers", 1.0}}, nullptr});
  view.looked({7200, 600, 60, false, true, {{"shoppers", 1.0}}, nullptr});
  view.finish("debrief");
  CHECK(in_hand.get() == "Status at 00:20:00\n");
  CHECK(queued.get() == "the session has ended at 00:20:00; the debrief is on the page");
  CHECK(view.submit("status").get() == "the session has ended at 00:20:00; the debrief is on the page");
  CHECK_FALSE(view.next_command(0));

  ViewState to_horizon(shop());
  to_horizon.looked(look_at(7200, 1.0));
  to_horizon.finish("debrief");
  CHECK(to_horizon.submit("status").get() == "the session has ended at 02:00:00; the debrief is on the page");
}

TEST_CASE("the served console waits for the page's command, shows it on the terminal, and gives up at its time") {
  ViewState view(shop());
  std::ostringstream terminal;
  ServedConsole console(view, nullptr, terminal);
  CHECK_FALSE(console.closed());
  const double before = console.wall_seconds();
  CHECK_FALSE(console.read_line(0.05));
  CHECK(console.wall_seconds() - before >= 0.04);

  auto sender = std::async(std::launch::async, [&view] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return view.submit("pause");
  });
  CHECK(console.read_line(10) == "pause");
  CHECK(terminal.str() == "(from the browser) pause\n");
  view.answering();
  view.answered();
  CHECK(sender.get().get() == "(the session showed nothing)");
}

TEST_CASE("the served screen writes to the terminal and to the view") {
  ViewState view(shop());
  std::ostringstream terminal;
  ServedScreen buffer(terminal, view);
  std::ostream screen(&buffer);
  auto answer = view.submit("status");
  REQUIRE(view.next_command(0));
  view.answering();
  screen << "Status at " << 12 << '\n' << std::flush;
  view.answered();
  CHECK(terminal.str() == "Status at 12\n");
  CHECK(answer.get() == "Status at 12\n");
}

TEST_CASE("the address of --serve is HOST:PORT, and a message says what to give instead of anything else") {
  const auto v4 = parse_serve_address("127.0.0.1:8080");
  CHECK(v4.host == "127.0.0.1");
  CHECK(v4.port == 8080);
  const auto v6 = parse_serve_address("[::1]:65535");
  CHECK(v6.host == "::1");
  CHECK(v6.port == 65535);
  CHECK(usage_error("8080") == "--serve: \"8080\" is not an address; expected HOST:PORT, such as 127.0.0.1:8080");
  CHECK(usage_error(":8080") == "--serve: \":8080\" is not an address; expected HOST:PORT, such as 127.0.0.1:8080");
  CHECK(usage_error("localhost:0") ==
        "--serve: the port \"0\" is not a port number from 1 to 65535; expected HOST:PORT, such as 127.0.0.1:8080");
  CHECK(usage_error("localhost:65536") ==
        "--serve: the port \"65536\" is not a port number from 1 to 65535; expected HOST:PORT, such as 127.0.0.1:8080");
  CHECK(usage_error("localhost:99999999999999999999").find("is not a port number") != std::string::npos);
  CHECK(usage_error("localhost:") ==
        "--serve: the port \"\" is not a port number from 1 to 65535; expected HOST:PORT, such as 127.0.0.1:8080");
  CHECK(usage_error("::1:8080") == "--serve: \"::1:8080\": write an IPv6 address in brackets, such as [::1]:8080");
}

TEST_CASE("the view's server takes a command from its own page, and refuses one from another site's or another name") {
  ViewState view(shop());
  const ServeAddress address{"127.0.0.1", free_port()};
  ViewServer server(view, address);
  server.start();
  httplib::Client client(address.host, address.port);
  const auto ours = "127.0.0.1:" + std::to_string(address.port);

  const auto forged = client.Post("/command", {{"Origin", "http://attacker.example"}}, "end", "text/plain");
  REQUIRE(forged);
  CHECK(forged->status == 403);
  CHECK(forged->body.find("refused: the command comes from a page of \"http://attacker.example\"") == 0);
  const auto rebound = client.Post("/command", {{"Host", "attacker.example:" + std::to_string(address.port)}},
                                   "inject region-outage us-east-1", "text/plain");
  REQUIRE(rebound);
  CHECK(rebound->status == 403);
  CHECK(rebound->body.find("refused: the request names the host \"attacker.example:") == 0);
  CHECK_FALSE(view.next_command(0));

  auto session = std::async(std::launch::async, [&view] {
    auto line = view.next_command(10);
    view.answering();
    view.screen_text("00:11:00  acknowledged shoppers-errors\n");
    view.answered();
    return line;
  });
  const auto own = client.Post("/command", {{"Origin", "http://" + ours}}, "ack shoppers-errors", "text/plain");
  REQUIRE(own);
  CHECK(own->status == 200);
  CHECK(own->body == "00:11:00  acknowledged shoppers-errors\n");
  CHECK(session.get() == "ack shoppers-errors");
}

TEST_CASE("a view bound to every address takes any of the machine's addresses in Host, but no name") {
  const ServeAddress everywhere{"0.0.0.0", 8080};
  CHECK(refusal_of_command(everywhere, "192.168.1.20:8080", "http://192.168.1.20:8080").empty());
  CHECK(refusal_of_command(everywhere, "[fe80::1]:8080", std::nullopt).empty());
  CHECK_FALSE(refusal_of_command(everywhere, "192.168.1.20:9090", std::nullopt).empty());
  CHECK_FALSE(refusal_of_command(everywhere, "attacker.example:8080", std::nullopt).empty());
  CHECK_FALSE(refusal_of_command(everywhere, "192.168.1.20:8080", "http://attacker.example").empty());
  CHECK_FALSE(refusal_of_command(everywhere, "192.168.1.20:8080", "null").empty());
  const ServeAddress loopback6{"::1", 8080};
  CHECK(refusal_of_command(loopback6, "[::1]:8080", "http://[::1]:8080").empty());
  CHECK_FALSE(refusal_of_command(loopback6, "127.0.0.1:8080", std::nullopt).empty());
}
