#include "sim/cli/manual.hpp"

#include <algorithm>
#include <ostream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <boost/program_options.hpp>

#include "sim/cli/commands.hpp"
#include "sim/cli/evidence.hpp"
#include "sim/core/version.hpp"

namespace po = boost::program_options;

namespace drsim {
namespace {

struct OptionHelp {
  std::string long_name;
  std::string short_name;           //!< "-h", or empty
  std::string value;                //!< as --help names it ("FILE", "FORMAT (=text)"); empty for a switch
  std::vector<std::string> choices; //!< the values it takes, when they are a fixed set
  std::string description;
};

struct CommandHelp {
  std::string name;    //!< "compare", "fis plan"
  std::string summary; //!< its line in the list of commands
  std::string text;    //!< its --help
  std::string table;   //!< its options as `text` prints them; empty when it parses none
  std::vector<OptionHelp> options;
  std::string operand;                    //!< the name it gives its operands ("scenario", "directory"); empty for none
  std::vector<std::string> subcommands;   //!< fis: plan, preflight, ...
  std::string first_operand;              //!< the first operand's name when it takes one of `first_choices`
  std::vector<std::string> first_choices; //!< import: terraform; schema: topology, scenario, bindings
};

OptionHelp option_help(const po::option_description& option) {
  OptionHelp help{option.long_name(), "", "", {}, option.description()};
  const auto shown = option.canonical_display_name(po::command_line_style::allow_dash_for_short);
  if (shown.size() == 2 && shown[0] == '-')
    help.short_name = shown;
  const auto& semantic = option.semantic();
  if (semantic->max_tokens() > 0)
    help.value = semantic->name();
  if (const auto* one_of = dynamic_cast<const OneOf*>(semantic.get()))
    help.choices = one_of->values();
  return help;
}

std::vector<OptionHelp> options_help(const std::vector<boost::shared_ptr<po::option_description>>& options) {
  std::vector<OptionHelp> help;
  for (const auto& option : options)
    help.push_back(option_help(*option));
  return help;
}

// A command's --help, run: what it prints, and the options it parses on the way.
CommandHelp describe(const std::string& name, const CommandEntry& entry) {
  const OptionsWatch watch;
  std::ostringstream text;
  std::ostringstream unused;
  entry.function({"--help"}, text, unused);
  CommandHelp help{name, entry.summary, text.str(), "", {}, "", {}, "", {}};
  if (!watch.parsed().empty()) {
    const auto& parsed = watch.parsed().front();
    help.table = parsed.table;
    help.options = options_help(parsed.options);
    // fis stop names its operands only to refuse them.
    help.operand = parsed.operand == "extra" ? "" : parsed.operand;
    help.first_operand = parsed.first_operand;
    help.first_choices = parsed.first_choices;
  }
  return help;
}

std::vector<CommandHelp> all_commands() {
  std::vector<CommandHelp> all;
  for (const auto& [name, entry] : commands()) {
    all.push_back(describe(name, entry));
    if (name != "fis")
      continue;
    const std::size_t fis = all.size() - 1;
    for (const auto& [subcommand, subentry] : fis_subcommands()) {
      all[fis].subcommands.push_back(subcommand);
      all.push_back(describe(name + " " + subcommand, subentry));
    }
  }
  return all;
}

// Options that apply after the command too: run_cli takes the logging options wherever they stand.
std::vector<OptionHelp> logging_options() {
  auto global = options_help(global_options().options());
  std::erase_if(global, [](const OptionHelp& option) {
    return option.long_name != "verbose" && option.long_name != "log-level";
  });
  return global;
}

std::vector<std::string> paragraphs_of(const std::string& text) {
  std::vector<std::string> paragraphs;
  std::istringstream lines(text);
  std::string line;
  std::string paragraph;
  while (std::getline(lines, line)) {
    if (line.empty()) {
      if (!paragraph.empty())
        paragraphs.push_back(paragraph);
      paragraph.clear();
    } else {
      paragraph += line + '\n';
    }
  }
  if (!paragraph.empty())
    paragraphs.push_back(paragraph);
  return paragraphs;
}

// Text as roff reads it: a backslash printed, every '-' a minus (which man pages print as the '-' of an option, not
// as a hyphen), quotes and backquotes as typed rather than curled, and no line taken for a request.
std::string roff(const std::string& text) {
  std::string escaped;
  bool line_start = true;
  for (const char c : text) {
    if (line_start && c == '.')
      escaped += "\\&";
    line_start = c == '\n';
    switch (c) {
    case '\\':
      escaped += "\\e";
      break;
    case '-':
      escaped += "\\-";
      break;
    case '\'':
      escaped += "\\(aq";
      break;
    case '`':
      escaped += "\\(ga";
      break;
    default:
      escaped += c;
    }
  }
  return escaped;
}

// A help text's paragraphs: the usage and any paragraph with indented lines (lists, examples) as printed, the others
// filled to the reader's width.
void write_paragraphs(std::ostream& out, const std::string& text) {
  for (const auto& paragraph : paragraphs_of(text)) {
    const bool as_printed =
        paragraph.starts_with("Usage:") || paragraph.starts_with(' ') || paragraph.find("\n ") != std::string::npos;
    out << ".PP\n" << (as_printed ? ".nf\n" : "") << roff(paragraph) << (as_printed ? ".fi\n" : "");
  }
}

void write_options(std::ostream& out, const std::vector<OptionHelp>& options) {
  for (const auto& option : options) {
    out << ".TP\n";
    if (!option.short_name.empty())
      out << "\\fB" << roff(option.short_name) << "\\fR, ";
    out << "\\fB\\-\\-" << roff(option.long_name) << "\\fR";
    if (!option.value.empty())
      out << " \\fI" << roff(option.value) << "\\fR";
    out << '\n';
    std::string description = roff(option.description);
    for (std::size_t at = description.find('\n'); at != std::string::npos; at = description.find('\n', at + 5))
      description.replace(at, 1, "\n.br\n");
    out << description << '\n';
  }
}

// What --help says of a command, with its options as a list: the text before its options table, the options, and
// the text after it.
void write_command(std::ostream& out, const CommandHelp& command) {
  out << ".SS \"drsim " << roff(command.name) << "\"\n";
  const auto at = command.table.empty() ? std::string::npos : command.text.find(command.table);
  if (!command.table.empty() && at == std::string::npos)
    throw std::logic_error("the --help of " + command.name + " does not print the options it parses");
  write_paragraphs(out, command.text.substr(0, at));
  if (at == std::string::npos)
    return;
  out << ".PP\nOptions:\n.RS\n";
  write_options(out, command.options);
  out << ".RE\n";
  write_paragraphs(out, command.text.substr(at + command.table.size()));
}

void write_bash_words(std::ostream& out, const std::vector<std::string>& words) {
  out << "mapfile -t COMPREPLY < <(compgen -W \"";
  for (std::size_t i = 0; i < words.size(); ++i)
    out << (i == 0 ? "" : " ") << words[i];
  out << "\" -- \"$cur\")";
}

// How a value or an operand is completed, from the name the help gives it.
enum class Completion { nothing, files, directories };

Completion completion_of(const std::string& name) {
  const std::string bare = name.substr(0, name.find(' '));
  if (bare == "DIR" || bare == "directory")
    return Completion::directories;
  if (bare == "FILE" || bare == "RECORD" || bare == "REPORT.json" || bare == "scenario" || bare == "file" ||
      bare == "topology" || bare == "report")
    return Completion::files;
  return Completion::nothing;
}

std::string dashed(const std::string& long_name) {
  std::string name = "--";
  name += long_name;
  return name;
}

std::vector<std::string> option_words(const std::vector<OptionHelp>& options) {
  std::vector<std::string> words;
  for (const auto& option : options) {
    if (!option.short_name.empty())
      words.push_back(option.short_name);
    words.push_back(dashed(option.long_name));
  }
  return words;
}

// The value after an option: one of its choices, a file, a directory, or nothing to offer.
void write_bash_values(std::ostream& out, const std::string& pattern, const std::vector<OptionHelp>& options) {
  for (const auto& option : options) {
    if (option.value.empty())
      continue;
    out << "    " << pattern << ":--" << option.long_name << ") ";
    if (!option.choices.empty())
      write_bash_words(out, option.choices);
    else if (completion_of(option.value) == Completion::files)
      out << "mapfile -t COMPREPLY < <(compgen -f -- \"$cur\")";
    else if (completion_of(option.value) == Completion::directories)
      out << "mapfile -t COMPREPLY < <(compgen -d -- \"$cur\")";
    else
      out << "COMPREPLY=()";
    out << "; return ;;\n";
  }
}

void write_bash(std::ostream& out, const std::vector<CommandHelp>& all) {
  const auto global = options_help(global_options().options());
  const auto logging = logging_options();
  out << "# bash completion for drsim, written by `drsim --bash-completion` from its commands and options.\n"
         "_drsim() {\n"
         "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} command= word i operands=0\n"
         "  COMPREPLY=()\n"
         "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
         "    word=${COMP_WORDS[i]}\n"
         "    case $word in\n";
  for (const auto& option : global)
    if (!option.value.empty())
      out << "      --" << option.long_name << ") ((i++)) ;;\n";
  // A command option's value is no operand; an option that is a switch in some command is left out, as its next
  // word may be one.
  std::set<std::string> valued;
  std::set<std::string> switches;
  for (const auto& command : all)
    for (const auto& option : command.options)
      for (const auto& name : {option.short_name, dashed(option.long_name)})
        if (!name.empty())
          (option.value.empty() ? switches : valued).insert(name);
  for (const auto& option : global)
    valued.erase(dashed(option.long_name));
  for (const auto& name : valued)
    if (!switches.contains(name))
      out << "      " << name << ") ((i++)) ;;\n";
  out << "      -*) ;;\n"
         "      *)\n"
         "        if [[ -z $command ]]; then\n"
         "          command=$word\n";
  for (const auto& command : all)
    if (!command.subcommands.empty())
      out << "        elif [[ $command == " << command.name << " ]]; then\n"
          << "          command=\"$command $word\"\n";
  out << "        else\n"
         "          ((operands++))\n"
         "        fi ;;\n"
         "    esac\n"
         "  done\n"
         "  case \"$command:$prev\" in\n";
  write_bash_values(out, "*", global);
  for (const auto& command : all)
    write_bash_values(out, "\"" + command.name + "\"", command.options);
  out << "  esac\n"
         "  if [[ $cur == -* ]]; then\n"
         "    case $command in\n"
         "      \"\") ";
  write_bash_words(out, option_words(global));
  out << " ;;\n";
  for (const auto& command : all) {
    auto words = option_words(command.options);
    for (const auto& word : option_words(logging))
      words.push_back(word);
    out << "      \"" << command.name << "\") ";
    write_bash_words(out, words);
    out << " ;;\n";
  }
  out << "    esac\n"
         "    return\n"
         "  fi\n"
         "  case $command in\n"
         "    \"\") ";
  std::vector<std::string> names;
  for (const auto& command : all)
    if (command.name.find(' ') == std::string::npos)
      names.push_back(command.name);
  write_bash_words(out, names);
  out << " ;;\n";
  for (const auto& command : all) {
    out << "    \"" << command.name << "\") ";
    if (!command.first_choices.empty()) {
      out << "if ((operands == 0)); then ";
      write_bash_words(out, command.first_choices);
      out << "; else ";
    }
    if (!command.subcommands.empty())
      write_bash_words(out, command.subcommands);
    else if (completion_of(command.operand) == Completion::directories)
      out << "mapfile -t COMPREPLY < <(compgen -d -- \"$cur\")";
    else if (completion_of(command.operand) == Completion::files)
      out << "mapfile -t COMPREPLY < <(compgen -f -- \"$cur\")";
    else
      out << "COMPREPLY=()";
    if (!command.first_choices.empty())
      out << "; fi";
    out << " ;;\n";
  }
  out << "  esac\n"
         "}\n"
         "complete -o filenames -F _drsim drsim\n";
}

// A string inside single quotes for zsh.
std::string zsh_quoted(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text)
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// The first line of a description, as _arguments shows it between brackets.
std::string zsh_description(const std::string& description) {
  std::string shown;
  for (const char c : description.substr(0, description.find('\n'))) {
    if (c == '[' || c == ']' || c == '\\')
      shown += '\\';
    shown += c;
  }
  return shown;
}

std::string zsh_action(const std::string& name, const std::vector<std::string>& choices) {
  const std::string bare = name.substr(0, name.find(' '));
  if (!choices.empty()) {
    std::string action = bare + ":(";
    for (std::size_t i = 0; i < choices.size(); ++i)
      action += (i == 0 ? "" : " ") + choices[i];
    return action + ")";
  }
  switch (completion_of(name)) {
  case Completion::files:
    return bare + ":_files";
  case Completion::directories:
    return bare + ":_files -/";
  case Completion::nothing:
    break;
  }
  return bare + ": ";
}

void write_zsh_options(std::ostream& out, const std::vector<OptionHelp>& options, const std::string& indent) {
  for (const auto& option : options) {
    std::vector<std::string> names;
    if (!option.short_name.empty())
      names.push_back(option.short_name);
    names.push_back(dashed(option.long_name));
    for (const auto& name : names) {
      std::string spec = name;
      if (!option.value.empty() && name.size() > 2)
        spec += '=';
      spec.append("[").append(zsh_description(option.description)).append("]");
      if (!option.value.empty())
        spec.append(":").append(zsh_action(option.value, option.choices));
      out << indent << zsh_quoted(spec) << " \\\n";
    }
  }
}

void write_zsh_list(std::ostream& out, const std::string& name, const std::vector<CommandHelp>& all,
                    const std::string& prefix, const std::string& indent) {
  out << indent << "local -a " << name << "=(\n";
  for (const auto& command : all) {
    if (!command.name.starts_with(prefix) || command.name.find(' ', prefix.size()) != std::string::npos ||
        command.name.size() == prefix.size())
      continue;
    out << indent << "  " << zsh_quoted(command.name.substr(prefix.size()) + ":" + command.summary) << '\n';
  }
  out << indent << ")\n";
}

void write_zsh_command(std::ostream& out, const CommandHelp& command, const std::vector<OptionHelp>& logging,
                       const std::string& indent) {
  out << indent << "_arguments -s \\\n";
  write_zsh_options(out, command.options, indent + "  ");
  write_zsh_options(out, logging, indent + "  ");
  if (!command.first_choices.empty())
    out << indent << "  " << zsh_quoted("1:" + zsh_action(command.first_operand, command.first_choices)) << " \\\n";
  if (!command.operand.empty())
    out << indent << "  " << zsh_quoted("*:" + zsh_action(command.operand, {})) << " \\\n";
  out << indent << "  && return\n";
}

void write_zsh(std::ostream& out, const std::vector<CommandHelp>& all) {
  const auto logging = logging_options();
  out << "#compdef drsim\n"
         "# zsh completion for drsim, written by `drsim --zsh-completion` from its commands and options.\n"
         "local curcontext=$curcontext state line\n"
         "_arguments -C -s \\\n";
  write_zsh_options(out, options_help(global_options().options()), "  ");
  out << "  '1:command:->command' \\\n"
         "  '*::argument:->argument' && return\n"
         "case $state in\n"
         "  command)\n";
  write_zsh_list(out, "commands", all, "", "    ");
  out << "    _describe -t commands command commands ;;\n"
         "  argument)\n"
         "    case $words[1] in\n";
  for (const auto& command : all) {
    if (command.name.find(' ') != std::string::npos)
      continue;
    out << "      " << command.name << ")\n";
    if (command.subcommands.empty()) {
      write_zsh_command(out, command, logging, "        ");
      out << "        ;;\n";
      continue;
    }
    out << "        if (( CURRENT == 2 )); then\n";
    write_zsh_list(out, "subcommands", all, command.name + " ", "          ");
    out << "          _describe -t subcommands subcommand subcommands\n"
           "          return\n"
           "        fi\n"
           "        shift words\n"
           "        (( CURRENT-- ))\n"
           "        case $words[1] in\n";
    for (const auto& subcommand : all) {
      if (!subcommand.name.starts_with(command.name + " "))
        continue;
      out << "          " << subcommand.name.substr(command.name.size() + 1) << ")\n";
      write_zsh_command(out, subcommand, logging, "            ");
      out << "            ;;\n";
    }
    out << "        esac ;;\n";
  }
  out << "    esac ;;\n"
         "esac\n";
}

} // namespace

void write_man_page(std::ostream& out) {
  const auto all = all_commands();
  out << ".\\\" The man page of drsim, written by `drsim --man` from its --help texts.\n"
      << ".TH DRSIM 1 " << recorded_at().substr(0, 10) << " \"drsim " << version << "\" \"User Commands\"\n.nh\n"
      << ".SH NAME\ndrsim \\- " << roff(drsim_purpose) << '\n'
      << ".SH SYNOPSIS\n.B drsim\n[\\fIglobal options\\fR] \\fICOMMAND\\fR [\\fIoptions\\fR] [\\fIarguments\\fR]\n"
      << ".SH DESCRIPTION\n"
         "drsim simulates disaster\\-recovery drills: from a topology and a scenario in JSON it injects the\n"
         "scenario's faults, runs each DR strategy's runbook, and measures the RTO, RPO, lost writes,\n"
         "availability and cost that the simulated clients and data experienced.\n"
         ".PP\nCommands:\n.RS\n";
  for (const auto& command : all) {
    if (command.name.find(' ') != std::string::npos)
      continue;
    out << ".TP\n\\fB" << roff(command.name) << "\\fR\n" << roff(command.summary) << '\n';
  }
  out << ".RE\n.SH COMMANDS\n";
  for (const auto& command : all)
    write_command(out, command);
  out << ".SH OPTIONS\n";
  write_options(out, options_help(global_options().options()));
  out << ".SH \"EXIT STATUS\"\n";
  write_paragraphs(out, exit_codes_help);
  out << ".SH ENVIRONMENT\n"
         ".TP\n.B SOURCE_DATE_EPOCH\n"
         "Seconds since 1970: the date every report names in its evidence, so that two runs print the same bytes.\n"
         ".TP\n.B SPDLOG_LEVEL\nThe log level, as \\fB\\-\\-log\\-level\\fR takes it.\n"
         ".TP\n.B GITHUB_SHA\\fR, \\fBCI_COMMIT_SHA\n"
         "The commit \\fBcheck \\-\\-history\\fR records when \\fB\\-\\-commit\\fR is not given.\n"
         ".TP\n.B AWS_PROFILE\\fR, \\fBAWS_REGION\\fR, \\fBAWS_ACCESS_KEY_ID\\fR, ...\n"
         "The fis commands find AWS credentials and the region by the standard chain of the AWS tools;\n"
         "\\fBAWS_ENDPOINT_URL\\fR points them at another endpoint.\n"
         ".SH FILES\n"
         ".TP\n.I share/drsim/scenarios\n"
         "Under the installation prefix (\\fI/usr\\fR for the Debian package, \\fI/usr/local\\fR for\n"
         "\\fBcmake \\-\\-install\\fR): the reference scenarios and their topologies, ready for \\fBdrsim "
         "compare\\fR.\n"
         ".SH \"SEE ALSO\"\n"
         "The README (\\fIshare/doc/drsim/README.md\\fR under the installation prefix) documents every key of the\n"
         "topology and scenario files, the models and the reports.\n";
}

void write_bash_completion(std::ostream& out) { write_bash(out, all_commands()); }

void write_zsh_completion(std::ostream& out) { write_zsh(out, all_commands()); }

} // namespace drsim
