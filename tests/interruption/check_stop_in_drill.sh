#!/bin/bash
# SIGTERM and Ctrl-C stop a command in the middle of a drill, not only between two drills: ten years of the shop whose
# object store writes 1 GB objects, more than its link carries, replicate in real batches every minute for the
# whole horizon, which takes far longer than the 3 s after which the signal comes. `drsim run` and `drsim compare --jobs 1` (drills in the command's own process) must exit
# 128 + the signal within seconds, say why, and leave no --output file.
# Usage: check_stop_in_drill.sh DRSIM WORK (from the source tree).
set -u
drsim=$1
work=$2
rm -rf "$work" && mkdir -p "$work"
crawling=(scenarios/shop-availability-year.json --set topology.object_stores.assets.object_size=1GB --set horizon=3650d)
failures=0

check() { # NAME SIGNAL EXPECTED_CODE COMMAND...
  local name=$1 signal=$2 expected=$3
  shift 3
  local started=$SECONDS
  # The drill must be under way when the signal comes; if it is not stopped 30 s later, KILL ends it (exit 137).
  timeout --preserve-status -k 30 -s "$signal" 3 "$@" >"$work/$name.out" 2>"$work/$name.err"
  local code=$? took=$((SECONDS - started))
  if [ "$code" != "$expected" ] || ! grep -q "stopped; no --output file was changed" "$work/$name.err" ||
      [ -e "$work/$name.json" ] || ls -A "$work" | grep -q '^\.drsim-output'; then
    echo "FAIL $name: exit $code (expected $expected) after ${took}s; stderr:"
    cat "$work/$name.err"
    failures=$((failures + 1))
  else
    echo "ok   $name: exit $code after ${took}s"
  fi
}

check run-sigterm TERM 143 "$drsim" run "${crawling[@]}" --strategy pilot-light --format json --output "$work/run-sigterm.json"
check compare-sigint INT 130 "$drsim" compare "${crawling[@]}" --runs 1 --jobs 1 --format json \
  --output "$work/compare-sigint.json"
exit $failures
