#!/usr/bin/env python3
"""Renders the HTML reports (compare and run) of every shipped scenario, the history pages of checks of some of
them, the page of a sweep over two parameters (its charts and heat maps) and the page of `fis compare` of a journal
made here, in headless Chromium, keeps a screenshot of each, and checks in the browser that every SVG <text> lies
inside its SVG and that no two texts of one chart overlap, and that no table is wider than the page. Exits 77
(skipped) without Chromium."""

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

# Runs in the page once it has loaded: measures what the browser laid out and writes the findings into the DOM,
# where --dump-dom returns them.
PROBE = r"""
<script>
window.addEventListener('load', () => {
  const findings = [];
  const tolerance = 0.5;
  document.querySelectorAll('svg').forEach((svg, index) => {
    const frame = svg.getBoundingClientRect();
    const name = svg.getAttribute('aria-label') || ('chart ' + (index + 1));
    const boxes = [];
    svg.querySelectorAll('text').forEach((text) => {
      if (!text.textContent.trim()) return;
      const box = text.getBoundingClientRect();
      if (box.left < frame.left - tolerance || box.right > frame.right + tolerance ||
          box.top < frame.top - tolerance || box.bottom > frame.bottom + tolerance)
        findings.push(`${name}: "${text.textContent}" passes the edge of its chart`);
      boxes.push([text.textContent, box]);
    });
    for (let i = 0; i < boxes.length; ++i)
      for (let j = i + 1; j < boxes.length; ++j) {
        const a = boxes[i][1], b = boxes[j][1];
        const width = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (width > 1 && height > 1)
          findings.push(`${name}: "${boxes[i][0]}" overlaps "${boxes[j][0]}"`);
      }
  });
  document.querySelectorAll('.wide').forEach((wide) => {
    if (wide.scrollWidth > wide.clientWidth + 1)
      findings.push(`a table ${wide.scrollWidth} px wide in ${wide.clientWidth} px`);
  });
  const out = document.createElement('pre');
  out.id = 'drsim-findings';
  out.textContent = JSON.stringify(findings);
  document.body.appendChild(out);
});
</script>
"""

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]


def chromium(binary, arguments, timeout=120):
    # Chromium's helper processes may outlive it for a moment, still writing to the profile as it is removed.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        return subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments],
                              capture_output=True, text=True, timeout=timeout)


