#!/usr/bin/env python3
"""The JSON Schemas of `drsim schema`, checked with an independent validator (Debian's python3-jsonschema).

1. Each schema is a valid draft 2020-12 schema, and equals the committed file its shipped files name in "$schema".
2. Every shipped file (scenarios/*.json, scenarios/topologies/*.json, scenarios/bindings/*.json) names its schema in
   "$schema" and validates against it.
3. Mutants of the shipped files, made by the mutation test's own mutator (tests/mutation/mutate_inputs.py), go through
   `drsim validate` and the schema:
   - a mutant the schema rejects, drsim rejects too: the schema is never stricter than drsim;
   - a mutant drsim rejects, the schema rejects too, unless every problem drsim reports is of a kind of rule that
     this schema does not express (NOT_EXPRESSED below: references between names, ranges of quantities written
     with a unit, rules that compare two values, what a strategy's overrides or preset make of the topology).

Prints one line per failure and a closing "N passed, M failed" line; exits 1 on any failure.
"""

import argparse
import copy
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

import jsonschema

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "mutation"))
from mutate_inputs import mutate  # noqa: E402  (the mutation test's mutator, reused)

KINDS = {"drsim_topology": "topology", "drsim_scenario": "scenario", "drsim_bindings": "bindings"}

# The rules of `drsim validate` that the schema does not express, each a pattern of the messages that report it. A
# mutant that drsim rejects only with such messages may pass the schema; any other message must come with a
# rejection by the schema. Each is listed in the README ("JSON Schema", what a schema cannot say).
NOT_EXPRESSED = [
    # References between names: a name must be one defined elsewhere in the file or in the topology.
    ("reference", r"^unknown (region|AZ|fleet|database|load balancer|DNS record|backup|queue|step|strategy|"
                  r"replica of database|region or location|location or region|database or object store|"
                  r"database, object store or queue|AZ or region|region of|AZ of|object store)"),
    ("reference", r"is not in region|is not in the topology of strategy|has no capacity in region|has no copy in "
                  r"region|has capacity in region|is not in \"allowed_accounts\"|backs up \""),
    # Names unique across lists or by a member of objects (a uniqueItems of plain names is expressed).
    ("unique name", r"is already used by the|is already a region|^duplicate (region|node name|strategy|step id|"
                    r"link between|AZ \"[^\"]*\", also at)"),
    # Rules between two values of the file.
    ("two values", r"sync replica must be in|is the source's own region|is the target region itself|expected min <= "
                   r"desired <= max|is outside fleet|must be before the end of the horizon|must be at least the "
                   r"interval between backups|is above high|must be greater than the median|is below a lower "
                   r"percentile's value|form a cycle|^needs engine|applies only to a long run|primary endpoint|"
                   r"secondary endpoints|gives every endpoint weight 0|is the primary region"),
    # Ranges of quantities written with a unit, and magnitudes beyond what a unit's pattern can bound.
    ("quantity range", r"^must (be|have a mean) (at most|at least|from|greater than|10s or 30s)[^,]*(, not \"|;|$| "
                       r"\(of its mean\)|, the only intervals|, e\.g\.)"),
    ("quantity range", r"is too large|is out of range"),
    # Counts computed from the whole scenario.
    ("computed count", r"failures per run|outages per run|instances in region"),
    # A calendar date (the pattern checks its form only).
    ("calendar", r"must be a date written YYYY-MM-DD"),
    # Values of a bindings file that depend on another of its values (the region, the account).
    ("two values", r"is not the ARN of an IAM role of account|is not the ARN of a CloudWatch alarm in|is not an AZ "
                   r"name of"),
    # The topology file a scenario names, and what a strategy's preset or overrides make of the topology.
    ("other file", r"^cannot use the topology file|is not a topology file|^\"[^\"]*\" is a "),
    ("derived topology", r"^makes /|its runbook does not fit|\(with the (overrides|preset) of strategy|^cannot be "
                         r"applied to topology|^missing key \"recovery_region\""),
]


def expressed(problem):
    """Whether the schema is expected to express the rule behind a problem drsim reports."""
    if "message" not in problem:
        return False  # a count of problems past the first 200: the listed ones decide
    if "/overrides" in problem.get("pointer", ""):
        return False  # what a strategy's merge patch makes of the topology
    return not any(re.search(pattern, problem["message"]) for _, pattern in NOT_EXPRESSED)


