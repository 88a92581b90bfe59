"""The dataset step's task API through a real Jupyter server: profile and split churn,
follow progress, cancel, list again as a reloaded page does, authorization."""
import asyncio
import json
import shutil

import pytest
from tornado.httpclient import HTTPClientError

from .sandbox_fixtures import CHURN, churn_bytes

WORKFLOW = "wf0test0001"


@pytest.fixture
def staging(tmp_path):
    return tmp_path / "staging"


@pytest.fixture
def jp_server_config(staging):
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_autopilot": True}},
        "AutopilotConfig": {"staging_dir": str(staging)},
    }


@pytest.fixture
def churn_in_workspace(jp_root_dir):
    churn_bytes()  # skips without the dataset
    (jp_root_dir / "data").mkdir()
    shutil.copy(CHURN, jp_root_dir / "data" / "churn.txt")
    return "data/churn.txt"


async def call(jp_fetch, method, *path, body=None, expect=200, **kwargs):
    try:
        response = await jp_fetch(
            "autopilot", *path, method=method, body=None if body is None else json.dumps(body),
            allow_nonstandard_methods=True, **kwargs,
        )
    except HTTPClientError as error:
        response = error.response
    assert response.code == expect, response.body
    return json.loads(response.body)


async def start(jp_fetch, kind, **params):
    return await call(jp_fetch, "POST", "tasks", body={"kind": kind, "params": params}, expect=202)


async def finished(jp_fetch, task, timeout=30):
    for _ in range(int(timeout / 0.05)):
        task = await call(jp_fetch, "GET", "tasks", task["id"])
        if task["state"] != "running":
            return task
        await asyncio.sleep(0.05)
    raise AssertionError(f"task {task['id']} still running")


async def test_profile_then_split_churn(jp_fetch, churn_in_workspace, staging):
    task = await start(jp_fetch, "profile", path=churn_in_workspace)
    assert task["state"] == "running" and task["kind"] == "profile" and task["workflowId"] is None
    assert task["createdAt"].endswith("Z") and task["endedAt"] is None
    task = await finished(jp_fetch, task)
    assert task["state"] == "succeeded", task["error"]
    assert task["result"]["rows"] == 3333 and task["result"]["path"] == churn_in_workspace
    assert task["progress"]["done"] == task["progress"]["total"] == len(churn_bytes())
    assert task["endedAt"] >= task["createdAt"]

    split = await start(jp_fetch, "split", path=churn_in_workspace, target="Churn?", workflowId=WORKFLOW)
    assert split["params"] == {"path": churn_in_workspace, "workflowId": WORKFLOW, "target": "Churn?",
                               "seed": 42, "validationFraction": 0.2, "stratify": False}
    split = await finished(jp_fetch, split)
    assert split["state"] == "succeeded", split["error"]
    result = split["result"]
    assert (result["train"]["rows"], result["validation"]["rows"]) == (2666, 667)
    assert (result["target"], result["seed"], result["validationFraction"], result["stratify"]) == ("Churn?", 42, 0.2, False)
    staged = staging / WORKFLOW
    assert sorted(p.name for p in staged.iterdir()) == ["split.json"]  # a plan: the upload makes the parts
    plan = json.loads((staged / "split.json").read_text())["plan"]
    assert (plan["rows"], plan["validationRows"], plan["seed"], plan["eol"]) == (3333, 667, 42, "\r\n")

    listed = await call(jp_fetch, "GET", "tasks")
    assert [t["id"] for t in listed["tasks"]] == [split["id"], task["id"]]  # newest first
    mine = await call(jp_fetch, "GET", "tasks", params={"workflowId": WORKFLOW})
    assert [t["id"] for t in mine["tasks"]] == [split["id"]]

    again = await finished(jp_fetch, await start(jp_fetch, "profile", path=churn_in_workspace, workflowId=WORKFLOW))
    assert again["result"] == task["result"]  # unchanged file: from memory
    assert again["progress"]["done"] == again["progress"]["total"] == len(churn_bytes())
    mine = await call(jp_fetch, "GET", "tasks", params={"workflowId": WORKFLOW})
    assert [t["id"] for t in mine["tasks"]] == [again["id"], split["id"]]


