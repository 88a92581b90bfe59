"""Uploads the staged split to S3 with the server's AWS identity: multipart, parts sent in
parallel threads and read with ``os.pread`` (memory: one part per thread, whatever the
file size), progress in bytes, cancellable.

Nothing is overwritten unless asked: without ``overwrite`` every key is checked with
HeadObject first, and the final write is conditional (``If-None-Match: *`` on PutObject
and CompleteMultipartUpload), so an object that appears meanwhile is not replaced either.
A cancelled or failed upload aborts its multipart uploads and deletes what it had
already completed in this run, so it leaves no object behind.
"""
import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from botocore.exceptions import BotoCoreError, ClientError

from ..workflow_tags import workflow_tags
from .errors import Cancelled, DatasetError

log = logging.getLogger(__name__)

PART_BYTES = 8 * 1024 * 1024
THREADS = 8
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

    def upload_all(self, files: list[tuple[str, str]]) -> int:
        """Uploads (local path, key) pairs in order; all or nothing. Returns the bytes sent."""
        self.check([key for _path, key in files])
        completed = []
        try:
            for path, key in files:
                self._check_cancel()
                self.upload(path, key)
                completed.append(key)
        except BaseException:
            for key in completed:  # made by this run (and tagged so): ours to remove
                try:
                    self.s3.delete_object(Bucket=self.bucket, Key=key)
                except (ClientError, BotoCoreError):
                    log.warning("autopilot: could not remove s3://%s/%s after a stopped upload", self.bucket, key)
            raise
        return self._progress.done

    def upload(self, path: str, key: str):
        size = os.path.getsize(path)
        if size <= self.part_bytes:
            with open(path, "rb") as file:
                body = file.read()
            self._call("PutObject", self.s3.put_object, Key=key, Body=body, Tagging=self.tagging,
                       ContentType=CONTENT_TYPE, **self._condition)
            self._progress.add(size)
            return
        upload_id = self._call("CreateMultipartUpload", self.s3.create_multipart_upload, Key=key,
                               Tagging=self.tagging, ContentType=CONTENT_TYPE)["UploadId"]
        try:
            parts = self._send_parts(path, key, size, upload_id)
            self._check_cancel()
            self._call("CompleteMultipartUpload", self.s3.complete_multipart_upload, Key=key, UploadId=upload_id,
                       MultipartUpload={"Parts": parts}, **self._condition)
        except BaseException:
            try:
                self.s3.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)
            except (ClientError, BotoCoreError):
                log.warning("autopilot: could not abort the multipart upload %s of s3://%s/%s",
                            upload_id, self.bucket, key)
            raise

    def _send_parts(self, path: str, key: str, size: int, upload_id: str) -> list[dict]:
        ranges = [(number, offset, min(self.part_bytes, size - offset))
                  for number, offset in enumerate(range(0, size, self.part_bytes), start=1)]
        fd = os.open(path, os.O_RDONLY)
        failed = threading.Event()
        try:
            def send(part):
                number, offset, length = part
                if failed.is_set():  # another part failed: its error is the one reported
                    raise Cancelled()
                self._check_cancel()
                body = os.pread(fd, length, offset)
                try:
                    answer = self._call("UploadPart", self.s3.upload_part, Key=key, UploadId=upload_id,
                                        PartNumber=number, Body=body)
                except BaseException:
                    failed.set()
                    raise
                self._progress.add(length)
                sent = {"PartNumber": number, "ETag": answer["ETag"]}
                for name in ("ChecksumCRC32", "ChecksumCRC32C", "ChecksumSHA1", "ChecksumSHA256", "ChecksumCRC64NVME"):
                    if answer.get(name):
                        sent[name] = answer[name]
                return sent

            with ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="autopilot-upload") as pool:
                return list(pool.map(send, ranges))
        finally:
            os.close(fd)
