#!/usr/bin/python3
"""`drsim fis run`, `fis compare` and `fis preflight` against the loopback FIS double (fis_double.py): a run that
completes, one that FIS stops by its stop condition, one that fails, throttled and lost answers retried with the
same clientToken, a 4xx answer not retried, SIGINT and SIGTERM during a run (the experiment is stopped, and a second
SIGINT does not skip that), every guardrail's refusal with no mutating request received, role sessions of 2 s
renewed before they expire (the stop of a SIGINT included) and on an ExpiredToken answer, environment credentials
expiring mid-run refused before any request, a journal that fills the disk (RLIMIT_FSIZE) stopping the experiment, the
comparison of a run's journal with the simulated drills (deterministic bytes), a preflight's resolved targets beside
the topology, and the runbook's promotion, scale-out and DNS switch watched in the account and set beside the
simulated steps (one run that sees all three, one that never sees the switch). Every request must carry a signature
that botocore computes alike and a body that botocore's FIS API model accepts, and no secret may reach the output or the journal.

Usage: test_fis_run.py --drsim PATH --scenario FILE --steps-scenario FILE --bindings FILE. Prints one line per case and
"N passed, N failed".
"""

import argparse
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # the tests leave the source tree as they found it
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fis_double import FisDouble  # noqa: E402

KEY = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "session-token-for-the-run-test"
FAST = ["--poll", "200ms", "--probe-interval", "100ms", "--watch-interval", "100ms", "--stop-wait", "20s"]
HEALTH_CHECK = "abcdef11-2222-3333-4444-555555fedcba"
ROLE = "arn:aws:iam::111122223333:role/drill"


class Harness:
    def __init__(self, drsim, scenario, bindings, workdir):
        self.drsim = drsim
        self.scenario = scenario
        with open(bindings, encoding="utf-8") as f:
            self.example = json.load(f)
        self.workdir = workdir
        self.count = 0
        self.passed = 0
        self.failures = []

    def case(self, name, condition, detail):
        if condition:
            self.passed += 1
            print(f"ok   {name}")
        else:
            self.failures.append(name)
            print(f"FAIL {name}: {detail}")

    def bindings(self, double, change=None):
        """A copy of the example bindings whose health URL is the double's."""
        document = json.loads(json.dumps(self.example))
        document["health_urls"] = [double.url + "/health"]
        document["route53_health_checks"] = [HEALTH_CHECK]
        if change:
            change(document)
        self.count += 1
        path = os.path.join(self.workdir, f"bindings-{self.count}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(document, f)
        return path

    def plan_hash(self, bindings):
        plan = subprocess.run([self.drsim, "fis", "plan", self.scenario, "--bindings", bindings], capture_output=True,
                              text=True, timeout=60)
        return next(line.split()[-1] for line in plan.stdout.splitlines() if line.startswith("Plan hash "))

    def environment(self, secret=SECRET):
        return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.workdir, "AWS_ACCESS_KEY_ID": KEY,
                "AWS_SECRET_ACCESS_KEY": secret, "AWS_SESSION_TOKEN": TOKEN}

    def command(self, double, bindings, extra=(), confirm=True):
        self.count += 1
        journal = os.path.join(self.workdir, f"journal-{self.count}.jsonl")
        args = [self.drsim, "fis", "run", self.scenario, "--bindings", bindings, "--endpoint-url", double.url,
                "--journal", journal] + FAST + list(extra)
        if confirm:
            args += ["--confirm", self.plan_hash(bindings)]
        return args, journal

    def role_environment(self):
        """A profile that assumes a role with the keys of its source profile, in shared files of the work dir."""
        config = os.path.join(self.workdir, "config")
        credentials = os.path.join(self.workdir, "credentials")
        with open(config, "w", encoding="utf-8") as f:
            f.write(f"[profile drill]\nrole_arn = {ROLE}\nsource_profile = base\n")
        with open(credentials, "w", encoding="utf-8") as f:
            f.write(f"[base]\naws_access_key_id = {KEY}\naws_secret_access_key = {SECRET}\n")
        return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.workdir, "AWS_CONFIG_FILE": config,
                "AWS_SHARED_CREDENTIALS_FILE": credentials, "AWS_PROFILE": "drill"}

    def run(self, double, bindings=None, extra=(), confirm=True, secret=SECRET, env=None):
        args, journal = self.command(double, bindings or self.bindings(double), extra, confirm)
        result = subprocess.run(args, env=env or self.environment(secret), capture_output=True, text=True,
                                timeout=120, stdin=subprocess.DEVNULL)
        return result, journal


def records(journal, kind=None):
    if not os.path.exists(journal):
        return []
    with open(journal, encoding="utf-8") as f:
        lines = [json.loads(line) for line in f if line.strip()]
    return [r for r in lines if kind is None or r["type"] == kind]


def text_of(journal):
    if not os.path.exists(journal):
        return ""
    with open(journal, encoding="utf-8") as f:
        return f.read()


