#!/usr/bin/env python3
"""A game day driven through its page, as someone in the room drives it: `drsim train --serve` on a free port, the
page opened in headless Chromium (Debian's chromium) and driven over the DevTools protocol (Debian's
python3-websocket): a command typed into the page's command box and submitted with Enter, the answer the page shows
read from its DOM, the state drsim serves checked for the command's effect, and a screenshot of the page checked for
the chart's series and threshold. `end`, typed the same way, ends the session, and its record holds the page's
commands. Exits 77 (skipped) without Chromium."""

import argparse
import base64
import contextlib
import itertools
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request

sys.dont_write_bytecode = True
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from browser_view import (CHROMIUM_FLAGS, SERIES, THRESHOLD, Failure, count_colour, expect, free_port,  # noqa: E402
                          get_state, png_pixels, wait_for)


class DevTools:
    """One page of Chromium over the DevTools protocol: commands and their results, events ignored."""

    def __init__(self, websocket_url):
        import websocket  # Debian's python3-websocket
        self.socket = websocket.create_connection(websocket_url, timeout=30, suppress_origin=True)
        self.ids = itertools.count(1)

    def call(self, method, **params):
        identifier = next(self.ids)
        self.socket.send(json.dumps({"id": identifier, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == identifier:
                if "error" in message:
                    raise Failure(f"DevTools {method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise Failure(f"the page could not evaluate {expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def text_of(self, element):
        """The text of the page's element by its id; empty while the page has not loaded it."""
        return self.evaluate(f"document.getElementById('{element}')?.textContent ?? ''")

    def type_and_submit(self, text):
        """Focuses the command box, types the text as a keyboard would insert it, and presses Enter."""
        self.evaluate("document.getElementById('command').focus()")
        expect(self.evaluate("document.activeElement.id") == "command", "the command box did not take the focus")
        self.call("Input.insertText", text=text)
        for kind in ("keyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter", windowsVirtualKeyCode=13,
                      **({"text": "\r"} if kind == "keyDown" else {}))

    def answer_showing(self, wanted, timeout=60):
        return wait_for(f"the page's answer to show {wanted!r}",
                        lambda: (lambda text: text if wanted in text else None)(
                            self.text_of("answer")), timeout)

    def close(self):
        self.socket.close()


def open_page(browser, profile, base):
    """Chromium with a debugging port of its own, showing the page; returns the process and its DevTools."""
    port = free_port()
    process = subprocess.Popen([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1400,1000",
                                f"--remote-debugging-port={port}", base],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def page_target():
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as response:
            return next((t for t in json.load(response) if t["type"] == "page" and t["url"] == base), None)

    try:
        target = wait_for("Chromium's DevTools endpoint and the page", page_target, 60)
        return process, DevTools(target["webSocketDebuggerUrl"])
    except BaseException:
        end_chromium(process)
        raise


def end_chromium(process):
    """Chromium and its helpers (zygote, renderers, crash handler) form its session's process group."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def session_through_the_page(drsim, browser, scenario, work):
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    stdout = open(work / "debrief.txt", "w", encoding="utf-8")
    stderr = open(work / "screen.txt", "w", encoding="utf-8")
    drill = subprocess.Popen([drsim, "train", scenario, "--strategy", "pilot-light", "--speed", "600", "--runs", "2",
                              "--serve", f"127.0.0.1:{port}", "--record", str(work / "record.json")],
                             stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
    browser_process, page = None, None
    # Chromium's helper processes may still be writing to the profile when it is removed.
    profile = tempfile.TemporaryDirectory(ignore_cleanup_errors=True)
    try:
        wait_for("the view to answer", lambda: get_state(base), 120)
        browser_process, page = open_page(browser, profile.name, base)
        # The region fails 10 minutes into the drill; the error-rate alert fires a minute later, about 1 s of wall
        # clock at this speed, and the page draws it in its table of alerts.
        wait_for("the page to show the error-rate alert",
                 lambda: "shoppers-errors" in page.text_of("alerts"), 120)
        page.type_and_submit("pause")
        page.answer_showing("paused: type resume to go on")
        expect(get_state(base)["paused"], "the pause typed into the page did not pause the session")
        page.type_and_submit("ack shoppers-errors")
        answer = page.answer_showing("acknowledged shoppers-errors")
        expect(answer.startswith("> ack shoppers-errors\n"), f"the page's answer: {answer!r}")
        expect(page.evaluate("document.getElementById('command').value") == "",
               "the command box still holds the command after it was sent")
        acknowledged = [a for a in get_state(base)["alerts"] if a["name"] == "shoppers-errors"]
        expect(acknowledged and acknowledged[0]["acknowledged_s"] is not None,
               f"/state does not show the acknowledgement typed into the page: {acknowledged}")
        page.type_and_submit("promot orders-db")
        page.answer_showing('unknown command "promot"; did you mean "promote"?')

        # The page polls the state every second: the acknowledgement reaches its table, then its screenshot.
        wait_for("the page to show the acknowledgement",
                 lambda: "acknowledged" in page.text_of("alerts"), 30)
        shot = page.call("Page.captureScreenshot", format="png")
        screenshot = work / "form.png"
        screenshot.write_bytes(base64.b64decode(shot["data"]))
        _, _, rows = png_pixels(screenshot)
        series, threshold = count_colour(rows, SERIES), count_colour(rows, THRESHOLD, tolerance=4)
        expect(series >= 1500, f"{series} pixels of the series' colour in the screenshot: no chart drawn")
        expect(threshold >= 300, f"{threshold} pixels of the threshold's colour in the screenshot")

        page.type_and_submit("end")
        page.answer_showing("session ended")
        wait_for("the debrief on /state", lambda: get_state(base)["ended"], 120)
        drill.send_signal(signal.SIGTERM)
        code = drill.wait(timeout=60)
        expect(code == 0, f"drsim exited {code}; its screen: {(work / 'screen.txt').read_text()[-2000:]}")
        recorded = [c["command"] for c in json.loads((work / "record.json").read_text(encoding="utf-8"))["commands"]]
        expect(recorded == ["ack shoppers-errors", "end"], f"the record's commands: {recorded}")
        screen = (work / "screen.txt").read_text(encoding="utf-8")
        expect("(from the browser) ack shoppers-errors" in screen, "the terminal does not show the page's command")
    finally:
        if page:
            with contextlib.suppress(OSError):
                page.close()
        if browser_process:
            end_chromium(browser_process)
        if drill.poll() is None:
            drill.kill()
            drill.wait(timeout=30)
        profile.cleanup()
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
    try:
        import websocket  # noqa: F401
    except ImportError:
        print("FAIL: python3-websocket is not installed (.ci/setup installs it)")
        return 1
    work = pathlib.Path(args.out)
    # A screenshot or record left by an earlier run must never stand in for this run's.
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        session_through_the_page(args.drsim, args.chromium, args.scenario, work)
    except (Failure, subprocess.TimeoutExpired) as failure:
        print(f"FAIL: {failure}")
        return 1
    print(f"commands typed into the page were answered on it (screenshot: {work / 'form.png'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
