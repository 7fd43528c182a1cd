#include "sim/runs/monte_carlo.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/core/errors.hpp"
#include "sim/engine/drill.hpp"
#include "sim/measure/rto_anatomy.hpp"
#include "sim/measure/strategy_figures.hpp"
#include "sim/runs/interruption.hpp"
#include "sim/runs/ranks.hpp"

namespace drsim {
namespace {

// What a worker sends back for one drill: plain numbers, so a pipe carries them exactly.
struct RunFigures {
  std::int32_t strategy = 0;
  std::int32_t run = 0;
  std::uint64_t seed = 0;
  double fault_onset = 0;
  double end = 0;
  std::uint8_t recovered = 0;
  std::uint8_t failed = 0;
  double first_failure = -1;
  double recovered_at = 0;
  double rto = 0;
  double rpo = 0;
  double lost_writes = 0;
  double data_loss = 0;
  double discarded_writes = 0;
  double conflict_lost_writes = 0;
  double availability = 0;
  double lost_objects = 0;
  double corrupt_requests = 0;
  double steady_window = 0;
  double steady_cross_region = 0;
  double steady_in_region = 0;
  double incident_cross_region = 0;
  double incident_in_region = 0;
  double extra_instance_s = 0;
  double restored_database_s = 0;
  double first_detection = -1; //!< negative: none
  // The failback (FailbackFigures); start negative: none began.
  double failback_start = -1;
  double failback_end = -1; //!< negative: under way at the horizon
  double failback_downtime = 0;
  double failback_lost_writes = 0;
  double failback_instance_s = 0;
  std::int32_t outages = 0;          //!< how many OutageFigures follow on the pipe
  std::int32_t phases = 0;           //!< how many NamedValues of the RTO's phases follow them
  std::int32_t phase_name_bytes = 0; //!< the phases' names, one after another, follow those
  std::int32_t steps = 0;            //!< how many NamedValues of the finished steps follow the phases' names
  std::int32_t step_id_bytes = 0;    //!< the steps' ids, one after another, follow those
};

struct OutageFigures {
  double start = 0;
  double end = -1; //!< negative: under way at the horizon
  double lost_writes = 0;
  double rpo = 0;
  double data_loss = 0;
  double discarded_writes = 0;
  double onset = 0;
  double failback = 0; //!< 1: it began once the failback had begun
};

struct NamedValue {
  double value = 0;
  std::int32_t name_size = 0;
};

// Figures by name (the phases of an RTO, the finish times of runbook steps): the values, each with the size of its
// name, and the names one after another.
struct NamedValues {
  std::vector<NamedValue> values;
  std::string names;