def clean(double):
    """Every request signed as botocore signs it, every body accepted by the API model."""
    return double.journal and all(e["signature"] == "valid" and e["token"] and "model_problems" not in e
                                  for e in double.journal)


def simulated_dips(page):
    """Whether the page's simulated curve leaves 100 %: the median drill was drilled again for its series."""
    path = re.search(r'<path class="series simulated" [^>]* d="([^"]*)"', page)
    return path is not None and len(set(re.findall(r" V([0-9.]+)", path.group(1)))) > 1


def check_completed_run(h, compare_runs):
    with FisDouble(SECRET) as double:
        # Observed for 3 windows after the end, so that a probe slowed down by a loaded machine cannot hide recovery.
        result, journal = h.run(double, extra=["--observe-after", "3s"])
        output = result.stdout + result.stderr
        header = records(journal, "run")[0] if records(journal, "run") else {}
        run_id = header.get("run_id", "?")
        h.case("completed: exit 0, said so, templates deleted",
               result.returncode == 0 and f"Run {run_id}: completed" in result.stdout and not double.templates,
               (result.returncode, output, double.templates))
        h.case("completed: every request signed as botocore signs it, every body accepted by the FIS API model",
               clean(double), double.journal)
        creates = double.operations("CreateExperimentTemplate")
        starts = double.operations("StartExperiment")
        h.case("completed: the run's fresh id is in the clientTokens and the tags",
               run_id.startswith("drsim-") and [e["client_token"] for e in creates] == [f"{run_id}-us-east-1"] and
               [e["client_token"] for e in starts] == [f"{run_id}-us-east-1-start"] and
               all(e["tags"]["drsim:run-id"] == run_id for e in double.all_experiments()),
               (run_id, creates, starts))
        kinds = [r["type"] for r in records(journal)]
        h.case("completed: the journal has the header, every request, the states, the probes and the end",
               kinds[0] == "run" and kinds[-1] == "end" and
               len(records(journal, "request")) == len(double.journal) and
               {"template", "experiment", "action", "probe", "guardrail"} <= set(kinds) and
               records(journal, "end")[0]["outcome"] == "completed", kinds)
        h.case("completed: no secret in the output or the journal",
               all(secret not in output + text_of(journal) for secret in (SECRET, TOKEN)), "a secret leaked")
        alarms = [(r["state"], "changed_s" in r) for r in records(journal, "alarm")]
        checks = [r["status"] for r in records(journal, "health_check")]
        h.case("completed: the stop-condition alarm and the health check watched, each change journaled once",
               alarms == [("OK", False), ("ALARM", True), ("OK", True)] and
               all(r["alarm"] == "shop-orders-failing" and r["region"] == "us-east-1"
                   for r in records(journal, "alarm")) and
               checks == ["healthy", "unhealthy", "healthy"] and
               all(r["health_check_id"] == HEALTH_CHECK and r["checkers"] == 8 for r in records(journal, "health_check")),
               (alarms, checks))
        h.case("completed: the detection said beside the observed RTO",
               re.search(r"\nDetected: by (alarm shop-orders-failing \(us-east-1\)|health check " + HEALTH_CHECK +
                         r"), [0-9]+ms after the fault's onset\n", result.stdout) is not None, result.stdout)
        described = double.operations("DescribeAlarms")
        statuses = double.operations("GetHealthCheckStatus")
        h.case("completed: DescribeAlarms in the alarm's region and GetHealthCheckStatus, signed for their services",
               described and statuses and
               all(e["service"] == "monitoring" and e["region"] == "us-east-1" and
                   "AlarmNames.member.1=shop-orders-failing" in e["target"] for e in described) and
               all(e["service"] == "route53" and e["region"] == "us-east-1" and
                   e["target"] == f"/2013-04-01/healthcheck/{HEALTH_CHECK}/status" for e in statuses),
               (described[:1], statuses[:1]))
        observed = next((line for line in result.stdout.splitlines() if line.startswith("Observed: ")), "")
        h.case("completed: the application was observed down and recovered",
               "RTO " in observed and " 0 failed" not in observed and "not reached" not in observed, result.stdout)

        compare = [h.drsim, "fis", "compare", h.scenario, "--journal", journal, "--runs", str(compare_runs)]
        first = subprocess.run(compare + ["--jobs", "1"], capture_output=True, text=True, timeout=300)
        second = subprocess.run(compare + ["--jobs", "2"], capture_output=True, text=True, timeout=300)
        as_json = subprocess.run(compare + ["--format", "json"], capture_output=True, text=True, timeout=300)
        h.case("compare: exit 0, the observed RTO's percentile among the simulated drills",
               first.returncode == 0 and "RTO (onset to recovery)" in first.stdout and "percentile" in first.stdout and
               f"Simulated: {compare_runs} drills of strategy warm-standby" in first.stdout,
               (first.returncode, first.stdout, first.stderr))
        h.case("compare: the detection beside the simulated drills', and the detector that saw the fault first",
               re.search(r"\nonset to detection +[0-9]+ms ", first.stdout) is not None and
               "2 detectors watched, first to see the fault: " in first.stdout, first.stdout)
        h.case("compare: the same bytes again, whatever the jobs", first.stdout == second.stdout,
               (first.stdout, second.stdout))
        try:
            document = json.loads(as_json.stdout)
            rto = next(f for f in document["figures"] if f["figure"] == "rto")
            fine = (document["run_id"] == run_id and 0.5 < rto["observed_s"] < 2.0 and rto["verdict"] == "below p5"
                    and rto["percentile"] == 0 and document["simulated"]["runs"] == compare_runs)
        except (ValueError, KeyError, StopIteration, TypeError):
            fine = False
        h.case("compare: JSON with the observed RTO, its percentile and verdict", fine, as_json.stdout)
        try:
            detection = next(f for f in document["figures"] if f["figure"] == "detection")
            observation = document["observation"]
            # The double's application goes down 0.2 s after the fault's onset, and both detectors say so at once;
            # the scenario's runbook detects by the clients' success ratio, which falls at the onset.
            fine = (0.05 < detection["observed_s"] < 0.6 and detection["p95_s"] == 0 and
                    detection["verdict"] == "above p95" and len(observation["detectors"]) == 2 and
                    observation["detected_by"] in observation["detectors"] and
                    abs(observation["detected_at_s"] - observation["fault_onset_s"] - detection["observed_s"]) < 1e-6)
        except (ValueError, KeyError, StopIteration, TypeError, NameError):
            fine = False
        h.case("compare: JSON with the detection, its percentile among the simulated drills', and the detectors",
               fine, as_json.stdout)
        as_markdown, markdown_again = (
            subprocess.run(compare + ["--format", "markdown", "--jobs", jobs], capture_output=True, text=True,
                           timeout=300) for jobs in ("1", "2"))
        h.case("compare: Markdown with the figures' table, percentiles and verdicts",
               as_markdown.returncode == 0 and as_markdown.stdout.startswith(f"# FIS run {run_id}\n") and
               "| figure " in as_markdown.stdout and
               re.search(r"\| RTO \(onset to recovery\) \| +[0-9.]+m?s \| +0\.0 \|.* \| below p5 +\|",
                         as_markdown.stdout) is not None and
               re.search(r"\| onset to detection +\| +[0-9]+ms \| +100\.0 \|.* \| above p95 +\|",
                         as_markdown.stdout) is not None, as_markdown.stdout)
        h.case("compare: the same Markdown bytes again, whatever the jobs", as_markdown.stdout == markdown_again.stdout,
               (as_markdown.stdout, markdown_again.stdout))
        pages = [subprocess.run(compare + ["--format", "html", "--jobs", jobs], capture_output=True, text=True,
                                timeout=300) for jobs in ("1", "2")]
        page = pages[0].stdout
        h.case("compare: an HTML page with the verdicts and the observed curve beside the median drill's",
               pages[0].returncode == 0 and page.startswith("<!DOCTYPE html>") and "<script" not in page and
               '<span class="badge failed">below p5</span>' in page and
               page.count('<path class="series" ') == 1 and page.count('<path class="series simulated" ') == 1 and
               "(the median RTO)" in page and "observed recovery (RTO " in page and "fault onset " in page and
               "onset to detection" in page and "detectors watched" in page and
               simulated_dips(page),
               (pages[0].returncode, page[-3000:], pages[0].stderr))
        h.case("compare: the same HTML bytes again, whatever the jobs", page == pages[1].stdout, "pages differ")

        second_run, second_journal = h.run(double)
        second_id = records(second_journal, "run")[0]["run_id"]
        h.case("a second run has a fresh run id and fresh clientTokens",
               second_run.returncode == 0 and second_id != run_id and
               double.operations("CreateExperimentTemplate")[-1]["client_token"] == f"{second_id}-us-east-1",
               (second_id, run_id))


