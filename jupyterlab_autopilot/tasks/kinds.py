"""The kinds of task: each checks its params before any task is made (``prepare``, so a
bad request is a 400, not a failed task), then does its work in a worker thread."""
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..dataset.buckets import check_bucket_name
from ..dataset.errors import DatasetError
from ..dataset.profile import Profile, profile_csv
from ..dataset.split import SplitPlan, check_fraction, check_rows, check_target, plan_split, split_csv
from ..dataset.upload import Uploader
from ..notebooks.fetch import NotebookFetch
from .registry import Task
from .workspace import Workspace, bad_params, check_workflow_id, dataset_name


@dataclass
class Services:
    """What the kinds work with: the files, and S3 as the server's AWS identity sees it."""

    workspace: Workspace
    s3: Callable[[], object]  # a botocore S3 client (may block: call it in the task's thread)


@dataclass
class Prepared:
    params: dict  # as the task shows them, defaults filled in
    workflow_id: str | None
    work: Callable[[Task], dict]


def _profile(workspace: Workspace, task: Task, full: str, name: str) -> Profile:
    known = workspace.known_profile(full)
    if known is not None:
        task.report(known.bytes, total=known.bytes, phase="profiling", unit="bytes")
        return known
    stat = os.stat(full) if os.path.exists(full) else None
    task.report(0, total=stat.st_size if stat else None, phase="profiling", unit="bytes")
    profile = profile_csv(full, name, progress=lambda done: task.report(done), cancelled=task.cancelled)
    if stat is not None:
        workspace.remember_profile(full, profile, stat)
    return profile


def prepare_profile(services: Services, params: dict) -> Prepared:
    workspace = services.workspace
    full, path = workspace.resolve(params.get("path"))
    # Optional: lets a reloaded page find its profile among the workflow's tasks.
    workflow_id = None if params.get("workflowId") is None else check_workflow_id(params["workflowId"])

    def work(task: Task) -> dict:
        return _profile(workspace, task, full, path).as_json()

    return Prepared({"path": path, "workflowId": workflow_id}, workflow_id, work)


def _flag(params: dict, key: str, default: bool) -> bool:
    value = params.get(key, default)
    if not isinstance(value, bool):
        raise bad_params(f"{key} must be true or false, not {value!r}.")
    return value


def prepare_split(services: Services, params: dict) -> Prepared:
    workspace = services.workspace
    full, path = workspace.resolve(params.get("path"))
    workflow_id = check_workflow_id(params.get("workflowId"))
    target = params.get("target")
    if not isinstance(target, str) or not target:
        raise bad_params("target must name the column to predict, e.g. \"Churn?\".")
    fraction = check_fraction(params.get("validationFraction", 0.2))
    seed = params.get("seed", 42)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise bad_params(f"seed must be a whole number, not {seed!r}; the same seed gives the same split.")
    stratify = _flag(params, "stratify", False)
    known = workspace.known_profile(full)
    if known is not None:  # what can be known now is said now
        check_target(known.header, target, path)
        check_rows(known.rows, fraction, path)
    settings = {"target": target, "seed": seed, "validationFraction": fraction, "stratify": stratify}

    def work(task: Task) -> dict:
        profile = _profile(workspace, task, full, path)
        task.report(0, total=profile.bytes, phase="splitting", unit="bytes")
        plan = plan_split(full, path, profile, target=target, fraction=fraction, seed=seed, stratify=stratify,
                          progress=lambda done: task.report(done), cancelled=task.cancelled)
        parts = {"train": {"rows": plan.rows - plan.validation_rows}, "validation": {"rows": plan.validation_rows}}
        # What the upload needs to make the parts from the file, and to know it is the same file.
        workspace.save_split(workflow_id, {
            "source": path,
            "dataset": dataset_name(path),
            "sourceFile": {"size": profile.bytes, "mtimeNs": profile.mtime_ns},
            "plan": plan.as_json(),
            "outputBytes": profile.output_bytes,
            **settings,
            **parts,
        })
        return {**parts, **settings}

    return Prepared({"path": path, "workflowId": workflow_id, **settings}, workflow_id, work)