  void add(const std::string& name, double value) {
    values.push_back({value, static_cast<std::int32_t>(name.size())});
    names += name;
  }
  template <typename Take> void each(Take take) const {
    std::size_t at = 0;
    for (const auto& value : values) {
      const auto size = static_cast<std::size_t>(value.name_size);
      take(names.substr(at, size), value.value);
      at += size;
    }
  }
};

struct RunRecord {
  RunFigures figures;
  std::vector<OutageFigures> outages;
  NamedValues phases;
  NamedValues steps; //!< DrillResult::step_done
};

// The bytes of a record that follow its RunFigures.
std::size_t tail_size(const RunFigures& figures) {
  return static_cast<std::size_t>(figures.outages) * sizeof(OutageFigures) +
         static_cast<std::size_t>(figures.phases) * sizeof(NamedValue) +
         static_cast<std::size_t>(figures.phase_name_bytes) +
         static_cast<std::size_t>(figures.steps) * sizeof(NamedValue) + static_cast<std::size_t>(figures.step_id_bytes);
}

// A record as bytes, the way a worker's pipe and the ranks carry it.
void append_bytes(std::string& bytes, const RunRecord& record) {
  const auto append = [&bytes](const void* data, std::size_t size) {
    bytes.append(static_cast<const char*>(data), size);
  };
  append(&record.figures, sizeof record.figures);
  append(record.outages.data(), record.outages.size() * sizeof(OutageFigures));
  for (const auto* named : {&record.phases, &record.steps}) {
    append(named->values.data(), named->values.size() * sizeof(NamedValue));
    append(named->names.data(), named->names.size());
  }
}

// `count` items of a record's array, copied from `at`, which moves past them.
template <typename Item> void read_items(const char*& at, std::int32_t count, std::vector<Item>& items) {
  items.resize(static_cast<std::size_t>(count));
  if (!items.empty())
    std::memcpy(items.data(), at, items.size() * sizeof(Item));
  at += items.size() * sizeof(Item);
}

void read_named(const char*& at, std::int32_t count, std::int32_t name_bytes, NamedValues& named) {
  read_items(at, count, named.values);
  named.names.assign(at, static_cast<std::size_t>(name_bytes));
  at += named.names.size();
}

// The record whose bytes start at `at`, which holds it whole; `at` moves past it.
RunRecord read_record(const char*& at) {
  RunRecord record;
  std::memcpy(&record.figures, at, sizeof record.figures);
  at += sizeof record.figures;
  read_items(at, record.figures.outages, record.outages);
  read_named(at, record.figures.phases, record.figures.phase_name_bytes, record.phases);
  read_named(at, record.figures.steps, record.figures.step_id_bytes, record.steps);
  return record;
}

// The timeline stays where the drill ran: the phases of its RTO are found there, for the comparison's medians.
RunRecord record_of(const Scenario& scenario, int strategy, int run, const DrillResult& drill) {
  RunRecord record;
  auto& f = record.figures;
  f.strategy = strategy;
  f.run = run;
  f.seed = drill.seed;
  f.fault_onset = drill.fault_onset;
  f.end = drill.end;
  const auto& m = drill.measurement;
  f.recovered = m.rto_s.has_value();
  f.failed = m.first_failure.has_value();
  f.first_failure = m.first_failure.value_or(0);
  f.recovered_at = m.recovered_at.value_or(0);
  f.rto = m.rto_s.value_or(0);
  f.rpo = m.rpo_s;
  f.lost_writes = m.lost_writes;
  f.data_loss = m.data_loss_s;
  f.discarded_writes = m.discarded_writes;
  f.conflict_lost_writes = m.conflict_lost_writes;
  f.availability = m.availability;
  f.lost_objects = drill.lost_objects;
  f.corrupt_requests = drill.corrupt_requests;
  f.steady_window = drill.steady_window_s;
  f.steady_cross_region = drill.steady_transfer.cross_region_B;
  f.steady_in_region = drill.steady_transfer.in_region_B;
  f.incident_cross_region = drill.incident_transfer.cross_region_B;
  f.incident_in_region = drill.incident_transfer.in_region_B;
  f.extra_instance_s = drill.extra_instance_s;
  f.restored_database_s = drill.restored_database_s;
  f.first_detection = drill.first_detection.value_or(-1);
  if (drill.failback) {
    f.failback_start = drill.failback->start;
    f.failback_end = drill.failback->end.value_or(-1);
    f.failback_downtime = drill.failback->downtime_s;
    f.failback_lost_writes = drill.failback->lost_writes;
    f.failback_instance_s = drill.failback->both_regions_instance_s;
  }
  f.outages = static_cast<std::int32_t>(drill.outages.size());
  for (const auto& outage : drill.outages)
    record.outages.push_back({outage.start, outage.end.value_or(-1), outage.lost_writes, outage.rpo_s,
                              outage.data_loss_s, outage.discarded_writes, outage.onset, outage.failback ? 1.0 : 0.0});
  // A long run's outages each recover on their own; the runbook answers only the first.
  if (!scenario.long_run())
    if (const auto anatomy = rto_anatomy(drill, scenario.strategies[strategy].runbook))
      for (const auto& phase : phase_times(*anatomy))
        record.phases.add(phase.name, phase.duration_s);
  f.phases = static_cast<std::int32_t>(record.phases.values.size());
  f.phase_name_bytes = static_cast<std::int32_t>(record.phases.names.size());
  for (const auto& [id, done] : drill.step_done)
    record.steps.add(id, done);
  f.steps = static_cast<std::int32_t>(record.steps.values.size());
  f.step_id_bytes = static_cast<std::int32_t>(record.steps.names.size());
  return record;
}

DrillResult drill_of(const Scenario& scenario, const RunRecord& record) {
  const auto& f = record.figures;
  DrillResult drill;
  drill.strategy = scenario.strategies[f.strategy].name;
  drill.run = f.run;
  drill.seed = f.seed;
  drill.fault_onset = f.fault_onset;
  drill.end = f.end;
  auto& m = drill.measurement;
  if (f.failed)
    m.first_failure = f.first_failure;
  if (f.recovered) {
    m.recovered_at = f.recovered_at;
    m.rto_s = f.rto;
  }
  m.rpo_s = f.rpo;
  m.lost_writes = f.lost_writes;
  m.data_loss_s = f.data_loss;
  m.discarded_writes = f.discarded_writes;
  m.conflict_lost_writes = f.conflict_lost_writes;
  m.availability = f.availability;
  drill.lost_objects = f.lost_objects;
  drill.corrupt_requests = f.corrupt_requests;
  drill.steady_window_s = f.steady_window;
  drill.steady_transfer = {f.steady_cross_region, f.steady_in_region};
  drill.incident_transfer = {f.incident_cross_region, f.incident_in_region};
  drill.extra_instance_s = f.extra_instance_s;
  drill.restored_database_s = f.restored_database_s;
  if (f.first_detection >= 0)
    drill.first_detection = f.first_detection;
  if (f.failback_start >= 0) {
    FailbackFigures failback;
    failback.start = f.failback_start;
    if (f.failback_end >= 0) {
      failback.end = f.failback_end;
      failback.duration_s = f.failback_end - f.failback_start;
    }
    failback.downtime_s = f.failback_downtime;
    failback.lost_writes = f.failback_lost_writes;
    failback.both_regions_instance_s = f.failback_instance_s;
    drill.failback = failback;
  }
  for (const auto& outage : record.outages) {
    drill.outages.push_back({outage.start, std::nullopt, outage.lost_writes, outage.rpo, outage.data_loss,
                             outage.discarded_writes, outage.onset});
    drill.outages.back().failback = outage.failback != 0;
    if (outage.end >= 0)
      drill.outages.back().end = outage.end;
  }
  record.phases.each([&](std::string name, double duration) {
    drill.rto_phases.push_back({std::move(name), duration});
  });
  record.steps.each([&](std::string id, double done) { drill.step_done.emplace(std::move(id), done); });
  return drill;
}

struct Task {
  int strategy;
  int run;
};

// The drills of a command, strategy by strategy and run by run, or a rank's share of them (the command's tasks
// rank, rank + ranks, ...): task i is found from i, never kept in a list.
struct Tasks {
  int first_run = 0;
  int runs = 0;
  std::size_t strategies = 0;
  std::size_t rank = 0;
  std::size_t ranks = 1;

