"""Fault injection: chosen SageMaker actions fail or slow down, for the frontend's error paths.

Rules are posted to the simulator's control API (``POST /_sandbox/faults``) or added in-process.
A rule matches an action name (``*`` for all), optionally fails with an AWS error code, optionally
waits ``latencyMs`` first, and expires after ``count`` matching calls (never, when omitted).
Instead of an AWS error, ``drop`` closes the connection without answering, as a broken network
path or a crashed load balancer does: what the Jupyter server's proxy must then explain itself.
Each rule counts the calls it ``fired`` on; ``GET /_sandbox/faults`` lists the active rules
(``faults``) and the expired ones (``spent``) with those counts, so a test can prove that the
fault it injected really happened. ``DELETE`` forgets both.
"""
import json
import threading
import urllib.request

from .errors import AwsError


class FaultRule:
    def __init__(self, action, error=None, count=None, latency_ms=0, message=None, status=None, drop=False):
        if not action:
            raise ValueError("a fault needs an action ('*' for every action)")
        if drop is not True and drop is not False:
            raise ValueError("a fault's drop is true or false")
        if error is not None and drop:
            raise ValueError("a fault either answers an error or drops the connection, not both")
        if error is None and not latency_ms and not drop:
            raise ValueError("a fault needs an error, a latency, a drop, or a latency with one of the others")
        self.action = action
        self.error = error
        self.remaining = None if count is None else int(count)
        self.latency_ms = int(latency_ms or 0)
        self.message = message
        self.status = status
        self.drop = drop
        self.fired = 0

    @classmethod
    def from_json(cls, doc):
        return cls(
            action=doc.get("action"),
            error=doc.get("error"),
            count=doc.get("count"),
            latency_ms=doc.get("latencyMs", 0),
            message=doc.get("message"),
            status=doc.get("status"),
            drop=doc.get("drop", False),
        )

    def to_json(self):
        return {
            "action": self.action,
            "error": self.error,
            "count": self.remaining,
            "latencyMs": self.latency_ms,
            "message": self.message,
            "status": self.status,
            "drop": self.drop,
            "fired": self.fired,
        }


class FaultRegistry:
    def __init__(self):
        self._rules = []
        self._spent = []
        self._lock = threading.Lock()

    def add(self, rule):
        with self._lock:
            self._rules.append(rule)

    def clear(self):
        with self._lock:
            self._rules.clear()
            self._spent.clear()

    def list(self):
        with self._lock:
            return [r.to_json() for r in self._rules]

    def spent(self):
        """The rules that expired since the last ``clear``, with their ``fired`` counts."""
        with self._lock:
            return [r.to_json() for r in self._spent]

    def take(self, action):
        """The rule that applies to this call, consuming one use of it, or None."""
        with self._lock:
            for rule in self._rules:
                if rule.action in (action, "*"):
                    rule.fired += 1
                    if rule.remaining is not None:
                        rule.remaining -= 1
                        if rule.remaining <= 0:
                            self._rules.remove(rule)
                            self._spent.append(rule)
                    return rule
        return None

    @staticmethod
    def error_for(rule):
        return AwsError(rule.error, rule.message, rule.status) if rule.error else None


class FaultClient:
    """Drives a running simulator's faults over HTTP, from tests or another process."""

    def __init__(self, sagemaker_endpoint):
        self._base = sagemaker_endpoint.rstrip("/") + "/_sandbox/faults"

    def _call(self, method, doc=None):
        data = None if doc is None else json.dumps(doc).encode()
        req = urllib.request.Request(self._base, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read() or b"null")

    def inject(self, action, error=None, count=None, latency_ms=0, message=None, status=None, drop=False):
        doc = {"action": action, "error": error, "count": count, "latencyMs": latency_ms}
        if drop:
            doc["drop"] = True
        if message:
            doc["message"] = message
        if status:
            doc["status"] = status
        return self._call("POST", doc)

    def list(self):
        return self._call("GET")["faults"]

    def spent(self):
        return self._call("GET")["spent"]

    def clear(self):
        return self._call("DELETE")
