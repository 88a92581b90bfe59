"""A 1 GiB multipart upload through the proxy keeps the server's memory flat.

The Jupyter server runs in this process (moto runs in another one), so this process's
RSS is the server's. The client side streams too: it reads from a generator of bytes.
"""
import asyncio
import hashlib
import io
import threading

import psutil
import pytest

from .test_proxy_s3 import s3_through_proxy

MiB = 1024 * 1024
PART_SIZE = 256 * MiB
PARTS = 4  # 1 GiB in all
PATTERN = bytes(range(256)) * (MiB // 256)  # 1 MiB, reused: the client holds no more


class RepeatingBody(io.RawIOBase):
    """``size`` bytes of PATTERN, readable in blocks, seekable (botocore rewinds)."""

    def __init__(self, size: int):
        self._size = size
        self._position = 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def tell(self):
        return self._position

    def seek(self, offset, whence=io.SEEK_SET):
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        self._position = max(0, min(self._size, base + offset))
        return self._position

    def read(self, size=-1):
        if size is None or size < 0:
            raise AssertionError("the client tried to read a whole part into memory")
        start = self._position % len(PATTERN)
        size = min(size, self._size - self._position, len(PATTERN) - start)
        chunk = PATTERN[start : start + size]
        self._position += len(chunk)
        return chunk


def pattern_md5(size: int) -> str:
    digest = hashlib.md5()
    for _ in range(size // len(PATTERN)):
        digest.update(PATTERN)
    return digest.hexdigest()


class PeakRss:
    def __init__(self):
        self._process = psutil.Process()
        self.baseline = self._process.memory_info().rss
        self.peak = self.baseline
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, self._process.memory_info().rss)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_exc):
        self._stop.set()
        self._thread.join()


@pytest.mark.slow
async def test_one_gib_upload_keeps_server_memory_flat(aws_env, proxy_url, jupyter_token, moto_server):
    s3 = s3_through_proxy(proxy_url, jupyter_token)
    run = asyncio.to_thread
    await run(s3.create_bucket, Bucket="big-upload")
    # Warm up: connections, clients and caches exist before the baseline is taken.
    await run(s3.put_object, Bucket="big-upload", Key="warm-up", Body=b"x" * MiB)
    upload = await run(s3.create_multipart_upload, Bucket="big-upload", Key="one-gib.bin")
    expected_etag = f'"{pattern_md5(PART_SIZE)}"'
    parts = []
    with PeakRss() as rss:
        for number in range(1, PARTS + 1):
            part = await run(
                s3.upload_part, Bucket="big-upload", Key="one-gib.bin", UploadId=upload["UploadId"],
                PartNumber=number, Body=RepeatingBody(PART_SIZE),
            )
            assert part["ETag"] == expected_etag  # moto received every byte, in order
            parts.append({"PartNumber": number, "ETag": part["ETag"]})
    await run(s3.complete_multipart_upload, Bucket="big-upload", Key="one-gib.bin",
              UploadId=upload["UploadId"], MultipartUpload={"Parts": parts})
    head = await run(s3.head_object, Bucket="big-upload", Key="one-gib.bin")
    assert head["ContentLength"] == PARTS * PART_SIZE
    growth = rss.peak - rss.baseline
    print(f"RSS baseline {rss.baseline / MiB:.0f} MiB, peak {rss.peak / MiB:.0f} MiB, growth {growth / MiB:.1f} MiB")
    assert growth < 100 * MiB