  std::size_t all() const { return strategies * static_cast<std::size_t>(runs); }
  std::size_t size() const { return all() > rank ? (all() - rank + ranks - 1) / ranks : 0; }
  std::size_t command_index(std::size_t i) const { return rank + i * ranks; }
  Task operator[](std::size_t i) const {
    const std::size_t task = command_index(i);
    return {static_cast<int>(task / static_cast<std::size_t>(runs)),
            first_run + static_cast<int>(task % static_cast<std::size_t>(runs))};
  }
  std::size_t index_of(int strategy, int run) const {
    return (static_cast<std::size_t>(strategy) * static_cast<std::size_t>(runs) +
            static_cast<std::size_t>(run - first_run) - rank) /
           ranks;
  }
};

// What became of one drill: its record, or why it failed (a crash, the time limit).
struct Outcome {
  std::optional<RunRecord> record;
  std::string failure;
};

// Receives every finished drill in task order, whatever order the workers finish them in.
using DrillSink = std::function<void(int strategy, DrillResult&& drill)>;
// Receives the outcome of each task (its index among the tasks given) in task order.
using OutcomeSink = std::function<void(std::size_t task, Outcome&& outcome)>;

void append_bytes(std::string& bytes, const Outcome& outcome) {
  if (outcome.record) {
    bytes += 'r';
    append_bytes(bytes, *outcome.record);
  } else {
    bytes += 'f';
    const auto size = static_cast<std::uint32_t>(outcome.failure.size());
    bytes.append(reinterpret_cast<const char*>(&size), sizeof size);
    bytes += outcome.failure;
  }
}

Outcome read_outcome(const char*& at) {
  Outcome outcome;
  if (*at++ == 'r') {
    outcome.record = read_record(at);
    return outcome;
  }
  std::uint32_t size = 0;
  std::memcpy(&size, at, sizeof size);
  at += sizeof size;
  outcome.failure.assign(at, size);
  at += size;
  return outcome;
}

// The drills of every rank merged in task order. Each rank drills its share (Tasks::rank) and hands its outcomes
// over in its own order; they go to every rank in blocks of consecutive tasks, and every rank hands each block on,
// task by task, to `deliver`. So every rank sees the same drills in the same order as one process drilling them all.
class RankMerge {
public:
  RankMerge(const Tasks& all, const Tasks& mine, OutcomeSink deliver)
      : all_(all), mine_(mine), deliver_(std::move(deliver)), block_size_(tasks_per_rank * mine.ranks),
        blocks_((all.all() + block_size_ - 1) / block_size_) {
    close_blocks();
  }

