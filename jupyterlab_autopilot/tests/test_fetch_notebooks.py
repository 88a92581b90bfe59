"""Fetching a job's notebooks from a real moto S3 (signature checking on) as the server's
own identity (``AwsAccess``): both land in <root>/<job>/, streamed with progress; an
existing file is never replaced without overwrite, nor by a file that appears meanwhile;
a cancelled or failed fetch leaves nothing behind. Then the same through the task API."""
import os
import threading

import pytest

from jupyterlab_autopilot.dataset.errors import Cancelled, DatasetError
from jupyterlab_autopilot.notebooks import fetch as fetch_module
from jupyterlab_autopilot.notebooks.fetch import NotebookFetch, fetch_notebooks
from jupyterlab_autopilot.proxy.access import AwsAccess

from .test_tasks_api import call, finished, jp_server_config, staging, start  # noqa: F401

BUCKET = "autopilot-fetch-test"
JOB = "churn-ab12cd34ef56"
PREFIX = f"autopilot/wf/output/{JOB}/sagemaker-automl-candidates/{JOB}-pr-1-abc"
CANDIDATE = f"s3://{BUCKET}/{PREFIX}/notebooks/SageMakerAutopilotCandidateDefinitionNotebook.ipynb"
EXPLORATION = f"s3://{BUCKET}/{PREFIX}/notebooks/SageMakerAutopilotDataExplorationNotebook.ipynb"
CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "corpus")


def _notebook(kind: str, size: int) -> bytes:
    """A real corpus notebook when there is one, padded to ``size`` so chunks show."""
    folder = os.path.join(CORPUS, kind)
    if os.path.isdir(folder):
        name = sorted(f for f in os.listdir(folder) if f.endswith(".ipynb"))[0]
        with open(os.path.join(folder, name), "rb") as f:
            data = f.read()
    else:
        data = b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    return data + b" " * max(0, size - len(data))


@pytest.fixture
def s3(moto_server):
    client = moto_server.client("s3")
    client.create_bucket(Bucket=BUCKET)
    objects = {
        CANDIDATE: _notebook("candidate", 3 * 1024 * 1024 + 17),
        EXPLORATION: _notebook("exploration", 100_000),
    }
    for uri, body in objects.items():
        client.put_object(Bucket=BUCKET, Key=uri.split("/", 3)[3], Body=body)
    client.objects = objects
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


@pytest.fixture
def server_s3(aws_env):
    """S3 as the Jupyter server reaches it: its own AwsAccess and credentials."""
    return AwsAccess().client("s3")


def _files(folder):
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_fetches_both_with_progress(s3, server_s3, tmp_path):
    seen = []
    result = fetch_notebooks(
        server_s3, str(tmp_path), JOB, CANDIDATE, EXPLORATION, progress=seen.append, chunk_bytes=1024 * 1024
    )
    total = sum(len(b) for b in s3.objects.values())
    assert result == {
        "folder": JOB,
        "candidate": f"{JOB}/SageMakerAutopilotCandidateDefinitionNotebook.ipynb",
        "exploration": f"{JOB}/SageMakerAutopilotDataExplorationNotebook.ipynb",
        "bytes": total,
        "overwrote": False,
    }
    assert (tmp_path / result["candidate"]).read_bytes() == s3.objects[CANDIDATE]
    assert (tmp_path / result["exploration"]).read_bytes() == s3.objects[EXPLORATION]
    assert seen == sorted(seen) and seen[-1] == total and len(seen) >= 5  # streamed, in chunks
    assert _files(tmp_path / JOB) == [
        "SageMakerAutopilotCandidateDefinitionNotebook.ipynb",
        "SageMakerAutopilotDataExplorationNotebook.ipynb",
    ]
    assert oct(os.stat(tmp_path / result["candidate"]).st_mode & 0o777) == "0o644"


def test_never_overwrites_without_asking(s3, server_s3, tmp_path):
    folder = tmp_path / JOB
    folder.mkdir()
    mine = folder / "SageMakerAutopilotCandidateDefinitionNotebook.ipynb"
    mine.write_text("my edits")
    with pytest.raises(DatasetError) as refused:
        fetch_notebooks(server_s3, str(tmp_path), JOB, CANDIDATE, EXPLORATION)
    assert refused.value.code == "file-exists"
    assert refused.value.extra["paths"] == [f"{JOB}/SageMakerAutopilotCandidateDefinitionNotebook.ipynb"]
    assert mine.read_text() == "my edits"
    assert _files(folder) == ["SageMakerAutopilotCandidateDefinitionNotebook.ipynb"]  # not even the other one

    result = fetch_notebooks(server_s3, str(tmp_path), JOB, CANDIDATE, EXPLORATION, overwrite=True)
    assert result["overwrote"] is True
    assert mine.read_bytes() == s3.objects[CANDIDATE]