def check_page(binary, page, width):
    """The findings of the probe on `page`, after a screenshot of it beside it."""
    chromium(binary, [f"--window-size={width},5000", f"--screenshot={page.with_suffix('.png')}", page.as_uri()])
    probed = page.with_suffix(".probe.html")
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    result = chromium(binary, [f"--window-size={width},5000", "--virtual-time-budget=5000", "--dump-dom",
                               probed.as_uri()])
    marker = '<pre id="drsim-findings">'
    start = result.stdout.find(marker)
    if start < 0:
        return [f"the browser did not run the probe (exit {result.returncode}): {result.stderr.strip()[:300]}"]
    end = result.stdout.find("</pre>", start)
    text = result.stdout[start + len(marker):end]
    return json.loads(text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&"))


# The checks a history page is made of: (scenario, runs, when it ran, the commit). A week apart, with the drills
# changing so that the figures move; the second page holds one check, a chart of a single point.
HISTORY_SCENARIOS = ("shop-az-outage", "shop-region-loss", "shop-availability-year")
HISTORY_CHECKS = ((10, 1793527200, "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"),
                  (20, 1794132000, "1b2c3d4e5f60718293a4b5c6d7e8f9012345678a"),
                  (30, 1794736800, ""),
                  (40, 1795341600, "2c3d4e5f60718293a4b5c6d7e8f9012345678ab1"))


def history_page(drsim, scenarios, out, name, checks):
    """Writes the history page of `checks` of the shipped scenarios HISTORY_SCENARIOS as `name`.html."""
    history = out / f"{name}.sqlite"
    history.unlink(missing_ok=True)
    files = [str(scenarios / f"{scenario}.json") for scenario in HISTORY_SCENARIOS]
    for runs, when, commit in checks:
        # A check whose objectives fail exits 1 and still appends what it judged.
        subprocess.run([drsim, "check", *files, "--runs", str(runs), "--history", str(history),
                        *(["--commit", commit] if commit else [])], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=900,
                       env={**os.environ, "SOURCE_DATE_EPOCH": str(when)})
    page = out / f"{name}.html"
    with open(page, "w", encoding="utf-8") as html:
        subprocess.run([drsim, "history", str(history), "--format", "html"], stdout=html, check=True, timeout=60)
    return page


# A grid of two parameters of the region-loss drill: a chart per parameter and figure, and a heat map per strategy.
SWEEP = ("shop-region-loss", ["--vary", "topology.dns.shop.ttl=30s,60s,300s",
                              "--vary", "topology.dns.shop.endpoints.alb-east.health_check.interval=10s,30s"])


def sweep_page(drsim, scenarios, out, runs):
    """Writes the HTML page of the sweep SWEEP as sweep.html."""
    scenario, arguments = SWEEP
    page = out / "sweep.html"
    with open(page, "w", encoding="utf-8") as html:
        subprocess.run([drsim, "sweep", str(scenarios / f"{scenario}.json"), *arguments, "--runs", str(runs),
                        "--format", "html"], stdout=html, check=True, timeout=900)
    return page


# A FIS run of the AZ-outage drill as its journal records it: the fault's action begins at FIS_ONSET on the run's
# clock, and the health URL fails from a probe later until FIS_UP, then flaps once, as a real recovery may.
FIS_SCENARIO, FIS_STRATEGY, FIS_ONSET, FIS_UP, FIS_END = "shop-az-outage", "warm-standby", 30.0, 190, 400


def fis_compare_page(drsim, scenarios, out, runs):
    """Writes the page of `fis compare` of a journal made here as fis-compare.html."""
    journal = out / "fis-compare.journal.jsonl"
    records = [{"type": "run", "t": 0, "drsim_fis_journal": 1, "run_id": "drsim-charts", "scenario": FIS_SCENARIO,
                "strategy": FIS_STRATEGY, "plan_hash": "0" * 64, "probe_interval_s": 1},
               {"type": "action", "t": FIS_ONSET + 1, "action": "az", "action_id": "aws:network:disrupt-connectivity",
                "status": "running", "start_s": FIS_ONSET}]
    records += [{"type": "probe", "t": t, "url": "https://shop.example/health", "status": 200,
                 "ok": t <= FIS_ONSET or t >= FIS_UP or t == FIS_UP - 20} for t in range(FIS_END)]
    records.append({"type": "end", "t": FIS_END, "outcome": "completed"})
    journal.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    page = out / "fis-compare.html"
    with open(page, "w", encoding="utf-8") as html:
        subprocess.run([drsim, "fis", "compare", str(scenarios / f"{FIS_SCENARIO}.json"), "--journal", str(journal),
                        "--runs", str(runs), "--format", "html"], stdout=html, check=True, timeout=900)
    return page


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--drsim", required=True)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--scenarios", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--width", type=int, default=1400)
    args = parser.parse_args()
    if not (os.path.isfile(args.chromium) and os.access(args.chromium, os.X_OK)) and not shutil.which(args.chromium):
        print(f"skipped: no Chromium at {args.chromium}")
        return 77
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    scenarios = pathlib.Path(args.scenarios)
    written = []
    for scenario in sorted(scenarios.glob("*.json")):
        for command in (["compare", "--runs", str(args.runs)], ["run"]):
            page = out / f"{scenario.stem}.{command[0]}.html"
            with open(page, "w", encoding="utf-8") as html:
                subprocess.run([args.drsim, command[0], str(scenario), *command[1:], "--format", "html"], stdout=html,
                               stderr=subprocess.DEVNULL, check=False, timeout=600)
            written.append(page)
    written.append(history_page(args.drsim, scenarios, out, "history", HISTORY_CHECKS))
    written.append(history_page(args.drsim, scenarios, out, "history-one-check", HISTORY_CHECKS[:1]))
    written.append(sweep_page(args.drsim, scenarios, out, args.runs))
    written.append(fis_compare_page(args.drsim, scenarios, out, args.runs))
    failures = 0
    pages = 0
    for page in written:
        findings = check_page(args.chromium, page, args.width)
        pages += 1
        for finding in findings:
            print(f"{page.name}: {finding}")
        failures += bool(findings)
    print(f"{pages - failures} of {pages} pages without a clipped or overlapping label (screenshots in {out})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