  // This rank's next outcome.
  void add(Outcome&& outcome) {
    append_bytes(part_, outcome);
    ++in_part_;
    close_blocks();
  }
  // Hands on the blocks that arrived.
  void advance() {
    while (gather_.done()) {
      const auto parts = gather_.take();
      std::vector<const char*> next;
      for (const auto& part : parts)
        next.push_back(part.data());
      const std::size_t first = delivered_ * block_size_;
      for (std::size_t task = first; task < std::min(first + block_size_, all_.all()); ++task)
        deliver_(task, read_outcome(next[task % mine_.ranks]));
      ++delivered_;
    }
  }
  // Ahead of the other ranks by more than a block: its workers wait, so that what it holds stays bounded.
  bool ahead() const { return gather_.pending() >= 2; }
  bool waiting() const { return gather_.pending() > 0; }
  // Waits for the other ranks' last blocks, stopping on Ctrl-C.
  void finish() {
    for (advance(); delivered_ < blocks_; advance()) {
      stop_if_interrupted();
      ::poll(nullptr, 0, 1);
    }
  }

private:
  static constexpr std::size_t tasks_per_rank = 256; //!< of a block

  const Tasks& all_;
  const Tasks& mine_;
  OutcomeSink deliver_;
  std::size_t block_size_;
  std::size_t blocks_;
  BlockGather gather_;
  std::size_t started_ = 0;   //!< blocks this rank has given its part of
  std::size_t delivered_ = 0; //!< blocks handed on
  std::string part_;          //!< this rank's part of the next block to start, so far
  std::size_t in_part_ = 0;

  // This rank's tasks in block `block`: in a block but the last, as many as for every rank.
  std::size_t mine_in(std::size_t block) const {
    const std::size_t first = block * block_size_;
    const std::size_t end = std::min(first + block_size_, all_.all());
    return end - first > mine_.rank ? (end - first - mine_.rank + mine_.ranks - 1) / mine_.ranks : 0;
  }

  void close_blocks() {
    while (started_ < blocks_ && in_part_ == mine_in(started_)) {
      gather_.start(std::move(part_));
      part_.clear();
      in_part_ = 0;
      ++started_;
    }
  }
};

void write_all(int fd, const void* data, std::size_t size) {
  const auto* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t written = ::write(fd, bytes, size);
    if (written < 0 && errno == EINTR)
      continue;
    if (written <= 0)
      _exit(3);
    bytes += written;
    size -= static_cast<std::size_t>(written);
  }
}

DrillResult drill(DrillRunner& runner, const Scenario& scenario, const MonteCarloOptions& options, const Task& task) {
  if (options.before_drill)
    options.before_drill(task.strategy, task.run);
  const auto& strategy = scenario.strategies[task.strategy];
  return runner.run(strategy, run_seed(options.seed, strategy.name, task.run));
}

// A worker: drills tasks first, first + stride, ... with one Engine for all of them, and sends each drill's
// figures back over `fd` as soon as it has them.
[[noreturn]] void work(const Scenario& scenario, const MonteCarloOptions& options, const Tasks& tasks,
                       std::size_t first, std::size_t stride, int fd, pid_t parent) {
  // The parent decides when to stop: a Ctrl-C reaches the whole process group, and the parent kills its workers.
  // A worker must not outlive a parent that was killed outright.
  std::signal(SIGINT, SIG_IGN);
  std::signal(SIGTERM, SIG_DFL);
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != parent)
    _exit(3);
  try {
    DrillRunner runner(scenario);
    std::signal(SIGINT, SIG_IGN); // the Engine installed its own handler
    for (std::size_t i = first; i < tasks.size(); i += stride) {
      std::string bytes;
      append_bytes(bytes,
                   record_of(scenario, tasks[i].strategy, tasks[i].run, drill(runner, scenario, options, tasks[i])));
      write_all(fd, bytes.data(), bytes.size());
    }
  } catch (...) {
    _exit(3);
  }
  ::close(fd);
  _exit(0);
}

