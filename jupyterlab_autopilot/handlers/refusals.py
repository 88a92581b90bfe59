"""The base of the dataset step's handlers: a ``DatasetError`` raised anywhere in a request
becomes ``{"error": {code, message, line?, ...}}`` with the status it was raised with."""
import json

from ..dataset.errors import DatasetError
from .base import AutopilotAPIHandler


class Refusal(Exception):
    def __init__(self, status: int, error: DatasetError):
        super().__init__(f"{status} {error.code}: {error.message}")
        self.status = status
        self.error = error


class RefusingAPIHandler(AutopilotAPIHandler):
    def write_error(self, status_code: int, **kwargs):
        exc_info = kwargs.get("exc_info")
        exc = exc_info[1] if exc_info else None
        if not isinstance(exc, Refusal):
            return super().write_error(status_code, **kwargs)
        self.set_status(exc.status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"error": exc.error.as_json()}))

    def log_exception(self, typ, value, tb):
        if isinstance(value, Refusal):  # an explained refusal: one line, no traceback
            self.log.info("autopilot: %s %s -> %s %s", self.request.method, self.request.path,
                          value.status, value.error.code)
            return
        super().log_exception(typ, value, tb)

    def json_body(self) -> dict:
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise Refusal(400, DatasetError("invalid-json", "The request body must be a JSON object."))
        return body
