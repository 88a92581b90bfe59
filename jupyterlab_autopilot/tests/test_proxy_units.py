"""The proxy's pure logic, without a server."""
import base64
import zlib

import pytest

from jupyterlab_autopilot.proxy.aws_chunked import AwsChunkedDecoder
from jupyterlab_autopilot.proxy.errors import ProxyError
from jupyterlab_autopilot.proxy.headers import forwardable_request_headers, returnable_response_headers
from jupyterlab_autopilot.proxy.paths import upstream_path, upstream_query
from jupyterlab_autopilot.proxy.redaction import REDACTED, is_small_error, redact


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("", "/"),
        ("/", "/"),
        ("/bucket/a%20b", "/bucket/a%20b"),
        ("/bucket/%C3%BC+%3D", "/bucket/%C3%BC%2B%3D"),
        ("/bucket/dir/", "/bucket/dir/"),
        ("/bucket/a~b_c-d.e", "/bucket/a~b_c-d.e"),
    ],
)
def test_paths_are_canonically_encoded(raw, expected):
    assert upstream_path(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("list-type=2&prefix=a/b c", "list-type=2&prefix=a%2Fb%20c"),
        ("uploads", "uploads="),
        ("partNumber=1&uploadId=x%2By", "partNumber=1&uploadId=x%2By"),
        ("token=jupyter&_xsrf=x&X-Amz-Signature=s&acl", "acl="),
    ],
)
def test_queries_are_canonical_and_drop_credentials(raw, expected):
    assert upstream_query(raw) == expected


def encode(payload: bytes, sizes: list[int], trailer: str) -> bytes:
    out, start = bytearray(), 0
    for size in sizes:
        out += f"{size:x};chunk-signature=abc\r\n".encode() + payload[start : start + size] + b"\r\n"
        start += size
    return bytes(out) + f"0;chunk-signature=abc\r\n{trailer}\r\n\r\n".encode()


def test_aws_chunked_decodes_across_any_split():
    payload = bytes(range(256)) * 40
    crc = base64.b64encode(zlib.crc32(payload).to_bytes(4, "big")).decode()
    body = encode(payload, [4000, 4000, 2240], f"x-amz-checksum-crc32:{crc}")
    for step in (1, 7, 4096, len(body)):
        decoder = AwsChunkedDecoder(len(payload), "x-amz-checksum-crc32")
        out = b"".join(b"".join(decoder.feed(body[i : i + step])) for i in range(0, len(body), step))
        assert decoder.finish() == {"x-amz-checksum-crc32": crc}
        assert out == payload


@pytest.mark.parametrize(
    "body, length, code",
    [
        (b"3\r\nabc\r\n", 3, "MalformedAwsChunkedBody"),  # no final chunk
        (b"3\r\nabcd\r\n0\r\n\r\n", 3, "MalformedAwsChunkedBody"),  # chunk longer than its size
        (b"3\r\nabc\r\n0\r\n\r\n", 4, "MalformedAwsChunkedBody"),  # wrong decoded length
        (b"3\r\nabc\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n", 3, "ChecksumMismatch"),
    ],
)
def test_aws_chunked_refuses_broken_bodies(body, length, code):
    decoder = AwsChunkedDecoder(length, "x-amz-checksum-crc32")
    with pytest.raises(ProxyError) as refused:
        decoder.feed(body)
        decoder.finish()
    assert refused.value.code == code
    assert refused.value.status == 400


def test_redaction_removes_plain_and_url_encoded_secrets():
    secrets = [b"tok/en+=", b"tok%2Fen%2B%3D"]
    text = b"<CanonicalRequest>x-amz-security-token:tok/en+=\n?X-Amz-Security-Token=tok%2Fen%2B%3D</CanonicalRequest>"
    assert redact(text, secrets) == b"<CanonicalRequest>x-amz-security-token:" + REDACTED + b"\n?X-Amz-Security-Token=" + REDACTED + b"</CanonicalRequest>"


@pytest.mark.parametrize(
    "status, length, small",
    [(200, None, False), (404, "120", True), (403, None, True), (500, "not-a-number", True), (400, str(2**21), False)],
)
def test_which_answers_are_read_whole_and_scrubbed(status, length, small):
    assert is_small_error(status, length) is small


def test_a_decoded_body_loses_its_content_encoding():
    headers = [("Content-Encoding", "gzip"), ("Content-Type", "application/json"), ("Set-Cookie", "a=b")]
    assert returnable_response_headers(headers) == headers[:2]
    assert returnable_response_headers(headers, decoded_body=True) == headers[1:2]
    assert forwardable_request_headers([("X-Forwarded-Host", "jupyter.example.org"), ("X-Amz-Target", "t")]) == {
        "x-amz-target": "t"
    }
