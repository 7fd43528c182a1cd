#!/bin/bash
# Under mpirun drsim stops as one process does: a drill over --drill-timeout stops every rank, with the message one
# process prints, printed once; a Ctrl-C (SIGINT to mpirun, which sends the ranks SIGTERM) stops every rank and its
# workers, with the message of an interrupted command, and leaves no process behind.
# Usage: check_stops.sh DRSIM MPIEXEC SCENARIOS_DIR WORK
set -euo pipefail
drsim=$1 mpiexec=$2 scenarios=$3 work=$4
rm -rf "$work"
mkdir -p "$work"

# A year-long drill takes milliseconds: every drill overruns a limit of a millisecond.
code=0
started=$SECONDS
"$mpiexec" -np 2 --oversubscribe "$drsim" compare "$scenarios/shop-availability-year.json" --runs 20 --jobs 1 \
  --drill-timeout 0.001 >"$work/timeout.out" 2>"$work/timeout.err" || code=$?
# Every rank meets the failure at the same drill: none waits the ten seconds a rank that stopped alone waits for.
if ((SECONDS - started >= 10)); then
  echo "FAIL: the ranks took $((SECONDS - started)) s to stop at a failed drill: they did not stop together" >&2
  exit 1
fi
if [[ $code != 3 ]]; then
  echo "FAIL: a drill over the time limit under mpirun: exit $code, expected 3" >&2
  cat "$work/timeout.err" >&2
  exit 1
fi
said=$(grep -c 'exceeded the time limit of 0.001 s' "$work/timeout.err" || true)
if [[ $said != 1 ]]; then
  echo "FAIL: the ranks said $said times that a drill exceeded the time limit, expected once" >&2
  cat "$work/timeout.err" >&2
  exit 1
fi

# Rank 0 may take long after the drills (here its --output blocks 12 s until a reader opens the pipe): the other
# rank, done and well, waits for it however long, and the report is written.
mkfifo "$work/report.fifo"
# The reader gives up after a minute, so that a rank 0 that never opens the pipe fails the test instead of hanging it.
(sleep 12 && timeout 60 cat "$work/report.fifo" >"$work/slow-report.json") &
reader=$!
code=0
"$mpiexec" -np 2 --oversubscribe "$drsim" compare "$scenarios/shop-region-loss.json" --runs 4 --jobs 1 \
  --format json --output "$work/report.fifo" >"$work/slow.out" 2>"$work/slow.err" || code=$?
wait "$reader"
if [[ $code != 0 ]] || ! grep -q '"results"' "$work/slow-report.json"; then
  echo "FAIL: a rank 0 that wrote its report 12 s after the drills: exit $code, report:" >&2
  head -c 300 "$work/slow-report.json" >&2
  cat "$work/slow.err" >&2
  exit 1
fi

# mpirun in a session of its own (setsid does not fork a process that leads no group), so that every process it
# started, ranks and workers, is found by the session.
setsid "$mpiexec" -np 2 --oversubscribe "$drsim" compare "$scenarios/shop-region-loss.json" --runs 1000000 --jobs 2 \
  >"$work/interrupted.out" 2>"$work/interrupted.err" &
session=$!
sleep 3
if [[ $(ps -o pid= -s "$session" | wc -l) -lt 5 ]]; then
  echo "FAIL: mpirun, 2 ranks and their 4 workers are not all running after 3 s:" >&2
  ps -o pid,cmd -s "$session" >&2 || true
  exit 1
fi
kill -INT "$session"
# An mpirun that does not end within a minute of the interrupt fails the test with what it printed, rather than
# hanging it until CTest's timeout, which shows nothing.
for _ in $(seq 600); do
  kill -0 "$session" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$session" 2>/dev/null; then
  echo "FAIL: mpirun is still running a minute after the interrupt:" >&2
  ps -o pid,stat,cmd -s "$session" >&2 || true
  cat "$work/interrupted.err" >&2
  kill -KILL -- "-$session" 2>/dev/null || true
  exit 1
fi
code=0
wait "$session" || code=$?
if [[ $code == 0 ]]; then
  echo "FAIL: an interrupted mpirun exited 0" >&2
  exit 1
fi
if ! grep -q 'terminated (SIGTERM): stopped' "$work/interrupted.err"; then
  echo "FAIL: the ranks did not stop as an interrupted command does:" >&2
  cat "$work/interrupted.err" >&2
  exit 1
fi
for _ in $(seq 50); do
  [[ -z $(ps -o pid= -s "$session") ]] && break
  sleep 0.1
done
if [[ -n $(ps -o pid= -s "$session") ]]; then
  echo "FAIL: processes of the interrupted mpirun are left:" >&2
  ps -o pid,cmd -s "$session" >&2
  exit 1
fi
echo "mpirun: a failed drill and an interruption stop every rank"
