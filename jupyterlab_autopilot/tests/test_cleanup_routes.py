"""The Deployment and Clean-up steps' routes through a real Jupyter server: a row of the
validation data, and the S3 objects under a workflow's folder counted and deleted
in the sandbox, only when AWS says the folder is the workflow's."""
import uuid

import pytest

from jupyterlab_autopilot.workflow_tags import WORKFLOW_TAG_KEY

from .sandbox_fixtures import sandbox, upload_churn, v2_request  # noqa: F401 (fixture)
from .test_context import sandbox_env  # noqa: F401 (fixture)
from .test_openapi_contract import contract  # noqa: F401 (fixture)
from .test_tasks_api import WORKFLOW, call, churn_in_workspace, finished, jp_server_config, staging, start  # noqa: F401


async def test_a_row_of_the_validation_data(jp_fetch, jp_root_dir, churn_in_workspace, contract, jupyter_token):
    missing = await call(jp_fetch, "GET", "datasets", "row", params={"workflowId": WORKFLOW, "index": "0"}, expect=404)
    assert missing["error"]["code"] == "not-split"
    split = await finished(jp_fetch, await start(jp_fetch, "split", path=churn_in_workspace, target="Churn?",
                                                 workflowId=WORKFLOW))
    assert split["state"] == "succeeded", split["error"]

    status, row = await contract("GET", f"autopilot/datasets/row?workflowId={WORKFLOW}&index=0", jupyter_token)
    assert status == 200
    assert row["target"] == "Churn?" and "Churn?" not in row["header"]
    assert len(row["values"]) == len(row["header"]) == 20
    assert row["csv"] == ",".join(row["values"]) and "\n" not in row["csv"]
    last = await call(jp_fetch, "GET", "datasets", "row", params={"workflowId": WORKFLOW, "index": "666"})
    assert last["index"] == 666

    status, past = await contract("GET", f"autopilot/datasets/row?workflowId={WORKFLOW}&index=667", jupyter_token)
    assert (status, past["error"]["code"]) == (404, "row-not-found")
    assert "667 data rows (0 to 666)" in past["error"]["message"]
    assert "staging" not in past["error"]["message"]  # the server's folders stay its own
    for params in ({"workflowId": WORKFLOW, "index": "-1"}, {"workflowId": WORKFLOW, "index": "one"},
                   {"workflowId": WORKFLOW}, {"workflowId": "Not An Id", "index": "0"}, {"index": "0"}):
        bad = await call(jp_fetch, "GET", "datasets", "row", params=params, expect=400)
        assert bad["error"]["code"] == "invalid-params", params

    with open(jp_root_dir / churn_in_workspace, "ab") as file:  # the rows are made from the dataset: it must not change
        file.write(b"\r\n")
    status, changed = await contract("GET", f"autopilot/datasets/row?workflowId={WORKFLOW}&index=0", jupyter_token)
    assert (status, changed["error"]["code"]) == (409, "file-changed")


def _put(s3, bucket, keys):
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=b"xyz")


async def test_s3_clean_up_only_under_the_workflows_job_output(sandbox_env, jp_fetch, contract, jupyter_token):
    sb = sandbox_env
    s3, sm = sb.client("s3"), sb.client("sagemaker")
    run = uuid.uuid4().hex[:8]
    job_name = f"clean-{run}"
    output = f"wf-{run}/output"
    request = v2_request(sb, job_name, upload_churn(sb))
    request["OutputDataConfig"] = {"S3OutputPath": f"s3://{sb.bucket}/{output}"}
    sm.create_auto_ml_job_v2(**request, Tags=[{"Key": WORKFLOW_TAG_KEY, "Value": WORKFLOW}])
    sm.stop_auto_ml_job(AutoMLJobName=job_name)  # what it writes meanwhile is not this test's
    _put(s3, sb.bucket, [f"{output}/mine-{i}" for i in range(3)] + [f"wf-{run}/output-2/look-alike"])

    query = f"bucket={sb.bucket}&prefix={output}"
    status, summary = await contract("GET", f"autopilot/cleanup/s3?{query}", jupyter_token)
    assert status == 200 and summary["prefix"] == f"{output}/"
    assert summary["count"] >= 3 and summary["totalBytes"] >= 9
    root = await call(jp_fetch, "GET", "cleanup", "s3", params={"bucket": sb.bucket, "prefix": "/"}, expect=400)
    assert root["error"]["code"] == "whole-bucket"

    body = {"bucket": sb.bucket, "prefix": output, "workflowId": WORKFLOW, "automlJobName": job_name}
    for other, code, expect in (
        ({"workflowId": "someoneelse1"}, "not-workflow-prefix", 403),  # the job is not that workflow's
        ({"prefix": f"wf-{run}/output-2"}, "not-workflow-prefix", 403),  # beside the job's output, not in it
        ({"automlJobName": "no-such-job-at-all"}, "not-workflow-prefix", 403),
        ({"prefix": ""}, "whole-bucket", 400),
        ({"bucket": "Not_A_Bucket"}, "invalid-bucket", 400),
    ):
        refused = await call(jp_fetch, "POST", "cleanup", "s3", body={**body, **other}, expect=expect)
        assert refused["error"]["code"] == code, other
    assert s3.list_objects_v2(Bucket=sb.bucket, Prefix=f"{output}/")["KeyCount"] >= 3  # nothing went

    deleted = await call(jp_fetch, "POST", "cleanup", "s3", body=body)
    assert deleted["ownedBy"] == "automl-output" and deleted["remaining"] == 0 and deleted["errors"] == []
    assert deleted["deleted"] >= 3
    assert s3.list_objects_v2(Bucket=sb.bucket, Prefix=f"{output}/")["KeyCount"] == 0
    left = [o["Key"] for o in s3.list_objects_v2(Bucket=sb.bucket, Prefix=f"wf-{run}/")["Contents"]]
    assert left == [f"wf-{run}/output-2/look-alike"]
    again = await call(jp_fetch, "POST", "cleanup", "s3", body=body)
    assert (again["deleted"], again["remaining"]) == (0, 0)


async def test_s3_clean_up_in_a_bucket_the_workflow_created(sandbox_env, jp_fetch):
    sb = sandbox_env
    s3 = sb.client("s3")
    bucket = f"wf-bucket-{uuid.uuid4().hex[:8]}"
    created = await call(jp_fetch, "POST", "buckets", body={"bucket": bucket, "workflowId": WORKFLOW}, expect=201)
    assert created["created"] is True
    _put(s3, bucket, ["autopilot/churn/train/a.csv", "autopilot/churn/validation/b.csv"])
    body = {"bucket": bucket, "prefix": "autopilot/churn", "workflowId": WORKFLOW}
    deleted = await call(jp_fetch, "POST", "cleanup", "s3", body=body)
    assert (deleted["ownedBy"], deleted["deleted"], deleted["remaining"]) == ("workflow-bucket", 2, 0)
    refused = await call(jp_fetch, "POST", "cleanup", "s3", body={**body, "workflowId": "someoneelse1"}, expect=403)
    assert refused["error"]["code"] == "not-workflow-prefix"
