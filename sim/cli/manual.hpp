// drsim's man page and shell completions, written from what its help prints: the list of commands, each command's
// --help text and the options it parses. `drsim --man`, `--bash-completion` and `--zsh-completion` write them; the
// build installs what they write, so none of them is kept by hand beside the help.
#pragma once

#include <iosfwd>

namespace drsim {

// The man page, in roff with the man(7) macros, dated SOURCE_DATE_EPOCH's day when it is set (today's otherwise).
void write_man_page(std::ostream& out);

// The completion scripts: commands, their options, the values of an option that takes one of a fixed set, files or
// directories where the help names a FILE or DIR.
void write_bash_completion(std::ostream& out);
void write_zsh_completion(std::ostream& out);

} // namespace drsim