std::string signal_name(int signal) {
  const char* abbreviation = sigabbrev_np(signal);
  const char* description = strsignal(signal);
  return std::string("SIG") + (abbreviation ? abbreviation : std::to_string(signal)) + ", " +
         (description ? description : "unknown signal");
}

std::string seconds_text(double seconds) {
  const double rounded = std::round(seconds * 1000) / 1000;
  std::string text = std::to_string(rounded);
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.')
    text.pop_back();
  return text;
}

// Workers drilling their share of the tasks; the parent gathers the figures, notices at once a worker that died
// or overran the time limit, and replaces it when told to keep going, or when the drills are shared with other
// ranks (`merge`), which must all learn of the failure at the same task.
class WorkerPool {
public:
  WorkerPool(const Scenario& scenario, const MonteCarloOptions& options, const Tasks& tasks, const OutcomeSink& sink,
             RankMerge* merge)
      : scenario_(scenario), options_(options), tasks_(tasks), sink_(sink), merge_(merge),
        stride_(static_cast<std::size_t>(options.jobs)), window_(std::max<std::size_t>(256, 16 * stride_)) {}

  ~WorkerPool() {
    for (auto& worker : workers_)
      if (worker.pid > 0) {
        ::kill(worker.pid, SIGKILL);
        reap(worker);
      }
  }

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void run() {
    for (std::size_t w = 0; w < stride_; ++w)
      start(w);
    while (std::any_of(workers_.begin(), workers_.end(), [](const Worker& worker) { return worker.pid > 0; })) {
      stop_if_interrupted();
      if (merge_)
        merge_->advance();
      const bool ahead = merge_ && merge_->ahead();
      std::vector<pollfd> fds;
      std::vector<std::size_t> owners;
      for (std::size_t w = 0; w < workers_.size(); ++w) {
        auto& worker = workers_[w];
        if (worker.pid <= 0)
          continue;
        // A worker too far ahead of the next drill to deliver is left unread: its pipe fills and it waits, so the
        // drills held for reordering stay within the window.
        const bool paused = ahead || worker.next >= next_ + window_;
        if (worker.paused && !paused)
          worker.since = Clock::now();
        worker.paused = paused;
        if (!paused) {
          fds.push_back({worker.fd, POLLIN, 0});
          owners.push_back(w);
        }
      }
      if (::poll(fds.data(), fds.size(), poll_timeout_ms()) < 0) {
        if (errno == EINTR)
          continue;
        throw std::runtime_error(std::string("waiting for workers failed: ") + std::strerror(errno));
      }
      for (std::size_t i = 0; i < fds.size(); ++i)
        if (fds[i].revents & (POLLIN | POLLHUP | POLLERR))
          receive(owners[i]);
      enforce_time_limit();
    }
  }

private:
  using Clock = std::chrono::steady_clock;

  struct Worker {
    pid_t pid = -1;
    int fd = -1;
    std::size_t next = 0; //!< the task it drills now: tasks come back in the order it drills them
    std::vector<char> buffer;
    Clock::time_point since; //!< when the current drill started, as far as the parent can tell
    bool paused = false;     //!< left unread: too far ahead of the drills delivered
  };

  const Scenario& scenario_;
  const MonteCarloOptions& options_;
  const Tasks& tasks_;
  const OutcomeSink& sink_;
  RankMerge* merge_;
  std::size_t stride_;
  std::size_t window_; //!< drills finished ahead of the next one to deliver, at most
  std::vector<Worker> workers_;
  std::size_t next_ = 0;                    //!< the next task to deliver
  std::map<std::size_t, Outcome> finished_; //!< ahead of it

