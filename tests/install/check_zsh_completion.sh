#!/bin/bash
# The zsh completion parses (zsh -n), and zsh's completion system finds it by its #compdef line and loads it as the
# function _drsim.
# Usage: check_zsh_completion.sh ZSH_COMPLETION WORK_DIR
set -euo pipefail
completion=$1 work=$2
rm -rf "$work"
mkdir -p "$work"
cp "$completion" "$work/_drsim"
zsh -n "$work/_drsim"
HOME=$work zsh -f -c '
  fpath=("$1" $fpath)
  autoload -Uz compinit && compinit -u -d "$1/.zcompdump"
  [[ $_comps[drsim] == _drsim ]] || { print -u2 "FAIL: compinit does not complete drsim with _drsim"; exit 1 }
  autoload +X _drsim || { print -u2 "FAIL: _drsim does not load"; exit 1 }
  [[ $functions[_drsim] == *_arguments* ]] || { print -u2 "FAIL: _drsim has no _arguments"; exit 1 }
' zsh "$work"
echo "zsh completion: parses, and compinit loads it for drsim"