def check_endings(h):
    with FisDouble(SECRET, ending="stop-condition") as double:
        result, journal = h.run(double)
        h.case("stopped by its stop condition: exit 4, said so, drsim sent no StopExperiment",
               result.returncode == 4 and "stopped by a stop condition" in result.stdout and
               "Experiment stopped by stop condition" in result.stdout and
               not double.operations("StopExperiment") and not double.templates,
               (result.returncode, result.stdout, result.stderr))
    with FisDouble(SECRET, ending="fail") as double:
        result, journal = h.run(double)
        h.case("failed: exit 5 with FIS's reason, templates deleted",
               result.returncode == 5 and "failed" in result.stdout and "Action f1-" in result.stdout and
               not double.templates, (result.returncode, result.stdout, result.stderr))


def check_retries(h):
    with FisDouble(SECRET, throttle_operations={"CreateExperimentTemplate": 2, "GetExperiment": 1}) as double:
        result, journal = h.run(double)
        creates = double.operations("CreateExperimentTemplate")
        tried = [r for r in records(journal, "request") if r["target"] == "/experimentTemplates"]
        h.case("throttled twice, then completed: the same clientToken each time, one template",
               result.returncode == 0 and [e.get("answer", "") for e in creates][:2] == ["throttled", "throttled"] and
               len(creates) == 3 and len({e["client_token"] for e in creates}) == 1 and
               [r["status"] for r in tried] == [429, 429, 200] and [r["attempt"] for r in tried] == [1, 2, 3] and
               len(double.all_experiments()) == 1, (result.returncode, creates, tried, result.stderr))
    with FisDouble(SECRET, lose_answers={"CreateExperimentTemplate": 1, "StartExperiment": 1}) as double:
        result, journal = h.run(double)
        creates = double.operations("CreateExperimentTemplate")
        starts = double.operations("StartExperiment")
        h.case("answers lost after the work was done: the retries' clientTokens find it, nothing is made twice",
               result.returncode == 0 and len(creates) == 2 and len(starts) == 2 and
               len({e["client_token"] for e in creates}) == 1 and len({e["client_token"] for e in starts}) == 1 and
               len(double.all_experiments()) == 1 and not double.templates,
               (result.returncode, creates, starts, result.stderr))
    with FisDouble(SECRET, refuse={"StartExperiment": (400, "ValidationException", "The role cannot be assumed")}) \
            as double:
        result, journal = h.run(double)
        h.case("a 4xx answer: not retried, exit 3 with AWS's message, the template deleted",
               result.returncode == 3 and len(double.operations("StartExperiment")) == 1 and
               "ValidationException: The role cannot be assumed" in result.stderr and not double.templates and
               records(journal, "end")[0]["outcome"] == "AWS error",
               (result.returncode, double.journal, result.stderr))