  void finished(std::size_t task, Outcome&& outcome) {
    finished_.emplace(task, std::move(outcome));
    for (auto first = finished_.begin(); first != finished_.end() && first->first == next_;
         first = finished_.erase(first), ++next_)
      sink_(first->first, std::move(first->second));
  }

  // SimGrid allows one Engine per process: this process never creates one while workers are being forked.
  void start(std::size_t w, std::size_t first) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
      throw std::runtime_error(std::string("cannot create a pipe for a worker: ") + std::strerror(errno));
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0)
      throw std::runtime_error(std::string("cannot start a worker process: ") + std::strerror(errno));
    if (pid == 0) {
      ::close(fds[0]);
      for (const auto& other : workers_)
        if (other.fd >= 0)
          ::close(other.fd);
      work(scenario_, options_, tasks_, first, stride_, fds[1], parent);
    }
    ::close(fds[1]);
    if (workers_.size() <= w)
      workers_.resize(w + 1);
    workers_[w] = {pid, fds[0], first, {}, Clock::now()};
  }
  void start(std::size_t w) { start(w, w); }

  int poll_timeout_ms() const {
    // Other ranks' blocks arrive only while this rank asks MPI how they are doing.
    if (merge_ && merge_->waiting())
      return 1;
    if (!options_.drill_time_limit_s)
      return -1;
    const auto now = Clock::now();
    double soonest = *options_.drill_time_limit_s;
    // A paused worker is not timed (enforce_time_limit skips it): counting it would make the wait 0 and spin.
    for (const auto& worker : workers_)
      if (worker.pid > 0 && !worker.paused)
        soonest =
            std::min(soonest, *options_.drill_time_limit_s - std::chrono::duration<double>(now - worker.since).count());
    return static_cast<int>(std::ceil(std::max(0.0, soonest) * 1000));
  }

  void receive(std::size_t w) {
    auto& worker = workers_[w];
    char chunk[4096];
    const ssize_t got = ::read(worker.fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR)
      return;
    if (got <= 0) {
      ended(w);
      return;
    }
    worker.buffer.insert(worker.buffer.end(), chunk, chunk + got);
    std::size_t used = 0;
    while (worker.buffer.size() - used >= sizeof(RunFigures)) {
      RunFigures figures;
      std::memcpy(&figures, worker.buffer.data() + used, sizeof figures);
      if (worker.buffer.size() - used < sizeof(RunFigures) + tail_size(figures))
        break;
      const char* at = worker.buffer.data() + used;
      Outcome outcome{read_record(at), {}};
      used = static_cast<std::size_t>(at - worker.buffer.data());
      finished(tasks_.index_of(figures.strategy, figures.run), std::move(outcome));
      worker.next += stride_;
      worker.since = Clock::now();
    }
    worker.buffer.erase(worker.buffer.begin(), worker.buffer.begin() + static_cast<std::ptrdiff_t>(used));
  }

  static int reap(Worker& worker) {
    int status = 0;
    while (::waitpid(worker.pid, &status, 0) < 0 && errno == EINTR) {
    }
    ::close(worker.fd);
    worker.pid = -1;
    worker.fd = -1;
    return status;
  }

  // The worker closed its pipe: it finished its share, or it died in the middle of a drill.
  void ended(std::size_t w) {
    auto& worker = workers_[w];
    const std::size_t unfinished = worker.next;
    const int status = reap(worker);
    if (unfinished >= tasks_.size() && WIFEXITED(status) && WEXITSTATUS(status) == 0)
      return;
    const std::string reason = WIFSIGNALED(status) ? "crashed (" + signal_name(WTERMSIG(status)) + ")"
                                                   : "failed (exit status " + std::to_string(WEXITSTATUS(status)) + ")";
    failed(w, unfinished, reason);
  }

  void enforce_time_limit() {
    if (!options_.drill_time_limit_s)
      return;
    const auto now = Clock::now();
    for (std::size_t w = 0; w < workers_.size(); ++w) {
      auto& worker = workers_[w];
      if (worker.pid <= 0 || worker.paused ||
          std::chrono::duration<double>(now - worker.since).count() < *options_.drill_time_limit_s)
        continue;
      ::kill(worker.pid, SIGKILL);
      const std::size_t unfinished = worker.next;
      reap(worker);
      failed(w, unfinished, "exceeded the time limit of " + seconds_text(*options_.drill_time_limit_s) + " s");
    }
  }

  void failed(std::size_t w, std::size_t task_index, const std::string& reason) {
    if (task_index >= tasks_.size())
      throw std::runtime_error("a worker process " + reason + " after its last drill");
    const auto task = tasks_[task_index];
    const auto& strategy = scenario_.strategies[task.strategy];
    if (!options_.keep_going && !merge_)
      throw DrillFailed(strategy.name, task.run, run_seed(options_.seed, strategy.name, task.run), reason);
    finished(task_index, {std::nullopt, reason});
    if (task_index + stride_ < tasks_.size())
      start(w, task_index + stride_);
  }
};

} // namespace