def test_a_file_that_appears_meanwhile_is_kept(s3, server_s3, tmp_path):
    """The user saves a file of that name while the bytes are on their way: the exclusive
    link refuses, and the notebook this fetch already put in place is taken back."""
    exploration = tmp_path / JOB / "SageMakerAutopilotDataExplorationNotebook.ipynb"

    def meanwhile(done):
        if done >= len(s3.objects[CANDIDATE]) and not exploration.exists():
            exploration.write_text("saved by the user meanwhile")

    with pytest.raises(DatasetError) as refused:
        fetch_notebooks(server_s3, str(tmp_path), JOB, CANDIDATE, EXPLORATION, progress=meanwhile)
    assert refused.value.code == "file-exists"
    assert exploration.read_text() == "saved by the user meanwhile"
    assert _files(tmp_path / JOB) == ["SageMakerAutopilotDataExplorationNotebook.ipynb"]


def test_cancel_leaves_nothing(s3, server_s3, tmp_path):
    stop = threading.Event()

    def progress(done):
        if done >= 1024 * 1024:
            stop.set()

    with pytest.raises(Cancelled):
        fetch_notebooks(
            server_s3, str(tmp_path), JOB, CANDIDATE, EXPLORATION,
            progress=progress, cancelled=stop.is_set, chunk_bytes=1024 * 1024,
        )
    assert _files(tmp_path / JOB) == []


def test_a_missing_notebook_is_explained_before_anything_is_written(s3, server_s3, tmp_path):
    missing = CANDIDATE.replace("CandidateDefinition", "Nothing")
    with pytest.raises(DatasetError) as error:
        fetch_notebooks(server_s3, str(tmp_path), JOB, missing, EXPLORATION)
    assert error.value.code == "notebook-missing"
    assert "does not exist" in error.value.message and "check the job's status" in error.value.message
    assert not (tmp_path / JOB).exists()


def test_a_failure_midway_leaves_no_partial_file(s3, server_s3, tmp_path, monkeypatch):
    fetch = NotebookFetch(server_s3, str(tmp_path), JOB, CANDIDATE, EXPLORATION)
    real = fetch._download

    def failing(source, done):
        if source.kind == "exploration":
            raise OSError(28, "No space left on device")
        return real(source, done)

    monkeypatch.setattr(fetch, "_download", failing)
    with pytest.raises(OSError):
        fetch.run()
    assert _files(tmp_path / JOB) == []


@pytest.mark.parametrize(
    "job, candidate, code",
    [
        ("../etc", CANDIDATE, "invalid-params"),
        ("a" * 33, CANDIDATE, "invalid-params"),
        (JOB, "https://example.com/x.ipynb", "invalid-params"),
        (JOB, EXPLORATION, "invalid-params"),  # both to the same file
    ],
)
def test_bad_params(server_s3, tmp_path, job, candidate, code):
    with pytest.raises(DatasetError) as error:
        NotebookFetch(server_s3, str(tmp_path), job, candidate, EXPLORATION)
    assert error.value.code == code


def test_a_link_out_of_the_root_is_refused(s3, server_s3, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "root"
    root.mkdir()
    (root / JOB).symlink_to(outside)
    with pytest.raises(DatasetError) as error:
        fetch_notebooks(server_s3, str(root), JOB, CANDIDATE, EXPLORATION)
    assert error.value.code == "path-outside-root"
    assert list(outside.iterdir()) == []


def test_no_hard_links_falls_back_to_an_exclusive_create(s3, server_s3, tmp_path, monkeypatch):
    def no_links(*args):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(fetch_module.os, "link", no_links)
    result = fetch_notebooks(server_s3, str(tmp_path), JOB, CANDIDATE, EXPLORATION)
    assert (tmp_path / result["candidate"]).read_bytes() == s3.objects[CANDIDATE]
    with pytest.raises(DatasetError) as refused:
        fetch_notebooks(server_s3, str(tmp_path), JOB, CANDIDATE, EXPLORATION)
    assert refused.value.code == "file-exists"


async def test_the_fetch_notebooks_task(aws_env, s3, jp_fetch, jp_root_dir):
    params = {"jobName": JOB, "candidate": CANDIDATE, "exploration": EXPLORATION, "workflowId": "wf0test0001"}
    task = await finished(jp_fetch, await start(jp_fetch, "fetch-notebooks", **params))
    assert task["state"] == "succeeded", task["error"]
    assert task["params"] == {**params, "overwrite": False}
    assert task["result"]["candidate"] == f"{JOB}/SageMakerAutopilotCandidateDefinitionNotebook.ipynb"
    assert task["progress"]["done"] == task["progress"]["total"] == sum(len(b) for b in s3.objects.values())
    assert (jp_root_dir / task["result"]["candidate"]).read_bytes() == s3.objects[CANDIDATE]

    again = await finished(jp_fetch, await start(jp_fetch, "fetch-notebooks", **params))
    assert again["state"] == "failed" and again["error"]["code"] == "file-exists"
    assert len(again["error"]["paths"]) == 2

    bad = await call(jp_fetch, "POST", "tasks", body={"kind": "fetch-notebooks", "params": {**params, "jobName": "a/b"}},
                     expect=400)
    assert bad["error"]["code"] == "invalid-params"