def wait_for(predicate, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def check_signals(h):
    for name, first, second, code in (("SIGINT", signal.SIGINT, signal.SIGINT, 130),
                                      ("SIGTERM", signal.SIGTERM, None, 143)):
        with FisDouble(SECRET, ending="hang", stopping_s=1.0) as double:
            args, journal = h.command(double, h.bindings(double))
            process = subprocess.Popen(args, env=h.environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       stdin=subprocess.DEVNULL, text=True)
            running = wait_for(lambda: any(e["state"]["status"] == "running" and any(
                a["state"]["status"] == "running" for a in e["actions"].values()) for e in double.all_experiments()))
            process.send_signal(first)
            if second:
                wait_for(lambda: double.operations("StopExperiment"))
                time.sleep(0.2)
                process.send_signal(second)
            out, err = process.communicate(timeout=60)
            stops = [r for r in records(journal, "stop")]
            signals = records(journal, "signal")
            experiment = double.all_experiments()[0] if double.all_experiments() else {}
            h.case(f"{name} during a run: StopExperiment journaled, the run waits until stopped, exit {code}",
                   running and process.returncode == code and len(double.operations("StopExperiment")) == 1 and
                   any(r["target"].startswith("/experiments/") and r["method"] == "DELETE"
                       for r in records(journal, "request")) and
                   stops and stops[0]["reason"] == name and experiment.get("state", {}).get("status") == "stopped" and
                   records(journal, "end")[0]["outcome"] == "interrupted" and not double.templates,
                   (running, process.returncode, out, err, stops))
            if second:
                h.case("a second SIGINT while stopping changes nothing: journaled, the stop goes on",
                       len(signals) == 1 and signals[0]["signal"] == "SIGINT" and
                       "SIGINT while stopping: the stop goes on" in out and
                       records(journal, "experiment")[-1]["status"] == "stopped", (signals, out))


def check_guardrails(h):
    def refused(name, double, result, code, words, requests_allowed):
        received = [e["operation"] for e in double.journal]
        h.case(f"guardrail {name}: exit {code}, its own message, no mutating request",
               result.returncode == code and all(w in result.stderr for w in words) and
               f"fis run refused ({name})" in result.stderr and not double.mutating() and
               received == requests_allowed, (result.returncode, result.stderr, received))

    with FisDouble(SECRET) as double:
        result, _ = h.run(double, confirm=False)
        refused("confirm", double, result, 13, ["--confirm PLAN_HASH"], [])
        result, _ = h.run(double, extra=["--confirm", "0" * 64], confirm=False)
        refused("confirm", double, result, 13, ["is not the hash of the plan as it is now"], [])

        def no_alarms(document):
            for region in document["regions"].values():
                region.pop("stop_condition_alarms", None)

        bindings = h.bindings(double, no_alarms)
        result, _ = h.run(double, bindings=bindings)
        refused("stop-condition", double, result, 11, ["has no stop condition", "--allow-no-stop-condition"], [])
        result, _ = h.run(double, extra=["--max-duration", "1h"])
        refused("duration", double, result, 12, ["lasts 1h 10m, longer than --max-duration 1h"], [])
        allowed, _ = h.run(double, bindings=bindings, extra=["--allow-no-stop-condition"])
        h.case("--allow-no-stop-condition lets a template without alarms run",
               allowed.returncode == 0 and len(double.operations("StartExperiment")) == 1,
               (allowed.returncode, allowed.stderr))

    with FisDouble(SECRET, account="444455556666") as double:
        result, journal = h.run(double)
        refused("account", double, result, 10, ["account 444455556666, which is not in"], ["GetCallerIdentity"])
        h.case("a refusal is journaled, and so is the request it made",
               records(journal, "guardrail")[-1]["passed"] is False and len(records(journal, "request")) == 1,
               records(journal))

    def two_accounts(document):
        document["allowed_accounts"].append("444455556666")

    with FisDouble(SECRET, account="444455556666") as double:
        result, _ = h.run(double, bindings=h.bindings(double, two_accounts))
        refused("account", double, result, 10, ["the bindings place us-east-1 (account 111122223333) in another"],
                ["GetCallerIdentity"])

    with FisDouble(SECRET) as double:
        result, _ = h.run(double, secret="not-the-secret")
        h.case("credentials STS refuses: exit 3, no mutating request, the wrong secret not printed",
               result.returncode == 3 and "SignatureDoesNotMatch" in result.stderr and not double.mutating() and
               "not-the-secret" not in result.stdout + result.stderr, (result.returncode, result.stderr))


def signed_with_a_live_session(double):
    """Every request valid, and every one after the first AssumeRole signed with temporary credentials."""
    return double.journal and all(e["signature"] == "valid" and (e["token"] or e["operation"] == "AssumeRole")
                                  for e in double.journal)


def check_role_sessions(h):
    with FisDouble(SECRET, role_session_s=2) as double:
        result, journal = h.run(double, extra=["--observe-after", "3s"], env=h.role_environment())
        renewals = [r for r in records(journal, "credentials") if r.get("event") == "renewed"]
        h.case("role sessions of 2 s: renewed before they expire, every request accepted, exit 0",
               result.returncode == 0 and len(double.operations("AssumeRole")) >= 3 and
               not [e for e in double.journal if e.get("answer") == "expired token"] and
               signed_with_a_live_session(double) and not double.templates,
               (result.returncode, result.stderr, [(e["operation"], e.get("answer")) for e in double.journal]))
        h.case("role sessions: each renewal journaled with its expiry, no secret in the journal",
               renewals and all(r["why"] == "the session expires soon" and r["expires_at"].endswith("Z") and
                                r["renewable"] and r["access_key_id"].startswith("*") for r in renewals) and
               "secret-of-" not in text_of(journal) and "token-of-" not in text_of(journal) and
               SECRET not in text_of(journal), (renewals, records(journal, "credentials")))

    with FisDouble(SECRET, role_session_s=2, ending="hang", stopping_s=0.5) as double:
        args, journal = h.command(double, h.bindings(double))
        process = subprocess.Popen(args, env=h.role_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   stdin=subprocess.DEVNULL, text=True)
        started = wait_for(lambda: double.operations("StartExperiment"))
        # Past the session the run started with: the stop must be signed with a renewed one.
        time.sleep(3)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        stops = double.operations("StopExperiment")
        first_key = double.operations("StartExperiment")[0].get("key") if started else None
        h.case("role sessions: SIGINT after the run's first session expired, StopExperiment signed with a renewed "
               "one and accepted, exit 130",
               started and process.returncode == 130 and len(stops) == 1 and stops[0]["key"] != first_key and
               stops[0]["answer"].startswith("stopping") and signed_with_a_live_session(double) and
               not double.templates, (process.returncode, err, stops))

    # The session dies long before its Expiration (as a revoked one does): the ExpiredToken answer renews it once.
    with FisDouble(SECRET, token_life_s=1.5) as double:
        result, journal = h.run(double, extra=["--observe-after", "3s"], env=h.role_environment())
        expired = [e for e in double.journal if e.get("answer") == "expired token"]
        renewals = [r for r in records(journal, "credentials") if r.get("event") == "renewed"]
        h.case("an ExpiredToken answer renews the session and retries the request once, exit 0",
               result.returncode == 0 and expired and
               len(double.operations("AssumeRole")) > 1 and
               renewals and all(r["why"] == "AWS answered that the session expired" for r in renewals) and
               not double.templates,
               (result.returncode, result.stderr, [(e["operation"], e.get("answer")) for e in double.journal]))


def check_credential_expiry(h):
    def expiring_in(seconds):
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + seconds))

    with FisDouble(SECRET) as double:
        env = dict(h.environment(), AWS_CREDENTIAL_EXPIRATION=expiring_in(3600))
        result, journal = h.run(double, env=env)
        h.case("guardrail credential-expiry: credentials expiring before --max-duration and the stop wait, exit 14, "
               "no request",
               result.returncode == 14 and "fis run refused (credential-expiry)" in result.stderr and
               re.search(r"\(AWS_CREDENTIAL_EXPIRATION\), in (59m 5[0-9]s|1h), before", result.stderr) and not double.journal and
               records(journal, "guardrail")[-1]["guardrail"] == "credential-expiry",
               (result.returncode, result.stderr, double.journal))
        offset = time.strftime("%Y-%m-%dT%H:%M:%S+01:00", time.gmtime(time.time() + 3600 + 1800))
        result, _ = h.run(double, env=dict(h.environment(), AWS_CREDENTIAL_EXPIRATION=offset))
        h.case("guardrail credential-expiry: an expiration with an offset is read as such",
               result.returncode == 14 and re.search(r", in (29m 5[0-9]s|30m), ", result.stderr) and not double.journal,
               (result.returncode, result.stderr))
        result, _ = h.run(double, env=dict(h.environment(), AWS_CREDENTIAL_EXPIRATION="tomorrow"))
        h.case("a malformed AWS_CREDENTIAL_EXPIRATION: exit 2 naming it and the form, no request",
               result.returncode == 2 and "AWS_CREDENTIAL_EXPIRATION 'tomorrow' is not an ISO 8601 time" in
               result.stderr and "2026-12-02T10:00:00Z" in result.stderr and not double.journal,
               (result.returncode, result.stderr))
        result, _ = h.run(double, env=dict(h.environment(), AWS_CREDENTIAL_EXPIRATION=expiring_in(3 * 3600)),
                          extra=["--observe-after", "0s"])
        h.case("credentials that outlast the run and its stop wait run, exit 0",
               result.returncode == 0 and double.operations("StartExperiment"), (result.returncode, result.stderr))