DrillFailed::DrillFailed(const std::string& strategy, int run, std::uint64_t seed, const std::string& reason)
    : std::runtime_error("drill " + std::to_string(run) + " of strategy '" + strategy + "' (seed " +
                         std::to_string(seed) + ") " + reason +
                         "; replay it alone with `drsim run SCENARIO --strategy " + strategy + " --seed " +
                         std::to_string(seed) + "`, or pass --keep-going to count failed drills apart"),
      strategy_(strategy), seed_(seed) {}

std::uint64_t run_seed(std::uint64_t scenario_seed, const std::string& strategy, int run) {
  // FNV-1a: a strategy's seeds depend on its name, not on its place in the file.
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : strategy)
    hash = (hash ^ c) * 0x100000001b3ULL;
  return derive_seed(scenario_seed, hash, static_cast<std::uint64_t>(run));
}

namespace {

void check_runs(int runs) {
  if (runs > max_runs)
    throw UsageError(std::to_string(runs) + " runs per strategy are more than the " + std::to_string(max_runs) +
                     " drsim drills: " + max_runs_reason);
}

// Every drill of `options` (runs first_run .. first_run + runs - 1 of every strategy), handed to `sink` in task
// order; failed drills (keep_going) go to `failures`.
void drill_all(const Scenario& scenario, const MonteCarloOptions& options, const DrillSink& sink,
               std::vector<FailedDrills>& failures) {
  catch_interruptions();
  const Tasks tasks{options.first_run, options.runs, scenario.strategies.size()};
  // Only a separate process can be killed when a drill hangs, or survive one that crashes; a rank sharing the drills
  // with others serves its workers and the other ranks' blocks at once.
  const bool in_process = options.jobs <= 1 && !options.in_workers && !options.drill_time_limit_s &&
                          !options.keep_going && rank_count() == 1;
  if (in_process) {
    DrillRunner runner(scenario);
    runner.watch(stopping_at_signals(options.drill_clock));
    catch_interruptions();
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      stop_if_interrupted();
      const auto task = tasks[i];
      sink(task.strategy,
           drill_of(scenario, record_of(scenario, task.strategy, task.run, drill(runner, scenario, options, task))));
      if (options.progress)
        options.progress(static_cast<int>(i + 1), static_cast<int>(tasks.size()));
    }
  } else {
    int done = 0;
    const OutcomeSink deliver = [&](std::size_t index, Outcome&& outcome) {
      const auto task = tasks[index];
      if (outcome.record)
        sink(task.strategy, drill_of(scenario, *outcome.record));
      else {
        const auto& strategy = scenario.strategies[task.strategy];
        const auto seed = run_seed(options.seed, strategy.name, task.run);
        if (!options.keep_going)
          throw DrillFailed(strategy.name, task.run, seed, outcome.failure);
        failures[task.strategy].add({task.run, seed, outcome.failure});
      }
      if (options.progress)
        options.progress(++done, static_cast<int>(tasks.size()));
    };
    const Tasks mine{options.first_run, options.runs, scenario.strategies.size(), static_cast<std::size_t>(this_rank()),
                     static_cast<std::size_t>(rank_count())};
    std::optional<RankMerge> merge;
    if (rank_count() > 1)
      merge.emplace(tasks, mine, deliver);
    const OutcomeSink to_merge = [&merge](std::size_t, Outcome&& outcome) { merge->add(std::move(outcome)); };
    MonteCarloOptions pool_options = options;
    pool_options.jobs =
        std::max(1, static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(options.jobs), mine.size())));
    if (mine.size() > 0)
      WorkerPool(scenario, pool_options, mine, merge ? to_merge : deliver, merge ? &*merge : nullptr).run();
    if (merge)
      merge->finish();
  }
  stop_if_interrupted();
}

