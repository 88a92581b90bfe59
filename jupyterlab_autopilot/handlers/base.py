"""The base class of the extension's REST handlers: Jupyter's API rules (authentication,
XSRF, origin checks) plus one error shape for everything that goes wrong.

Every error leaves the server as ``{"error": {"code": ..., "message": ...}}`` where the
message says what to do next; unexpected exceptions are logged with their traceback
and shown as ``InternalError`` without internals.
"""
import json
from http.client import responses

from jupyter_server.base.handlers import APIHandler
from tornado import web

from ..proxy.errors import ProxyError

# Codes for the HTTP errors Jupyter itself raises (authentication, XSRF, origin).
_HTTP_ERROR_CODES = {
    400: "BadRequest",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    413: "RequestTooLarge",
}

_NEXT_STEP = {
    403: "Reload JupyterLab to refresh the login, or send the Jupyter token "
    "(Authorization: token <token>) or the _xsrf cookie with X-XSRFToken.",
    404: "Check that the jupyterlab_autopilot server extension is installed and enabled "
    "(`jupyter server extension list`).",
}


class AutopilotAPIHandler(APIHandler):
    # The proxy marks its own errors so the browser can tell them from AWS's answers.
    error_marker_header: str | None = None

    def error_payload(self, status_code: int, exc: BaseException | None) -> dict:
        if isinstance(exc, ProxyError):
            return exc.as_json()
        if isinstance(exc, web.HTTPError):
            reason = exc.log_message or exc.reason or responses.get(status_code, "Error")
            next_step = _NEXT_STEP.get(status_code, "")
            message = f"{reason}. {next_step}".strip() if next_step else str(reason)
            return {"error": {"code": _HTTP_ERROR_CODES.get(status_code, f"Http{status_code}"), "message": message}}
        return {
            "error": {
                "code": "InternalError",
                "message": "The jupyterlab_autopilot server extension failed unexpectedly. "
                "The Jupyter server log has the details; please report them.",
            }
        }

    def write_error(self, status_code: int, **kwargs):
        exc_info = kwargs.get("exc_info")
        exc = exc_info[1] if exc_info else None
        if isinstance(exc, ProxyError):
            # Tornado sends every non-HTTPError as 500; a ProxyError knows its status.
            status_code = exc.status
            self.set_status(status_code)
        payload = self.error_payload(status_code, exc)
        if self.error_marker_header:
            self.set_header(self.error_marker_header, "1")
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(payload))

    def log_exception(self, typ, value, tb):
        # A ProxyError is an expected, explained refusal: one line, no traceback.
        if isinstance(value, ProxyError):
            self.log.info("autopilot: %s %s -> %s %s", self.request.method, self.request.path,
                          value.status, value.code)
            return
        super().log_exception(typ, value, tb)
