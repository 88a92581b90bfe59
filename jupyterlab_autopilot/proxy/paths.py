"""Turns the browser's path and query into the upstream ones, refusing anything that
could steer the request away from the resolved AWS endpoint.

The upstream URL is always ``<endpoint resolved server-side> + <path built here>``, so
the browser can only choose *which resource* on that endpoint it addresses. Both the
path and the query are decoded and re-encoded in one canonical form: the bytes sent
upstream are then exactly the bytes that were signed, whatever spelling the browser used.
"""
import re
from urllib.parse import parse_qsl, quote, unquote_to_bytes

from .errors import bad_request

# RFC 3986 unreserved characters: the only ones SigV4 leaves unencoded.
_UNRESERVED = "-_.~"

# Characters that never appear in a path an AWS SDK builds (it percent-encodes them),
# and that matter to URL parsers: authority, fragment, backslash-as-slash, whitespace.
_FORBIDDEN_RAW = re.compile(r"[@\\#\s]")
_CONTROL = re.compile(rb"[\x00-\x1f\x7f]")

# Query parameters that carry the browser's (dummy) presigned signature or Jupyter's
# own credentials. They are dropped, never forwarded upstream.
_DROPPED_QUERY_KEYS = {
    "x-amz-algorithm",
    "x-amz-credential",
    "x-amz-date",
    "x-amz-expires",
    "x-amz-security-token",
    "x-amz-signature",
    "x-amz-signedheaders",
    "token",  # Jupyter's token-in-URL authentication
    "_xsrf",  # Jupyter's XSRF token as a query argument
}


def _refuse(what: str) -> Exception:
    return bad_request(
        "InvalidPath",
        f"The request path {what}. The proxy only forwards plain resource paths "
        "relative to the service endpoint; send the request with the SDK client "
        "configured for <base_url>autopilot/aws/<service>.",
    )


def upstream_path(raw_tail: str) -> str:
    """Canonical, percent-encoded upstream path for the part after ``/autopilot/aws/<service>``.

    ``raw_tail`` is the still-encoded path as received, starting with ``/`` or empty.
    """
    if not raw_tail or raw_tail == "/":
        return "/"
    if not raw_tail.startswith("/"):
        raise _refuse("does not start with '/'")
    if _FORBIDDEN_RAW.search(raw_tail):
        raise _refuse("contains '@', '\\', '#' or whitespace")
    segments = raw_tail[1:].split("/")
    trailing_slash = segments[-1] == ""
    if trailing_slash:
        segments.pop()  # "dir/" is a real S3 key (a folder marker); keep one trailing slash
    encoded = []
    for segment in segments:
        if segment == "":
            raise _refuse("contains an empty segment ('//')")
        decoded = unquote_to_bytes(segment)
        if _CONTROL.search(decoded):
            raise _refuse("contains control characters (CR, LF, NUL, ...)")
        if decoded in (b".", b".."):
            raise _refuse("contains a '.' or '..' segment")
        if b"/" in decoded or b"\\" in decoded:
            raise _refuse("contains an encoded '/' or '\\'")
        encoded.append(quote(decoded, safe=_UNRESERVED))
    return "/" + "/".join(encoded) + ("/" if trailing_slash else "")


def upstream_query(raw_query: str) -> str:
    """Canonical query string: every key and value encoded the way SigV4 signs them.

    ``parse_qsl`` decodes ``+`` as a space, as AWS does, and ``?uploads`` becomes
    ``uploads=``, which S3 treats the same way.
    """
    if not raw_query:
        return ""
    if _CONTROL.search(unquote_to_bytes(raw_query)):
        raise bad_request(
            "InvalidQuery",
            "The query string contains control characters (CR, LF, NUL, ...). "
            "Let the SDK build the query string.",
        )
    pairs = parse_qsl(raw_query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if k.lower() not in _DROPPED_QUERY_KEYS]
    return "&".join(
        f"{quote(k, safe=_UNRESERVED)}={quote(v, safe=_UNRESERVED)}" for k, v in kept
    )