DrillSink sink_into(std::vector<StrategyFigures>& figures, const MonteCarloOptions& options) {
  return [&figures, &options](int strategy, DrillResult&& drill) {
    if (options.on_drill)
      options.on_drill(drill);
    figures[static_cast<std::size_t>(strategy)].add(drill);
  };
}

std::vector<StrategyFigures> figures_of(const Scenario& scenario) {
  std::vector<StrategyFigures> figures;
  figures.reserve(scenario.strategies.size());
  for (const auto& strategy : scenario.strategies)
    figures.emplace_back(scenario, strategy);
  return figures;
}

// The figures are copied into the report while more drills are to stream into them, moved once they are done with.
Report report_of(const Scenario& scenario, std::uint64_t seed, int runs, std::vector<StrategyFigures>& figures,
                 bool done, const std::vector<FailedDrills>& failures) {
  Report report{scenario.name, scenario.file, seed, runs, {}};
  for (std::size_t s = 0; s < figures.size(); ++s) {
    report.results.push_back(done ? std::move(figures[s]).report() : figures[s].report());
    report.results.back().failed = failures[s];
  }
  return report;
}

} // namespace

Report run_monte_carlo(const Scenario& scenario, const MonteCarloOptions& options) {
  check_runs(options.runs);
  auto figures = figures_of(scenario);
  std::vector<FailedDrills> failures(scenario.strategies.size());
  drill_all(scenario, options, sink_into(figures, options), failures);
  return report_of(scenario, options.seed, options.runs, figures, true, failures);
}

namespace {

// The drills per strategy of the next batch: enough for the widest interval to shrink to the target, if a half-
// width falls with the square root of the drills, with a fifth more for luck; at least half again and at most four
// times as many as so far, in hundreds past a hundred.
int next_total(int runs, const std::vector<PrecisionStop::Figure>& imprecise, double target, int max_runs) {
  double factor = 4;
  double widest = 0;
  for (const auto& figure : imprecise)
    widest = figure.half_width ? std::max(widest, *figure.half_width) : std::numeric_limits<double>::infinity();
  if (std::isfinite(widest))
    factor = std::clamp(1.2 * (widest / target) * (widest / target), 1.5, 4.0);
  else
    factor = 2;
  int total = static_cast<int>(std::ceil(runs * factor));
  if (total > 100)
    total = (total + 99) / 100 * 100;
  return std::min(total, max_runs);
}

} // namespace

Report run_until_precise(const Scenario& scenario, const MonteCarloOptions& options, const PrecisionTarget& target) {
  check_runs(target.max_runs);
  const auto strategies = static_cast<int>(scenario.strategies.size());
  auto figures = figures_of(scenario);
  std::vector<FailedDrills> failures(scenario.strategies.size());
  const auto sink = sink_into(figures, options);
  PrecisionStop stop{target.relative, target.max_runs, {}, {}};
  int runs = 0;
  int total = std::min(options.runs, target.max_runs);
  Report report;
  while (true) {
    MonteCarloOptions batch = options;
    batch.first_run = runs;
    batch.runs = total - runs;
    batch.in_workers = true;
    batch.jobs = std::max(1, std::min(options.jobs, batch.runs * strategies));
    if (options.progress)
      batch.progress = [&options, before = runs * strategies, planned = total * strategies](int done, int) {
        options.progress(before + done, planned);
      };
    drill_all(scenario, batch, sink, failures);
    runs = total;
    report = report_of(scenario, options.seed, runs, figures, false, failures);
    stop.batches.push_back(runs);
    stop.imprecise = imprecise_figures(report, target.relative);
    if (stop.imprecise.empty() || runs >= target.max_runs)
      break;
    total = next_total(runs, stop.imprecise, target.relative, target.max_runs);
  }
  report.precision = std::move(stop);
  return report;
}

} // namespace drsim
