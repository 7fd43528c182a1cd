"""A loopback stand-in for the AWS calls drsim makes, for tests. It answers STS GetCallerIdentity and AssumeRole
(temporary credentials it then accepts signatures by), CloudWatch DescribeAlarms and Route 53 GetHealthCheckStatus
(every alarm in ALARM and every health check's checkers failing while the application is down), RDS
DescribeDBInstances, Auto Scaling DescribeAutoScalingGroups and Route 53 ListResourceRecordSets (a runbook's
promotion, scale-out and DNS switch, each at the time after the experiment's start it was told, in answers shaped
like recorded ones), and the FIS
calls of a run's lifecycle (CreateExperimentTemplate, StartExperiment, GetExperiment, StopExperiment,
DeleteExperimentTemplate, ListExperiments), and serves /health, the application's health URL, which fails while an
experiment's faults have the application down. Every AWS request is journaled with its operation and clientToken,
its SigV4 signature checked by signing it again with botocore's signer (Debian: python3-botocore) and the secret it
was told, and its body checked against botocore's FIS API model (check_fis_model.py), the parameters of the RDS,
Auto Scaling and Route 53 calls against their models (Query protocol: Action, Version and the members serialised as
Name.member.N; REST-XML: the path's and the query string's members). It listens on 127.0.0.1 only.

It can be told to throttle an operation's first calls, to lose an operation's first answer after doing the work
(the retry must carry the same clientToken and get the same resource), to refuse an operation with a 4xx, and how
the experiments it starts end: "complete", "stop-condition" (FIS stops it: an alarm fired), "fail", or "hang"
(running until StopExperiment). The role sessions AssumeRole hands out can be short: their Expiration is
`role_session_s` after the AssumeRole, and a request signed with them after `token_life_s` (default: that
Expiration) is refused with ExpiredToken, as AWS refuses an expired session. Time is compressed: an experiment
initiates for `initiating_s`, its aws:fis:wait actions run until `onset_s`, its fault actions from then until
`end_s`, the application is down from `down_s` to `up_s` after the start (a failover that ends the outage while the
fault goes on), and a stopping experiment is stopped `stopping_s` after StopExperiment.
"""

import json
import os
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from check_fis_model import Checker, check_service_rules

AUTHORIZATION = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request,"
    r" ?SignedHeaders=(?P<signed>[^,]+), ?Signature=(?P<signature>[0-9a-f]{64})$")
MODEL = "/usr/lib/python3/dist-packages/botocore/data/fis/2020-12-01/service-2.json"
# The models of the services whose answers show a runbook's steps, by the service name requests are signed for.
STEP_MODELS = {"rds": "/usr/lib/python3/dist-packages/botocore/data/rds/2014-10-31/service-2.json",
               "autoscaling": "/usr/lib/python3/dist-packages/botocore/data/autoscaling/2011-01-01/service-2.json",
               "route53": "/usr/lib/python3/dist-packages/botocore/data/route53/2013-04-01/service-2.json"}
RECORD_SETS = re.compile(r"/2013-04-01/hostedzone/(?P<id>[^/]+)/rrset")
MUTATING = {"CreateExperimentTemplate", "DeleteExperimentTemplate", "StartExperiment", "StopExperiment"}
# What the FIS API reference has and the model of Debian's botocore (1.29) predates: StartExperiment's
# experimentOptions (actionsMode skip-all, API reference: StartExperimentExperimentOptionsInput) and
# ListExperimentResolvedTargets (API reference; botocore 1.34's model has it).
NEWER_SHAPES = {
    "StartExperimentExperimentOptionsInput": {
        "type": "structure", "members": {"actionsMode": {"shape": "ActionsMode"}}},
    "ActionsMode": {"type": "string", "enum": ["skip-all", "run-all"]},
}


def signing_steps(method, target, headers, body, secret, match):
    """What botocore's signer computes for this request with the given secret, over the headers the client signed:
    the canonical request, the string to sign, the signature and the signed headers."""
    signed = match["signed"].split(";")
    request = AWSRequest(method=method, url=f"http://{headers['Host']}{target}", data=body,
                         headers={name: headers[name] for name in signed if name != "host"})
    request.context["timestamp"] = headers["X-Amz-Date"]
    token = headers.get("X-Amz-Security-Token")
    signer = SigV4Auth(Credentials(match["key"], secret, token), match["service"], match["region"])
    canonical = signer.canonical_request(request)
    string_to_sign = signer.string_to_sign(request, canonical)
    return (canonical, string_to_sign, signer.signature(string_to_sign, request),
            signer.signed_headers(signer.headers_to_sign(request)))


