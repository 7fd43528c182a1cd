#!/bin/bash
# The bash completion as bash runs it: sourced in a non-interactive bash, _drsim called with the words a user typed
# (COMP_WORDS, COMP_CWORD), and COMPREPLY compared with what it must offer.
# Usage: check_completion.sh BASH_COMPLETION WORK_DIR
set -uo pipefail
completion=$1 work=$2
rm -rf "$work"
mkdir -p "$work/scenarios" "$work/designs"
touch "$work/scenarios/shop.json" "$work/notes.txt"
cd "$work" || exit 1
# shellcheck source=/dev/null
source "$completion"
failures=0

# expect "WORDS TYPED" "WHAT IT OFFERS": the last word of WORDS is the one being completed ('' for a new word).
expect() {
  read -r -a COMP_WORDS <<<"$1"
  [[ $1 == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _drsim
  # compgen lists files in the directory's order: compare as sets.
  local offered expected words
  read -r -a words <<<"$2"
  offered=$(printf '%s\n' "${COMPREPLY[@]}" | sort | xargs)
  expected=$(printf '%s\n' "${words[@]}" | sort | xargs)
  if [[ $offered != "$expected" ]]; then
    echo "FAIL: '$1' offers '$offered', expected '$2'" >&2
    failures=$((failures + 1))
  fi
}

expect "drsim " "analyze check compare fis history import init optimize reproduce run schema sweep train validate"
expect "drsim c" "check compare"
expect "drsim --" "--help --version --verbose --log-level"
expect "drsim --log-level " "trace debug info warn error critical off"
expect "drsim --log-level info comp" "compare"
expect "drsim compare --for" "--format"
expect "drsim compare --format " "text json markdown html csv junit"
expect "drsim run --format j" "json"
expect "drsim sweep --va" "--vary"
expect "drsim sweep --format " "text json csv markdown html"
expect "drsim compare --runs " ""
expect "drsim compare scen" "scenarios"
expect "drsim compare scenarios/" "scenarios/shop.json"
expect "drsim -v check --annotations " "github"
expect "drsim init --template " "pilot-light multi-az active-active dc-pair"
expect "drsim init d" "designs"
expect "drsim init " "designs scenarios"
expect "drsim check --evidence " "designs scenarios"
expect "drsim fis " "plan preflight run compare stop"
expect "drsim fis plan --sk" "--skip-unrealizable"
expect "drsim fis plan --output d" "designs"
expect "drsim fis compare --format " "text json markdown html"
expect "drsim fis stop " ""
expect "drsim fis stop --all" "--all-drsim"
expect "drsim validate --log" "--log-level"
expect "drsim train --replay n" "notes.txt"
expect "drsim import " "terraform"
expect "drsim import terraform n" "notes.txt"
expect "drsim import --output n" "notes.txt"
expect "drsim import --output notes.txt " "terraform"
expect "drsim import --name x terraform " "designs notes.txt scenarios"
expect "drsim schema " "topology scenario bindings"
expect "drsim schema s" "scenario"
expect "drsim schema topology " ""

[[ $failures == 0 ]] || exit 1
echo "bash completion: all cases offered what they must"
