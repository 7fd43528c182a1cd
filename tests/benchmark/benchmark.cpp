// drsim_benchmark: what a drill costs, measured rather than assumed. For every shipped scenario, and for generated
// families that grow one dimension at a time (instances per region, client populations up to the input limit,
// databases, regions, years of a long run), it runs drills in one Engine, as `compare` does, and prints per drill: the
// median CPU time, the Engine steps (instants the clock advanced to), the wake-ups (actors resumed from a wait, a sleep
// or a transfer), the actors created and the timeline events; for each family, the exponent of CPU time against size
// fitted by least squares on a log-log scale (1 is linear).
//
// Each measurement runs in a forked child (SimGrid allows one Engine per process, and a platform is built for one
// scenario); CPU time is the child's process CPU clock around the drills alone, so building the platform is not
// counted. This is a benchmark, not a test: the machine it runs on is printed with its results, and figures are
// medians because shared machines are noisy.
//
//   drsim_benchmark [--repeat R] [--drills N] [--family NAME]... [--quick] [--actors]
//
// --actors adds, under each row, the actors created per drill by kind (an actor's name up to its first colon).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/engine/drill.hpp"
#include "sim/input/json_parse.hpp"
#include "sim/input/limits.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/runs/monte_carlo.hpp"

using nlohmann::json;

namespace {

const std::string source_dir = DRSIM_SOURCE_DIR;

struct Cost {
  double cpu_us_per_drill = 0; //!< median over the repeats
  double engine_steps = 0;     //!< per drill
  double wake_ups = 0;         //!< per drill
  double actors = 0;           //!< created per drill
  double events = 0;           //!< timeline events per drill
  std::string actor_kinds;     //!< with --actors: the actors created per drill by kind
};

double process_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

std::uint64_t actors_created = 0;
bool break_down_actors = false;
std::map<std::string, std::uint64_t> actors_by_kind;

// In a child process: `drills` drills of every strategy, `repeat` times; the median of the per-drill CPU times.
Cost measure_in_child(const drsim::Scenario& scenario, int drills, int repeat) {
  simgrid::s4u::Actor::on_creation_cb([](simgrid::s4u::Actor& actor) {
    ++actors_created;
    if (break_down_actors) {
      const std::string name = actor.get_name();
      ++actors_by_kind[name.substr(0, name.find(':'))];
    }
  });
  drsim::DrillRunner runner(scenario);
  // One drill of each strategy first: the first drill pays for lazily built routes and caches.
  for (const auto& strategy : scenario.strategies)
    runner.run(strategy, 1);
  std::vector<double> per_drill;
  Cost cost;
  actors_by_kind.clear();
  int drills_measured = 0;
  for (int r = 0; r < repeat; ++r) {
    const std::uint64_t actors_before = actors_created;
    double steps = 0, wake_ups = 0, events = 0;
    int count = 0;
    const double start = process_cpu_seconds();
    for (const auto& strategy : scenario.strategies)
      for (int i = 0; i < drills; ++i) {
        const auto result = runner.run(strategy, drsim::run_seed(scenario.seed, strategy.name, i));
        steps += static_cast<double>(result.engine_steps);
        wake_ups += static_cast<double>(result.wake_ups);
        events += static_cast<double>(result.timeline.size());
        ++count;
      }
    drills_measured += count;
    per_drill.push_back((process_cpu_seconds() - start) / count * 1e6);
    cost.engine_steps = steps / count;
    cost.wake_ups = wake_ups / count;
    cost.events = events / count;
    cost.actors = static_cast<double>(actors_created - actors_before) / count;
  }
  std::sort(per_drill.begin(), per_drill.end());
  cost.cpu_us_per_drill = per_drill[per_drill.size() / 2];
  if (break_down_actors) {
    cost.actor_kinds = "  actors by kind:";
    for (const auto& [kind, created] : actors_by_kind)
      cost.actor_kinds += fmt::format(" {} {:.2f}", kind, static_cast<double>(created) / drills_measured);
  }
  return cost;
}

Cost measure(const drsim::Scenario& scenario, int drills, int repeat) {
  int fds[2];
  if (::pipe(fds) != 0)
    throw std::runtime_error("pipe failed");
  std::cout.flush();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    const Cost cost = measure_in_child(scenario, drills, repeat);
    const std::string record = fmt::format("{} {} {} {} {}\n{}", cost.cpu_us_per_drill, cost.engine_steps,
                                           cost.wake_ups, cost.actors, cost.events, cost.actor_kinds);
    if (::write(fds[1], record.data(), record.size()) != static_cast<ssize_t>(record.size()))
      _exit(3);
    _exit(0);
  }
  ::close(fds[1]);
  std::string record;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
    record.append(buffer, static_cast<std::size_t>(n));
  ::close(fds[0]);
  Cost cost;
  std::istringstream numbers(record);
  const bool got = static_cast<bool>(numbers >> cost.cpu_us_per_drill >> cost.engine_steps >> cost.wake_ups >>
                                     cost.actors >> cost.events);
  if (const auto newline = record.find('\n'); newline != std::string::npos)
    cost.actor_kinds = record.substr(newline + 1);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("a measurement failed; run its scenario with drsim run to see why");
  return cost;
}

