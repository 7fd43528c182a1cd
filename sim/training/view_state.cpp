#include "sim/training/view_state.hpp"

#include <chrono>

#include <nlohmann/json.hpp>

#include "sim/core/units.hpp"

namespace drsim {
namespace {

nlohmann::json optional_time(const std::optional<double>& time) {
  return time ? nlohmann::json(*time) : nlohmann::json(nullptr);
}

} // namespace

void ViewState::shown(double time, const std::string& text) {
  const std::lock_guard lock(mutex_);
  lines_.push_back({time, text});
}

void ViewState::looked(const SessionLook& look) {
  const std::lock_guard lock(mutex_);
  now_ = look.now;
  fault_onset_ = look.fault_onset;
  speed_ = look.speed;
  paused_ = look.paused;
  trainee_left_ = look.ended;
  if (look.ended && !ended_at_)
    ended_at_ = look.now;
  if (series_.size() != look.success.size()) {
    series_.clear();
    for (const auto& [population, ratio] : look.success)
      series_.push_back({population, {}});
  }
  for (std::size_t i = 0; i < series_.size(); ++i) {
    auto& steps = series_[i].steps;
    const double ratio = look.success[i].second;
    if (steps.empty() || steps.back().second != ratio)
      steps.emplace_back(look.now, ratio);
  }
  if (look.alerts)
    alerts_ = *look.alerts;
}

void ViewState::answering() {
  const std::lock_guard lock(mutex_);
  answering_ = true;
}

void ViewState::answered() {
  const std::lock_guard lock(mutex_);
  answer_in_hand();
}

std::string ViewState::ended_answer() const {
  // A session that nobody ended ran to the drill's horizon, the time of its last look.
  return "the session has ended at " + format_clock(ended_at_.value_or(now_), false) + "; the debrief is on the page";
}

void ViewState::answer_in_hand() {
  answering_ = false;
  if (!in_hand_)
    return;
  in_hand_->answer.set_value(answer_.empty() ? "(the session showed nothing)" : answer_);
  in_hand_.reset();
  answer_.clear();
}

void ViewState::finish(const std::string& debrief) {
  const std::lock_guard lock(mutex_);
  debrief_ = debrief;
  answer_in_hand();
  for (auto& pending : queue_)
    pending.answer.set_value(ended_answer());
  queue_.clear();
}

std::shared_future<std::string> ViewState::submit(std::string text) {
  std::promise<std::string> answer;
  auto future = answer.get_future().share();
  {
    const std::lock_guard lock(mutex_);
    if (debrief_)
      answer.set_value(ended_answer());
    else
      queue_.push_back({std::move(text), std::move(answer)});
  }
  command_came_.notify_all();
  return future;
}

std::optional<std::string> ViewState::next_command(double seconds) {
  std::unique_lock lock(mutex_);
  const auto ready = [this] { return !queue_.empty(); };
  if (seconds < 0)
    command_came_.wait(lock, ready);
  else if (!command_came_.wait_for(lock, std::chrono::duration<double>(seconds), ready))
    return std::nullopt;
  // Should a command be taken before the session answered the one in hand, that answer ends here.
  answer_in_hand();
  in_hand_ = std::move(queue_.front());
  queue_.pop_front();
  return in_hand_->text;
}

void ViewState::screen_text(std::string_view text) {
  const std::lock_guard lock(mutex_);
  if (in_hand_ && answering_)
    answer_.append(text);
}

std::string ViewState::json() const {
  const std::lock_guard lock(mutex_);
  nlohmann::json series = nlohmann::json::array();
  for (const auto& one : series_) {
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& [time, ratio] : one.steps)
      steps.push_back({time, ratio});
    series.push_back({{"population", one.population}, {"steps", steps}});
  }
  nlohmann::json alerts = nlohmann::json::array();
  for (const auto& alert : alerts_)
    alerts.push_back({{"name", alert.name},
                      {"text", alert.text},
                      {"fired_s", alert.fired},
                      {"acknowledged_s", optional_time(alert.acknowledged)},
                      {"resolved_s", optional_time(alert.resolved)}});
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& line : lines_)
    lines.push_back({{"at_s", line.time}, {"clock", format_clock(line.time, false)}, {"text", line.text}});
  const nlohmann::json state{{"drsim_training_view", 1},
                             {"scenario", setup_.scenario},
                             {"strategy", setup_.strategy},
                             {"threshold", setup_.threshold},
                             {"horizon_s", setup_.horizon},
                             {"now_s", now_},
                             {"clock", format_clock(now_, false)},
                             {"fault_onset_s", fault_onset_},
                             {"speed", speed_},
                             {"paused", paused_},
                             {"trainee_left", trainee_left_},
                             {"ended", debrief_.has_value()},
                             {"debrief", debrief_ ? nlohmann::json(*debrief_) : nlohmann::json(nullptr)},
                             {"success", series},
                             {"alerts", alerts},
                             {"timeline", lines}};
  return state.dump();
}

} // namespace drsim