# Past the requests that start the experiment (its template's body is journaled in full), short of a minute of
# probes: the journal fills up while the experiment runs.
JOURNAL_LIMIT = 48 * 1024


def check_full_disk(h):
    def limit_file_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (JOURNAL_LIMIT, JOURNAL_LIMIT))

    with FisDouble(SECRET, ending="hang") as double:
        args, journal = h.command(double, h.bindings(double))
        result = subprocess.run(args, env=h.environment(), capture_output=True, text=True, timeout=120,
                                stdin=subprocess.DEVNULL, preexec_fn=limit_file_size)
        stops = double.operations("StopExperiment")
        h.case("a journal that cannot be written (disk full): the experiment stopped, the template deleted, exit 3",
               result.returncode == 3 and double.operations("StartExperiment") and len(stops) == 1 and
               stops[0]["answer"].startswith("stopping") and
               double.all_experiments()[0]["state"]["status"] in ("stopping", "stopped") and not double.templates and
               "cannot write the journal " + journal + ": File too large" in result.stderr and
               "its experiments stopped and its templates deleted" in result.stderr and
               os.path.getsize(journal) <= JOURNAL_LIMIT,
               (result.returncode, result.stderr, [(e["operation"], e.get("answer")) for e in double.journal]))


INSTANCES = ["arn:aws:ec2:us-east-1:111122223333:instance/i-0a1", "arn:aws:ec2:us-east-1:111122223333:instance/i-0a2"]
GROUP = ["arn:aws:autoscaling:us-east-1:111122223333:autoScalingGroup:1:autoScalingGroupName/web-east"]


