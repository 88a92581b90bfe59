"""``<base_url>autopilot/aws/<service>/<path>``: the same-origin AWS signing proxy.

A thin adapter: the plan, the allowed actions, signing, body decoding and limits live
in ``..proxy``. The request body is streamed (``stream_request_body``), so
authentication, Jupyter's authorization and the action are checked in ``prepare``,
before a single body byte is read or AWS is contacted (STS: before AWS is contacted).
"""
import asyncio

import httpx
import tornado
from jupyter_server.utils import url_path_join
from tornado import web

from ..proxy.access import AwsAccess
from ..proxy.actions import ActionPolicy
from ..proxy.body import BufferedBody, StreamingBody
from ..proxy.errors import ProxyError
from ..proxy.headers import returnable_response_headers
from ..proxy.plan import METHODS, UpstreamPlan, authorize_action, plan_request
from ..proxy.redaction import is_small_error, redact, redact_text, secret_values
from ..proxy.signing import signed_headers
from ..proxy.upstream import UpstreamClient, broken_upstream
from .base import PROXY_AUTH_ACTION, AutopilotAPIHandler, autopilot_authorized

# Room for aws-chunked framing (size lines, chunk signatures, trailers) on top of the payload.
_FRAMING_ALLOWANCE = 1024 * 1024


