#!/usr/bin/env python3
"""Mutation test of drsim's inputs: mutants of the shipped scenarios and topologies, each through `drsim validate`
and, when it validates, a short `drsim compare`, under a time and memory limit.

A mutant fails the test when drsim crashes (a signal), exits 3 (internal error), exceeds its time or memory limit,
writes more than a megabyte of messages, or prints a figure that is not a finite number. Exit 2 with a message is
the right answer to bad input; exit 0 is the right answer to a mutant that is still a valid drill.

Mutations are drawn from a seeded generator, so a failing mutant is found again with the same --seed and --count;
each failure is printed with the mutation that made it and the files are kept for replay.
"""

import argparse
import copy
import json
import math
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

QUANTITY = re.compile(r"^(-?[0-9.]+(?:e[+-]?[0-9]+)?)\s*([A-Za-z/%]+)$")
NUMBERS = [0, -1, 1, 0.5, 1e-9, 1e-300, 3, 1e6, 1e9, 2147483647, 2147483648, 9.2e18, 1e308, -1e308]
MAGNITUDES = ["0", "-1", "1e-12", "0.000001", "1e-9", "1", "1e6", "1e9", "1e15", "1e300"]
WORDS = ["", " ", "x", "\u00e9", "\uffff", "=1+1", "-rm", "@x", "a" * 300, "us-east-1", "null", "step-unreachable"]
LIMIT_BYTES = 1 << 20


def pointers(value, path=""):
    """Every JSON pointer of the document, its root excluded."""
    if isinstance(value, dict):
        for key, child in value.items():
            child_path = path + "/" + key.replace("~", "~0").replace("/", "~1")
            yield child_path
            yield from pointers(child, child_path)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            child_path = f"{path}/{index}"
            yield child_path
            yield from pointers(child, child_path)


def resolve(document, pointer):
    """The container holding the pointer's target, and the target's key or index in it."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    parent = document
    for token in tokens[:-1]:
        parent = parent[int(token)] if isinstance(parent, list) else parent[token]
    last = tokens[-1]
    return parent, int(last) if isinstance(parent, list) else last


def mutate_value(rng, value, document):
    """A replacement for one value: near its kind (numbers, quantities with units, names) or of another kind."""
    if isinstance(value, bool) or value is None:
        return rng.choice([not value if isinstance(value, bool) else True, 0, "yes", None, [], {}])
    if isinstance(value, (int, float)):
        choice = rng.random()
        if choice < 0.7:
            return rng.choice(NUMBERS)
        if choice < 0.85:
            return value * rng.choice([1000, 1e6, -1, 0.001])
        return rng.choice([str(value), None, [], {}, True])
    if isinstance(value, str):
        match = QUANTITY.match(value)
        if match and rng.random() < 0.8:
            return rng.choice(MAGNITUDES) + match.group(2)
        strings = [s for s in _strings(document) if s != value]
        choice = rng.random()
        if choice < 0.4 and strings:
            return rng.choice(strings)
        if choice < 0.8:
            return rng.choice(WORDS)
        return rng.choice([1, None, [], {}, True])
    if isinstance(value, list):
        if value and rng.random() < 0.6:
            copies = rng.choice([1, 2, 50, 1000])
            return value + [copy.deepcopy(rng.choice(value)) for _ in range(copies)]
        return rng.choice([[], {}, "list", None])
    if isinstance(value, dict):
        if rng.random() < 0.5:
            mutated = dict(value)
            mutated[rng.choice(["typo", "extra", "name", "kind"])] = rng.choice([1, "x", None])
            return mutated
        return rng.choice([{}, [], "object", None])
    return None


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for child in value.values():
            yield from _strings(child)
    elif isinstance(value, list):
        for child in value:
            yield from _strings(child)


def mutate(rng, document):
    """One mutation of the document, in place; returns what it did, for the failure report."""
    candidates = list(pointers(document))
    if not candidates:
        return "nothing to mutate"
    pointer = rng.choice(candidates)
    parent, key = resolve(document, pointer)
    if rng.random() < 0.12:
        del parent[key]
        return f"removed {pointer}"
    before = parent[key]
    parent[key] = mutate_value(rng, before, document)
    shown = json.dumps(parent[key])
    return f"{pointer}: {json.dumps(before)[:60]} -> {shown[:60]}{'...' if len(shown) > 60 else ''}"


def limits(cpu_seconds, memory_bytes):
    def apply():
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


def run(command, cpu_seconds, memory_bytes, wall_seconds):
    """(exit code or -signal or 'timeout', stdout, stderr) of a command run under the limits."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            completed = subprocess.run(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                       preexec_fn=limits(cpu_seconds, memory_bytes), timeout=wall_seconds)
            code = completed.returncode
        except subprocess.TimeoutExpired:
            code = "timeout"
        out.seek(0)
        err.seek(0)
        return code, out.read(LIMIT_BYTES + 1), err.read(LIMIT_BYTES + 1)


# A statistic over no values (RTO when no drill recovered, outage lengths of a year without an outage, a failback's
# duration when no drill finished its failback) is null, as
# is an objective's observed figure when unrecovered drills put it beyond any target: the report's contract. Any
# A side of a 95 % interval that too few drills cannot bound is null too (under "ci95" or "availability_ci95"). Any
# other null is an infinity or a NaN that the JSON writer could not print.
MAY_BE_NULL = {"rto_s", "rpo_s", "lost_writes", "incident_usd", "downtime_usd", "lost_data_usd",
               "downtime_min_per_month", "outages_per_year", "outage_length_s", "outage_rpo_s", "outage_lost_writes",
               "observed", "ci95"}
MAY_BE_NULL_AT = ("/failback/duration_s",)


