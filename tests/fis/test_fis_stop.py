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


ROLE_CONFIG = """[profile base]
region = us-west-2
[profile middle]
role_arn = arn:aws:iam::111122223333:role/middle
source_profile = base
[profile drill]
role_arn = arn:aws:iam::111122223333:role/drill
source_profile = middle
external_id = the-external-id
duration_seconds = 1800
region = us-east-1
[profile ring1]
role_arn = arn:aws:iam::111122223333:role/ring1
source_profile = ring2
[profile ring2]
role_arn = arn:aws:iam::111122223333:role/ring2
source_profile = ring1
"""


def run_with_profile(args, double, profile):
    """drsim with no keys in its environment: AWS_PROFILE of a config whose profiles assume roles."""
    with tempfile.TemporaryDirectory() as home:
        with open(os.path.join(home, "config"), "w", encoding="utf-8") as f:
            f.write(ROLE_CONFIG)
        with open(os.path.join(home, "credentials"), "w", encoding="utf-8") as f:
            f.write(f"[base]\naws_access_key_id = {KEY}\naws_secret_access_key = {SECRET}\n")
        environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "AWS_PROFILE": profile,
                       "AWS_CONFIG_FILE": os.path.join(home, "config"),
                       "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "credentials")}
        result = subprocess.run(args + ["--endpoint-url", double.url], env=environment, capture_output=True,
                                text=True, timeout=120)
        return result, os.path.join(home, "config")


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

    with FisDouble(SECRET, copy.deepcopy(EXPERIMENTS)) as double:
        result, config = run_with_profile(stop + ["--run-id", "drsim-aaa"], double, "drill")
        assumed = double.operations("AssumeRole")
        fis_calls = [e for e in double.journal if e["service"] == "fis"]
        roles = [e.get("assume_role", {}) for e in assumed]
        case("a role profile: its source profile's role assumed with the base keys, then its own with those",
             result.returncode == 0 and stops(double) == ["EXP1", "EXP5"] and len(assumed) == 2 and
             [r.get("RoleArn") for r in roles] == ["arn:aws:iam::111122223333:role/middle",
                                                   "arn:aws:iam::111122223333:role/drill"] and
             assumed[0]["key"] == KEY and not assumed[0]["token"] and
             assumed[1]["key"] == assumed[0]["answer"].split()[1] and assumed[1]["token"],
             (result.returncode, result.stderr, double.journal))
        case("AssumeRole: signed, in the profile's region, with a drsim session name, external id and duration",
             all(e["signature"] == "valid" and e["service"] == "sts" and e["region"] == "us-east-1" for e in assumed)
             and all(r.get("RoleSessionName", "").startswith("drsim-") for r in roles) and
             roles[1].get("ExternalId") == "the-external-id" and roles[1].get("DurationSeconds") == "1800" and
             "ExternalId" not in roles[0] and "DurationSeconds" not in roles[0], roles)
        case("the FIS requests carry the assumed role's credentials and token",
             fis_calls and all(e["signature"] == "valid" and e["token"] and
                               e["key"] == assumed[1]["answer"].split()[1] for e in fis_calls), fis_calls)
        case("no secret in drsim's output", SECRET not in result.stdout + result.stderr and
             "secret-of-" not in result.stdout + result.stderr, result.stderr)

    with FisDouble(SECRET, copy.deepcopy(EXPERIMENTS), refuse={"AssumeRole": (403, "AccessDenied", "not allowed")}) \
            as double:
        result, config = run_with_profile(stop + ["--run-id", "drsim-aaa"], double, "middle")
        case("AssumeRole refused: exit 3, naming the profile, its file and the role, nothing else asked",
             result.returncode == 3 and f"profile 'middle' in {config}: AssumeRole of "
             "arn:aws:iam::111122223333:role/middle with the credentials of profile base failed" in result.stderr and
             "AccessDenied: not allowed" in result.stderr and
             [e["operation"] for e in double.journal] == ["AssumeRole"], (result.returncode, result.stderr))

    with FisDouble(SECRET, copy.deepcopy(EXPERIMENTS)) as double:
        result, config = run_with_profile(stop + ["--run-id", "drsim-aaa"], double, "ring1")
        case("a loop of source profiles: exit 2, the loop and the file named, no request",
             result.returncode == 2 and f"profile 'ring2' in {config}: source_profile makes a loop "
             "(ring1 -> ring2 -> ring1)" in result.stderr and not double.journal, (result.returncode, result.stderr))

    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