@web.stream_request_body
class AwsProxyHandler(AutopilotAPIHandler):
    SUPPORTED_METHODS = METHODS
    error_marker_header = "X-Autopilot-Proxy-Error"

    def initialize(
        self, access: AwsAccess, upstream: UpstreamClient, max_body_bytes: dict[str, int], policy: ActionPolicy
    ):
        self._access = access
        self._upstream = upstream
        self._max_body_bytes = max_body_bytes
        self._policy = policy
        self._plan: UpstreamPlan | None = None
        self._stream: StreamingBody | None = None
        self._buffer: BufferedBody | None = None
        self._upstream_task: asyncio.Task | None = None
        self._body_error: ProxyError | None = None
        self._secrets: list[bytes] = []
        self._content_type: str | None = None

    async def prepare(self):
        await super().prepare()
        if not self.current_user:
            raise web.HTTPError(403)  # before reading the body or touching AWS
        await self.check_autopilot_authorized(PROXY_AUTH_ACTION)  # the methods' decorator comes too late
        prefix = url_path_join(self.base_url, "autopilot", "aws") + "/"
        path = self.request.path
        plan = plan_request(
            method=self.request.method,
            uri=self.request.uri,
            path_after_prefix=path[len(prefix):] if path.startswith(prefix) else "",
            headers=list(self.request.headers.get_all()),
            max_body_bytes=self._max_body_bytes,
            policy=self._policy,
        )
        self._plan = plan
        if not plan.has_body:
            return
        self.request.connection.set_max_body_size(plan.max_body_bytes + _FRAMING_ALLOWANCE)
        if plan.streams_body:
            self._stream = StreamingBody(plan.max_body_bytes, plan.new_decoder())
            # Start the upstream request now: it consumes the body while it arrives.
            self._upstream_task = asyncio.ensure_future(self._open_upstream(self._stream))
            self._upstream_task.add_done_callback(lambda _task: self._stream.abandon())
        else:
            self._buffer = BufferedBody(plan.max_body_bytes)

    async def data_received(self, chunk: bytes):
        if self._body_error is not None:
            return
        try:
            if self._stream is not None:
                await self._stream.feed(chunk)
            elif self._buffer is not None:
                self._buffer.feed(chunk)
        except ProxyError as error:
            # Answered once the body is in; meanwhile the upstream request is failed
            # so that AWS never receives a complete, storable body.
            self._body_error = error
            if self._stream is not None:
                await self._stream.fail(error)

    @tornado.web.authenticated
    @autopilot_authorized(PROXY_AUTH_ACTION)
    async def get(self, *_args):
        await self._proxy()

    @tornado.web.authenticated
    @autopilot_authorized(PROXY_AUTH_ACTION)
    async def head(self, *_args):
        await self._proxy()

    @tornado.web.authenticated
    @autopilot_authorized(PROXY_AUTH_ACTION)
    async def put(self, *_args):
        await self._proxy()

    @tornado.web.authenticated
    @autopilot_authorized(PROXY_AUTH_ACTION)
    async def post(self, *_args):
        await self._proxy()

    @tornado.web.authenticated
    @autopilot_authorized(PROXY_AUTH_ACTION)
    async def delete(self, *_args):
        await self._proxy()

    async def _proxy(self):
        try:
            if self._body_error is not None:
                raise self._body_error
            if self._stream is not None:
                await self._stream.close()
                response = await self._upstream_task
            else:
                body = self._buffer.value() if self._buffer is not None else b""
                if self._plan.action is None:  # named in the body (STS)
                    authorize_action(self._plan, self._policy, body)
                response = await self._open_upstream(body)
        finally:
            await self._settle_upstream_task()
        try:
            await self._relay(response)
        finally:
            await response.aclose()

    async def _settle_upstream_task(self):
        task = self._upstream_task
        if task is None:
            return
        if not task.done():
            task.cancel()
        try:
            await task
        except BaseException:  # already reported through the path that awaited it
            pass

    def _signed_request(self, body: bytes | None):
        """May block (credential refresh, endpoint resolution) unless the access is warm."""
        plan = self._plan
        credentials = self._access.frozen_credentials()
        url = plan.url(self._access.endpoint_url(plan.service.botocore_name))
        headers = dict(plan.headers)
        if body is not None and plan.method in ("PUT", "POST"):
            headers["content-length"] = str(len(body))  # what was actually received
        headers = signed_headers(
            method=plan.method,
            url=url,
            headers=headers,
            body=None if plan.streams_body else body,
            credentials=credentials,
            signing_name=plan.service.signing_name,
            region=self._access.region,
            s3=plan.service.name == "s3",
        )
        return url, headers, secret_values(credentials)

    async def _open_upstream(self, body):
        signing_body = None if isinstance(body, StreamingBody) else body
        if self._access.can_sign_without_blocking(self._plan.service.botocore_name) and len(signing_body or b"") < 65536:
            url, headers, self._secrets = self._signed_request(signing_body)
        else:  # first use, credential refresh, or a large body to hash: off the loop
            loop = asyncio.get_running_loop()
            url, headers, self._secrets = await loop.run_in_executor(None, self._signed_request, signing_body)
        if not self._plan.has_body and self._plan.method in ("GET", "HEAD", "DELETE"):
            body = None
        return await self._upstream.open(self._plan.method, url, headers, body)

    async def _relay(self, response):
        self.set_status(response.status_code, reason=response.reason_phrase or "Unknown")
        self.clear_header("Content-Type")
        raw_headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw]
        small_error = is_small_error(response.status_code, response.headers.get("content-length"))
        for name, value in returnable_response_headers(raw_headers, decoded_body=small_error):
            value = redact_text(value, self._secrets)
            if name.lower() == "content-type":
                self._content_type = value
            self.add_header(name, value)
        if small_error:
            # Error bodies can echo signed material; read them whole, decoded (so the
            # scrubbing sees plain bytes, and Content-Encoding was dropped above), and scrub them.
            try:
                body = redact(await response.aread(), self._secrets)
            except httpx.HTTPError as error:
                raise broken_upstream(error) from None
            if "Content-Length" in self._headers:
                self.set_header("Content-Length", len(body))
            self.write(body)
        else:
            try:
                async for chunk in response.aiter_raw():
                    self.write(chunk)
                    await self.flush()  # back-pressure: the next chunk waits for the browser
            except httpx.HTTPError as error:
                # Status and part of the body are gone already: cut the connection so the
                # browser's SDK sees an incomplete answer, never a complete wrong one.
                self.log.warning("autopilot: the upstream answer broke off (%s)", type(error).__name__)
                self.request.connection.close()
                return
        self.finish()

    def finish(self, *args, **kwargs):
        # APIHandler.finish would label every answer application/json; AWS's own
        # Content-Type (XML, JSON, an object's type) must reach the browser unchanged.
        if self._content_type is not None:
            kwargs.setdefault("set_content_type", self._content_type)
        elif self._plan is not None and self._status_code < 400 and "Content-Length" in self._headers:
            kwargs.setdefault("set_content_type", "application/octet-stream")
        return super().finish(*args, **kwargs)

    def compute_etag(self):
        return None  # AWS's ETag passes through; Tornado must not invent one

    def on_connection_close(self):
        # The browser went away mid-upload: stop feeding AWS an incomplete body.
        if self._stream is not None:
            self._stream.abandon()
        if self._upstream_task is not None and not self._upstream_task.done():
            self._upstream_task.cancel()
