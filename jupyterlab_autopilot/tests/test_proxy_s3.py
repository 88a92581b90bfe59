"""S3 through the proxy with boto3 standing in for the browser's SDK: byte-exact
round trips, multipart, aws-chunked bodies. moto checks every signature."""
import asyncio
import base64
import hashlib
import os
import zlib

import boto3
import botocore.exceptions
import pytest
from botocore.config import Config

from .conftest import REGION, proxy_error


def s3_through_proxy(proxy_url, token):
    """boto3 configured like the browser's S3Client: path-style, endpoint = the proxy,
    dummy credentials; Jupyter's token replaces the SDK's Authorization header."""
    client = boto3.client(
        "s3",
        endpoint_url=f"{proxy_url}/s3",
        region_name=REGION,
        aws_access_key_id="AKIDUMMY",
        aws_secret_access_key="dummy",
        config=Config(
            s3={"addressing_style": "path", "payload_signing_enabled": False},
            request_checksum_calculation="when_required",
            retries={"max_attempts": 1},
        ),
    )

    def use_jupyter_token(request, **_kwargs):
        request.headers["Authorization"] = f"token {token}"

    client.meta.events.register("before-send.s3.*", use_jupyter_token)
    return client


@pytest.fixture
def s3(aws_env, proxy_url, jupyter_token):
    return s3_through_proxy(proxy_url, jupyter_token)


async def run(fn, *args, **kwargs):
    # boto3 blocks; the Jupyter server runs on this very loop.
    return await asyncio.to_thread(fn, *args, **kwargs)


KEYS = ["plain.bin", "dir/with spaces/ünïcödé + plus=equals&amp.bin", "folder/", "a~b_c-d.e(f)!'*"]


async def test_put_get_head_list_round_trip_and_no_delete(s3, moto_server):
    payload = bytes(range(256)) * 4099  # every byte value, not a multiple of any chunk size
    await run(s3.create_bucket, Bucket="round-trip")
    for key in KEYS:
        await run(s3.put_object, Bucket="round-trip", Key=key, Body=payload, ContentType="application/x-test")

    direct = moto_server.client("s3")
    for key in KEYS:
        assert direct.get_object(Bucket="round-trip", Key=key)["Body"].read() == payload

        got = await run(s3.get_object, Bucket="round-trip", Key=key)
        assert await run(got["Body"].read) == payload
        assert got["ContentType"] == "application/x-test"

        head = await run(s3.head_object, Bucket="round-trip", Key=key)
        assert head["ContentLength"] == len(payload)
        assert head["ETag"] == f'"{hashlib.md5(payload).hexdigest()}"'

    ranged = await run(s3.get_object, Bucket="round-trip", Key="plain.bin", Range="bytes=10-19")
    assert await run(ranged["Body"].read) == payload[10:20]

    listed = await run(s3.list_objects_v2, Bucket="round-trip", Prefix="dir/")
    assert [o["Key"] for o in listed["Contents"]] == [KEYS[1]]

    # The browser deletes no object (clean-up deletes on the server, under the workflow's prefix only).
    for key in KEYS:
        with pytest.raises(botocore.exceptions.ClientError) as refused:
            await run(s3.delete_object, Bucket="round-trip", Key=key)
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert direct.list_objects_v2(Bucket="round-trip")["KeyCount"] == len(KEYS)


async def test_multipart_upload_round_trip(s3, moto_server):
    part_one = os.urandom(5 * 1024 * 1024)  # S3's minimum part size
    part_two = os.urandom(1234)
    await run(s3.create_bucket, Bucket="multipart")
    upload = await run(s3.create_multipart_upload, Bucket="multipart", Key="big.bin")
    parts = []
    for number, data in enumerate([part_one, part_two], start=1):
        part = await run(s3.upload_part, Bucket="multipart", Key="big.bin", UploadId=upload["UploadId"],
                         PartNumber=number, Body=data)
        assert part["ETag"] == f'"{hashlib.md5(data).hexdigest()}"'
        parts.append({"PartNumber": number, "ETag": part["ETag"]})
    await run(s3.complete_multipart_upload, Bucket="multipart", Key="big.bin", UploadId=upload["UploadId"],
              MultipartUpload={"Parts": parts})
    stored = moto_server.client("s3").get_object(Bucket="multipart", Key="big.bin")["Body"].read()
    assert stored == part_one + part_two


