"""The base class of the extension's REST handlers: Jupyter's API rules (authentication,
XSRF, origin checks) plus one error shape for everything that goes wrong.

Every error leaves the server as ``{"error": {"code": ..., "message": ...}}`` where the
message says what to do next; unexpected exceptions are logged with their traceback
and shown as ``InternalError`` without internals.

Every handler is also ``@authorized`` on its own resource, ``autopilot``, so that
Jupyter's authorizer (JupyterHub's granular scopes, read-only collaborators) grants or
denies the extension apart from the rest of the server.
"""
import json
from http.client import responses

from jupyter_core.utils import ensure_async
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from tornado import web

from ..proxy.errors import ProxyError

AUTH_RESOURCE = "autopilot"
# The proxy acts with the server's AWS role: as powerful as running code, so it is
# granted like running code in a kernel (``execute``), whatever the HTTP method.
PROXY_AUTH_ACTION = "execute"
_NOT_AUTHORIZED = (
    "Not authorized to {action} on '{resource}': this Jupyter server does not let your user use "
    "jupyterlab-autopilot. Ask its administrator to grant it (for JupyterHub, the scope "
    "custom:jupyter_server:{action}:{resource})."
)

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


def _not_authorized_message(action: str) -> str:
    return _NOT_AUTHORIZED.format(action=action, resource=AUTH_RESOURCE)


def autopilot_authorized(action: str):
    """``@authorized(action)`` on the ``autopilot`` resource, with a message that says
    what to ask for (and that ``error_payload`` tells apart from a missing login)."""
    return authorized(action, resource=AUTH_RESOURCE, message=_not_authorized_message(action))


class AutopilotAPIHandler(APIHandler):
    auth_resource = AUTH_RESOURCE
    # The proxy marks its own errors so the browser can tell them from AWS's answers.
    error_marker_header: str | None = None

    async def check_autopilot_authorized(self, action: str):
        """What ``autopilot_authorized`` checks, for ``prepare`` (before a streamed body)."""
        if not await ensure_async(self.authorizer.is_authorized(self, self.current_user, action, AUTH_RESOURCE)):
            raise web.HTTPError(403, log_message=_not_authorized_message(action))

    def error_payload(self, status_code: int, exc: BaseException | None) -> dict:
        if isinstance(exc, ProxyError):
            return exc.as_json()
        if isinstance(exc, web.HTTPError) and status_code == 403 and (exc.log_message or "").startswith(
            _NOT_AUTHORIZED.split("{", 1)[0]
        ):
            return {"error": {"code": "NotAuthorized", "message": exc.log_message}}
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
