#!/bin/bash
# A scripted session's record, replayed, gives the same debrief byte for byte, in every format; the same script run
# twice, or given on standard input, gives the same bytes.
# Usage: scripted_replay.sh DRSIM SCENARIO SCRIPT WORK_DIRECTORY
set -eu
drsim=$1
scenario=$2
script=$3
work=$4
rm -rf "$work"
mkdir -p "$work"
for format in text json html; do
  "$drsim" train "$scenario" --script "$script" --runs 5 --format "$format" --record "$work/record.json" \
    --output "$work/session.$format" 2>"$work/screen.$format"
  "$drsim" train "$scenario" --script "$script" --runs 5 --format "$format" --output "$work/again.$format" 2>/dev/null
  "$drsim" train --replay "$work/record.json" --format "$format" --output "$work/replay.$format" 2>"$work/replay-screen.$format"
  cmp "$work/session.$format" "$work/again.$format"
  cmp "$work/session.$format" "$work/replay.$format"
  cmp "$work/screen.$format" "$work/replay-screen.$format"
done
# A record names its scenario relative to its own folder: it replays from any directory.
named=$(sed -n 's/.*"scenario": "\(.*\)".*/\1/p' "$work/record.json")
[ -n "$named" ] || { echo "the record names no scenario"; exit 1; }
case "$named" in
/*) echo "the record names its scenario by an absolute path"; exit 1 ;;
esac
(cd / && "$drsim" train --replay "$work/record.json" --output "$work/elsewhere.text" 2>/dev/null)
cmp "$work/session.text" "$work/elsewhere.text"
# A record of another format version (1: before a command acted after the rest of its instant) is refused before any
# drill, with exit code 2, naming both versions.
sed 's/"drsim_training_session": 2/"drsim_training_session": 1/' "$work/record.json" >"$work/record-v1.json"
status=0
"$drsim" train --replay "$work/record-v1.json" >"$work/v1.out" 2>"$work/v1.err" || status=$?
[ "$status" = 2 ] || { echo "a record of version 1 replayed with exit $status"; cat "$work/v1.err"; exit 1; }
grep -qF "record-v1.json: /drsim_training_session: the record is of format version 1; this drsim reads version 2" \
  "$work/v1.err" || { echo "a record of version 1 was refused without naming the versions:"; cat "$work/v1.err"; exit 1; }
[ ! -s "$work/v1.out" ] || { echo "a refused record still gave a debrief"; exit 1; }
# Commands on a standard input that is not a terminal are a script too.
"$drsim" train "$scenario" --runs 5 --output "$work/stdin.text" <"$script" 2>/dev/null
cmp "$work/session.text" "$work/stdin.text"
grep -q '"command": "promote orders-db --to dr"' "$work/record.json"
# The HTML debrief draws the drill with the trainee's actions marked on it.
grep -qF ">promote orders-db --to dr</text>" "$work/session.html"
echo "the replay gives the same bytes"