def aws_chunked(payload: bytes, chunk_size: int, trailer: tuple[str, str] | None, signed: bool) -> bytes:
    """Encode ``payload`` as the browser's SDK v3 does for flexible checksums."""
    signature = ";chunk-signature=" + "0" * 64 if signed else ""
    out = bytearray()
    for start in range(0, len(payload), chunk_size):
        chunk = payload[start : start + chunk_size]
        out += f"{len(chunk):x}{signature}\r\n".encode() + chunk + b"\r\n"
    out += f"0{signature}\r\n".encode()
    if trailer:
        out += f"{trailer[0]}:{trailer[1]}\r\n".encode()
        if signed:
            out += b"x-amz-trailer-signature:" + b"0" * 64 + b"\r\n"
    out += b"\r\n"
    return bytes(out)


def crc32_b64(data: bytes) -> str:
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


@pytest.mark.parametrize("signed", [False, True], ids=["unsigned-trailer", "chunk-signatures"])
async def test_aws_chunked_bodies_are_decoded(aws_env, browser, moto_server, signed):
    payload = os.urandom(200_000)
    moto_server.client("s3").create_bucket(Bucket=f"chunked-{int(signed)}")
    body = aws_chunked(payload, 65536, ("x-amz-checksum-crc32", crc32_b64(payload)), signed)
    response = await browser.fetch(
        "PUT",
        f"/s3/chunked-{int(signed)}/object.bin",
        body=body,
        headers={
            "Content-Encoding": "aws-chunked",
            "X-Amz-Decoded-Content-Length": str(len(payload)),
            "X-Amz-Trailer": "x-amz-checksum-crc32",
            "X-Amz-Sdk-Checksum-Algorithm": "CRC32",
            "X-Amz-Content-Sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" if signed
            else "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        },
    )
    assert response.code == 200, response.body
    stored = moto_server.client("s3").get_object(Bucket=f"chunked-{int(signed)}", Key="object.bin")
    assert stored["Body"].read() == payload


async def test_aws_chunked_with_a_wrong_checksum_is_not_stored(aws_env, browser, moto_server):
    payload = os.urandom(100_000)
    direct = moto_server.client("s3")
    direct.create_bucket(Bucket="chunked-bad")
    body = aws_chunked(payload, 8192, ("x-amz-checksum-crc32", crc32_b64(b"something else")), False)
    response = await browser.fetch(
        "PUT",
        "/s3/chunked-bad/object.bin",
        body=body,
        headers={
            "Content-Encoding": "aws-chunked",
            "X-Amz-Decoded-Content-Length": str(len(payload)),
            "X-Amz-Trailer": "x-amz-checksum-crc32",
        },
    )
    assert response.code == 400
    assert proxy_error(response)["code"] == "ChecksumMismatch"
    assert direct.list_objects_v2(Bucket="chunked-bad")["KeyCount"] == 0


async def test_aws_chunked_needs_the_decoded_length(aws_env, browser):
    response = await browser.fetch(
        "PUT", "/s3/bucket/key", body=aws_chunked(b"abc", 2, None, False), headers={"Content-Encoding": "aws-chunked"}
    )
    assert response.code == 400
    assert proxy_error(response)["code"] == "MissingDecodedLength"


async def test_malformed_aws_chunked_is_refused(aws_env, browser, moto_server):
    moto_server.client("s3").create_bucket(Bucket="chunked-malformed")
    response = await browser.fetch(
        "PUT",
        "/s3/chunked-malformed/key",
        body=b"zz\r\nabc\r\n0\r\n\r\n",
        headers={"Content-Encoding": "aws-chunked", "X-Amz-Decoded-Content-Length": "3"},
    )
    assert response.code == 400
    assert proxy_error(response)["code"] == "MalformedAwsChunkedBody"
