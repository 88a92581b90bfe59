"""Last line of defence: credential values never leave the server.

The proxy never sends the browser anything it got from the credential chain, but AWS
can echo signed material back: S3's SignatureDoesNotMatch error includes the canonical
request, and with it the X-Amz-Security-Token header. Error bodies (small by nature) and
all response headers are therefore scrubbed of the session token and secret key.
"""
from urllib.parse import quote

REDACTED = b"[redacted by jupyterlab-autopilot]"
MAX_REDACTED_BODY = 1024 * 1024


def secret_values(credentials) -> list[bytes]:
    values = []
    for value in (getattr(credentials, "token", None), getattr(credentials, "secret_key", None)):
        if value:
            values.append(value.encode())
            encoded = quote(value, safe="").encode()
            if encoded != values[-1]:
                values.append(encoded)
    return values


def is_small_error(status: int, content_length: str | None) -> bool:
    """Whether the answer is an error read whole (and scrubbed) rather than streamed.
    An unreadable length counts as unknown, as an absent one does."""
    if status < 400:
        return False
    length = content_length.strip() if content_length else ""
    return not length.isdigit() or int(length) <= MAX_REDACTED_BODY


def redact(data: bytes, secrets: list[bytes]) -> bytes:
    for secret in secrets:
        if secret in data:
            data = data.replace(secret, REDACTED)
    return data


def redact_text(text: str, secrets: list[bytes]) -> str:
    return redact(text.encode("latin-1", "replace"), secrets).decode("latin-1")
