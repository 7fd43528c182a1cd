"""A loopback stand-in for the FIS API, for tests: it answers ListExperiments, GetExperiment and StopExperiment from
experiments it is given, journals every request it receives, and checks each request's SigV4 signature by signing
it again with botocore's signer (Debian: python3-botocore) and the secret it was told. It can be told to throttle
the first requests or to refuse StopExperiment. It listens on 127.0.0.1 only.
"""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

AUTHORIZATION = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request,"
    r" ?SignedHeaders=(?P<signed>[^,]+), ?Signature=(?P<signature>[0-9a-f]{64})$")


def expected_signature(method, target, headers, body, secret, match):
    """The signature botocore computes for this request with the given secret, over the headers the client signed."""
    signed = match["signed"].split(";")
    request = AWSRequest(method=method, url=f"http://{headers['Host']}{target}", data=body,
                         headers={name: headers[name] for name in signed if name != "host"})
    request.context["timestamp"] = headers["X-Amz-Date"]
    token = headers.get("X-Amz-Security-Token")
    signer = SigV4Auth(Credentials(match["key"], secret, token), match["service"], match["region"])
    canonical = signer.canonical_request(request)
    return signer.signature(signer.string_to_sign(request, canonical), request), signer.signed_headers(
        signer.headers_to_sign(request))


class FisDouble:
    def __init__(self, secret, experiments, throttle=0, refuse_stop=False, page_size=1):
        self.secret = secret
        self.experiments = experiments  # region -> list of {"id", "state": {"status"}, "tags"}
        self.throttle = throttle
        self.refuse_stop = refuse_stop
        self.page_size = page_size
        self.journal = []
        self.lock = threading.Lock()
        double = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                double.handle(self)

            def do_DELETE(self):
                double.handle(self)

            def do_POST(self):
                double.handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def answer(self, handler, status, document, error_type=None):
        body = json.dumps(document).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        if error_type:
            handler.send_header("x-amzn-ErrorType", error_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def handle(self, handler):
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        headers = handler.headers  # case-insensitive, as HTTP header names are
        match = AUTHORIZATION.match(headers.get("Authorization", ""))
        entry = {"method": handler.command, "target": handler.path, "region": match["region"] if match else None,
                 "service": match["service"] if match else None, "token": "X-Amz-Security-Token" in headers}
        with self.lock:
            if not match or "X-Amz-Date" not in headers:
                entry["signature"] = "missing"
            else:
                signature, signed = expected_signature(handler.command, handler.path, headers, body, self.secret, match)
                entry["signature"] = "valid" if signature == match["signature"] else "invalid"
                entry["signed_headers"] = signed
            self.journal.append(entry)
            if entry["signature"] != "valid":
                return self.answer(handler, 403, {"message": "The request signature we calculated does not match"},
                                   "SignatureDoesNotMatch")
            if self.throttle > 0:
                self.throttle -= 1
                entry["answer"] = "throttled"
                return self.answer(handler, 429, {"message": "Rate exceeded"}, "ThrottlingException")
            self.route(handler, entry, match["region"])

    def route(self, handler, entry, region):
        url = urlsplit(handler.path)
        experiments = self.experiments.get(region, [])
        if url.path == "/experiments" and handler.command == "GET":
            query = parse_qs(url.query)
            start = int(query.get("nextToken", ["0"])[0])
            page = experiments[start:start + self.page_size]
            document = {"experiments": page}
            if start + self.page_size < len(experiments):
                document["nextToken"] = str(start + self.page_size)
            entry["answer"] = "list"
            return self.answer(handler, 200, document)
        found = re.fullmatch(r"/experiments/([A-Za-z0-9]+)", url.path)
        experiment = next((e for e in experiments if found and e["id"] == found[1]), None)
        if experiment is None:
            entry["answer"] = "not found"
            return self.answer(handler, 404, {"message": "no such experiment"}, "ResourceNotFoundException")
        if handler.command == "DELETE":
            if self.refuse_stop:
                entry["answer"] = "refused"
                return self.answer(handler, 400, {"message": "refused by the test"}, "ValidationException")
            experiment["state"] = {"status": "stopping"}
            entry["answer"] = "stopping " + experiment["id"]
            return self.answer(handler, 200, {"experiment": experiment})
        if handler.command == "GET":
            # FIS stops an experiment a while after StopExperiment: here by the next look at it.
            if experiment["state"]["status"] == "stopping":
                experiment["state"] = {"status": "stopped"}
            entry["answer"] = "experiment " + experiment["id"]
            return self.answer(handler, 200, {"experiment": experiment})
        entry["answer"] = "unsupported"
        return self.answer(handler, 400, {"message": "unsupported request"}, "ValidationException")
