// The browser view of a training session (`drsim train --serve`): what the page shows, published by the simulation's
// thread at every look of the session, and the commands the page sends, queued for the session's console. The server's
// threads read and write only this, never the World; one mutex guards all of it.
#pragma once

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/training/session.hpp"

namespace drsim {

struct ViewSetup {
  std::string scenario;
  std::string strategy;
  double threshold = 0; //!< the success ratio below which the error-rate alerts count
  double horizon = 0;
};

class ViewState : public SessionObserver {
public:
  explicit ViewState(ViewSetup setup) : setup_(std::move(setup)) {}

  void shown(double time, const std::string& text) override;
  void looked(const SessionLook& look) override;
  void answering() override;
  void answered() override; //!< closes the answer of the page's command in hand
  // The drill is over: the page shows `debrief` from now on, and commands get an answer saying when it ended.
  void finish(const std::string& debrief);

  // The state the page polls (`GET /state`), as JSON.
  std::string json() const;

  // A command from the page; the answer is what the session showed while applying it, or why it was not applied.
  std::shared_future<std::string> submit(std::string text);
  // For the session's console: the page's next command, waiting up to `seconds` (negative: until one comes). What
  // the screen shows from the session's `answering` to its `answered` is that command's answer.
  std::optional<std::string> next_command(double seconds);
  // What the session writes on its screen, as it writes it.
  void screen_text(std::string_view text);

private:
  struct Series {
    std::string population;
    std::vector<std::pair<double, double>> steps; //!< (drill time, success ratio) where the ratio changed
  };
  struct Pending {
    std::string text;
    std::promise<std::string> answer;
  };

  ViewSetup setup_;
  mutable std::mutex mutex_;
  std::condition_variable command_came_;
  double now_ = 0;
  double fault_onset_ = 0;
  double speed_ = 0;
  bool paused_ = false;
  bool trainee_left_ = false;
  std::optional<double> ended_at_;     //!< when the trainee left, from the first look that saw it
  std::optional<std::string> debrief_; //!< present once the drill is over
  std::vector<Series> series_;
  std::vector<Alert> alerts_;
  std::vector<SessionLine> lines_;
  std::deque<Pending> queue_;
  std::optional<Pending> in_hand_; //!< taken by the console, its answer being shown
  bool answering_ = false;         //!< the session is applying the line in hand
  std::string answer_;             //!< what the screen showed since `answering_`

  void answer_in_hand();            //!< with `mutex_` held
  std::string ended_answer() const; //!< with `mutex_` held
};

} // namespace drsim
