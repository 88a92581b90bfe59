"""Copies an Autopilot job's two generated notebooks from S3 into the workspace, as the
server's AWS identity (the browser never carries the bytes).

Both notebooks land in ``<root>/<job-name>/`` under their S3 names. Each is streamed to
a temporary file in that folder, and only when both are complete are they put in place:
with ``overwrite=False`` by a hard link, which fails when the target exists, so a file
the user made in the meantime is never replaced; with ``overwrite=True`` by an atomic
rename. A cancelled or failed fetch leaves no temporary file and no half notebook.

Plain Python: no Jupyter import. Errors are ``DatasetError`` (code, message with a next
step) and ``Cancelled``, as for every task.
"""
import errno
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from botocore.exceptions import BotoCoreError, ClientError

from ..dataset.errors import Cancelled, DatasetError

CHUNK_BYTES = 1024 * 1024
# A generated notebook is a few hundred kilobytes; anything this big is not one.
MAX_NOTEBOOK_BYTES = 200 * 1024 * 1024

# botocore's AutoMLJobName pattern: also safe as a folder name (no dots, no slashes).
JOB_NAME = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}")
_S3_URI = re.compile(r"s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/(.+)")
_SAFE_FILE = re.compile(r"[^A-Za-z0-9._ ()-]+")

KINDS = ("candidate", "exploration")


@dataclass(frozen=True)
class Source:
    kind: str  # "candidate" or "exploration"
    uri: str
    bucket: str
    key: str
    file_name: str


def check_job_name(value) -> str:
    if not isinstance(value, str) or not JOB_NAME.fullmatch(value):
        raise DatasetError(
            "invalid-params",
            f"jobName must be an Autopilot job name (1 to 32 letters, digits and hyphens), not {value!r}.",
        )
    return value


def parse_source(kind: str, uri) -> Source:
    match = _S3_URI.fullmatch(uri) if isinstance(uri, str) else None
    if not match:
        raise DatasetError(
            "invalid-params",
            f"The {kind} notebook's location must be an s3://bucket/key URI, not {uri!r}. "
            "Describe the job again: its AutoMLJobArtifacts give both locations once the job has made them.",
        )
    bucket, key = match.groups()
    name = _SAFE_FILE.sub("-", key.rsplit("/", 1)[-1]).strip(" .-")
    if not name:
        name = f"{kind}.ipynb"
    elif not name.endswith(".ipynb"):
        name += ".ipynb"
    return Source(kind, uri, bucket, key, name)


def _s3_error(error: Exception, source: Source) -> DatasetError:
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code in ("NoSuchKey", "404", "NotFound") or status == 404:
            return DatasetError(
                "notebook-missing",
                f"{source.uri} does not exist. The job may not have made its {source.kind} notebook (a job "
                "that failed or ran in ensembling mode makes none); check the job's status.",
                uri=source.uri,
            )
        if code in ("AccessDenied", "403", "Forbidden") or status == 403:
            return DatasetError(
                "access-denied",
                f"The Jupyter server's AWS identity may not read {source.uri}. Allow it s3:GetObject on "
                f"arn:aws:s3:::{source.bucket}/*, then fetch again.",
                uri=source.uri,
            )
        if code == "NoSuchBucket":
            return DatasetError(
                "bucket-missing",
                f"The bucket {source.bucket} does not exist (any more). Check the job's output location.",
                bucket=source.bucket,
            )
        return DatasetError(
            "s3-error", f"Reading {source.uri} failed: {code or status}: {error}. Try again.", uri=source.uri
        )
    return DatasetError("s3-error", f"Reading {source.uri} failed: {error}. Try again.", uri=source.uri)


def _contents_path(root: str, full: str) -> str:
    return os.path.relpath(full, root).replace(os.sep, "/")


