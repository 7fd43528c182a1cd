#!/usr/bin/env python3
"""A game day served to a browser: `drsim train --serve` on a free port with a standard input that is not a terminal,
commands sent as the page sends them (POST /command), their effect read back from GET /state, the page loaded in
headless Chromium (Debian's chromium), its screenshot checked for the chart's series and threshold, and the page's
DOM for the alerts its script drew; then `end` finishes the session, drsim writes its debrief and serves it until
SIGTERM, a command after the end is told when it ended, and the session's record replays to the same debrief. A
session nobody drives stops serving after --serve-for. Also the refusals of a bad --serve before any drill. Exits 77
(skipped) without Chromium."""

import argparse
import json
import os
import pathlib
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zlib

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]
# The page's colours (sim/training/view_page.cpp): the first population's line and the threshold's dashes.
SERIES = (0x00, 0x72, 0xB2)
THRESHOLD = (0x11, 0x18, 0x27)


class Failure(Exception):
    pass


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_state(base):
    with urllib.request.urlopen(base + "state", timeout=10) as response:
        return json.load(response)


def command(base, text):
    request = urllib.request.Request(base + "command", data=text.encode(), method="POST",
                                     headers={"Content-Type": "text/plain"})
    with urllib.request.urlopen(request, timeout=20) as response:
        return response.read().decode()


