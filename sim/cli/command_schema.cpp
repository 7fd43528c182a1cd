// `drsim schema KIND [--output FILE]`: the JSON Schema of a kind of input file, generated from the declarations the
// readers check (sim/input/json_schema.hpp), for editors and for other validators.

#include <algorithm>
#include <ostream>

#include <boost/program_options.hpp>

#include "sim/cli/cli.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/output.hpp"
#include "sim/core/errors.hpp"
#include "sim/fis/bindings.hpp"
#include "sim/input/input_format.hpp"
#include "sim/input/json_schema.hpp"
#include "sim/input/messages.hpp"

namespace po = boost::program_options;

namespace drsim {
namespace {

struct SchemaKind {
  const char* name;
  const char* title;
  const format::Node& (*root)();
};

const SchemaKind kinds[]{
    {"topology", "drsim topology file", []() -> const format::Node& { return format::topology; }},
    {"scenario", "drsim scenario file", []() -> const format::Node& { return format::scenario; }},
    {"bindings", "drsim FIS bindings file", []() -> const format::Node& { return fis::bindings_format(); }},
};

} // namespace

int command_schema(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  std::string output;
  po::options_description visible("Options");
  visible.add_options()("help,h", "print this help and exit")("output,o", po::value(&output)->value_name("FILE"),
                                                              "write the schema to FILE instead of stdout");
  std::vector<std::string> names;
  for (const auto& kind : kinds)
    names.emplace_back(kind.name);
  const auto vm = parse_command_line(args, visible, "kind", {"kind", names});

  if (vm.count("help")) {
    out << "Usage: drsim schema topology|scenario|bindings [--output FILE]\n\n"
           "Prints the JSON Schema (draft 2020-12) of a kind of input file, generated from the declarations\n"
           "`drsim validate` checks: every key with its description, type, unit and default; required and unknown\n"
           "keys; keys that apply to some kinds only; enums, number ranges and the units of quantities. An editor\n"
           "given it (the shipped files name theirs with \"$schema\") completes keys and flags mistakes as you type.\n"
           "What a schema cannot say (references between names, ranges of quantities, rules between two values)\n"
           "only `drsim validate` checks. The same drsim prints the same bytes.\n\n"
        << visible << "\nExample:\n  drsim schema scenario --output scenario.schema.json\n"
        << "\nExit codes: 0 printed; 2 an unknown kind or bad usage.\n";
    return exit_ok;
  }
  const auto given = vm.count("kind") ? vm["kind"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (given.size() != 1)
    throw UsageError("schema needs one KIND: " + join_alternatives(names) + "; run `drsim schema --help`");
  const auto chosen =
      std::find_if(std::begin(kinds), std::end(kinds), [&](const SchemaKind& kind) { return kind.name == given[0]; });
  if (chosen == std::end(kinds))
    throw UsageError("unknown kind " + in_quotes(given[0]) + suggestion(given[0], names));

  ResultOutput result(out, output);
  result.stream() << json_schema_text(chosen->root(), chosen->title);
  result.commit();
  return exit_ok;
}

} // namespace drsim