def expected_signature(method, target, headers, body, secret, match):
    """The signature botocore computes for this request with the given secret, and the headers it covers."""
    _, _, signature, signed = signing_steps(method, target, headers, body, secret, match)
    return signature, signed


def load_model():
    with open(MODEL, encoding="utf-8") as f:
        model = json.load(f)
    model["shapes"].update(NEWER_SHAPES)
    model["shapes"]["StartExperimentRequest"] = json.loads(json.dumps(model["shapes"]["StartExperimentRequest"]))
    model["shapes"]["StartExperimentRequest"]["members"]["experimentOptions"] = {
        "shape": "StartExperimentExperimentOptionsInput"}
    return model


def load_step_models():
    models = {}
    for service, path in STEP_MODELS.items():
        with open(path, encoding="utf-8") as f:
            models[service] = json.load(f)
    return models


def unflatten(shapes, shape_name, items, path, problems):
    """The value the Query protocol serialised as `items` ({("Member", "member", "1"): "text"}) for a shape: members
    by name, lists as Name.member.N from 1, scalars from their text; what the shape has no place for is a problem."""
    shape = shapes[shape_name]
    kind = shape["type"]
    if kind == "structure":
        groups = {}
        for key, value in items.items():
            if not key:
                problems.append(f"{path or '/'}: a structure ({shape_name}) given as one value")
                continue
            groups.setdefault(key[0], {})[key[1:]] = value
        value = {}
        for name, sub in groups.items():
            if name not in shape["members"]:
                problems.append(f"{path}/{name}: not a member of {shape_name}")
                continue
            value[name] = unflatten(shapes, shape["members"][name]["shape"], sub, f"{path}/{name}", problems)
        return value
    if kind == "list":
        elements = {}
        for key, value in items.items():
            if len(key) < 2 or key[0] != "member" or not key[1].isdigit():
                problems.append(f"{path}: a list ({shape_name}) must be serialised as .member.N")
                continue
            elements.setdefault(int(key[1]), {})[key[2:]] = value
        if sorted(elements) != list(range(1, len(elements) + 1)):
            problems.append(f"{path}: list indexes {sorted(elements)} are not 1..{len(elements)}")
        return [unflatten(shapes, shape["member"]["shape"], elements[i], f"{path}/{i}", problems)
                for i in sorted(elements)]
    if set(items) != {()}:
        problems.append(f"{path}: a {kind} ({shape_name}) given as a structure")
        return None
    text = items[()]
    if kind in ("integer", "long"):
        return int(text) if re.fullmatch(r"-?\d+", text) else text
    if kind == "boolean":
        return {"true": True, "false": False}.get(text, text)
    return text


def step_request_problems(models, service, operation, method, path, query):
    """What botocore's model of the service says is wrong with the request."""
    model = models[service]
    if operation not in model["operations"]:
        return [f"{operation}: not an operation of {service}"]
    spec = model["operations"][operation]
    shape_name = spec["input"]["shape"]
    shapes = model["shapes"]
    problems = []
    if model["metadata"]["protocol"] == "query":
        version = query.pop("Version", None)
        query.pop("Action", None)
        if version != model["metadata"]["apiVersion"]:
            problems.append(f"Version {version!r} is not {model['metadata']['apiVersion']!r}")
        value = unflatten(shapes, shape_name, {tuple(k.split(".")): v for k, v in query.items()}, "", problems)
    else:
        if method != spec["http"]["method"]:
            problems.append(f"{operation} is {spec['http']['method']}, not {method}")
        value = {}
        members = shapes[shape_name]["members"]
        by_location = {m.get("locationName", n): n for n, m in members.items() if m.get("location") == "querystring"}
        for key, text in query.items():
            if key not in by_location:
                problems.append(f"?{key}: not a query string member of {shape_name}")
            else:
                value[by_location[key]] = unflatten(shapes, members[by_location[key]]["shape"], {(): text},
                                                    f"/{by_location[key]}", problems)
        found = RECORD_SETS.fullmatch(path)
        if found:
            value["HostedZoneId"] = found["id"]
    checker = Checker(model)
    checker.check(shape_name, value, "")
    # The members of the path and the query string were taken from there: the checker's rule for bodies is moot.
    return problems + [p for p in checker.problems if "belongs in the request's" not in p]


