"""S3 objects under a workflow's prefix: count and size them, and delete them.

Plain Python over a boto3 S3 client the caller makes with the server's identity. Only a
folder inside a bucket is accepted, never a whole bucket, and only what lies in that folder
(``wf/out`` holds ``wf/out/x``, not ``wf/out-2/x``).
"""
from dataclasses import dataclass

# DeleteObjects takes at most this many keys per call.
_DELETE_BATCH = 1000


@dataclass(frozen=True)
class PrefixSummary:
    bucket: str
    prefix: str
    count: int
    total_bytes: int


@dataclass(frozen=True)
class DeleteResult:
    deleted: int
    remaining: int
    errors: list[dict]
    """S3's per-key errors (``Key``, ``Code``, ``Message``), e.g. AccessDenied."""


def split_prefix(uri: str) -> tuple[str, str]:
    """``s3://bucket/folder`` → ``("bucket", "folder/")``; a bucket alone is refused."""
    if not uri.startswith("s3://"):
        raise ValueError(f"{uri!r} is not an s3:// URI.")
    bucket, _, key = uri[len("s3://") :].partition("/")
    key = key.strip("/")
    if not bucket or not key:
        raise ValueError(f"{uri!r} names a whole bucket; the clean-up only deletes inside a workflow's folder.")
    return bucket, f"{key}/"


def _keys(client, bucket: str, prefix: str):
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        yield from page.get("Contents", [])


def summarize_prefix(client, uri: str) -> PrefixSummary:
    bucket, prefix = split_prefix(uri)
    count = total = 0
    for obj in _keys(client, bucket, prefix):
        count += 1
        total += obj["Size"]
    return PrefixSummary(bucket=bucket, prefix=prefix, count=count, total_bytes=total)


def delete_prefix(client, uri: str) -> DeleteResult:
    """Deletes every object under the folder; ``remaining`` is counted by a listing after."""
    bucket, prefix = split_prefix(uri)
    deleted = 0
    errors: list[dict] = []
    batch: list[dict] = []

    def flush():
        nonlocal deleted
        if batch:
            answer = client.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
            failed = answer.get("Errors", [])
            errors.extend(failed)
            deleted += len(batch) - len(failed)
            batch.clear()

    # Listed in full first: deleting while paginating would shift the pages.
    for obj in list(_keys(client, bucket, prefix)):
        batch.append({"Key": obj["Key"]})
        if len(batch) == _DELETE_BATCH:
            flush()
    flush()
    remaining = summarize_prefix(client, uri).count
    return DeleteResult(deleted=deleted, remaining=remaining, errors=errors)
