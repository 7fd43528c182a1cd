#!/bin/bash
# An interactive game day driven through a real terminal: tmux runs `drsim train` in a pane, types commands into it
# (send-keys) and reads the screen (capture-pane), as a person would. Then the session's record is replayed and must
# give the same debrief, byte for byte. A second session, with --to-horizon, types its commands while the clock runs
# (each lands at whatever look of the paced clock comes next) and strikes again after the recovery; its record too
# replays to the same debrief.
# Usage: interactive_session.sh DRSIM SCENARIO WORK_DIRECTORY
set -eu
drsim=$1
scenario=$2
work=$3
command -v tmux >/dev/null || { echo "tmux is not installed (.ci/setup installs it)"; exit 1; }
rm -rf "$work"
mkdir -p "$work"
# A server of its own, so that the test never touches another tmux session.
socket="$work/tmux.socket"
finish() { tmux -S "$socket" kill-server 2>/dev/null || true; }
trap finish EXIT

screen() { tmux -S "$socket" capture-pane -p -J -S -400 -t game-day; }
wait_for() {
  for _ in $(seq 1 300); do
    if screen | grep -qF -- "$1"; then return 0; fi
    sleep 0.1
  done
  echo "the screen never showed: $1"
  screen
  exit 1
}
type_line() { tmux -S "$socket" send-keys -t game-day -l -- "$1"; tmux -S "$socket" send-keys -t game-day Enter; }

tmux -S "$socket" new-session -d -s game-day -x 160 -y 50 \
  "'$drsim' train '$scenario' --speed 300 --runs 5 --record '$work/record.json' --output '$work/debrief.txt'; \
   echo \"exit \$?\" > '$work/exit'; sleep 60"
wait_for "You are on call"
# The quiet start skipped: the clock runs unpaced until the first alert stops it.
type_line "wait 1h"
wait_for "the clock runs on unpaced to "
wait_for "ALERT shoppers-errors"
wait_for "the clock is paced again"
type_line "pause"
wait_for "paused: type resume to go on"
type_line "ack shoppers-errors"
wait_for "acknowledged shoppers-errors"
type_line "promot orders-db"
wait_for 'unknown command "promot"; did you mean "promote"?'
type_line "scale web 6 --region us-west-2"
type_line "promote orders-db --to dr"
type_line "dns switch shop.example.com alb-west"
wait_for "dns-switched shop.example.com"
type_line "status"
wait_for "promote orders-db --to dr (since"
type_line "resume"
# The promotion takes 5 minutes of drill time: a second of wall-clock time at this speed.
wait_for "promotion-done orders-db"
# The session ends by itself once every population is back above the threshold for a whole window.
wait_for "the service has recovered"
wait_for "session ended"
for _ in $(seq 1 300); do [ -s "$work/exit" ] && break; sleep 0.1; done
[ "$(cat "$work/exit")" = "exit 0" ] || { echo "drsim train: $(cat "$work/exit")"; screen; exit 1; }
grep -qF "promote orders-db --to dr" "$work/debrief.txt" || { echo "the debrief lists no promotion"; exit 1; }
grep -qF "  time to acknowledge" "$work/debrief.txt" || { echo "the debrief has no time to acknowledge"; exit 1; }

"$drsim" train --replay "$work/record.json" --output "$work/replay.txt" 2>/dev/null
cmp "$work/debrief.txt" "$work/replay.txt" || { diff "$work/debrief.txt" "$work/replay.txt"; exit 1; }

tmux -S "$socket" kill-session -t game-day
rm -f "$work/exit"
tmux -S "$socket" new-session -d -s game-day -x 160 -y 50 \
  "'$drsim' train '$scenario' --speed 113 --runs 5 --to-horizon --format json --record '$work/horizon.json' \
     --output '$work/horizon-debrief.json'; echo \"exit \$?\" > '$work/exit'; sleep 60"
wait_for "You are on call"
wait_for "ALERT shoppers-errors"
type_line "scale web 6 --region us-west-2"
wait_for "> scale web 6 --region us-west-2"
type_line "promote orders-db --to dr"
wait_for "> promote orders-db --to dr"
type_line "dns switch shop.example.com alb-west"
wait_for "the session goes on to the horizon (end stops it)"
type_line "inject region-outage us-west-2 --for 5m"
wait_for "> inject region-outage us-west-2 --for 5m"
type_line "note struck again"
wait_for "noted"
type_line "end"
for _ in $(seq 1 600); do [ -s "$work/exit" ] && break; sleep 0.1; done
[ "$(cat "$work/exit")" = "exit 0" ] || { echo "drsim train --to-horizon: $(cat "$work/exit")"; screen; exit 1; }
grep -qF '"command": "inject region-outage us-west-2 --for 5m"' "$work/horizon.json" ||
  { echo "the record has no injected fault"; cat "$work/horizon.json"; exit 1; }
"$drsim" train --replay "$work/horizon.json" --format json --output "$work/horizon-replay.json" 2>/dev/null
cmp "$work/horizon-debrief.json" "$work/horizon-replay.json" ||
  { diff "$work/horizon-debrief.json" "$work/horizon-replay.json"; exit 1; }
echo "interactive sessions and their replays agree"