def run(command):
    return subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                          check=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drsim", required=True, help="the drsim program to test")
    parser.add_argument("--scenarios", required=True, help="the folder of shipped files")
    parser.add_argument("--count", type=int, default=1500, help="mutants to try (default 1500)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the mutations (default 1)")
    args = parser.parse_args()

    passed, failures = 0, []

    def check(condition, what):
        nonlocal passed
        if condition:
            passed += 1
        else:
            failures.append(what)
        return condition

    # 1. The schemas.
    validators = {}
    for kind in ("topology", "scenario", "bindings"):
        completed = run([args.drsim, "schema", kind])
        if not check(completed.returncode == 0, f"drsim schema {kind}: exit {completed.returncode}: "
                                                f"{completed.stderr.decode(errors='replace')}"):
            continue
        schema = json.loads(completed.stdout)
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
            check(True, "")
        except jsonschema.exceptions.SchemaError as error:
            check(False, f"drsim schema {kind} is not a valid draft 2020-12 schema: {error.message}")
        committed = os.path.join(args.scenarios, "schema", f"{kind}.schema.json")
        with open(committed, "rb") as f:
            check(f.read() == completed.stdout, f"{committed} differs from `drsim schema {kind}`")
        validators[kind] = jsonschema.Draft202012Validator(schema)

    # 2. Every shipped file.
    shipped = []
    for folder in ("", "topologies", "bindings"):
        directory = os.path.join(args.scenarios, folder)
        for name in sorted(os.listdir(directory)):
            if name.endswith(".json"):
                shipped.append(os.path.join(directory, name))
    documents = []
    for path in shipped:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
        kind = next((KINDS[marker] for marker in KINDS if marker in document), None)
        if not check(kind in validators, f"{path}: no schema for it"):
            continue
        reference = document.get("$schema")
        named = os.path.normpath(os.path.join(os.path.dirname(path), reference)) if isinstance(reference, str) else ""
        check(named == os.path.normpath(os.path.join(args.scenarios, "schema", f"{kind}.schema.json")),
              f"{path}: \"$schema\" is {reference!r}, not the path of schema/{kind}.schema.json")
        errors = sorted(validators[kind].iter_errors(document), key=lambda e: list(e.absolute_path))
        check(not errors, f"{path}: " + "; ".join(
            f"/{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in errors[:5]))
        documents.append((path, kind, document))

    # 3. Mutants.
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="drsim-schema-mutants-")
    try:
        # A scenario names its topology by a path relative to itself: the shipped topologies go beside the mutants.
        shutil.copytree(os.path.join(args.scenarios, "topologies"), os.path.join(work, "topologies"))
        mutants = []
        for index in range(args.count):
            path, kind, document = rng.choice(documents)
            mutant = copy.deepcopy(document)
            mutations = [mutate(rng, mutant) for _ in range(rng.choice([1, 1, 1, 2]))]
            target = os.path.join(work, f"mutant-{index}-{os.path.basename(path)}")
            with open(target, "w", encoding="utf-8") as f:
                json.dump(mutant, f, ensure_ascii=False)
            mutants.append((target, kind, mutant, os.path.relpath(path, args.scenarios), "; ".join(mutations)))
        problems = {}
        for start in range(0, len(mutants), 100):
            batch = [m[0] for m in mutants[start:start + 100]]
            completed = run([args.drsim, "validate", "--format", "json", *batch])
            if not check(completed.returncode in (0, 2), f"drsim validate exit {completed.returncode}: "
                                                       f"{completed.stderr.decode(errors='replace')[-400:]}"):
                continue
            for problem in json.loads(completed.stdout):
                if "message" in problem or "unlisted_problems" in problem:
                    problems.setdefault(problem["file"], []).append(problem)
        counts = {"both reject": 0, "both accept": 0, "drsim alone, not expressed": 0}
        rules = {}  # the rules not expressed that drsim alone enforced, by kind
        for target, kind, mutant, source, mutations in mutants:
            found = problems.get(target, [])
            schema_errors = list(validators[kind].iter_errors(mutant))
            if schema_errors and not found:
                check(False, f"mutant of {source} ({mutations}): the schema rejects what drsim accepts: "
                             f"{schema_errors[0].message[:300]}")
            elif found and not schema_errors:
                unexpressed = [p for p in found if expressed(p)]
                if check(not unexpressed, f"mutant of {source} ({mutations}): drsim rejects and the schema does "
                                          f"not: " + "; ".join(f"{p.get('pointer')}: {p.get('message')}"
                                                               for p in unexpressed[:3])):
                    counts["drsim alone, not expressed"] += 1
                    for label in {label for p in found if "message" in p
                                  for label, pattern in NOT_EXPRESSED if re.search(pattern, p["message"])}:
                        rules[label] = rules.get(label, 0) + 1
            else:
                check(True, "")
                counts["both reject" if found else "both accept"] += 1
        check(counts.get("both reject", 0) > 0 and counts.get("both accept", 0) > 0,
              f"the mutants exercised one side only: {dict(counts)}")
        print(f"{len(mutants)} mutants of {len(documents)} shipped files (seed {args.seed}): "
              + ", ".join(f"{n} {what}" for what, n in counts.items()))
        print("rejected by drsim alone, by kind of rule: "
              + ", ".join(f"{what} {n}" for what, n in sorted(rules.items())))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    for failure in failures:
        print("FAILED: " + failure)
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
