"""Which headers cross the proxy, in each direction.

Inbound (browser -> AWS): the browser's own signature, Jupyter's credentials, hop-by-hop
headers and browser-context headers are dropped; the rest is forwarded and re-signed.
Outbound (AWS -> browser): AWS's answer passes through minus hop-by-hop headers, cookies
and CORS headers (the proxy is same-origin, AWS's CORS answer would only confuse).
"""
from .errors import bad_request

# RFC 9110 section 7.6.1, plus the non-standard ones proxies still meet.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
    }
)

# The browser's SDK signs with dummy credentials; all of that is replaced.
SIGNING_HEADERS = frozenset(
    {
        "authorization",
        "x-amz-date",
        "x-amz-security-token",
        "x-amz-content-sha256",
        "x-amz-s3session-token",
        "x-amz-algorithm",
        "x-amz-credential",
        "x-amz-signature",
        "x-amz-signedheaders",
        "x-amz-expires",
    }
)

# Jupyter's credentials and the browser's context: never sent to AWS. Referer can
# even carry a Jupyter token (``/lab?token=...``).
BROWSER_ONLY_HEADERS = frozenset(
    {
        "cookie",
        "x-xsrftoken",
        "x-csrftoken",
        "origin",
        "referer",
        "host",
        "content-length",  # recomputed by the proxy for the body it actually sends
        "expect",
        "x-forwarded-for",
        "x-forwarded-proto",
        "x-forwarded-port",
        "x-forwarded-host",
        "x-real-ip",
        "forwarded",
    }
)

# Headers whose only effect would be to steer the upstream request elsewhere.
STEERING_HEADERS = frozenset(
    {"x-original-url", "x-rewrite-url", "x-http-method-override", "x-original-host", "x-host"}
)

OUTBOUND_DROPPED = frozenset({"set-cookie", "set-cookie2", "server", "date"})


def _is_browser_context(name: str) -> bool:
    return name.startswith(("sec-fetch-", "sec-ch-"))


def check_no_steering(headers: list[tuple[str, str]]):
    """Refuse headers that try to choose the upstream host or rewrite the request.

    ``X-Forwarded-*`` is not among them: reverse proxies (nginx, an ALB, JupyterHub's)
    add it, and it is dropped like every browser-context header, so it can steer nothing.
    """
    hosts = [v for k, v in headers if k.lower() == "host"]
    if len(hosts) > 1:
        raise bad_request("InvalidHeader", "The request has more than one Host header. Send it once.")
    for name, value in headers:
        if name.lower() in STEERING_HEADERS:
            raise bad_request(
                "InvalidHeader",
                f"The header {name} would rewrite the request, which the proxy refuses. "
                "Remove it; the upstream is always the AWS endpoint resolved by the server.",
            )
        if "\r" in value or "\n" in value:
            raise bad_request("InvalidHeader", f"The header {name} contains CR or LF. Remove it.")


def forwardable_request_headers(headers: list[tuple[str, str]]) -> dict[str, str]:
    """The browser's headers that go upstream (before re-signing), lower-cased names."""
    kept: dict[str, str] = {}
    for name, value in headers:
        lname = name.lower()
        if (
            lname in HOP_BY_HOP
            or lname in SIGNING_HEADERS
            or lname in BROWSER_ONLY_HEADERS
            or _is_browser_context(lname)
        ):
            continue
        kept[lname] = f"{kept[lname]},{value}" if lname in kept else value
    return kept


def returnable_response_headers(headers: list[tuple[str, str]], decoded_body: bool = False) -> list[tuple[str, str]]:
    """AWS's response headers that are passed back to the browser. With ``decoded_body``
    the body is relayed decoded, so its ``Content-Encoding`` would be a lie."""
    return [
        (name, value)
        for name, value in headers
        if (lname := name.lower()) not in HOP_BY_HOP
        and lname not in OUTBOUND_DROPPED
        and not lname.startswith("access-control-")
        and not (decoded_body and lname == "content-encoding")
    ]