def wait_for(what, probe, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = probe()
            if value:
                return value
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise Failure(f"timed out after {timeout} s waiting for {what}")


def expect(condition, message):
    if not condition:
        raise Failure(message)


def png_pixels(path):
    """(width, height, rows of RGB tuples) of an 8-bit RGB or RGBA PNG, as Chromium writes its screenshots."""
    data = pathlib.Path(path).read_bytes()
    expect(data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG")
    position, idat, header = 8, b"", None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    expect(depth == 8 and colour in (2, 6) and interlace == 0, f"{path}: an unexpected PNG format {header}")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        previous = line
    return width, height, rows


def count_colour(rows, colour, tolerance=12):
    return sum(1 for row in rows for pixel in row if all(abs(a - b) <= tolerance for a, b in zip(pixel, colour)))


def chromium(binary, arguments, timeout=90):
    # Chromium's helper processes may outlive it for a moment, still writing to the profile as it is removed.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        return subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments],
                              capture_output=True, text=True, timeout=timeout)


def refusals(drsim, scenario, work):
    """A bad --serve is refused with exit 2 before any drill."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        cases = [("127.0.0.1", "is not an address; expected HOST:PORT"),
                 ("127.0.0.1:70000", 'the port "70000" is not a port number from 1 to 65535'),
                 (f"127.0.0.1:{port}", f"cannot listen on 127.0.0.1:{port}: the port is in use")]
        for value, message in cases:
            result = subprocess.run([drsim, "train", scenario, "--strategy", "pilot-light", "--serve", value],
                                    stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, cwd=work)
            expect(result.returncode == 2 and message in result.stderr,
                   f"--serve {value}: exit {result.returncode}, {result.stderr.strip()!r}; expected exit 2 and {message!r}")
    result = subprocess.run([drsim, "train", scenario, "--strategy", "pilot-light", "--serve", "127.0.0.1:8080",
                             "--script", os.devnull], capture_output=True, text=True, timeout=60, cwd=work)
    expect(result.returncode == 2 and "cannot be given with --script or --replay" in result.stderr,
           f"--serve with --script: exit {result.returncode}, {result.stderr.strip()!r}")
    result = subprocess.run([drsim, "train", scenario, "--strategy", "pilot-light", "--serve-for", "5"],
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, cwd=work)
    expect(result.returncode == 2 and "--serve-for: it limits how long --serve shows the debrief" in result.stderr,
           f"--serve-for without --serve: exit {result.returncode}, {result.stderr.strip()!r}")


def served_for(drsim, scenario, work):
    """A session nobody drives runs to its horizon at once; --serve-for then ends the serving of its debrief."""
    port = free_port()
    started = time.monotonic()
    result = subprocess.run([drsim, "train", scenario, "--strategy", "pilot-light", "--speed", "1000000", "--runs",
                             "2", "--serve", f"127.0.0.1:{port}", "--serve-for", "2"],
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, cwd=work)
    served = time.monotonic() - started
    expect(result.returncode == 0 and "Stopped serving the browser view." in result.stderr,
           f"--serve-for 2: exit {result.returncode}, {result.stderr.strip()[-2000:]!r}")
    expect(served >= 2, f"--serve-for 2 stopped after {served:.2f} s")


def served_session(drsim, browser, scenario, work):
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    stdout = open(work / "debrief.txt", "w", encoding="utf-8")
    stderr = open(work / "screen.txt", "w", encoding="utf-8")
    process = subprocess.Popen([drsim, "train", scenario, "--strategy", "pilot-light", "--speed", "600", "--runs",
                                "4", "--serve", f"127.0.0.1:{port}", "--record", str(work / "record.json")],
                               stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
    try:
        # The region fails 10 minutes into the drill; the error-rate alert fires a minute later, about 1 s of wall
        # clock at this speed.
        state = wait_for("the error-rate alert on /state",
                         lambda: next((s for s in [get_state(base)] if s["alerts"]), None), 120)
        expect(state["strategy"] == "pilot-light" and state["scenario"] == "shop-region-loss", f"state: {state}")
        answer = command(base, "pause")
        expect("paused: type resume to go on" in answer, f"pause answered {answer!r}")
        expect(get_state(base)["paused"], "/state does not show the pause")
        alert = state["alerts"][0]["name"]
        answer = command(base, f"ack {alert}")
        expect(f"acknowledged {alert}" in answer, f"ack answered {answer!r}")
        answer = command(base, "promot orders-db")
        expect('unknown command "promot"; did you mean "promote"?' in answer, f"a misspelt command answered {answer!r}")
        state = get_state(base)
        acknowledged = [a for a in state["alerts"] if a["name"] == alert]
        expect(acknowledged and acknowledged[0]["acknowledged_s"] is not None, f"/state alerts: {state['alerts']}")
        expect(any(line["text"] == f"acknowledged {alert}" for line in state["timeline"]),
               "the acknowledgement is not on the timeline")
        steps = state["success"][0]["steps"]
        expect(steps[0] == [0, 1] and steps[-1][1] < state["threshold"], f"the success ratio's steps: {steps}")

        # Paused, the page shows the same state however long the browser takes.
        screenshot = work / "view.png"
        chromium(browser, ["--window-size=1400,1000", f"--screenshot={screenshot}", "--virtual-time-budget=4000",
                           base])
        expect(screenshot.is_file(), "Chromium wrote no screenshot")
        _, _, rows = png_pixels(screenshot)
        series, threshold = count_colour(rows, SERIES), count_colour(rows, THRESHOLD, tolerance=4)
        expect(series >= 1500, f"{series} pixels of the series' colour in the screenshot: no chart drawn")
        expect(threshold >= 300, f"{threshold} pixels of the threshold's colour in the screenshot")
        dom = chromium(browser, ["--window-size=1400,1000", "--virtual-time-budget=4000", "--dump-dom", base]).stdout
        for shown in (f">{alert}<", ">acknowledged<", "paused: send resume to go on", "<path d=\"M"):
            expect(shown in dom, f"the page's DOM lacks {shown!r}")

        answer = command(base, "end")
        expect("session ended" in answer, f"end answered {answer!r}")
        # Without a terminal drsim serves the debrief until SIGTERM, and a command after the end is told when it ended.
        state = wait_for("the debrief on /state", lambda: next((s for s in [get_state(base)] if s["ended"]), None), 120)
        expect("Game day debrief" in state["debrief"], f"/state's debrief: {state['debrief']!r}")
        answer = command(base, "status")
        expect(answer.startswith("the session has ended at ") and answer.endswith("; the debrief is on the page"),
               f"a command after the end answered {answer!r}")
        expect(process.poll() is None, "drsim stopped serving the debrief by itself")
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
        expect(code == 0, f"drsim exited {code}; its screen: {(work / 'screen.txt').read_text()[-2000:]}")
        debrief = (work / "debrief.txt").read_text(encoding="utf-8")
        expect("Game day debrief" in debrief, f"no debrief on stdout: {debrief[:500]!r}")
        record = json.loads((work / "record.json").read_text(encoding="utf-8"))
        recorded = [c["command"] for c in record["commands"]]
        expect(recorded == [f"ack {alert}", "end"], f"the record's commands: {recorded}")
        screen = (work / "screen.txt").read_text(encoding="utf-8")
        expect(f"(from the browser) ack {alert}" in screen, "the terminal's screen does not show the page's command")
        replay = subprocess.run([drsim, "train", "--replay", str(work / "record.json")], capture_output=True,
                                text=True, timeout=300)
        expect(replay.returncode == 0 and replay.stdout == debrief,
               f"the replay of the served session (exit {replay.returncode}) does not give its debrief")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        stdout.close()
        stderr.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--drsim", required=True)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if not (os.path.isfile(args.chromium) and os.access(args.chromium, os.X_OK)) and not shutil.which(args.chromium):
        print(f"skipped: no Chromium at {args.chromium}")
        return 77
    work = pathlib.Path(args.out)
    # A screenshot or record left by an earlier run must never stand in for this run's.
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        refusals(args.drsim, args.scenario, work)
        served_for(args.drsim, args.scenario, work)
        served_session(args.drsim, args.chromium, args.scenario, work)
    except (Failure, subprocess.TimeoutExpired, urllib.error.URLError) as failure:
        print(f"FAIL: {failure}")
        return 1
    print(f"the served view took commands and drew its chart (screenshot: {work / 'view.png'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
