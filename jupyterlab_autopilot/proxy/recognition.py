"""Which AWS action a request is, read the way the service itself reads it.

- JSON protocol (SageMaker, Service Quotas): ``POST /`` with ``X-Amz-Target: <prefix>.<Action>``.
- Query protocol (STS): ``POST /`` with ``Action=<Action>`` in the query string or the
  form body; it must appear exactly once across both, so that no two parsers can
  disagree on which one AWS acts on.
- REST protocols (S3, SageMaker Runtime): method, path and query matched against the
  operations of botocore's own service model (``GET /{Bucket}?list-type=2`` is
  ListObjectsV2, ``PUT /{Bucket}/{Key+}`` with ``x-amz-copy-source`` is CopyObject).
  A request whose query has a parameter its operation does not define is not
  recognised: S3 treats unknown sub-resources as a different operation.

A request that is not recognised is refused like a forbidden action.
"""
import functools
from dataclasses import dataclass
from urllib.parse import parse_qsl

import botocore.session

from .errors import ProxyError
from .services import ServiceSpec

# Setting an ACL makes a bucket or object public; the workflow never needs it, so no
# S3 request through the proxy may carry one, whatever its action.
S3_ACL_HEADERS = frozenset(
    {
        "x-amz-acl",
        "x-amz-grant-full-control",
        "x-amz-grant-read",
        "x-amz-grant-read-acp",
        "x-amz-grant-write",
        "x-amz-grant-write-acp",
    }
)
# The SDK names the operation in the query; S3 ignores it, and so does the recognition.
_SDK_OPERATION_HINT = "x-id"


def not_allowed(message: str) -> ProxyError:
    return ProxyError(403, "ActionNotAllowed", message)


def _unrecognised(service: ServiceSpec, what: str) -> ProxyError:
    return not_allowed(
        f"The proxy cannot tell which {service.name} action this request is ({what}), so it "
        "does not forward it. Send it with the AWS SDK client configured for "
        f"<base_url>autopilot/aws/{service.name}."
    )


@dataclass(frozen=True)
class RecognisedAction:
    names: tuple[str, ...]
    """Usually one name; several when botocore's model cannot tell them apart (e.g.
    GetBucketLifecycle and GetBucketLifecycleConfiguration): all must be allowed."""

    @property
    def name(self) -> str:
        return self.names[0]


def json_action(service: ServiceSpec, method: str, path: str, headers: dict[str, str]) -> RecognisedAction:
    target = headers.get("x-amz-target", "")
    prefix, dot, action = target.partition(".")
    if method != "POST" or path != "/":
        raise _unrecognised(service, f"{method} {path[:60]}; its API is POST / with X-Amz-Target")
    if prefix != service.target_prefix or not dot or not action.isalnum():
        raise _unrecognised(service, f"X-Amz-Target {target[:80]!r}")
    return RecognisedAction((action,))


def query_action(
    service: ServiceSpec, method: str, path: str, query: str, headers: dict[str, str], body: bytes
) -> RecognisedAction:
    if method != "POST" or path != "/":
        raise _unrecognised(service, f"{method} {path[:60]}; the SDK sends POST /")
    if "x-amz-target" in headers:
        raise _unrecognised(service, "an X-Amz-Target header on a query-protocol service")
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if body and content_type != "application/x-www-form-urlencoded":
        raise _unrecognised(service, f"a body of type {content_type[:60] or 'unknown'}")
    try:
        fields = parse_qsl(query, keep_blank_values=True) + parse_qsl(
            body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body)
        )
    except (UnicodeDecodeError, ValueError):
        raise _unrecognised(service, "a body that is not a URL-encoded form") from None
    # Counted whatever the key's case: a second "action" must not hide behind a spelling.
    actions = [value for key, value in fields if key.lower() == "action"]
    if len(actions) != 1:
        raise _unrecognised(service, f"Action appears {len(actions)} times")
    return RecognisedAction((actions[0],))


