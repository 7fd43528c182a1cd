#include "sim/input/strategy_reader.hpp"

#include <algorithm>
#include <optional>

#include "sim/input/input_format.hpp"
#include "sim/input/limits.hpp"
#include "sim/input/messages.hpp"
#include "sim/input/presets.hpp"
#include "sim/input/runbook_reader.hpp"
#include "sim/input/topology_reader.hpp"

namespace drsim {
namespace {

using nlohmann::json;

// Whether a problem at `pointer` in the patched topology lies in what `overrides` wrote: every token of the
// pointer is in the patch, or the patch replaced a whole value (an array or a scalar) on the way there.
bool written_by(const json& overrides, const std::string& pointer) {
  const json* node = &overrides;
  for (const auto& token : split_pointer(pointer)) {
    if (!node->is_object())
      return true;
    const auto it = node->find(token);
    if (it == node->end())
      return false;
    node = &*it;
  }
  return true;
}

const json* step_into(const json& value, const std::string& token) {
  if (value.is_object()) {
    const auto it = value.find(token);
    return it == value.end() ? nullptr : &*it;
  }
  if (value.is_array() && !token.empty() && token.find_first_not_of("0123456789") == std::string::npos) {
    const std::size_t index = std::stoul(token);
    return index < value.size() ? &value[index] : nullptr;
  }
  return nullptr;
}

class StrategyReader {
public:
  StrategyReader(const JsonNode& strategies, const BaseTopology& base,
                 const std::function<void(const Strategy&)>& check)
      : strategies_(strategies), base_(base), check_(check) {}

  std::vector<Strategy> read() {
    for (const auto& item : strategies_.elements("strategy", limits::strategies, "strategies")) {
      if (!item.expect_object(format::scenario_objects::strategy))
        continue;
      Strategy strategy;
      strategy.overrides = json::object();
      const auto named = [&](const Strategy& other) { return other.name == strategy.name; };
      if (item.read_name("name", strategy.name) && std::any_of(read_.begin(), read_.end(), named)) {
        item.field("name")->problem("duplicate strategy " + in_quotes(strategy.name) +
                                    "; strategy names must be unique");
        strategy.name.clear();
      }
      if (const auto preset = item.field("preset"))
        strategy.preset = preset->as_enum<Preset>();
      if (!strategy.preset)
        for (const auto& key : format::scenario_objects::strategy.keys)
          if (const auto node = item.field(key.key()); node && !key.needs.empty() && !item.field(key.needs))
            node->problem("applies only with a " + in_quotes(key.needs));
      const bool have_topology = base_.document != nullptr;
      std::optional<PresetPlan> plan;
      if (strategy.preset && have_topology && base_.problems->empty())
        plan = apply_preset(*strategy.preset, item, *base_.document, *base_.topology);
      if (plan)
        strategy.recovery_region = plan->recovery_region;
      strategy.topology = *base_.topology;
      const auto overrides = item.field("overrides");
      if (overrides && !overrides->value().is_object())
        overrides->problem("must be an object (a JSON merge patch of the topology), not " +
                           describe_value(overrides->value()));
      else if (overrides || plan) {
        if (overrides)
          strategy.overrides = overrides->value();
        if (have_topology)
          strategy.topology = patched_topology(plan ? plan->topology : *base_.document, overrides,
                                               plan ? item.field("preset") : std::nullopt, strategy.name);
      }
      check_(strategy);
      const Topology* references = have_topology ? &strategy.topology : nullptr;
      strategy.resolved = {{"name", strategy.name}, {"topology", nullptr}, {"runbook", nullptr}};
      if (have_topology) {
        strategy.resolved["topology"] = plan ? plan->topology : *base_.document;
        if (overrides && overrides->value().is_object())
          strategy.resolved["topology"].merge_patch(overrides->value());
      }
      if (const auto runbook = item.field("runbook")) {
        strategy.runbook = read_runbook(*runbook, references);
        strategy.resolved["runbook"] = runbook->value();
      } else if (plan) {
        read_preset_runbook(plan->runbook, *item.field("preset"), strategy, references);
        strategy.resolved["runbook"] = plan->runbook;
      }
      if (!strategy.name.empty())
        read_.push_back(std::move(strategy));
    }
    return std::move(read_);
  }

private:
  // `base` (the topology, or what a preset made of it) with `overrides` merge-patched in and read again. Its
  // problems are reported where the user can fix them: in the overrides when they wrote the value, at the preset
  // when it changed the value, else in the topology (once, if already there).
  Topology patched_topology(const json& base, const std::optional<JsonNode>& overrides,
                            const std::optional<JsonNode>& preset, const std::string& strategy) const {
    json patched = base;
    if (overrides)
      patched.merge_patch(overrides->value());
    std::vector<Diagnostic> found;
    Topology topology = read_topology(patched, base_.file, "", found);
    auto& problems = *strategies_.sink().problems;
    for (const auto& problem : found) {
      Diagnostic in_topology{base_.file, base_.pointer_prefix + problem.pointer, problem.message};
      if (std::find(base_.problems->begin(), base_.problems->end(), in_topology) != base_.problems->end())
        continue;
      if (overrides && written_by(overrides->value(), problem.pointer))
        problems.push_back({strategies_.sink().file, overrides->pointer() + problem.pointer, problem.message});
      else if (preset && changed_by_preset(base, problem.pointer))
        preset->problem("makes " + problem.pointer + " invalid: " + problem.message);
      else {
        in_topology.message += " (with the " + std::string(overrides ? "overrides" : "preset") + " of strategy " +
                               in_quotes(strategy) + ")";
        problems.push_back(std::move(in_topology));
      }
    }
    return topology;
  }

  // Whether the preset's document differs from the topology document at `pointer` (or has what the topology lacks).
  bool changed_by_preset(const json& preset_document, const std::string& pointer) const {
    const json* mine = &preset_document;
    const json* theirs = base_.document;
    for (const auto& token : split_pointer(pointer)) {
      if (*mine == *theirs)
        return false;
      const json* next_mine = step_into(*mine, token);
      const json* next_theirs = step_into(*theirs, token);
      if (next_mine == nullptr || next_theirs == nullptr)
        return true;
      mine = next_mine;
      theirs = next_theirs;
    }
    return *mine != *theirs;
  }

  // A preset's runbook is read like a written one; a problem in it (only with overrides that remove what it
  // needs) is reported at the strategy's "preset".
  void read_preset_runbook(const json& runbook, const JsonNode& preset, Strategy& strategy,
                           const Topology* references) const {
    std::vector<Diagnostic> found;
    const DiagnosticSink sink{strategies_.sink().file, &found};
    strategy.runbook = read_runbook(JsonNode(runbook, "", sink), references);
    for (const auto& problem : found)
      preset.problem("its runbook does not fit the topology of strategy " + in_quotes(strategy.name) + ": step " +
                     problem.pointer + ": " + problem.message + "; give the strategy a \"runbook\" of its own");
  }

  const JsonNode& strategies_;
  const BaseTopology& base_;
  const std::function<void(const Strategy&)>& check_;
  std::vector<Strategy> read_;
};

} // namespace

std::vector<Strategy> read_strategies(const JsonNode& strategies, const BaseTopology& base,
                                      const std::function<void(const Strategy&)>& check) {
  return StrategyReader(strategies, base, check).read();
}

} // namespace drsim
