#!/bin/bash
# The zsh completion as zsh runs it: it parses (zsh -n), compinit finds it by its #compdef line, and in an
# interactive zsh on a pseudo-terminal (zsh/zpty) a Tab after the words a user typed offers what it must; compadd
# is wrapped to write down the matches the completion adds.
# Usage: check_zsh_completion.sh ZSH_COMPLETION WORK_DIR
set -euo pipefail
completion=$1 work=$2
rm -rf "$work"
mkdir -p "$work/functions" "$work/files/designs"
touch "$work/files/notes.txt"
cp "$completion" "$work/functions/_drsim"
zsh -n "$work/functions/_drsim"
HOME=$work zsh -f -c '
  fpath=("$1" $fpath)
  autoload -Uz compinit && compinit -u -D
  [[ $_comps[drsim] == _drsim ]] || { print -u2 "FAIL: compinit does not complete drsim with _drsim"; exit 1 }
' zsh "$work/functions"

# The matches offered after WORDS, sorted, on one line.
offered() {
  rm -f "$work/matches"
  # shellcheck disable=SC2016 # the zsh code is zsh's to expand
  HOME=$work zsh -f -c '
    zmodload zsh/zpty
    zpty session zsh -f -i
    zpty -w session "PS1=; fpath=($1/functions \$fpath); autoload -Uz compinit; compinit -u -D"
    zpty -w session '\''compadd() {
      if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
      typeset -a matches; builtin compadd -A matches "$@"; (( $#matches )) && print -l -- $matches >&2
      builtin compadd "$@"
    }'\''
    zpty -w session "exec 2>$1/matches; cd $1/files"
    zpty -w -n session "$2"$'\''\t'\''
    for i in {1..200}; do [[ -s $1/matches ]] && break; sleep 0.1; done
    sleep 0.5
    zpty -d session
  ' zsh "$work" "$1"
  sort -u "$work/matches" | xargs
}

failures=0
expect() {
  local got
  got=$(offered "$1")
  if [[ $got != "$2" ]]; then
    echo "FAIL: '$1' offers '$got', expected '$2'" >&2
    failures=$((failures + 1))
  fi
}
expect "drsim co" "compare"
expect "drsim compare --format " "csv html json junit markdown text"
expect "drsim --log-level " "critical debug error info off trace warn"
expect "drsim init --template " "active-active dc-pair multi-az pilot-light"
expect "drsim init " "designs"
expect "drsim fis " "compare plan preflight run stop"
expect "drsim fis plan --sk" "--skip-unrealizable"
expect "drsim train --replay n" "notes.txt"
expect "drsim import " "terraform"
expect "drsim import terraform n" "notes.txt"
expect "drsim schema " "bindings scenario topology"
[[ $failures == 0 ]] || exit 1
echo "zsh completion: parses, compinit loads it, and every case offered what it must"
