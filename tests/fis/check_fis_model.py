#!/usr/bin/env python3
"""Checks request bodies against the FIS API model that botocore ships (service-2.json): every member known to its
shape, required members present, strings within their lengths and patterns (matched whole) and enums, lists and
maps within their sizes, integers within their bounds. Then the rules of the service that the model cannot state
(FIS User Guide): targets by ARNs or by tags, not both; actions that name existing targets and start after existing
actions, without cycles; durations ISO 8601 within PT1M..PT12H.

Usage: check_fis_model.py --model service-2.json [--operation CreateExperimentTemplate] FILE|DIR...
A directory stands for its template-*.json files. Exits 1 and prints every problem with its path when a body fails.
"""

import argparse
import json
import os
import re
import sys
import unicodedata

# Java's \p{..} classes in AWS patterns, with the Unicode general categories they stand for.
UNICODE_CLASSES = {"L": "a", "Z": " ", "N": "0"}


def pattern_matches(pattern, text):
    """Whether `text` matches `pattern` whole, as the service's Java validator would."""
    # Java's strings are UTF-16: a range of supplementary characters is written as surrogate pairs, which Python's
    # strings (code points) spell as the range itself.
    pattern = pattern.replace("\\uD800\\uDC00-\\uDBFF\\uDFFF", "\\U00010000-\\U0010FFFF")
    classes = re.findall(r"\\p\{(\w)\}", pattern)
    if classes:
        # Python's re has no \p{..}: stand each such class for one ASCII character of it, in the pattern and the text.
        for name in classes:
            if name not in UNICODE_CLASSES:
                raise ValueError(f"pattern {pattern!r}: no stand-in for \\p{{{name}}}")
            pattern = pattern.replace(f"\\p{{{name}}}", re.escape(UNICODE_CLASSES[name]))
        text = "".join(next((UNICODE_CLASSES[n] for n in classes if unicodedata.category(c).startswith(n)), c)
                       for c in text)
    return re.fullmatch(pattern, text) is not None


class Checker:
    def __init__(self, model):
        self.shapes = model["shapes"]
        self.operations = model["operations"]
        self.problems = []

    def problem(self, path, message):
        self.problems.append(f"{path or '/'}: {message}")

    def check(self, shape_name, value, path):
        shape = self.shapes[shape_name]
        kind = shape["type"]
        if kind == "structure":
            self.check_structure(shape_name, shape, value, path)
        elif kind == "list":
            if not isinstance(value, list):
                return self.problem(path, f"must be a list ({shape_name})")
            self.check_size(shape, len(value), path, "elements")
            for i, element in enumerate(value):
                self.check(shape["member"]["shape"], element, f"{path}/{i}")
        elif kind == "map":
            if not isinstance(value, dict):
                return self.problem(path, f"must be a map ({shape_name})")
            self.check_size(shape, len(value), path, "entries")
            for key, element in value.items():
                self.check(shape["key"]["shape"], key, f"{path}/{key} (key)")
                self.check(shape["value"]["shape"], element, f"{path}/{key}")
        elif kind == "string":
            if not isinstance(value, str):
                return self.problem(path, f"must be a string ({shape_name})")
            self.check_size(shape, len(value), path, "characters")
            if "enum" in shape and value not in shape["enum"]:
                self.problem(path, f"{value!r} is not one of {shape['enum']}")
            if "pattern" in shape and not pattern_matches(shape["pattern"], value):
                self.problem(path, f"{value!r} does not match {shape['pattern']} ({shape_name})")
        elif kind in ("integer", "long"):
            if not isinstance(value, int) or isinstance(value, bool):
                return self.problem(path, f"must be an integer ({shape_name})")
            self.check_size(shape, value, path, "")
        elif kind == "boolean":
            if not isinstance(value, bool):
                self.problem(path, f"must be true or false ({shape_name})")
        elif kind == "timestamp":
            if not isinstance(value, (str, int, float)):
                self.problem(path, f"must be a timestamp ({shape_name})")
        else:
            self.problem(path, f"shape type {kind} of {shape_name} is not checked by this tool")

    def check_structure(self, name, shape, value, path):
        if not isinstance(value, dict):
            return self.problem(path, f"must be an object ({name})")
        members = shape.get("members", {})
        for key in value:
            if key not in members:
                self.problem(f"{path}/{key}", f"unknown member of {name}; it has {sorted(members)}")
            elif members[key].get("location") in ("uri", "querystring", "header", "headers"):
                self.problem(f"{path}/{key}", f"belongs in the request's {members[key]['location']}, not its body")
        for key in shape.get("required", []):
            if key not in value:
                self.problem(path, f"missing required member {key} of {name}")
        for key, element in value.items():
            if key in members:
                self.check(members[key]["shape"], element, f"{path}/{key}")

    def check_size(self, shape, size, path, unit):
        if "min" in shape and size < shape["min"]:
            self.problem(path, f"{size} {unit} is below the minimum {shape['min']}".replace("  ", " "))
        if "max" in shape and size > shape["max"]:
            self.problem(path, f"{size} {unit} is above the maximum {shape['max']}".replace("  ", " "))

    def check_request(self, operation, body):
        self.check(self.operations[operation]["input"]["shape"], body, "")


