#!/usr/bin/python3
"""`drsim fis stop` against the loopback FIS double: the right experiments are stopped and waited for, every
request is signed as botocore signs it (session token included), throttling is retried, a 4xx answer and a bad
signature are not, and no secret reaches drsim's output.

Usage: test_fis_stop.py --drsim PATH --bindings FILE. Prints one line per case and "N passed, N failed".
"""

import argparse
import copy
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # the tests leave the source tree as they found it
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fis_double import FisDouble  # noqa: E402

KEY = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "session-token-for-the-test"


def experiment(id, status, run_id=None):
    tags = {"drsim:run-id": run_id, "drsim:scenario": "shop"} if run_id else {"team": "other"}
    return {"id": id, "experimentTemplateId": "EXT" + id[3:], "state": {"status": status}, "tags": tags}


EXPERIMENTS = {
    "us-east-1": [experiment("EXP1", "running", "drsim-aaa"), experiment("EXP2", "running", "drsim-bbb"),
                  experiment("EXP3", "running"), experiment("EXP4", "completed", "drsim-aaa")],
    "us-west-2": [experiment("EXP5", "initiating", "drsim-aaa")],
}


def run(args, double, secret=SECRET, token=TOKEN):
    with tempfile.TemporaryDirectory() as home:
        environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home,
                       "AWS_ACCESS_KEY_ID": KEY, "AWS_SECRET_ACCESS_KEY": secret}
        if token:
            environment["AWS_SESSION_TOKEN"] = token
        return subprocess.run(args + ["--endpoint-url", double.url], env=environment, capture_output=True, text=True,
                              timeout=120)


def stops(double):
    return sorted(e["answer"].split()[1] for e in double.journal if e.get("answer", "").startswith("stopping"))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--drsim", required=True)
    parser.add_argument("--bindings", required=True)
    args = parser.parse_args()
    stop = [args.drsim, "fis", "stop", "--bindings", args.bindings]
    failures = []
    passed = 0

    def case(name, condition, detail):
        nonlocal passed
        if condition:
            passed += 1
            print(f"ok   {name}")
        else:
            failures.append(name)
            print(f"FAIL {name}: {detail}")

    with FisDouble(SECRET, copy.deepcopy(EXPERIMENTS)) as double:
        result = run(stop + ["--run-id", "drsim-aaa"], double)
        output = result.stdout + result.stderr
        case("run id: its active experiments in every region are stopped, and only they",
             result.returncode == 0 and stops(double) == ["EXP1", "EXP5"], (result.returncode, stops(double), output))
        case("run id: drsim waits until FIS reports them stopped",
             "us-east-1: experiment EXP1 (run drsim-aaa): stopped" in output and
             "us-west-2: experiment EXP5 (run drsim-aaa): stopped" in output, output)
        case("every request is signed as botocore signs it, session token included",
             double.journal and all(e["signature"] == "valid" and e["token"] and e["service"] == "fis"
                                    for e in double.journal), double.journal)
        case("the list is read page by page",
             sum(1 for e in double.journal if e["target"].startswith("/experiments?")) == 5, double.journal)
        case("no secret in drsim's output", SECRET not in output and TOKEN not in output, output)

    with FisDouble(SECRET, copy.deepcopy(EXPERIMENTS)) as double:
        result = run(stop + ["--all-drsim"], double, token=None)
        case("--all-drsim stops every drsim run's experiments and nothing else",
             result.returncode == 0 and stops(double) == ["EXP1", "EXP2", "EXP5"], (result.returncode, stops(double)))
        case("long-term keys: no token header, still valid signatures",
             all(e["signature"] == "valid" and not e["token"] for e in double.journal), double.journal)

    with FisDouble(SECRET, copy.deepcopy(EXPERIMENTS), throttle=2) as double:
        result = run(stop + ["--run-id", "drsim-aaa"], double)
        answers = [e.get("answer") for e in double.journal]
        case("throttled twice, then retried to the end",
             result.returncode == 0 and answers[:2] == ["throttled", "throttled"] and stops(double) == ["EXP1", "EXP5"],
             (result.returncode, answers, result.stderr))

    with FisDouble(SECRET, copy.deepcopy(EXPERIMENTS), refuse_stop=True) as double:
        result = run(stop + ["--run-id", "drsim-aaa"], double)
        refused = [e for e in double.journal if e.get("answer") == "refused"]
        case("a 4xx answer is not retried and exits 3 with AWS's message",
             result.returncode == 3 and len(refused) == 1 and "ValidationException: refused by the test" in result.stderr,
             (result.returncode, double.journal, result.stderr))

    with FisDouble(SECRET, copy.deepcopy(EXPERIMENTS)) as double:
        result = run(stop + ["--run-id", "drsim-aaa"], double, secret="not-the-secret")
        case("a wrong secret fails the double's signature check, once",
             result.returncode == 3 and [e["signature"] for e in double.journal] == ["invalid"] and
             "SignatureDoesNotMatch" in result.stderr and "not-the-secret" not in result.stderr,
             (result.returncode, double.journal, result.stderr))

    with FisDouble(SECRET, {"us-east-1": [experiment("EXP9", "completed", "drsim-aaa")]}) as double:
        result = run(stop + ["--run-id", "drsim-aaa"], double)
        case("nothing active: said, exit 0",
             result.returncode == 0 and
             result.stdout == "No active FIS experiment of run drsim-aaa in us-east-1, us-west-2\n" and
             not stops(double), (result.returncode, result.stdout))

    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