def non_finite(value, path="", found=None):
    """Pointers of the figures that are not finite numbers (nlohmann writes infinities and NaN as null)."""
    found = [] if found is None else found
    key = path.rsplit("/", 1)[-1]
    open_side = "ci95" in path.split("/")[-3:-1] or path.split("/")[-2:-1] == ["availability_ci95"]
    may_be_null = key in MAY_BE_NULL or open_side or path.endswith(MAY_BE_NULL_AT)
    if (value is None and not may_be_null) or (isinstance(value, float) and not math.isfinite(value)):
        found.append(path or "/")
    elif isinstance(value, dict):
        for key, child in value.items():
            non_finite(child, f"{path}/{key}", found)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            non_finite(child, f"{path}/{index}", found)
    return found


def check_mutant(drsim, directory, args):
    """The reason a mutant fails, or None."""
    scenario = os.path.join(directory, "scenario.json")
    code, out, err = run([drsim, "validate", scenario], args.cpu_seconds, args.memory_bytes, args.wall_seconds)
    if code == "timeout" or (isinstance(code, int) and code < 0) or code == 3:
        return f"validate: {'hung' if code == 'timeout' else 'exit ' + str(code)}: {err[-400:].decode(errors='replace')}"
    if len(out) + len(err) > LIMIT_BYTES:
        return "validate: more than a megabyte of messages"
    if code == 2:
        if not err.strip() and not out.strip():
            return "validate: exit 2 without a message"
        return None
    if code != 0:
        return f"validate: unexpected exit {code}"
    code, out, err = run([drsim, "compare", scenario, "--runs", str(args.runs), "--format", "json"],
                         args.cpu_seconds, args.memory_bytes, args.wall_seconds)
    if code == 2 and err.strip():
        return None  # refused with a message, e.g. a limit the drill would exceed
    if code != 0:
        reason = "hung" if code == "timeout" else f"exit {code}"
        return f"compare: {reason}: {err[-400:].decode(errors='replace')}"
    try:
        report = json.loads(out)
    except ValueError as error:
        return f"compare: output is not JSON: {error}"
    bad = non_finite(report.get("results"), "/results")
    if bad:
        return "compare: figures that are not finite numbers at " + ", ".join(bad[:5])
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drsim", required=True, help="the drsim program to test")
    parser.add_argument("--scenarios", required=True, help="the folder of shipped scenarios")
    parser.add_argument("--count", type=int, default=2000, help="mutants to try (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the mutations (default 1)")
    parser.add_argument("--runs", type=int, default=2, help="drills per strategy for mutants that validate")
    parser.add_argument("--cpu-seconds", type=int, default=20, help="CPU limit per command (default 20)")
    parser.add_argument("--wall-seconds", type=int, default=60, help="wall-clock limit per command (default 60)")
    parser.add_argument("--memory-bytes", type=int, default=4 << 30, help="address-space limit (default 4 GiB)")
    parser.add_argument("--keep", default="", help="a folder to keep failing mutants in")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="mutants checked at once")
    args = parser.parse_args()

    sources = []
    for name in sorted(os.listdir(args.scenarios)):
        if not name.endswith(".json"):
            continue
        path = os.path.join(args.scenarios, name)
        with open(path, encoding="utf-8") as f:
            scenario = json.load(f)
        topology = None
        if isinstance(scenario.get("topology"), str):
            with open(os.path.join(args.scenarios, scenario["topology"]), encoding="utf-8") as f:
                topology = json.load(f)
        sources.append((name, scenario, topology))

    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="drsim-mutants-")
    failures = []
    started = time.monotonic()

    def prepare(index):
        name, scenario, topology = rng.choice(sources)
        scenario, topology = copy.deepcopy(scenario), copy.deepcopy(topology)
        # "$schema" is for editors (tests/schema/check_schema.py mutates it): set aside while mutating, so that the
        # mutants of a seed are those they were before the shipped files named their schema.
        schemas = [(document, document.pop("$schema")) for document in (scenario, topology)
                   if isinstance(document, dict) and "$schema" in document]
        mutations = []
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            if topology is not None and rng.random() < 0.5:
                mutations.append("topology " + mutate(rng, topology))
            else:
                mutations.append("scenario " + mutate(rng, scenario))
        for document, reference in schemas:
            if isinstance(document, dict):
                document["$schema"] = reference
        directory = os.path.join(work, f"mutant-{index}")
        os.makedirs(directory)
        if topology is not None and isinstance(scenario, dict) and isinstance(scenario.get("topology"), str):
            scenario["topology"] = "topology.json"
            with open(os.path.join(directory, "topology.json"), "w", encoding="utf-8") as f:
                json.dump(topology, f, ensure_ascii=False)
        with open(os.path.join(directory, "scenario.json"), "w", encoding="utf-8") as f:
            json.dump(scenario, f, ensure_ascii=False)
        return index, name, "; ".join(mutations), directory

    from concurrent.futures import ThreadPoolExecutor
    mutants = [prepare(i) for i in range(args.count)]
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = pool.map(lambda m: (m, check_mutant(args.drsim, m[3], args)), mutants)
        for (index, name, mutations, directory), reason in results:
            if reason:
                failures.append((index, name, mutations, reason))
                if args.keep:
                    shutil.copytree(directory, os.path.join(args.keep, f"mutant-{index}"), dirs_exist_ok=True)
            shutil.rmtree(directory, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)

    elapsed = time.monotonic() - started
    print(f"{args.count} mutants of {len(sources)} scenarios (seed {args.seed}) in {elapsed:.0f} s: "
          f"{len(failures)} failed")
    for index, name, mutations, reason in failures:
        print(f"mutant {index} of {name} ({mutations}):\n  {reason.strip()}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
