#include "sim/runs/monte_carlo.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/engine/drill.hpp"

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
  double availability = 0;
  double lost_objects = 0;
  double steady_window = 0;
  double steady_cross_region = 0;
  double steady_in_region = 0;
  double incident_cross_region = 0;
  double incident_in_region = 0;
  double extra_instance_s = 0;
  double restored_database_s = 0;
  std::int32_t outages = 0; //!< how many OutageFigures follow on the pipe
};

struct OutageFigures {
  double start = 0;
  double end = -1; //!< negative: under way at the horizon
  double lost_writes = 0;
  double rpo = 0;
};

struct RunRecord {
  RunFigures figures;
  std::vector<OutageFigures> outages;
};

RunRecord record_of(int strategy, int run, const DrillResult& drill) {
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
  f.availability = m.availability;
  f.lost_objects = drill.lost_objects;
  f.steady_window = drill.steady_window_s;
  f.steady_cross_region = drill.steady_transfer.cross_region_B;
  f.steady_in_region = drill.steady_transfer.in_region_B;
  f.incident_cross_region = drill.incident_transfer.cross_region_B;
  f.incident_in_region = drill.incident_transfer.in_region_B;
  f.extra_instance_s = drill.extra_instance_s;
  f.restored_database_s = drill.restored_database_s;
  f.outages = static_cast<std::int32_t>(drill.outages.size());
  for (const auto& outage : drill.outages)
    record.outages.push_back({outage.start, outage.end.value_or(-1), outage.lost_writes, outage.rpo_s});
  return record;
}

DrillResult drill_of(const Scenario& scenario, const RunRecord& record) {
  const auto& f = record.figures;
  DrillResult drill;
  drill.strategy = scenario.strategies[f.strategy].name;
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
  m.availability = f.availability;
  drill.lost_objects = f.lost_objects;
  drill.steady_window_s = f.steady_window;
  drill.steady_transfer = {f.steady_cross_region, f.steady_in_region};
  drill.incident_transfer = {f.incident_cross_region, f.incident_in_region};
  drill.extra_instance_s = f.extra_instance_s;
  drill.restored_database_s = f.restored_database_s;
  for (const auto& outage : record.outages) {
    drill.outages.push_back({outage.start, std::nullopt, outage.lost_writes, outage.rpo});
    if (outage.end >= 0)
      drill.outages.back().end = outage.end;
  }
  return drill;
}

struct Task {
  int strategy;
  int run;
};

std::vector<Task> tasks_of(const Scenario& scenario, int runs) {
  std::vector<Task> tasks;
  for (int s = 0; s < static_cast<int>(scenario.strategies.size()); ++s)
    for (int r = 0; r < runs; ++r)
      tasks.push_back({s, r});
  return tasks;
}

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

// A worker: drills every task whose index is congruent to `worker` modulo `jobs`, one Engine for all of them.
[[noreturn]] void work(const Scenario& scenario, const MonteCarloOptions& options, int worker, int fd) {
  try {
    DrillRunner runner(scenario);
    const auto tasks = tasks_of(scenario, options.runs);
    for (std::size_t i = static_cast<std::size_t>(worker); i < tasks.size(); i += static_cast<std::size_t>(options.jobs)) {
      const auto& task = tasks[i];
      const auto& strategy = scenario.strategies[task.strategy];
      const auto record =
          record_of(task.strategy, task.run, runner.run(strategy, run_seed(options.seed, strategy.name, task.run)));
      write_all(fd, &record.figures, sizeof record.figures);
      write_all(fd, record.outages.data(), record.outages.size() * sizeof(OutageFigures));
    }
  } catch (...) {
    _exit(3);
  }
  ::close(fd);
  _exit(0);
}

} // namespace

std::uint64_t run_seed(std::uint64_t scenario_seed, const std::string& strategy, int run) {
  // FNV-1a: a strategy's seeds depend on its name, not on its place in the file.
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : strategy)
    hash = (hash ^ c) * 0x100000001b3ULL;
  return derive_seed(scenario_seed, hash, static_cast<std::uint64_t>(run));
}