json read_json(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}

drsim::Scenario scenario_of(const json& document, const std::string& file) {
  std::vector<drsim::Diagnostic> problems;
  auto scenario = drsim::read_scenario(document, file, problems);
  if (!problems.empty())
    throw std::runtime_error(file + ": " + problems.front().str());
  return scenario;
}

// The reference shop's region loss with an inline topology changed by `grow`, one strategy (pilot light: promotion,
// scaling and DNS all happen in it).
template <class Grow> drsim::Scenario shop_variant(Grow grow) {
  auto scenario = read_json(source_dir + "/scenarios/shop-region-loss.json");
  auto topology = read_json(source_dir + "/scenarios/topologies/web-shop.json");
  grow(topology);
  scenario["topology"] = topology;
  scenario["strategies"] =
      json::array({{{"name", "pilot-light"}, {"preset", "pilot-light"}, {"recovery_region", "us-west-2"}}});
  scenario.erase("objectives");
  return scenario_of(scenario, source_dir + "/scenarios/benchmark.json");
}

drsim::Scenario with_instances(int per_region) {
  return shop_variant([&](json& t) {
    for (auto& [region, capacity] : t["fleets"][0]["capacity"].items()) {
      capacity["max"] = per_region;
      if (capacity["desired"].get<int>() > 0) {
        capacity["desired"] = per_region;
        capacity["min"] = std::max(1, per_region / 2);
      }
    }
    // The load grows with the fleet, so every instance serves as much as in the shipped shop.
    t["clients"][0]["rate"] = fmt::format("{}/s", 200.0 * per_region / 6);
  });
}

drsim::Scenario with_populations(int populations) {
  return shop_variant([&](json& t) {
    const json shoppers = t["clients"][0];
    t["clients"] = json::array();
    for (int i = 0; i < populations; ++i) {
      json population = shoppers;
      population["name"] = fmt::format("shoppers-{}", i);
      population["rate"] = fmt::format("{}/s", 200.0 / populations);
      t["clients"].push_back(population);
    }
  });
}

// A long run of the reference shop with its random failures, `years` long: a run that costs more per simulated year
// as it goes (state that piles up) shows as an exponent above 1.
drsim::Scenario with_years(int years) {
  auto scenario = read_json(source_dir + "/scenarios/shop-availability-year.json");
  scenario["horizon"] = fmt::format("{}h", 8766 * years);
  scenario["strategies"] = json::array({scenario["strategies"][1]});
  scenario.erase("objectives");
  return scenario_of(scenario, source_dir + "/scenarios/benchmark.json");
}

drsim::Scenario with_regions(int regions) {
  return shop_variant([&](json& t) {
    for (int i = 2; i < regions; ++i) {
      const auto name = fmt::format("extra-{}", i);
      t["regions"].push_back({{"name", name}, {"azs", {name + "-a", name + "-b", name + "-c"}}});
    }
  });
}

// The shop with `databases` copies of its orders database, each with the same replicas, and the fleet depending on
// every one: each replicates, fails over and is promoted on its own.
drsim::Scenario with_databases(int databases) {
  return shop_variant([&](json& t) {
    const json orders = t["databases"][0];
    for (int i = 1; i < databases; ++i) {
      json copy = orders;
      copy["name"] = fmt::format("orders-db-{}", i);
      t["databases"].push_back(copy);
      t["fleets"][0]["depends_on"].push_back(copy["name"]);
    }
  });
}

struct Point {
  int size;
  Cost cost;
};