ISO_DURATION = re.compile(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?")
DURATION_PARAMETERS = ("duration", "startInstancesAfterDuration")


def check_service_rules(body, problem):
    """The rules of CreateExperimentTemplate that the API model cannot express (FIS User Guide)."""
    targets = body.get("targets", {})
    actions = body.get("actions", {})
    for name, target in targets.items():
        if ("resourceArns" in target) == ("resourceTags" in target):
            problem(f"/targets/{name}", "must select by resourceArns or by resourceTags, one of the two")
        mode = target.get("selectionMode", "")
        if not re.fullmatch(r"ALL|COUNT\([1-9]\d*\)|PERCENT\(([1-9]\d?|100)\)", mode):
            problem(f"/targets/{name}/selectionMode", f"{mode!r} is not ALL, COUNT(n) or PERCENT(n)")
    used = set()
    for name, action in actions.items():
        for key, target in action.get("targets", {}).items():
            used.add(target)
            if target not in targets:
                problem(f"/actions/{name}/targets/{key}", f"names no target of the template: {target!r}")
        for after in action.get("startAfter", []):
            if after not in actions:
                problem(f"/actions/{name}/startAfter", f"names no action of the template: {after!r}")
        for key, value in action.get("parameters", {}).items():
            if key in DURATION_PARAMETERS:
                match = ISO_DURATION.fullmatch(value)
                seconds = None
                if match and any(match.groups()):
                    h, m, s = (int(g or 0) for g in match.groups())
                    seconds = h * 3600 + m * 60 + s
                if seconds is None or not 60 <= seconds <= 12 * 3600:
                    problem(f"/actions/{name}/parameters/{key}", f"{value!r} is not an ISO 8601 duration in PT1M..PT12H")
    for name in targets:
        if name not in used:
            problem(f"/targets/{name}", "is used by no action")
    # startAfter must not loop: FIS could never start the actions of a cycle.
    state = {}

    def visit(name, trail):
        if state.get(name) == "done":
            return
        if state.get(name) == "open":
            problem(f"/actions/{name}/startAfter", "is part of a cycle: " + " -> ".join(trail + [name]))
            return
        state[name] = "open"
        for after in actions.get(name, {}).get("startAfter", []):
            if after in actions:
                visit(after, trail + [name])
        state[name] = "done"

    for name in actions:
        visit(name, [])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="botocore's data/fis/2020-12-01/service-2.json")
    parser.add_argument("--operation", default="CreateExperimentTemplate")
    parser.add_argument("paths", nargs="+", help="request bodies, or directories of template-*.json")
    args = parser.parse_args()

    with open(args.model, encoding="utf-8") as f:
        model = json.load(f)
    files = []
    for path in args.paths:
        if os.path.isdir(path):
            files += sorted(os.path.join(path, name) for name in os.listdir(path)
                            if name.startswith("template-") and name.endswith(".json"))
        else:
            files.append(path)
    if not files:
        print("no request bodies to check", file=sys.stderr)
        return 1
    failed = 0
    for file in files:
        with open(file, encoding="utf-8") as f:
            body = json.load(f)
        checker = Checker(model)
        checker.check_request(args.operation, body)
        if args.operation == "CreateExperimentTemplate":
            check_service_rules(body, checker.problem)
        for problem in checker.problems:
            print(f"{file}: {problem}")
        failed += bool(checker.problems)
    print(f"{len(files) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
