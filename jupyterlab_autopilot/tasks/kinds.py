"""The kinds of task: each checks its params before any task is made (``prepare``, so a
bad request is a 400, not a failed task), then does its work in a worker thread."""
import os
from collections.abc import Callable
from dataclasses import dataclass

from ..dataset.errors import DatasetError
from ..dataset.profile import Profile, profile_csv
from ..dataset.split import check_fraction, check_rows, check_target, split_csv
from .registry import Task
from .workspace import Workspace, bad_params, check_workflow_id, dataset_name


@dataclass
class Prepared:
    params: dict  # as the task shows them, defaults filled in
    workflow_id: str | None
    work: Callable[[Task], dict]


def _profile(workspace: Workspace, task: Task, full: str, name: str) -> Profile:
    known = workspace.known_profile(full)
    if known is not None:
        return known
    stat = os.stat(full) if os.path.exists(full) else None
    task.report(0, total=stat.st_size if stat else None, phase="profiling", unit="bytes")
    profile = profile_csv(full, name, progress=lambda done: task.report(done), cancelled=task.cancelled)
    if stat is not None:
        workspace.remember_profile(full, profile, stat)
    return profile


def prepare_profile(workspace: Workspace, params: dict) -> Prepared:
    full, path = workspace.resolve(params.get("path"))

    def work(task: Task) -> dict:
        return _profile(workspace, task, full, path).as_json()

    return Prepared({"path": path}, None, work)


def _flag(params: dict, key: str, default: bool) -> bool:
    value = params.get(key, default)
    if not isinstance(value, bool):
        raise bad_params(f"{key} must be true or false, not {value!r}.")
    return value


def prepare_split(workspace: Workspace, params: dict) -> Prepared:
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
        folder = workspace.workflow_dir(workflow_id)
        name = dataset_name(path)
        files = {part: os.path.join(folder, f"{name}-{part}.csv") for part in ("train", "validation")}
        task.report(0, total=profile.bytes, phase="splitting", unit="bytes")
        sizes = split_csv(
            full, path, profile,
            target=target, fraction=fraction, seed=seed, stratify=stratify,
            train_path=files["train"], validation_path=files["validation"],
            progress=lambda done: task.report(done), cancelled=task.cancelled,
        )
        workspace.save_split(workflow_id, {
            "source": path,
            "dataset": name,
            **settings,
            **{part: {"file": files[part], **sizes[part]} for part in files},
        })
        return {**sizes, **settings}

    return Prepared({"path": path, "workflowId": workflow_id, **settings}, workflow_id, work)


PREPARE = {
    "profile": prepare_profile,
    "split": prepare_split,
}

# Kinds of which one runs at a time per workflow: they write the same staged files or keys.
EXCLUSIVE = {"split", "upload"}


def prepare(workspace: Workspace, kind, params) -> Prepared:
    if kind not in PREPARE:
        raise DatasetError("unknown-kind", f"There is no task kind {kind!r}. Use one of: {', '.join(PREPARE)}.")
    if not isinstance(params, dict):
        raise bad_params("params must be a JSON object.")
    return PREPARE[kind](workspace, params)