_UNSAFE_PREFIX = re.compile(r"(^|/)\.\.?(/|$)|[\x00-\x1f\\]")


def _prefix(value) -> str:
    if not isinstance(value, str) or _UNSAFE_PREFIX.search(value) or len(value) > 512:
        raise bad_params(f"prefix must be an S3 key prefix such as \"autopilot/churn\", not {value!r}.")
    return value.strip("/")


def prepare_upload(services: Services, params: dict) -> Prepared:
    workspace = services.workspace
    workflow_id = check_workflow_id(params.get("workflowId"))
    bucket = check_bucket_name(params.get("bucket"))
    prefix = _prefix(params.get("prefix", ""))
    overwrite = _flag(params, "overwrite", False)
    manifest = workspace.staged_split(workflow_id)  # 400 not-split now, rather than a failed task
    workspace.split_source(manifest)  # and 400 file-changed
    keys = {part: "/".join(filter(None, [prefix, part, f"{manifest['dataset']}-{part}.csv"]))
            for part in ("train", "validation")}

    def work(task: Task) -> dict:
        manifest = workspace.staged_split(workflow_id)
        full = workspace.split_source(manifest)
        # The parts are made from the file as they are sent: the progress counts the bytes
        # sent of what the profile says they will add up to (exact once done).
        total = manifest["outputBytes"]
        task.report(0, total=total, phase="uploading", unit="bytes")
        uploader = Uploader(services.s3(), bucket, workflow_id, overwrite=overwrite,
                            progress=lambda done: task.report(done, total=max(total, done)),
                            cancelled=task.cancelled)
        sizes = uploader.upload_stream([keys["train"], keys["validation"]],
                                       split_csv(full, manifest["source"], SplitPlan.from_json(manifest["plan"])))
        task.report(sum(sizes), total=sum(sizes))
        return {
            **{part: f"s3://{bucket}/{key}" for part, key in keys.items()},
            "bytes": sum(sizes),
            "trainBytes": sizes[0],
            "validationBytes": sizes[1],
            "tags": uploader.tags,
        }

    settings = {"workflowId": workflow_id, "bucket": bucket, "prefix": prefix, "overwrite": overwrite}
    return Prepared(settings, workflow_id, work)


def prepare_fetch_notebooks(services: Services, params: dict) -> Prepared:
    workflow_id = params.get("workflowId")
    if workflow_id is not None:
        workflow_id = check_workflow_id(workflow_id)
    overwrite = _flag(params, "overwrite", False)
    settings = {
        "jobName": params.get("jobName"),
        "candidate": params.get("candidate"),
        "exploration": params.get("exploration"),
        "overwrite": overwrite,
        **({"workflowId": workflow_id} if workflow_id else {}),
    }

    def make(task: Task | None) -> NotebookFetch:
        return NotebookFetch(
            services.s3() if task else None,
            services.workspace.root_dir,
            settings["jobName"],
            settings["candidate"],
            settings["exploration"],
            overwrite=overwrite,
            progress=(lambda done: task.report(done)) if task else None,
            cancelled=task.cancelled if task else None,
        )

    make(None)  # checks the params now: a bad one is a 400, not a failed task

    def work(task: Task) -> dict:
        fetch = make(task)
        task.report(0, total=None, phase="checking", unit="bytes")
        total = fetch.plan()
        task.report(0, total=total, phase="fetching")
        return fetch.run()

    return Prepared(settings, workflow_id, work)


PREPARE = {
    "profile": prepare_profile,
    "split": prepare_split,
    "upload": prepare_upload,
    "fetch-notebooks": prepare_fetch_notebooks,
}

# Kinds of which one runs at a time per workflow: they write the same staged files or keys.
EXCLUSIVE = {"split", "upload", "fetch-notebooks"}


def prepare(services: Services, kind, params) -> Prepared:
    if kind not in PREPARE:
        raise DatasetError("unknown-kind", f"There is no task kind {kind!r}. Use one of: {', '.join(PREPARE)}.")
    if not isinstance(params, dict):
        raise bad_params("params must be a JSON object.")
    return PREPARE[kind](services, params)