def operation_of(method, path, service, query):
    if service in ("sts", "monitoring", "rds", "autoscaling"):
        return query.get("Action", ["?"])[0]
    if service == "route53":
        if RECORD_SETS.fullmatch(path):
            return "ListResourceRecordSets"
        return "GetHealthCheckStatus" if re.fullmatch(r"/2013-04-01/healthcheck/[^/]+/status", path) else "?"
    if path == "/experimentTemplates":
        return {"POST": "CreateExperimentTemplate", "GET": "ListExperimentTemplates"}.get(method, "?")
    if re.fullmatch(r"/experimentTemplates/[^/]+", path):
        return {"DELETE": "DeleteExperimentTemplate", "GET": "GetExperimentTemplate"}.get(method, "?")
    if path == "/experiments":
        return {"POST": "StartExperiment", "GET": "ListExperiments"}.get(method, "?")
    if re.fullmatch(r"/experiments/[^/]+/resolvedTargets", path):
        return "ListExperimentResolvedTargets"
    if re.fullmatch(r"/experiments/[^/]+", path):
        return {"DELETE": "StopExperiment", "GET": "GetExperiment"}.get(method, "?")
    return "?"


class FisDouble:
    def __init__(self, secret, experiments=None, throttle=0, refuse_stop=False, page_size=1, account="111122223333",
                 ending="complete", throttle_operations=None, lose_answers=None, refuse=None, initiating_s=0.2,
                 onset_s=0.6, down_s=0.8, up_s=1.6, end_s=2.4, stopping_s=0.2, resolved=None, steps=None,
                 load_balancers=None, role_session_s=3600, token_life_s=None):
        self.secret = secret
        self.experiments = experiments or {}  # region -> list of {"id", "state": {"status"}, "tags", ...}
        self.templates = {}  # id -> {"region", "body", "token"}
        self.throttle = throttle
        self.refuse_stop = refuse_stop
        self.page_size = page_size
        self.account = account
        self.ending = ending
        self.throttle_operations = dict(throttle_operations or {})
        self.lose_answers = dict(lose_answers or {})
        self.refuse = dict(refuse or {})  # operation -> (status, error type, message)
        self.timing = {"initiating_s": initiating_s, "onset_s": onset_s, "down_s": down_s, "up_s": up_s,
                       "end_s": end_s, "stopping_s": stopping_s}
        self.resolved = resolved or {}  # resource type -> ARNs a target of that type resolves to (skip-all runs)
        # "promote", "scale", "switch-dns" -> seconds after the first experiment's start at which the account shows
        # the step's change (absent: never), and for "scale" the instances then in service
        self.steps = dict(steps or {})
        self.load_balancers = load_balancers or {}  # "from", "to": the DNS names the record points at, before, after
        self.step_models = load_step_models()
        self.issued = {}  # access key id -> secret of the temporary credentials AssumeRole handed out
        self.role_session_s = role_session_s
        self.token_life_s = role_session_s if token_life_s is None else token_life_s
        self.dies = {}  # access key id -> when AssumeRole's credentials stop being accepted
        self.journal = []
        self.health = []  # (time, status) of every /health request
        self.model = load_model()
        self.lock = threading.Lock()
        self.counter = 0
        double = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                double.handle(self)

            def do_DELETE(self):
                double.handle(self)

            def do_POST(self):
                double.handle(self)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                # A probe that gave up (its timeout) before the answer: the client's business, not an error here.
                if not isinstance(sys.exc_info()[1], ConnectionError):
                    super().handle_error(request, client_address)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    # --- what the tests read --------------------------------------------------------------------------------------

    def operations(self, name=None):
        return [e for e in self.journal if name is None or e["operation"] == name]

    def mutating(self):
        return [e for e in self.journal if e["operation"] in MUTATING]

    def all_experiments(self):
        return [e for region in self.experiments.values() for e in region]

    # --- answers ----------------------------------------------------------------------------------------------------

    def answer(self, handler, status, document, error_type=None, content_type="application/json"):
        body = (document if isinstance(document, str) else json.dumps(document)).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        if error_type:
            handler.send_header("x-amzn-ErrorType", error_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def next_id(self, prefix):
        self.counter += 1
        return f"{prefix}{self.counter:04d}"

    def handle(self, handler):
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        url = urlsplit(handler.path)
        if url.path == "/health":
            return self.health_check(handler)
        headers = handler.headers  # case-insensitive, as HTTP header names are
        match = AUTHORIZATION.match(headers.get("Authorization", ""))
        query = parse_qs(url.query)
        service = match["service"] if match else None
        entry = {"method": handler.command, "target": handler.path, "region": match["region"] if match else None,
                 "service": service, "token": "X-Amz-Security-Token" in headers,
                 "operation": operation_of(handler.command, url.path, service, query), "time": time.time()}
        document = None
        if body:
            try:
                document = json.loads(body)
            except ValueError:
                document = None
            if isinstance(document, dict) and "clientToken" in document:
                entry["client_token"] = document["clientToken"]
        # Signed outside the lock: botocore takes a while, and the health URL must answer at once meanwhile.
        if not match or "X-Amz-Date" not in headers:
            entry["signature"] = "missing"
        else:
            secret, token = self.issued.get(match["key"], (self.secret, None))
            signature, signed = expected_signature(handler.command, handler.path, headers, body, secret, match)
            entry["key"] = match["key"]
            entry["signature"] = "valid" if signature == match["signature"] and (
                token is None or headers.get("X-Amz-Security-Token") == token) else "invalid"
            entry["signed_headers"] = signed
        with self.lock:
            self.journal.append(entry)
            if entry["signature"] != "valid":
                return self.answer(handler, 403, {"message": "The request signature we calculated does not match"},
                                   "SignatureDoesNotMatch")
            if time.time() >= self.dies.get(entry["key"], float("inf")):
                entry["answer"] = "expired token"
                return self.answer(handler, 403, {"message": "The security token included in the request is expired"},
                                   "ExpiredToken" if service in ("sts", "monitoring") else "ExpiredTokenException")
            if self.throttle > 0 or self.throttle_operations.get(entry["operation"], 0) > 0:
                if self.throttle > 0:
                    self.throttle -= 1
                else:
                    self.throttle_operations[entry["operation"]] -= 1
                entry["answer"] = "throttled"
                return self.answer(handler, 429, {"message": "Rate exceeded"}, "ThrottlingException")
            if entry["operation"] in self.refuse:
                status, error_type, message = self.refuse[entry["operation"]]
                entry["answer"] = "refused"
                return self.answer(handler, status, {"message": message}, error_type)
            if entry["operation"] in ("CreateExperimentTemplate", "StartExperiment"):
                checker = Checker(self.model)
                checker.check_request(entry["operation"], document)
                if entry["operation"] == "CreateExperimentTemplate":
                    check_service_rules(document, checker.problem)
                if checker.problems:
                    entry["model_problems"] = checker.problems
                    entry["answer"] = "invalid"
                    return self.answer(handler, 400, {"message": "; ".join(checker.problems)}, "ValidationException")
            if service in STEP_MODELS and entry["operation"] != "GetHealthCheckStatus":
                problems = step_request_problems(self.step_models, service, entry["operation"], handler.command,
                                                 url.path, {k: v[0] for k, v in query.items()})
                if problems:
                    entry["model_problems"] = problems
                    entry["answer"] = "invalid"
                    return self.answer(handler, 400, (
                        "<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code>"
                        f"<Message>{'; '.join(problems)}</Message></Error></ErrorResponse>"),
                        "ValidationError", content_type="text/xml")
            if self.lose_answers.get(entry["operation"], 0) > 0:
                # The work is done, the answer is lost: the retry must find what the first try made.
                self.lose_answers[entry["operation"]] -= 1
                self.route(_Discard(), url, entry, match["region"], document)
                entry["answer"] = "lost: " + entry.get("answer", "")
                return self.answer(handler, 503, {"message": "Service unavailable"}, "ServiceUnavailable")
            self.route(handler, url, entry, match["region"], document)

    def health_check(self, handler):
        with self.lock:
            now = time.time()
            down = any(self.application_down(e, now) for e in self.all_experiments())
            self.health.append((now, 503 if down else 200))
        self.answer(handler, 503 if down else 200, {"healthy": not down})

    def down_since(self, now):
        """When the application went down, if it is down now; else when it last came up (or None: never down)."""
        changes = []
        for experiment in self.all_experiments():
            if "started" not in experiment or experiment.get("skip"):
                continue
            down = experiment["started"] + self.timing["down_s"]
            up = min(experiment["started"] + self.timing["up_s"], experiment.get("stop_requested") or float("inf"))
            if down <= now:
                changes.append((down, up))
        if not changes:
            return False, None
        down, up = max(changes)
        return (True, down) if now < up else (False, up)

    def application_down(self, experiment, now):
        if "started" not in experiment or experiment.get("skip"):
            return False
        end = experiment.get("stop_requested") or float("inf")
        elapsed = now - experiment["started"]
        return self.timing["down_s"] <= elapsed < self.timing["up_s"] and now < end

    # --- the experiments' lifecycle ------------------------------------------------------------------------------

    def advance(self, experiment):
        """The experiment's state now, from the time since it started and how it was told to end."""
        if "started" not in experiment:
            return  # one the test made: its state is what the test wrote
        t = self.timing
        status = experiment["state"]["status"]
        if status in ("completed", "stopped", "failed", "cancelled"):
            return
        if experiment.get("stop_requested"):
            if status == "stopping" and time.time() - experiment["stop_requested"] > t["stopping_s"]:
                experiment["state"] = {"status": "stopped", "reason": "Experiment stopped by user"}
                for action in experiment["actions"].values():
                    if action["state"]["status"] == "running":
                        action["state"] = {"status": "stopped", "reason": "Experiment stopped"}
                        action["endTime"] = time.time()
                    elif action["state"]["status"] == "pending":
                        action["state"] = {"status": "cancelled", "reason": "Experiment stopped"}
            return
        start = experiment["started"]
        elapsed = time.time() - start
        if elapsed < t["initiating_s"]:
            return
        experiment["state"] = {"status": "running", "reason": "Experiment is running."}
        ends = {"complete": t["end_s"], "fail": t["end_s"], "stop-condition": (t["down_s"] + t["up_s"]) / 2,
                "hang": float("inf")}[self.ending]
        for action in experiment["actions"].values():
            waiting = action["actionId"] == "aws:fis:wait"
            begin, finish = (t["initiating_s"], t["onset_s"]) if waiting else (t["onset_s"], t["end_s"])
            if self.ending == "hang" and not waiting:
                finish = float("inf")
            if experiment.get("skip"):
                action.update(state={"status": "skipped", "reason": "actionsMode skip-all"})
                continue
            if elapsed >= begin and action["state"]["status"] == "pending":
                action.update(state={"status": "running"}, startTime=start + begin)
            if elapsed >= finish and action["state"]["status"] == "running":
                action.update(state={"status": "completed"}, endTime=start + finish)
        if experiment.get("skip"):
            experiment["state"] = {"status": "completed", "reason": "Experiment completed."}
            experiment["endTime"] = start + t["initiating_s"]
            return
        if elapsed < ends:
            return
        experiment["endTime"] = start + ends
        if self.ending == "complete":
            experiment["state"] = {"status": "completed", "reason": "Experiment completed."}
        elif self.ending == "stop-condition":
            experiment["state"] = {"status": "stopped", "reason": "Experiment stopped by stop condition"}
            for action in experiment["actions"].values():
                if action["state"]["status"] in ("running", "pending"):
                    action["state"] = {"status": "stopped" if action["state"]["status"] == "running" else "cancelled"}
        else:
            failing = next(name for name, a in experiment["actions"].items() if a["actionId"] != "aws:fis:wait")
            experiment["actions"][failing]["state"] = {"status": "failed", "reason": "Resolved no target"}
            experiment["state"] = {"status": "failed", "reason": f"Action {failing} failed"}

    def route(self, handler, url, entry, region, document):
        operation = entry["operation"]
        experiments = self.experiments.setdefault(region, [])
        if operation == "GetCallerIdentity":
            entry["answer"] = "account " + self.account
            return self.answer(handler, 200, (
                '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
                f"<GetCallerIdentityResult><Arn>arn:aws:iam::{self.account}:user/drill</Arn>"
                f"<UserId>AIDAEXAMPLE</UserId><Account>{self.account}</Account></GetCallerIdentityResult>"
                "<ResponseMetadata><RequestId>0</RequestId></ResponseMetadata></GetCallerIdentityResponse>"),
                content_type="text/xml")
        if operation == "AssumeRole":
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            key = self.next_id("ASIATEMPORARY")
            secret, token = f"secret-of-{key}", f"token-of-{key}"
            self.issued[key] = (secret, token)
            self.dies[key] = time.time() + self.token_life_s
            expires = time.time() + self.role_session_s
            expiration = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(expires)) + f".{int(expires % 1 * 1000):03d}"
            entry["assume_role"] = query
            entry["answer"] = "credentials " + key
            return self.answer(handler, 200, (
                '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>'
                f"<Credentials><AccessKeyId>{key}</AccessKeyId><SecretAccessKey>{secret}</SecretAccessKey>"
                f"<SessionToken>{token}</SessionToken><Expiration>{expiration}Z</Expiration></Credentials>"
                f"<AssumedRoleUser><Arn>{query.get('RoleArn', '')}/{query.get('RoleSessionName', '')}</Arn>"
                "<AssumedRoleId>AROAEXAMPLE</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>"
                "<ResponseMetadata><RequestId>0</RequestId></ResponseMetadata></AssumeRoleResponse>"),
                content_type="text/xml")
        if operation == "DescribeAlarms":
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            names = [v for k, v in sorted(query.items()) if k.startswith("AlarmNames.member.")]
            down, since = self.down_since(time.time())
            state = "ALARM" if down else "OK"
            updated = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(since or 0)) + f".{int((since or 0) % 1 * 1000):03d}Z"
            entry["answer"] = f"alarms {state}"
            members = "".join(
                f"<member><AlarmName>{name}</AlarmName>"
                f"<AlarmArn>arn:aws:cloudwatch:{region}:{self.account}:alarm:{name}</AlarmArn>"
                f"<StateValue>{state}</StateValue><StateReason>Threshold Crossed: the double says {state}</StateReason>"
                + (f"<StateUpdatedTimestamp>{updated}</StateUpdatedTimestamp>" if since else "") +
                "<Dimensions><member><Name>LoadBalancer</Name><Value>app/shop</Value></member></Dimensions></member>"
                for name in names)
            return self.answer(handler, 200, (
                '<DescribeAlarmsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><DescribeAlarmsResult>'
                f"<MetricAlarms>{members}</MetricAlarms><CompositeAlarms/></DescribeAlarmsResult>"
                "<ResponseMetadata><RequestId>0</RequestId></ResponseMetadata></DescribeAlarmsResponse>"),
                content_type="text/xml")
        if operation == "GetHealthCheckStatus":
            down, _ = self.down_since(time.time())
            status = "Failure: Connection timed out." if down else "Success: HTTP Status Code 200, OK"
            entry["answer"] = "health check " + ("unhealthy" if down else "healthy")
            observations = "".join(
                f"<HealthCheckObservation><Region>{checker}</Region><IPAddress>192.0.2.{i}</IPAddress>"
                f"<StatusReport><Status>{status}</Status><CheckedTime>2026-01-01T00:00:00.000Z</CheckedTime>"
                "</StatusReport></HealthCheckObservation>"
                for i, checker in enumerate(["us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1",
                                              "ap-southeast-2", "ap-northeast-1", "sa-east-1"]))
            return self.answer(handler, 200, (
                '<GetHealthCheckStatusResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
                f"<HealthCheckObservations>{observations}</HealthCheckObservations></GetHealthCheckStatusResponse>"),
                content_type="text/xml")
        if operation in ("DescribeDBInstances", "DescribeAutoScalingGroups", "ListResourceRecordSets"):
            return self.step_answer(handler, url, entry, region, operation)
        if operation == "CreateExperimentTemplate":
            found = next((i for i, t in self.templates.items() if t["token"] == document["clientToken"]), None)
            if found is None:
                found = self.next_id("EXT")
                self.templates[found] = {"region": region, "body": document, "token": document["clientToken"]}
            entry["answer"] = "template " + found
            return self.answer(handler, 200, {"experimentTemplate": {"id": found, **{
                k: v for k, v in document.items() if k != "clientToken"}}})
        if operation == "DeleteExperimentTemplate":
            found = url.path.rsplit("/", 1)[1]
            if self.templates.pop(found, None) is None:
                entry["answer"] = "not found"
                return self.answer(handler, 404, {"message": "no such template"}, "ResourceNotFoundException")
            entry["answer"] = "deleted " + found
            return self.answer(handler, 200, {"experimentTemplate": {"id": found}})
        if operation == "StartExperiment":
            template = self.templates.get(document["experimentTemplateId"])
            if template is None or template["region"] != region:
                entry["answer"] = "not found"
                return self.answer(handler, 404, {"message": "no such template"}, "ResourceNotFoundException")
            found = next((e for e in experiments if e.get("token") == document["clientToken"]), None)
            if found is None:
                body = template["body"]
                found = {"id": self.next_id("EXP"), "experimentTemplateId": document["experimentTemplateId"],
                         "roleArn": body["roleArn"], "state": {"status": "initiating"},
                         "targets": body.get("targets", {}), "stopConditions": body["stopConditions"],
                         "tags": document.get("tags", {}), "token": document["clientToken"],
                         "started": time.time(), "creationTime": time.time(), "startTime": time.time(),
                         "skip": document.get("experimentOptions", {}).get("actionsMode") == "skip-all",
                         "actions": {name: {"actionId": a["actionId"], "state": {"status": "pending"},
                                            "startAfter": a.get("startAfter", []), "targets": a.get("targets", {})}
                                     for name, a in body["actions"].items()}}
                experiments.append(found)
            entry["answer"] = "started " + found["id"]
            return self.answer(handler, 200, {"experiment": self.public(found)})
        if operation == "ListExperiments":
            start = int(parse_qs(url.query).get("nextToken", ["0"])[0])
            for experiment in experiments:
                self.advance(experiment)
            page = [self.public(e) for e in experiments[start:start + self.page_size]]
            document = {"experiments": page}
            if start + self.page_size < len(experiments):
                document["nextToken"] = str(start + self.page_size)
            entry["answer"] = "list"
            return self.answer(handler, 200, document)
        if operation == "ListExperimentResolvedTargets":
            found = url.path.split("/")[2]
            experiment = next((e for e in experiments if e["id"] == found), None)
            if experiment is None:
                entry["answer"] = "not found"
                return self.answer(handler, 404, {"message": "no such experiment"}, "ResourceNotFoundException")
            resolved = []
            for name, target in experiment["targets"].items():
                arns = target.get("resourceArns") or self.resolved.get(target["resourceType"], [])
                resolved += [{"resourceType": target["resourceType"], "targetName": name,
                              "targetInformation": {"identifier": arn}} for arn in arns]
            entry["answer"] = "resolved " + found
            return self.answer(handler, 200, {"resolvedTargets": resolved})
        found = re.fullmatch(r"/experiments/([A-Za-z0-9]+)", url.path)
        experiment = next((e for e in experiments if found and e["id"] == found[1]), None)
        if experiment is None:
            entry["answer"] = "not found"
            return self.answer(handler, 404, {"message": "no such experiment"}, "ResourceNotFoundException")
        if operation == "StopExperiment":
            self.advance(experiment)
            if self.refuse_stop:
                entry["answer"] = "refused"
                return self.answer(handler, 400, {"message": "refused by the test"}, "ValidationException")
            if experiment["state"]["status"] not in ("pending", "initiating", "running"):
                entry["answer"] = "not active"
                return self.answer(handler, 400, {"message": "the experiment is not active"}, "ValidationException")
            experiment["state"] = {"status": "stopping", "reason": "Stopping the experiment."}
            experiment["stop_requested"] = time.time()
            entry["answer"] = "stopping " + experiment["id"]
            return self.answer(handler, 200, {"experiment": self.public(experiment)})
        if operation == "GetExperiment":
            if "started" not in experiment and experiment["state"]["status"] == "stopping":
                # FIS stops an experiment a while after StopExperiment: here by the next look at it.
                experiment["state"] = {"status": "stopped"}
            self.advance(experiment)
            entry["answer"] = "experiment " + experiment["id"] + " " + experiment["state"]["status"]
            return self.answer(handler, 200, {"experiment": self.public(experiment)})
        entry["answer"] = "unsupported"
        return self.answer(handler, 400, {"message": "unsupported request"}, "ValidationException")

    def step_done(self, action):
        """Whether the account shows the step's change now: so long after the first experiment's start."""
        started = [e["started"] for e in self.all_experiments() if "started" in e and not e.get("skip")]
        at = self.steps.get(action)
        return at is not None and bool(started) and time.time() - min(started) >= at

    def step_answer(self, handler, url, entry, region, operation):
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        metadata = "<ResponseMetadata><RequestId>0</RequestId></ResponseMetadata>"
        if operation == "DescribeDBInstances":
            name = query["DBInstanceIdentifier"]
            promoted = self.step_done("promote")
            entry["answer"] = f"{name} " + ("promoted" if promoted else "replica")
            source = "" if promoted else (
                f"<ReadReplicaSourceDBInstanceIdentifier>arn:aws:rds:us-east-1:{self.account}:db:orders-db"
                "</ReadReplicaSourceDBInstanceIdentifier>")
            return self.answer(handler, 200, (
                '<DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">'
                "<DescribeDBInstancesResult><DBInstances><DBInstance>"
                f"<DBInstanceIdentifier>{name}</DBInstanceIdentifier><DBInstanceClass>db.r6g.large</DBInstanceClass>"
                "<Engine>postgres</Engine><DBInstanceStatus>available</DBInstanceStatus>"
                f"<Endpoint><Address>{name}.abc.{region}.rds.amazonaws.com</Address><Port>5432</Port></Endpoint>"
                f"{source}<ReadReplicaDBInstanceIdentifiers/><MultiAZ>false</MultiAZ>"
                f"<DBInstanceArn>arn:aws:rds:{region}:{self.account}:db:{name}</DBInstanceArn>"
                f"</DBInstance></DBInstances></DescribeDBInstancesResult>{metadata}</DescribeDBInstancesResponse>"),
                content_type="text/xml")
        if operation == "DescribeAutoScalingGroups":
            tags = {k: v for k, v in query.items() if k.startswith("Filters.member.")}
            name = next((v for k, v in sorted(tags.items()) if k.endswith(".Values.member.1")), "web")
            scaled = self.step_done("scale")
            count = self.steps.get("scaled_to", 0) if scaled else 0
            entry["answer"] = f"{name} {count} in service"
            instances = "".join(
                f"<member><InstanceId>i-0{i:016x}</InstanceId><InstanceType>m6g.large</InstanceType>"
                f"<AvailabilityZone>{region}a</AvailabilityZone><LifecycleState>InService</LifecycleState>"
                "<HealthStatus>Healthy</HealthStatus><ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>"
                for i in range(count))
            return self.answer(handler, 200, (
                '<DescribeAutoScalingGroupsResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">'
                "<DescribeAutoScalingGroupsResult><AutoScalingGroups><member>"
                f"<AutoScalingGroupName>{name}</AutoScalingGroupName><MinSize>0</MinSize><MaxSize>12</MaxSize>"
                f"<DesiredCapacity>{count}</DesiredCapacity><Instances>{instances}</Instances>"
                f"<Tags><member><Key>drsim:fleet</Key><Value>{name}</Value><PropagateAtLaunch>true</PropagateAtLaunch>"
                "</member></Tags></member></AutoScalingGroups></DescribeAutoScalingGroupsResult>"
                f"{metadata}</DescribeAutoScalingGroupsResponse>"), content_type="text/xml")
        record = query["name"].rstrip(".") + "."
        switched = self.step_done("switch-dns")
        primary = self.load_balancers["to" if switched else "from"]
        entry["answer"] = f"{record} {primary}"

        def record_set(role, target):
            return (f"<ResourceRecordSet><Name>{record}</Name><Type>A</Type><SetIdentifier>{role.lower()}"
                    f"</SetIdentifier><Failover>{role}</Failover><AliasTarget><HostedZoneId>Z35SXDOTRQ7X7K"
                    f"</HostedZoneId><DNSName>dualstack.{target}.</DNSName><EvaluateTargetHealth>true"
                    "</EvaluateTargetHealth></AliasTarget></ResourceRecordSet>")
        return self.answer(handler, 200, (
            '<?xml version="1.0"?>\n'
            '<ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
            f"<ResourceRecordSets>{record_set('PRIMARY', primary)}{record_set('SECONDARY', self.load_balancers['to'])}"
            f"<ResourceRecordSet><Name>www.{record}</Name><Type>CNAME</Type><TTL>300</TTL><ResourceRecords>"
            f"<ResourceRecord><Value>{record}</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>"
            f"</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>{query.get('maxitems', '100')}</MaxItems>"
            "</ListResourceRecordSetsResponse>"), content_type="text/xml")

    @staticmethod
    def public(experiment):
        """The experiment as FIS describes it: without what the double keeps for itself."""
        return {k: v for k, v in experiment.items() if k not in ("token", "started", "stop_requested", "skip")}


class _Discard:
    """A handler whose answer nobody reads: the request was served, the answer lost."""

    def send_response(self, *args):
        pass

    def send_header(self, *args):
        pass

    def end_headers(self):
        pass

    class wfile:
        @staticmethod
        def write(data):
            pass