double fitted_exponent(const std::vector<Point>& points) {
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const auto& p : points) {
    const double x = std::log(p.size), y = std::log(p.cost.cpu_us_per_drill);
    n += 1;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

void print_header(const std::string& first) {
  std::cout << fmt::format("{:<34} {:>12} {:>12} {:>10} {:>10} {:>10}\n", first, "CPU/drill", "Engine steps",
                           "wake-ups", "actors", "events");
}

void print_row(const std::string& name, const Cost& cost) {
  std::cout << fmt::format("{:<34} {:>9.1f} us {:>12.1f} {:>10.1f} {:>10.2f} {:>10.1f}\n", name, cost.cpu_us_per_drill,
                           cost.engine_steps, cost.wake_ups, cost.actors, cost.events);
  if (!cost.actor_kinds.empty())
    std::cout << cost.actor_kinds << '\n';
}

void run_family(const std::string& name, const std::vector<int>& sizes, drsim::Scenario (*make)(int), int drills,
                int repeat) {
  std::cout << '\n';
  print_header(name);
  std::vector<Point> points;
  for (const int size : sizes) {
    const auto scenario = make(size);
    // A year costs a thousand times a day: fewer of them keep the whole benchmark to minutes.
    points.push_back({size, measure(scenario, scenario.long_run() ? std::max(1, drills / 4) : drills, repeat)});
    print_row(fmt::format("  {}", size), points.back().cost);
  }
  // Small systems cost mostly what every drill costs; the growth shows in the largest sizes.
  const std::vector<Point> largest(points.begin() + static_cast<std::ptrdiff_t>(points.size() / 2), points.end());
  std::cout << fmt::format("  fitted exponent of CPU time: {:.2f} over all sizes, {:.2f} over the largest half\n",
                           fitted_exponent(points), fitted_exponent(largest));
}

std::string machine() {
  utsname name{};
  uname(&name);
  std::string model = "unknown CPU";
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);)
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  return fmt::format("{}, {} hardware threads, {} {}", model, std::thread::hardware_concurrency(), name.sysname,
                     name.release);
}

std::string load_average() {
  std::ifstream loadavg("/proc/loadavg");
  std::string one, five, fifteen;
  loadavg >> one >> five >> fifteen;
  return one.empty() ? "unknown" : one + " " + five + " " + fifteen;
}

} // namespace

int benchmark(int argc, char** argv) {
  int repeat = 5;
  int drills = 20;
  std::vector<std::string> families;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--repeat" && i + 1 < argc)
      repeat = std::max(1, std::atoi(argv[++i]));
    else if (arg == "--drills" && i + 1 < argc)
      drills = std::max(1, std::atoi(argv[++i]));
    else if (arg == "--family" && i + 1 < argc)
      families.emplace_back(argv[++i]);
    else if (arg == "--actors")
      break_down_actors = true;
    else if (arg == "--quick") {
      repeat = 3;
      drills = 5;
    } else {
      std::cerr << "usage: drsim_benchmark [--repeat R] [--drills N] [--family "
                   "scenarios|instances|populations|databases|regions|years]... [--quick] [--actors]\n";
      return 2;
    }
  }
  const auto wanted = [&](const std::string& family) {
    return families.empty() || std::find(families.begin(), families.end(), family) != families.end();
  };
  std::cout << "drsim benchmark on " << machine() << "\n"
            << "CPU time per drill: median of " << repeat << " repeats of " << drills
            << " drills per strategy (a quarter of that for long runs),\n"
            << "after one warm-up drill each; Engine steps, wake-ups, actors and events per drill.\n"
            << "Load average when started: " << load_average() << ".\n";
  if (wanted("scenarios")) {
    std::cout << '\n';
    print_header("shipped scenario");
    for (const auto& entry : std::vector<std::string>{
             "shop-region-loss", "shop-az-outage", "shop-data-corruption", "aurora-global-region-loss",
             "dynamodb-region-loss", "dc-pair-site-loss", "three-az-service-year", "shop-availability-year"}) {
      const auto scenario = drsim::load_scenario_file(source_dir + "/scenarios/" + entry + ".json");
      // A year costs a thousand times a day: fewer of them keep the whole benchmark to minutes.
      const int n = scenario.long_run() ? std::max(1, drills / 4) : drills;
      print_row(entry, measure(scenario, n, repeat));
    }
  }
  if (wanted("instances"))
    run_family("instances per region (pilot light)", {2, 4, 8, 16, 32, 64, 128, 256}, with_instances, drills, repeat);
  if (wanted("populations"))
    run_family("client populations (pilot light)", {1, 2, 4, 8, 16, 32, 64, int(drsim::limits::client_populations)},
               with_populations, drills, repeat);
  if (wanted("databases"))
    run_family("databases (pilot light)", {1, 2, 4, 8, 16}, with_databases, drills, repeat);
  if (wanted("regions"))
    run_family("regions (pilot light)", {2, 4, 8, 16}, with_regions, drills, repeat);
  if (wanted("years"))
    run_family("years of the shop (pilot light)", {1, 2, 4, 8}, with_years, drills, repeat);
  return 0;
}

int main(int argc, char** argv) {
  try {
    return benchmark(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "drsim_benchmark: " << error.what() << '\n';
    return 1;
  }
}