Report run_monte_carlo(const Scenario& scenario, const MonteCarloOptions& options) {
  const auto tasks = tasks_of(scenario, options.runs);
  const int total = static_cast<int>(tasks.size());
  std::vector<std::vector<DrillResult>> per_strategy(scenario.strategies.size(),
                                                     std::vector<DrillResult>(static_cast<std::size_t>(options.runs)));
  int done = 0;
  if (options.jobs <= 1) {
    DrillRunner runner(scenario);
    for (const auto& task : tasks) {
      const auto& strategy = scenario.strategies[task.strategy];
      const auto drill = runner.run(strategy, run_seed(options.seed, strategy.name, task.run));
      per_strategy[task.strategy][task.run] = drill_of(scenario, record_of(task.strategy, task.run, drill));
      ++done;
      if (options.progress)
        options.progress(done, total);
    }
  } else {
    // SimGrid allows one Engine per process: fork the workers before this process creates any.
    std::vector<pid_t> workers;
    std::vector<pollfd> pipes;
    std::vector<std::vector<char>> buffers(static_cast<std::size_t>(options.jobs));
    for (int w = 0; w < options.jobs; ++w) {
      int fds[2];
      if (::pipe(fds) != 0)
        throw std::runtime_error(std::string("cannot create a pipe for a worker: ") + std::strerror(errno));
      const pid_t pid = ::fork();
      if (pid < 0)
        throw std::runtime_error(std::string("cannot start a worker process: ") + std::strerror(errno));
      if (pid == 0) {
        ::close(fds[0]);
        for (const auto& other : pipes)
          ::close(other.fd);
        work(scenario, options, w, fds[1]);
      }
      ::close(fds[1]);
      workers.push_back(pid);
      pipes.push_back({fds[0], POLLIN, 0});
    }
    int open_pipes = options.jobs;
    while (open_pipes > 0) {
      if (::poll(pipes.data(), pipes.size(), -1) < 0) {
        if (errno == EINTR)
          continue;
        throw std::runtime_error(std::string("waiting for workers failed: ") + std::strerror(errno));
      }
      for (std::size_t w = 0; w < pipes.size(); ++w) {
        if (pipes[w].fd < 0 || !(pipes[w].revents & (POLLIN | POLLHUP)))
          continue;
        char chunk[4096];
        const ssize_t got = ::read(pipes[w].fd, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
          continue;
        if (got <= 0) {
          ::close(pipes[w].fd);
          pipes[w].fd = -1;
          --open_pipes;
          continue;
        }
        auto& buffer = buffers[w];
        buffer.insert(buffer.end(), chunk, chunk + got);
        std::size_t used = 0;
        while (buffer.size() - used >= sizeof(RunFigures)) {
          RunRecord record;
          std::memcpy(&record.figures, buffer.data() + used, sizeof record.figures);
          const auto outages = static_cast<std::size_t>(record.figures.outages);
          if (buffer.size() - used < sizeof(RunFigures) + outages * sizeof(OutageFigures))
            break;
          record.outages.resize(outages);
          if (outages > 0)
            std::memcpy(record.outages.data(), buffer.data() + used + sizeof(RunFigures),
                        outages * sizeof(OutageFigures));
          used += sizeof(RunFigures) + outages * sizeof(OutageFigures);
          per_strategy[record.figures.strategy][record.figures.run] = drill_of(scenario, record);
          ++done;
          if (options.progress)
            options.progress(done, total);
        }
        buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(used));
      }
    }
    bool all_ok = true;
    for (const pid_t pid : workers) {
      int status = 0;
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      all_ok = all_ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    if (!all_ok || done != total)
      throw std::runtime_error("a worker process failed; run with --jobs 1 to see its error");
  }

  Report report{scenario.name, scenario.file, options.seed, options.runs, {}};
  for (std::size_t s = 0; s < scenario.strategies.size(); ++s)
    report.results.push_back(summarize_strategy(scenario, scenario.strategies[s], std::move(per_strategy[s])));
  return report;
}

} // namespace drsim
