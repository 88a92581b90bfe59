"""From the browser's request to a plan for the upstream one: which service, which
path and query, which headers, how the body travels and how big it may be.

Everything the browser could use to attack the server or AWS is refused here, before
any byte of the body is read or any connection to AWS is opened; so is every AWS action
the table in ``actions.py`` does not allow. Only the query protocol (STS) names its
action in a body: its small body is read whole first (``authorize_action``).
"""
from dataclasses import dataclass

from .actions import ActionPolicy
from .aws_chunked import AwsChunkedDecoder
from .errors import ProxyError, bad_request
from .headers import check_no_steering, forwardable_request_headers
from .paths import upstream_path, upstream_query
from .recognition import RecognisedAction, not_allowed, recognise
from .services import ServiceSpec, lookup_service

METHODS = ("GET", "HEAD", "PUT", "POST", "DELETE")
_METHODS_WITH_BODY = ("PUT", "POST")


@dataclass
class UpstreamPlan:
    service: ServiceSpec
    method: str
    path: str
    query: str
    headers: dict[str, str]
    has_body: bool
    content_length: int | None
    """Length of the body sent upstream (the decoded one for aws-chunked)."""
    max_body_bytes: int
    aws_chunked: bool = False
    announced_trailer: str | None = None
    action: RecognisedAction | None = None
    """None until known: the query protocol's action is in the body."""

    @property
    def streams_body(self) -> bool:
        return self.has_body and self.service.streams_request_body

    def url(self, endpoint_url: str) -> str:
        """The upstream URL: the endpoint's scheme, host and port, never the browser's."""
        query = f"?{self.query}" if self.query else ""
        return f"{endpoint_url}{self.path}{query}"

    def new_decoder(self) -> AwsChunkedDecoder | None:
        if not self.aws_chunked:
            return None
        return AwsChunkedDecoder(self.content_length or 0, self.announced_trailer)


def _length(value: str | None, name: str) -> int | None:
    if value is None:
        return None
    if not value.isdigit():
        raise bad_request("InvalidHeader", f"{name} must be a non-negative integer. Let the SDK set it.")
    return int(value)


def authorize_action(plan: UpstreamPlan, policy: ActionPolicy, body: bytes | None = None) -> RecognisedAction:
    """The plan's action, refused with 403 ``ActionNotAllowed`` unless the policy allows it."""
    action = recognise(plan.service, plan.method, plan.path, plan.query, plan.headers, body)
    for name in action.names:
        refusal = policy.refusal(plan.service.name, name)
        if refusal:
            raise not_allowed(refusal)
    plan.action = action
    return action


def plan_request(
    *,
    method: str,
    uri: str,
    path_after_prefix: str,
    headers: list[tuple[str, str]],
    max_body_bytes: dict[str, int],
    policy: ActionPolicy,
) -> UpstreamPlan:
    """``path_after_prefix`` is the still-encoded path after ``<base_url>autopilot/aws/``."""
    if method not in METHODS:
        raise ProxyError(405, "MethodNotAllowed", f"The proxy forwards {', '.join(METHODS)} only.")
    if not uri.startswith("/"):
        raise bad_request("InvalidPath", "Absolute-form request targets are refused. Send a path.")
    service_name, _, rest = path_after_prefix.partition("/")
    service = lookup_service(service_name)
    path = upstream_path("/" + rest if rest or path_after_prefix.endswith("/") else "")
    query = uri.partition("?")[2]
    check_no_steering(headers)
    forwarded = forwardable_request_headers(headers)
    limit = max_body_bytes.get(service.name, service.default_max_body_bytes)

    lower = {k.lower(): v for k, v in headers}
    declared_length = _length(lower.get("content-length"), "Content-Length")
    chunked_transfer = "chunked" in lower.get("transfer-encoding", "").lower()
    has_body = method in _METHODS_WITH_BODY and (bool(declared_length) or chunked_transfer)

    encodings = [e.strip() for e in forwarded.get("content-encoding", "").split(",") if e.strip()]
    aws_chunked = "aws-chunked" in [e.lower() for e in encodings]
    announced_trailer = None
    content_length = declared_length if has_body else None
    if aws_chunked:
        if not service.streams_request_body:
            raise bad_request(
                "UnsupportedEncoding",
                "aws-chunked bodies are only accepted for S3. Send the body unencoded.",
            )
        decoded = _length(forwarded.pop("x-amz-decoded-content-length", None), "x-amz-decoded-content-length")
        if decoded is None:
            raise bad_request(
                "MissingDecodedLength",
                "An aws-chunked body needs x-amz-decoded-content-length. Let the SDK set it, "
                "or set requestChecksumCalculation to 'WHEN_REQUIRED' on the S3 client.",
            )
        content_length = decoded
        announced_trailer = forwarded.pop("x-amz-trailer", None)
        # The trailer cannot be forwarded as a header (it arrives after the data), so the
        # proxy verifies it itself and AWS is told no checksum is coming.
        forwarded.pop("x-amz-sdk-checksum-algorithm", None)
        remaining = [e for e in encodings if e.lower() != "aws-chunked"]
        if remaining:
            forwarded["content-encoding"] = ",".join(remaining)
        else:
            forwarded.pop("content-encoding", None)
        has_body = True
    if has_body and content_length is not None and content_length > limit:
        raise ProxyError(
            413,
            "RequestTooLarge",
            f"The request body ({content_length} bytes) is larger than the proxy's limit for "
            f"{service.name} ({limit} bytes). Use a multipart upload with smaller parts, or "
            "raise AutopilotConfig.max_body_bytes.",
        )
    if has_body and service.streams_request_body and content_length is None:
        raise ProxyError(
            411,
            "LengthRequired",
            "S3 uploads through the proxy need a Content-Length. Upload a Blob or "
            "ArrayBuffer rather than a stream, or use a multipart upload.",
        )
    if has_body and content_length is not None:
        forwarded["content-length"] = str(content_length)
    elif method in _METHODS_WITH_BODY:
        forwarded["content-length"] = "0"
    plan = UpstreamPlan(
        service=service,
        method=method,
        path=path,
        query=upstream_query(query),
        headers=forwarded,
        has_body=has_body,
        content_length=content_length,
        max_body_bytes=limit,
        aws_chunked=aws_chunked,
        announced_trailer=announced_trailer,
    )
    if service.protocol != "query":
        authorize_action(plan, policy)
    return plan
