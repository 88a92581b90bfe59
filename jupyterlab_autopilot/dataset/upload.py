"""Uploads the split to S3 with the server's AWS identity, as it is made: the bytes of
each object are gathered to a part's size and sent as a part of a multipart upload, parts
in parallel threads, while the next parts are made. At most a few parts are in memory at a
time, whatever the file's size; progress in bytes sent; cancellable.

Nothing is overwritten unless asked: without ``overwrite`` every key is checked with
HeadObject first, and the final write is conditional (``If-None-Match: *`` on PutObject
and CompleteMultipartUpload), so an object that appears meanwhile is not replaced either.
A cancelled or failed upload aborts its multipart uploads and deletes what it had
already completed in this run, so it leaves no object behind.
"""
import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from urllib.parse import urlencode

from botocore.exceptions import BotoCoreError, ClientError

from ..workflow_tags import workflow_tags
from .errors import Cancelled, DatasetError

log = logging.getLogger(__name__)

PART_BYTES = 8 * 1024 * 1024
THREADS = 10  # as boto3's upload_file; within botocore's 10 pooled connections
CONTENT_TYPE = "text/csv"


def error_code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "") or str(
        error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", ""))


def s3_failure(action: str, error: Exception, bucket: str) -> DatasetError:
    """What went wrong talking to S3, and what to do."""
    if isinstance(error, ClientError):
        code = error_code(error)
        if code in ("AccessDenied", "403", "AllAccessDisabled"):
            return DatasetError(
                "access-denied",
                f"S3 refused {action} on bucket {bucket} (AccessDenied). Give the Jupyter server's role "
                "s3:PutObject, s3:PutObjectTagging and s3:AbortMultipartUpload on it, or choose another bucket.",
                bucket=bucket,
            )
        if code in ("NoSuchBucket", "404", "NotFound"):
            return bucket_missing(bucket)
        message = error.response.get("Error", {}).get("Message", "")
        return DatasetError("s3-error", f"S3 refused {action} ({code}: {message}). Try again; if it keeps "
                            "failing, check the bucket's settings.", bucket=bucket, awsCode=code)
    return DatasetError("s3-unreachable", f"S3 could not be reached for {action} ({type(error).__name__}: {error}). "
                        "Check the Jupyter server's network and AWS credentials, then try again.", bucket=bucket)


def bucket_missing(bucket: str) -> DatasetError:
    return DatasetError("bucket-missing", f"The bucket {bucket} does not exist. Create it (the panel offers to), "
                        "or choose an existing bucket.", bucket=bucket)


class _Progress:
    def __init__(self, report: Callable[[int], None]):
        self._lock = threading.Lock()
        self._report = report
        self.done = 0

    def add(self, n: int):
        with self._lock:  # parts finish in several threads
            self.done += n
            done = self.done
        self._report(done)


class Uploader:
    def __init__(
        self,
        s3,
        bucket: str,
        workflow_id: str,
        *,
        overwrite: bool,
        progress: Callable[[int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        part_bytes: int = PART_BYTES,
        threads: int = THREADS,
    ):
        self.s3 = s3
        self.bucket = bucket
        self.overwrite = overwrite
        self.tags = workflow_tags(workflow_id)
        self.tagging = urlencode(self.tags)
        self._progress = _Progress(progress or (lambda _done: None))
        self._cancelled = cancelled or (lambda: False)
        self.part_bytes = part_bytes
        self.threads = threads
        self._condition = {} if overwrite else {"IfNoneMatch": "*"}

    def _check_cancel(self):
        if self._cancelled():
            raise Cancelled()

    def _call(self, action: str, method, **kwargs):
        try:
            return method(Bucket=self.bucket, **kwargs)
        except ClientError as error:
            if error_code(error) in ("PreconditionFailed", "412") and "Key" in kwargs:
                raise self._exists([kwargs["Key"]]) from None
            raise s3_failure(action, error, self.bucket) from None
        except BotoCoreError as error:
            raise s3_failure(action, error, self.bucket) from None

    def _exists(self, keys: list[str]) -> DatasetError:
        uris = [f"s3://{self.bucket}/{key}" for key in keys]
        return DatasetError(
            "object-exists",
            f"{', '.join(uris)} already exist{'s' if len(uris) == 1 else ''}. Nothing was uploaded. Upload with "
            "overwrite to replace, or choose another prefix.",
            keys=uris,
        )

    def check(self, keys: list[str]):
        """The bucket exists; without overwrite, none of the keys does."""
        self._call("HeadBucket", self.s3.head_bucket)
        if self.overwrite:
            return
        existing = []
        for key in keys:
            try:
                self.s3.head_object(Bucket=self.bucket, Key=key)
                existing.append(key)
            except ClientError as error:
                if error_code(error) not in ("404", "NoSuchKey", "NotFound"):
                    raise s3_failure("HeadObject", error, self.bucket) from None
            except BotoCoreError as error:
                raise s3_failure("HeadObject", error, self.bucket) from None
        if existing:
            raise self._exists(existing)

    def upload_stream(self, keys: list[str], pieces: Iterable[tuple[bytes, ...]]) -> list[int]:
        """Writes ``keys`` from ``pieces`` (one bytes per key, appended in order); all or
        nothing. Returns each object's size."""
        self.check(keys)
        objects = [_Object(self, key) for key in keys]
        self._pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="autopilot-upload")
        # Parts made but not yet sent wait here: the memory the upload may hold.
        self._room = threading.BoundedSemaphore(self.threads + 1)
        self._failure: BaseException | None = None
        completed = []
        try:
            for piece in pieces:
                self._check_cancel()
                for target, data in zip(objects, piece):
                    target.write(data)
            for target in objects:
                target.flush()
            # Only now: a part that failed fails all. The objects are completed at once, as
            # S3 may take a while to join an object's parts (moto copies them all).
            with ThreadPoolExecutor(max_workers=len(objects), thread_name_prefix="autopilot-complete") as pool:
                finishing = [(target, pool.submit(target.finish)) for target in objects]
            failures = [future.exception() for _target, future in finishing if future.exception() is not None]
            completed.extend(target.key for target, future in finishing if future.exception() is None)
            if failures:
                raise failures[0]
        except BaseException:
            self._pool.shutdown(wait=True, cancel_futures=True)
            for target in objects:
                if target.key not in completed:
                    target.abort()
            for key in completed:  # made by this run (and tagged so): ours to remove
                try:
                    self.s3.delete_object(Bucket=self.bucket, Key=key)
                except (ClientError, BotoCoreError):
                    log.warning("autopilot: could not remove s3://%s/%s after a stopped upload", self.bucket, key)
            raise
        self._pool.shutdown(wait=True)
        return [target.size for target in objects]

    def _submit(self, key: str, upload_id: str, number: int, body: bytes) -> Future:
        """Sends a part in the pool, once there is room (the maker waits for the senders)."""
        while not self._room.acquire(timeout=0.2):
            self._raise_if_stopped()
        self._raise_if_stopped()
        future = self._pool.submit(self._send_part, key, upload_id, number, body)
        future.add_done_callback(self._part_done)
        return future

    def _part_done(self, future: Future):
        self._room.release()
        if not future.cancelled() and future.exception() is not None and self._failure is None:
            self._failure = future.exception()

    def _raise_if_stopped(self):
        if self._failure is not None:
            raise self._failure
        self._check_cancel()

    def _send_part(self, key: str, upload_id: str, number: int, body: bytes) -> dict:
        if self._failure is not None:  # another part failed: its error is the one reported
            raise Cancelled()
        self._check_cancel()
        answer = self._call("UploadPart", self.s3.upload_part, Key=key, UploadId=upload_id, PartNumber=number,
                            Body=body, ContentLength=len(body))
        self._progress.add(len(body))
        sent = {"PartNumber": number, "ETag": answer["ETag"]}
        for name in ("ChecksumCRC32", "ChecksumCRC32C", "ChecksumSHA1", "ChecksumSHA256", "ChecksumCRC64NVME"):
            if answer.get(name):
                sent[name] = answer[name]
        return sent


class _Object:
    """One object being written: its bytes gathered to a part's size, each part sent as it
    is full; an object smaller than one part is a single PutObject when it ends."""

    def __init__(self, uploader: Uploader, key: str):
        self._uploader, self.key = uploader, key
        self._chunks: list[bytes] = []
        self._gathered = 0
        self.size = 0
        self._upload_id: str | None = None
        self._parts: list[Future] = []

    def write(self, data: bytes):
        if data:
            self._chunks.append(data)
            self._gathered += len(data)
            self.size += len(data)
            if self._gathered >= self._uploader.part_bytes:
                self._send()

    def _take(self) -> bytes:
        body = b"".join(self._chunks)
        self._chunks, self._gathered = [], 0
        return body

    def _send(self):
        up = self._uploader
        if self._upload_id is None:
            # CRC32, as botocore sends with each part: S3 then checks each part, and the
            # object's checksum is one of the parts' checksums (without it S3 computes a
            # CRC64 of the whole object, which moto does slowly).
            self._upload_id = up._call("CreateMultipartUpload", up.s3.create_multipart_upload, Key=self.key,
                                       Tagging=up.tagging, ContentType=CONTENT_TYPE,
                                       ChecksumAlgorithm="CRC32")["UploadId"]
        self._parts.append(up._submit(self.key, self._upload_id, len(self._parts) + 1, self._take()))

    def flush(self):
        """Sends the last part of a multipart upload (it may be smaller than the others)."""
        if self._upload_id is not None and self._gathered:
            self._send()

    def finish(self):
        up = self._uploader
        if self._upload_id is None:
            body = self._take()
            up._check_cancel()
            up._call("PutObject", up.s3.put_object, Key=self.key, Body=body, Tagging=up.tagging,
                     ContentType=CONTENT_TYPE, **up._condition)
            up._progress.add(len(body))
            return
        parts = [part.result() for part in self._parts]
        up._check_cancel()
        up._call("CompleteMultipartUpload", up.s3.complete_multipart_upload, Key=self.key,
                 UploadId=self._upload_id, MultipartUpload={"Parts": parts}, **up._condition)
        self._upload_id = None

    def abort(self):
        if self._upload_id is None:
            return
        up = self._uploader
        try:
            up.s3.abort_multipart_upload(Bucket=up.bucket, Key=self.key, UploadId=self._upload_id)
        except (ClientError, BotoCoreError):
            log.warning("autopilot: could not abort the multipart upload %s of s3://%s/%s",
                        self._upload_id, up.bucket, self.key)
