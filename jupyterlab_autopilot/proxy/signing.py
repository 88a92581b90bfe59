"""SigV4 signing of the upstream request with the server's credentials."""
from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest


class _UnsignedPayloadS3Auth(S3SigV4Auth):
    """S3 SigV4 with ``UNSIGNED-PAYLOAD``: the body is streamed, so its hash cannot be
    known when the headers are signed. Integrity then rests on TLS and on any
    Content-MD5 / x-amz-checksum-* header the browser's SDK sends, which are signed."""

    def _should_sha256_sign_payload(self, request):
        return False


def signed_headers(
    *,
    method: str,
    url: str,
    headers: dict[str, str],
    body: bytes | None,
    credentials,
    signing_name: str,
    region: str,
    s3: bool,
) -> dict[str, str]:
    """Headers to send upstream: ``headers`` plus Host, X-Amz-Date, the session token,
    X-Amz-Content-SHA256 (S3) and Authorization.

    ``body=None`` means a streamed body (S3 only) signed as UNSIGNED-PAYLOAD.
    """
    request = AWSRequest(method=method, url=url, headers=dict(headers), data=body or b"")
    if body is None:
        auth = _UnsignedPayloadS3Auth(credentials, signing_name, region)
    elif s3:
        auth = S3SigV4Auth(credentials, signing_name, region)
    else:
        auth = SigV4Auth(credentials, signing_name, region)
    auth.add_auth(request)
    return dict(request.headers.items())