def check_preflight(h):
    def preflight(double, extra=(), env=None):
        h.count += 1
        journal = os.path.join(h.workdir, f"journal-{h.count}.jsonl")
        args = [h.drsim, "fis", "preflight", h.scenario, "--bindings", h.bindings(double), "--endpoint-url",
                double.url, "--journal", journal, "--poll", "200ms"] + list(extra)
        return subprocess.run(args, env=dict(h.environment(), **(env or {})), capture_output=True, text=True,
                              timeout=120, stdin=subprocess.DEVNULL), journal

    resolved = {"aws:ec2:instance": INSTANCES, "aws:ec2:autoscaling-group": GROUP}
    with FisDouble(SECRET, resolved=resolved) as double:
        result, journal = preflight(double)
        experiment = double.all_experiments()[0] if double.all_experiments() else {}
        h.case("preflight: started with actionsMode skip-all, every action skipped, templates deleted",
               result.returncode == 0 and clean(double) and experiment.get("skip") and
               all(a["state"]["status"] == "skipped" for a in experiment["actions"].values()) and
               not double.templates and double.operations("ListExperimentResolvedTargets"),
               (result.returncode, result.stdout, result.stderr, double.journal))
        h.case("preflight: each target's resolved count beside the topology's",
               "us-east-1 f1-web-instances: 2 resolved; the topology has about 2 (fleet web's running instances in "
               "us-east-1b): matches the topology" in result.stdout and
               "us-east-1 f1-subnets: 2 resolved; the topology has 2 (2 aws:ec2:subnet): matches the topology"
               in result.stdout and records(journal, "resolved"), result.stdout)
    with FisDouble(SECRET, resolved={"aws:ec2:autoscaling-group": GROUP}) as double:
        result, journal = preflight(double)
        h.case("preflight: a fleet whose tags resolve to no instance is an error before anything is injected",
               result.returncode == 1 and "f1-web-instances: 0 resolved" in result.stdout and
               "resolves to nothing" in result.stderr, (result.returncode, result.stdout, result.stderr))
    with FisDouble(SECRET, account="444455556666") as double:
        result, journal = preflight(double)
        h.case("preflight: the account guardrail refuses, exit 10, no mutating request",
               result.returncode == 10 and "fis preflight refused (account)" in result.stderr and
               not double.mutating(), (result.returncode, result.stderr, double.journal))
    with FisDouble(SECRET) as double:
        result, _ = preflight(double, env={"AWS_CREDENTIAL_EXPIRATION": time.strftime(
            "%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 600))})
        h.case("preflight: credentials expiring before --wait and the stop wait are refused, exit 14, no request",
               result.returncode == 14 and "fis preflight refused (credential-expiry)" in result.stderr and
               not double.journal, (result.returncode, result.stderr, double.journal))


# When the double's account shows each step's change, in seconds after the experiment's start; its fault actions
# begin at onset_s (0.6 s), the fault's onset as fis compare measures it.
STEP_TIMES = {"promote": 1.0, "scale": 1.2, "switch-dns": 1.4}
STEP_ONSET_S = 0.6
# The example bindings' load balancers, which the record points at before and after the switch.
EXAMPLE_BALANCERS = {"from": "shop-east-1234567890.us-east-1.elb.amazonaws.com",
                     "to": "shop-west-1234567890.us-west-2.elb.amazonaws.com"}


def step_rows(document):
    return {row["step"]: row for row in document.get("figures", []) if row["figure"] == "step"}


def check_watched_steps(h, compare_runs):
    """A run that sees the promotion, the scale-out and the DNS switch at known times, and one that never sees the
    switch and cannot watch the scale-out (its binding left out): the journal's step records, what the run says, and
    fis compare's rows beside the simulated runbook's steps."""
    with FisDouble(SECRET, steps={**STEP_TIMES, "scaled_to": 6}, load_balancers=EXAMPLE_BALANCERS) as double:
        result, journal = h.run(double, extra=["--observe-after", "3s"])
        header = records(journal, "run")[0] if records(journal, "run") else {}
        watched = [(s["step"], s["action"], s["target"], s["region"]) for s in header.get("watched_steps", [])]
        h.case("steps: the header lists the watched steps, each with where it is looked for, and the run says when "
               "it saw them",
               result.returncode == 0 and
               re.search(r"\nStep switch-dns \(switch-dns shop\.example\.com\): seen [0-9.]+m?s after the fault's "
                         r"onset\n", result.stdout) is not None and watched == [
                   ("promote", "promote", "orders-db", "us-west-2"), ("scale", "scale", "web", "us-west-2"),
                   ("switch-dns", "switch-dns", "shop.example.com", "us-west-2")],
               (result.returncode, result.stderr, header.get("watched_steps")))
        operations = {e["operation"] for e in double.journal}
        h.case("steps: RDS, Auto Scaling and Route 53 asked, every request signed as botocore signs it and accepted "
               "by its botocore model",
               {"DescribeDBInstances", "DescribeAutoScalingGroups", "ListResourceRecordSets"} <= operations and
               clean(double), [e for e in double.journal if "model_problems" in e or e["signature"] != "valid"])
        queries = [e["target"] for e in double.operations("DescribeAutoScalingGroups")]
        h.case("steps: the fleet's group found by its tags, the replica by its bound identifier",
               queries and double.operations("DescribeDBInstances") and
               all("Filters.member.1.Name=tag%3Adrsim%3Afleet" in q and "Values.member.1=web-west" in q
                   for q in queries) and
               all("DBInstanceIdentifier=orders-db-dr" in e["target"]
                   for e in double.operations("DescribeDBInstances")), queries)
        done = {r["step"]: r for r in records(journal, "step") if r["done"]}
        h.case("steps: each step's change journaled once it showed",
               set(done) == {"promote", "scale", "switch-dns"} and
               done["scale"]["seen"] == "6 of 6 instances in service"
               and done["switch-dns"]["seen"] == "answers " + EXAMPLE_BALANCERS["to"],
               records(journal, "step"))
        compare = [h.drsim, "fis", "compare", h.scenario, "--journal", journal, "--runs", str(compare_runs),
                   "--format", "json"]
        one = subprocess.run(compare + ["--jobs", "1"], capture_output=True, text=True, timeout=300)
        two = subprocess.run(compare + ["--jobs", "2"], capture_output=True, text=True, timeout=300)
        rows = step_rows(json.loads(one.stdout)) if one.returncode == 0 else {}
        # Seen at most a watch interval and a few requests after the change: 100 ms, and a loaded machine's slack.
        near = all(name in rows and rows[name]["observed_s"] is not None and
                   -0.05 <= rows[name]["observed_s"] - (STEP_TIMES[name] - STEP_ONSET_S) <= 1 for name in STEP_TIMES)
        # The simulated runbook takes minutes (a 5 minute page, a promotion of minutes): the compressed run's steps
        # lie below p5.
        h.case("steps: compare sets each step's observed time beside the simulated finish times",
               near and all(rows[name]["verdict"] == "below p5" and rows[name]["percentile"] == 0 and
                            rows[name]["p5_s"] >= 300 and rows[name]["p50_s"] <= rows[name]["p95_s"]
                            for name in STEP_TIMES), (one.returncode, one.stderr, rows))
        h.case("steps: the same rows whatever the jobs (the finish times come back from the workers)",
               rows and one.stdout == two.stdout and two.returncode == 0, (two.returncode, two.stderr))
        text = subprocess.run(compare[:-2] + ["--format", "text"], capture_output=True, text=True, timeout=300)
        h.case("steps: the text has a row per step",
               all(re.search(rf"\nstep {name} \({name} [^)]*\) +[0-9.]+m?s +0\.0 .* below p5\n", text.stdout)
                   for name in STEP_TIMES), text.stdout)
    with FisDouble(SECRET, steps={"promote": 1.0, "scale": 1.2, "scaled_to": 6},
                   load_balancers=EXAMPLE_BALANCERS) as double:
        # Without the fleet's binding in the recovery region, the scale step cannot be watched.
        bindings = h.bindings(double, lambda document: document["fleets"]["web"].pop("us-west-2"))
        result, journal = h.run(double, bindings, extra=["--observe-after", "3s"])
        compare = [h.drsim, "fis", "compare", h.scenario, "--journal", journal, "--runs", str(compare_runs)]
        as_json = subprocess.run(compare + ["--format", "json"], capture_output=True, text=True, timeout=300)
        rows = step_rows(json.loads(as_json.stdout)) if as_json.returncode == 0 else {}
        switch = rows.get("switch-dns", {})
        h.case("steps: a switch never seen is not observed, with no percentile and no verdict, not zero",
               result.returncode == 0 and "\nStep switch-dns (switch-dns shop.example.com): not seen from the fault's "
               "onset on\n" in result.stdout and switch.get("observed_s", 0) is None and
               switch.get("percentile", 0) is None
               and switch.get("verdict") == "not observed" and rows.get("promote", {}).get("verdict") == "below p5",
               (result.returncode, result.stdout, as_json.stderr, rows))
        h.case("steps: a step without its bindings is not watched, and the run says why",
               "\nNot watched: step scale (scale): bind fleet web in us-west-2 (/fleets/web/us-west-2)\n" in
               result.stdout and "scale" not in rows and records(journal, "run")[0]["unwatched_steps"] == [
                   "scale (scale): bind fleet web in us-west-2 (/fleets/web/us-west-2)"], result.stdout)
        markdown = subprocess.run(compare + ["--format", "markdown"], capture_output=True, text=True, timeout=300)
        page = subprocess.run(compare + ["--format", "html"], capture_output=True, text=True, timeout=300)
        h.case("steps: Markdown and HTML say it was not seen, and the page's chart marks the step that was",
               re.search(r"\| step switch-dns \(switch-dns shop\.example\.com\) +\| +not seen \| +- \|",
                         markdown.stdout) is not None and
               '<span class="badge skipped">not observed</span>' in page.stdout and
               re.search(r">step promote seen \(\+[0-9.]+m?s\)</text>", page.stdout) is not None, markdown.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--drsim", required=True)
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--steps-scenario", required=True)
    parser.add_argument("--bindings", required=True)
    parser.add_argument("--compare-runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        h = Harness(args.drsim, args.scenario, args.bindings, workdir)
        check_completed_run(h, args.compare_runs)
        check_endings(h)
        check_retries(h)
        check_signals(h)
        check_guardrails(h)
        check_role_sessions(h)
        check_credential_expiry(h)
        check_full_disk(h)
        check_preflight(h)
        steps_dir = os.path.join(workdir, "steps")
        os.mkdir(steps_dir)
        steps = Harness(args.drsim, args.steps_scenario, args.bindings, steps_dir)
        check_watched_steps(steps, args.compare_runs)
        h.passed += steps.passed
        h.failures += steps.failures
    print(f"{h.passed} passed, {len(h.failures)} failed")
    return 1 if h.failures else 0


if __name__ == "__main__":
    sys.exit(main())