@pytest.mark.parametrize(
    "params, code",
    [
        ({"path": "../outside.csv"}, "path-outside-root"),
        ({"path": "data/../../outside.csv"}, "path-outside-root"),
        ({"path": "link/passwd"}, "path-outside-root"),
        ({}, "invalid-params"),
    ],
)
async def test_paths_stay_inside_the_root(jp_fetch, jp_root_dir, params, code):
    (jp_root_dir / "link").symlink_to("/etc")
    error = (await call(jp_fetch, "POST", "tasks", body={"kind": "profile", "params": params}, expect=400))["error"]
    assert error["code"] == code
    assert (await call(jp_fetch, "GET", "tasks"))["tasks"] == []  # refused before any task was made


@pytest.mark.parametrize(
    "params, code",
    [
        ({"validationFraction": 1.5}, "fraction-out-of-range"),
        ({"validationFraction": 0}, "fraction-out-of-range"),
        ({"workflowId": "Not A Workflow"}, "invalid-params"),
        ({"seed": "42"}, "invalid-params"),
        ({"stratify": "yes"}, "invalid-params"),
    ],
)
async def test_split_params_are_checked_at_post(jp_fetch, churn_in_workspace, params, code):
    body = {"kind": "split", "params": {"path": churn_in_workspace, "target": "Churn?", "workflowId": WORKFLOW, **params}}
    assert (await call(jp_fetch, "POST", "tasks", body=body, expect=400))["error"]["code"] == code


async def test_target_is_checked_at_post_once_profiled(jp_fetch, churn_in_workspace):
    await finished(jp_fetch, await start(jp_fetch, "profile", path=churn_in_workspace))
    body = {"kind": "split", "params": {"path": churn_in_workspace, "target": "churn", "workflowId": WORKFLOW}}
    error = (await call(jp_fetch, "POST", "tasks", body=body, expect=400))["error"]
    assert error["code"] == "target-not-found" and "Churn?" in error["message"]


async def test_a_bad_file_fails_the_task_with_its_line(jp_fetch, jp_root_dir):
    (jp_root_dir / "bad.csv").write_bytes(b"a,b\n1,2\n3,4,5\n")
    task = await finished(jp_fetch, await start(jp_fetch, "profile", path="bad.csv"))
    assert task["state"] == "failed"
    assert (task["error"]["code"], task["error"]["line"]) == ("malformed-row", 3)
    assert task["error"]["message"].startswith("bad.csv: line 3 has 3 fields")


async def test_unknown_kind_and_task(jp_fetch):
    error = (await call(jp_fetch, "POST", "tasks", body={"kind": "nope", "params": {}}, expect=400))["error"]
    assert error["code"] == "unknown-kind"
    assert (await call(jp_fetch, "GET", "tasks", "0123456789abcdef", expect=404))["error"]["code"] == "task-not-found"
    assert (await call(jp_fetch, "DELETE", "tasks", "nope", expect=404))["error"]["code"] == "task-not-found"


async def test_a_reloaded_page_finds_the_running_task_and_cancels_it(jp_fetch, jp_root_dir, staging):
    # Big enough to take a while: 40 MB of churn's rows.
    rows = churn_bytes().split(b"\r\n", 1)[1]
    with open(jp_root_dir / "big.csv", "wb") as file:
        file.write(churn_bytes().split(b"\r\n", 1)[0] + b"\n")
        for _ in range(95):
            file.write(rows)
    task = await start(jp_fetch, "split", path="big.csv", target="Churn?", workflowId=WORKFLOW)

    listed = (await call(jp_fetch, "GET", "tasks", params={"workflowId": WORKFLOW}))["tasks"]  # as after a reload
    assert [(t["id"], t["state"]) for t in listed] == [(task["id"], "running")]
    again = await call(jp_fetch, "POST", "tasks", body={"kind": "split", "params": task["params"]}, expect=409)
    assert again["error"]["code"] == "task-running" and again["error"]["taskId"] == task["id"]

    cancelled = await call(jp_fetch, "DELETE", "tasks", task["id"], expect=202)
    assert cancelled["id"] == task["id"]
    ended = await finished(jp_fetch, task)
    assert ended["state"] == "cancelled" and ended["result"] is None and ended["endedAt"]
    assert not (staging / WORKFLOW).exists() or not any(p.suffix == ".part" or p.name.endswith(".csv")
                                                        for p in (staging / WORKFLOW).iterdir())


async def test_the_api_needs_a_token(jp_fetch):
    for method, path in (("GET", ("tasks",)), ("POST", ("tasks",)), ("GET", ("tasks", "x")), ("DELETE", ("tasks", "x"))):
        error = await call(jp_fetch, method, *path, body={} if method == "POST" else None, expect=403,
                           headers={"Authorization": ""})
        assert error["error"]["code"] == "Forbidden"
