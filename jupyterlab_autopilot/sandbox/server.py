"""The SageMaker front of the sandbox: AWS JSON 1.1 over HTTP, plus a small control API.

``POST /`` with ``X-Amz-Target: SageMaker.<Action>``: faults are applied first, then the
simulator answers or the request is re-signed and forwarded to moto.
``/_sandbox/health`` and ``/_sandbox/faults`` (GET, POST, DELETE) are the control API.
"""
import json
import logging
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .errors import AwsError
from .faults import FaultRegistry, FaultRule
from .service_model import is_operation
from .shapes import answer_problems, validate_request

log = logging.getLogger("jupyterlab_autopilot.sandbox")
JSON_11 = "application/x-amz-json-1.1"
QUOTAS_TARGET = "ServiceQuotasV20190624"  # Service Quotas' JSON 1.1 target prefix (botocore's model)
_HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "date", "server"}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "AutopilotSandbox"

    # -- plumbing ---------------------------------------------------------------------------------
    def log_message(self, fmt, *args):
        log.debug("%s " + fmt, self.address_string(), *args)

    def _body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _send(self, status, body, content_type=JSON_11, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        sent = {"content-type"}
        for key, value in headers:
            if key.lower() not in _HOP_HEADERS and key.lower() not in sent:
                self.send_header(key, value)
                sent.add(key.lower())
        if "x-amzn-requestid" not in sent:
            self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status, doc):
        self._send(status, json.dumps(doc).encode(), "application/json")

    def _error(self, err):
        self._send(err.status, err.body(), headers=[("x-amzn-ErrorType", err.code)])

    def _drop(self):
        """Closes the connection without a byte of answer (the request was read whole first)."""
        self.close_connection = True

    # -- control API ------------------------------------------------------------------------------
    def _control(self, method):
        faults = self.server.faults
        path = self.path.split("?")[0].rstrip("/")
        if path == "/_sandbox/health" and method == "GET":
            return self._json(200, {"sandbox": True, "speed": self.server.simulator.clock.speed})
        if path == "/_sandbox/answer-problems" and method == "GET":
            return self._json(200, {"problems": list(self.server.answer_problems)})
        if path == "/_sandbox/quotas":
            return self._quota_control(method)
        if path != "/_sandbox/faults":
            return self._json(404, {"message": "unknown control path %s" % path})
        if method == "GET":
            return self._json(200, {"faults": faults.list(), "spent": faults.spent()})
        if method == "DELETE":
            faults.clear()
            return self._json(200, {"faults": [], "spent": []})
        try:
            doc = json.loads(self._body() or b"{}")
            docs = doc if isinstance(doc, list) else [doc]
            for d in docs:
                faults.add(FaultRule.from_json(d))
        except (ValueError, TypeError) as exc:
            return self._json(400, {"message": str(exc)})
        return self._json(200, {"faults": faults.list()})

    def _quota_control(self, method):
        """GET: {quota name: value}; POST {name: value, ...}: change them (a fresh account by default)."""
        quotas = self.server.simulator.quotas
        if method == "POST":
            try:
                for name, value in json.loads(self._body() or b"{}").items():
                    quotas.set(name, value)
            except (ValueError, TypeError, AttributeError) as exc:
                return self._json(400, {"message": str(exc)})
        return self._json(200, {"quotas": quotas.values()})

    # -- SageMaker --------------------------------------------------------------------------------
    def do_GET(self):
        if self.path.startswith("/_sandbox/"):
            return self._control("GET")
        self._json(404, {"message": "The SageMaker simulator answers POST / with X-Amz-Target."})

    def do_DELETE(self):
        if self.path.startswith("/_sandbox/"):
            return self._control("DELETE")
        self._json(404, {"message": "not found"})

    def do_POST(self):
        if self.path.startswith("/_sandbox/"):
            return self._control("POST")
        body = self._body()
        if self.path.startswith("/endpoints/"):
            return self._invoke_endpoint(body)
        target = self.headers.get("X-Amz-Target", "")
        service, _, action = target.partition(".")
        if service == QUOTAS_TARGET:
            return self._service_quotas(action, body)
        if service != "SageMaker" or not action:
            return self._error(AwsError("UnknownOperationException", "Missing or unknown X-Amz-Target: %r" % target))
        if not is_operation("sagemaker", action):
            return self._error(AwsError("UnknownOperationException", None))
        rule = self.server.faults.take(action)
        if rule and rule.latency_ms:
            time.sleep(rule.latency_ms / 1000.0)
        if rule and rule.drop:
            return self._drop()
        if rule and rule.error:
            return self._error(FaultRegistry.error_for(rule))
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            return self._error(AwsError("SerializationException", "The request body is not valid JSON"))
        try:
            validate_request("sagemaker", action, params)
            result = self.server.simulator.handle(action, params)
        except AwsError as err:
            return self._error(err)
        except Exception as exc:
            log.exception("sandbox: %s failed", action)
            return self._error(AwsError("InternalFailure", "The sandbox failed on %s: %s" % (action, exc), 500))
        if result is self.server.simulator.FORWARD:
            return self._forward(body, action)
        self.server.check_answer(action, result)
        self._send(200, json.dumps(result).encode())

    def _invoke_endpoint(self, body):
        """SageMaker Runtime's InvokeEndpoint (REST, not JSON 1.1): the prediction as the body."""
        try:
            with self.server.simulator.lock:
                content_type, answer = self.server.simulator.runtime.invoke(
                    self.path, body, self.headers.get("Content-Type"), self.headers.get("Accept"))
        except AwsError as err:
            return self._send(err.status, err.body(), "application/json", [("x-amzn-ErrorType", err.code)])
        self._send(200, answer, content_type, [("x-Amzn-Invoked-Production-Variant", "AllTraffic")])

    def _service_quotas(self, action, body):
        try:
            result = self.server.simulator.quotas.handle(action, json.loads(body or b"{}"))
        except (AwsError, ValueError) as err:
            return self._error(err if isinstance(err, AwsError) else AwsError("SerializationException", str(err)))
        self._send(200, json.dumps(result).encode())

    def _forward(self, body, action):
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() in ("content-type", "x-amz-target", "accept")}
        try:
            status, resp_headers, resp_body = self.server.simulator.moto.send("sagemaker", "POST", "/", headers, body)
        except OSError as exc:
            return self._error(AwsError("ServiceUnavailable", "moto is unreachable: %s" % exc, 503))
        content_type = dict((k.lower(), v) for k, v in resp_headers).get("content-type", JSON_11)
        if status >= 500 and "json" not in content_type:
            # moto crashed (an HTML page): answer AWS's JSON error, which clients parse and report.
            log.warning("sandbox: moto answered %d for %s", status, self.headers.get("X-Amz-Target"))
            return self._error(AwsError("InternalFailure", None))
        if status == 200:
            try:
                self.server.check_answer(action, json.loads(resp_body or b"{}"))
            except ValueError:
                self.server.check_answer(action, None)
        self._send(status, resp_body, content_type, resp_headers)


class SimulatorServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host, port, simulator):
        super().__init__((host, port), _Handler)
        self.simulator = simulator
        self.faults = FaultRegistry()
        self.answer_problems = []
        self._problems_lock = threading.Lock()
        self._thread = threading.Thread(target=self.serve_forever, name="autopilot-sandbox-http", daemon=True)

    def check_answer(self, action, doc):
        """Record (and log) how an answer departs from botocore's output shape: GET /_sandbox/answer-problems."""
        problems = answer_problems("sagemaker", action, doc) if doc is not None else ["answer: not JSON"]
        for problem in problems:
            log.warning("sandbox: %s answer: %s", action, problem)
            with self._problems_lock:
                if len(self.answer_problems) < 1000:
                    self.answer_problems.append({"action": action, "problem": problem})

    @property
    def endpoint(self):
        host, port = self.server_address[:2]
        return "http://%s:%d" % (host, port)

    def start(self):
        self._thread.start()

    def stop(self):
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)