@dataclass(frozen=True)
class _RestOperation:
    name: str
    method: str
    segments: tuple[str, ...]
    """The path template, e.g. ('{Bucket}', '{Key+}') or ('endpoints', '{EndpointName}', 'invocations')."""
    literal_query: tuple[tuple[str, str], ...]
    query_members: frozenset[str]
    required_query: frozenset[str]
    required_headers: frozenset[str]

    @property
    def specificity(self) -> int:
        return len(self.literal_query) + len(self.required_query) + len(self.required_headers)

    def matches(self, method: str, tokens: list[str], query: dict[str, str], header_names: set[str]) -> bool:
        if method != self.method or not _path_matches(self.segments, tokens):
            return False
        literal = dict(self.literal_query)
        if any(key not in query or (value and query[key] != value) for key, value in literal.items()):
            return False
        known = set(literal) | self.query_members | {_SDK_OPERATION_HINT}
        return set(query) <= known and self.required_query <= set(query) and self.required_headers <= header_names


def _path_matches(segments: tuple[str, ...], tokens: list[str]) -> bool:
    position = 0
    for segment in segments:
        if segment.endswith("+}"):  # greedy label: the rest of the path, not empty
            return "/".join(tokens[position:]) != ""
        if position >= len(tokens) or tokens[position] == "":
            return False
        if not segment.startswith("{") and tokens[position] != segment:
            return False
        position += 1
    rest = tokens[position:]
    return rest == [] or rest == [""]  # "/bucket/" is the bucket, as S3 reads it


@functools.lru_cache(maxsize=None)
def _rest_operations(botocore_name: str) -> tuple[_RestOperation, ...]:
    """Loading a model takes about 0.1 s; it happens once per service and process."""
    model = botocore.session.get_session().get_service_model(botocore_name)
    operations = []
    for name in model.operation_names:
        operation = model.operation_model(name)
        uri_path, _, uri_query = operation.http["requestUri"].partition("?")
        shape = operation.input_shape
        members = shape.members if shape is not None else {}
        required = set(shape.required_members) if shape is not None else set()
        query_members, required_query, required_headers = set(), set(), set()
        for member_name, member in members.items():
            location = member.serialization.get("location")
            wire_name = member.serialization.get("name", member_name)
            if location == "querystring":
                query_members.add(wire_name)
                if member_name in required:
                    required_query.add(wire_name)
            elif location == "header" and member_name in required:
                required_headers.add(wire_name.lower())
        literal = tuple((k, v) for k, v in parse_qsl(uri_query, keep_blank_values=True))
        operations.append(
            _RestOperation(
                name=name,
                method=operation.http["method"],
                segments=tuple(s for s in uri_path.split("/") if s),
                literal_query=literal,
                query_members=frozenset(query_members),
                required_query=frozenset(required_query),
                required_headers=frozenset(required_headers),
            )
        )
    return tuple(operations)


def rest_action(
    service: ServiceSpec, method: str, path: str, query: str, headers: dict[str, str]
) -> RecognisedAction:
    """``path`` and ``query`` are the canonical ones the proxy sends upstream."""
    if service.name == "s3":
        acl = sorted(S3_ACL_HEADERS & set(headers))
        if acl:
            raise not_allowed(
                f"S3 requests through this proxy never set ACLs ({', '.join(acl)}). Remove the "
                "header; the workflow's buckets and objects stay private."
            )
    pairs = parse_qsl(query, keep_blank_values=True)
    parameters = dict(pairs)
    if len(parameters) != len(pairs):
        raise _unrecognised(service, "a query parameter repeated")
    tokens = path[1:].split("/") if path != "/" else []
    candidates = [
        operation
        for operation in _rest_operations(service.botocore_name)
        if operation.matches(method, tokens, parameters, set(headers))
    ]
    if not candidates:
        shown = f"?{query[:60]}" if query else ""
        raise _unrecognised(service, f"{method} {path[:60]}{shown}")
    best = max(operation.specificity for operation in candidates)
    return RecognisedAction(tuple(sorted(op.name for op in candidates if op.specificity == best)))


def recognise(
    service: ServiceSpec, method: str, path: str, query: str, headers: dict[str, str], body: bytes | None
) -> RecognisedAction:
    """``body`` is needed (and only given) for the query protocol, whose bodies are small."""
    if service.protocol == "json":
        return json_action(service, method, path, headers)
    if service.protocol == "query":
        return query_action(service, method, path, query, headers, body or b"")
    return rest_action(service, method, path, query, headers)
