// The browser view of a training session without a server or a simulation: the state the page polls, built from what
// the session shows and looks at; the page's commands queued for the session's console and answered by what the
// session showed applying them; and the --serve address.

#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <sstream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

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

TEST_CASE("a command from the page is answered by what the session's screen showed until its next look") {
  ViewState view(shop());
  CHECK_FALSE(view.next_command(0));
  view.screen_text("00:10:00  shown before any command\n");
  auto answer = view.submit("ack shoppers-errors");
  CHECK(answer.wait_for(std::chrono::seconds(0)) == std::future_status::timeout);
  CHECK(view.next_command(0) == "ack shoppers-errors");
  view.screen_text("00:11:00  acknowledged ");
  view.screen_text("shoppers-errors\n");
  CHECK(answer.wait_for(std::chrono::seconds(0)) == std::future_status::timeout);
  view.looked(look_at(660, 0.0));
  REQUIRE(answer.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
  CHECK(answer.get() == "00:11:00  acknowledged shoppers-errors\n");
  view.screen_text("00:11:30  shown after the answer\n");

  auto silent = view.submit("#");
  CHECK(view.next_command(0) == "#");
  view.looked(look_at(690, 0.0));
  CHECK(silent.get() == "(the session showed nothing)");
}

TEST_CASE("commands the session never took, and commands after the drill, are answered that the session has ended") {
  ViewState view(shop());
  auto in_hand = view.submit("status");
  auto queued = view.submit("timeline");
  CHECK(view.next_command(0) == "status");
  view.screen_text("Status at 00:20:00\n");
  view.finish("debrief");
  CHECK(in_hand.get() == "Status at 00:20:00\n");
  CHECK(queued.get() == "the session has ended: the page shows its debrief");
  CHECK(view.submit("status").get() == "the session has ended: the page shows its debrief");
  CHECK_FALSE(view.next_command(0));
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
  view.looked(look_at(700, 0.0));
  CHECK(sender.get().get() == "(the session showed nothing)");
}

TEST_CASE("the served screen writes to the terminal and to the view") {
  ViewState view(shop());
  std::ostringstream terminal;
  ServedScreen buffer(terminal, view);
  std::ostream screen(&buffer);
  auto answer = view.submit("status");
  REQUIRE(view.next_command(0));
  screen << "Status at " << 12 << '\n' << std::flush;
  view.looked(look_at(700, 0.0));
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