class NotebookFetch:
    """One fetch of a job's notebooks. ``progress(done_bytes)`` is called after each chunk
    (``total_bytes`` is known after ``plan()``); ``cancelled()`` is checked between chunks."""

    def __init__(
        self,
        s3,
        root_dir: str,
        job_name: str,
        candidate_uri: str,
        exploration_uri: str,
        *,
        overwrite: bool = False,
        progress: Callable[[int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        chunk_bytes: int = CHUNK_BYTES,
    ):
        self._s3 = s3
        self.root_dir = os.path.realpath(root_dir)
        self.job_name = check_job_name(job_name)
        self.sources = [parse_source("candidate", candidate_uri), parse_source("exploration", exploration_uri)]
        if self.sources[0].file_name == self.sources[1].file_name:
            raise DatasetError(
                "invalid-params", "The candidate and exploration notebooks have the same file name; they would "
                "overwrite each other. Check the two locations."
            )
        self.overwrite = overwrite
        self.folder = os.path.join(self.root_dir, self.job_name)
        self.total_bytes: int | None = None
        self._progress = progress or (lambda done: None)
        self._cancelled = cancelled or (lambda: False)
        self._chunk_bytes = chunk_bytes

    def target(self, source: Source) -> str:
        return os.path.join(self.folder, source.file_name)

    def existing(self) -> list[str]:
        """Contents paths of the targets that exist already."""
        return [_contents_path(self.root_dir, self.target(s)) for s in self.sources if os.path.lexists(self.target(s))]

    def _refuse_existing(self):
        existing = self.existing()
        if existing and not self.overwrite:
            raise DatasetError(
                "file-exists",
                f"{', '.join(existing)} already exist{'s' if len(existing) == 1 else ''}. Fetch with overwrite to "
                "replace them, or move them away first.",
                paths=existing,
            )

    def plan(self) -> int:
        """Checks the targets and the objects before anything is written; returns the bytes to copy."""
        self._refuse_existing()
        total = 0
        for source in self.sources:
            try:
                head = self._s3.head_object(Bucket=source.bucket, Key=source.key)
            except (ClientError, BotoCoreError) as error:
                raise _s3_error(error, source) from None
            size = int(head.get("ContentLength", 0))
            if size > MAX_NOTEBOOK_BYTES:
                raise DatasetError(
                    "not-a-notebook",
                    f"{source.uri} is {size} bytes: too big for a generated notebook. Check the job's artifacts.",
                    uri=source.uri,
                )
            total += size
        self.total_bytes = total
        return total

    def run(self) -> dict:
        if self.total_bytes is None:
            self.plan()
        os.makedirs(self.folder, exist_ok=True)
        real = os.path.realpath(self.folder)
        if os.path.commonpath([real, self.root_dir]) != self.root_dir:
            raise DatasetError(
                "path-outside-root",
                f"{self.job_name} is a link that leads outside the Jupyter server's root folder. Remove it, "
                "then fetch again.",
            )
        temporaries: list[str] = []
        try:
            done = 0
            for source in self.sources:
                temporary, done = self._download(source, done)
                temporaries.append(temporary)
            written = self._commit(temporaries)
        finally:
            for temporary in temporaries:
                _unlink_quietly(temporary)
        return {
            "folder": _contents_path(self.root_dir, self.folder),
            **{kind: path for kind, path in zip(KINDS, written)},
            "bytes": done,
            "overwrote": self.overwrite,
        }

    def _download(self, source: Source, done: int) -> tuple[str, int]:
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{source.file_name}.", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                try:
                    body = self._s3.get_object(Bucket=source.bucket, Key=source.key)["Body"]
                    for chunk in body.iter_chunks(self._chunk_bytes):
                        if self._cancelled():
                            raise Cancelled()
                        out.write(chunk)
                        done += len(chunk)
                        self._progress(done)
                except (ClientError, BotoCoreError) as error:
                    raise _s3_error(error, source) from None
                out.flush()
                os.fsync(out.fileno())
            # mkstemp makes the file private; a notebook is an ordinary workspace file.
            os.chmod(temporary, 0o644)
            if self._cancelled():
                raise Cancelled()
        except BaseException:
            _unlink_quietly(temporary)
            raise
        return temporary, done

    def _commit(self, temporaries: list[str]) -> list[str]:
        """Puts every complete temporary file in place; on a refusal, undoes the ones this
        fetch created (never a file that was there before)."""
        created: list[str] = []
        written: list[str] = []
        try:
            for source, temporary in zip(self.sources, temporaries):
                target = self.target(source)
                if self.overwrite:
                    os.replace(temporary, target)
                else:
                    _link_exclusive(temporary, target, self.root_dir)
                    created.append(target)
                written.append(_contents_path(self.root_dir, target))
        except BaseException:
            for target in created:
                _unlink_quietly(target)
            raise
        return written


def _link_exclusive(temporary: str, target: str, root: str):
    try:
        os.link(temporary, target)
    except FileExistsError:
        path = _contents_path(root, target)
        raise DatasetError(
            "file-exists",
            f"{path} appeared while the notebooks were being fetched. Fetch with overwrite to replace it, or "
            "move it away first.",
            paths=[path],
        ) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # A file system without hard links: O_EXCL still refuses an existing target,
        # and the rename over our own empty placeholder is atomic.
        try:
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            path = _contents_path(root, target)
            raise DatasetError("file-exists", f"{path} already exists. Fetch with overwrite to replace it.",
                               paths=[path]) from None
        os.replace(temporary, target)


def _unlink_quietly(path: str):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def fetch_notebooks(s3, root_dir: str, job_name: str, candidate_uri: str, exploration_uri: str, **options) -> dict:
    """``NotebookFetch(...).run()``: the Contents paths of both notebooks, and the bytes copied."""
    return NotebookFetch(s3, root_dir, job_name, candidate_uri, exploration_uri, **options).run()
