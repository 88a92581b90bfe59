"""Upload of the split to a real moto S3 (signature checking on), with the Jupyter server's
own identity, as the split is made: tags, no overwrite without asking, conditional writes,
a cancelled upload leaves nothing, a bounded number of parts in memory, bucket routes."""
import asyncio
import threading
import time

import pytest

from jupyterlab_autopilot.dataset.errors import Cancelled, DatasetError
from jupyterlab_autopilot.dataset.upload import Uploader
from jupyterlab_autopilot.workflow_tags import WORKFLOW_TAG_KEY

from .conftest import REGION
from .test_tasks_api import WORKFLOW, call, churn_in_workspace, finished, jp_server_config, staging, start  # noqa: F401

BUCKET = "autopilot-upload-test"


@pytest.fixture
def s3(moto_server):
    client = moto_server.client("s3")
    yield client
    for bucket in client.list_buckets()["Buckets"]:  # the moto server lives for the session
        name = bucket["Name"]
        for upload in client.list_multipart_uploads(Bucket=name).get("Uploads", []):
            client.abort_multipart_upload(Bucket=name, Key=upload["Key"], UploadId=upload["UploadId"])
        for item in client.list_objects_v2(Bucket=name).get("Contents", []):
            client.delete_object(Bucket=name, Key=item["Key"])
        client.delete_bucket(Bucket=name)


async def split_churn(jp_fetch, path):
    await finished(jp_fetch, await start(jp_fetch, "split", path=path, target="Churn?", workflowId=WORKFLOW))


async def upload(jp_fetch, **params):
    params = {"workflowId": WORKFLOW, "bucket": BUCKET, "prefix": "autopilot/churn", **params}
    return await finished(jp_fetch, await start(jp_fetch, "upload", **params))


async def test_buckets_then_upload_with_tags(aws_env, s3, jp_fetch, churn_in_workspace):
    assert await call(jp_fetch, "GET", "buckets", BUCKET) == {"bucket": BUCKET, "exists": False, "region": None}
    created = await call(jp_fetch, "POST", "buckets", body={"bucket": BUCKET, "workflowId": WORKFLOW}, expect=201)
    assert created == {"bucket": BUCKET, "created": True, "region": REGION}
    assert (await call(jp_fetch, "GET", "buckets", BUCKET))["exists"] is True
    assert s3.get_bucket_tagging(Bucket=BUCKET)["TagSet"] == [{"Key": WORKFLOW_TAG_KEY, "Value": WORKFLOW}]
    again = await call(jp_fetch, "POST", "buckets", body={"bucket": BUCKET}, expect=409)
    assert again["error"]["code"] == "bucket-exists"

    await split_churn(jp_fetch, churn_in_workspace)
    task = await upload(jp_fetch)
    assert task["state"] == "succeeded", task["error"]
    train_key, validation_key = "autopilot/churn/train/churn-train.csv", "autopilot/churn/validation/churn-validation.csv"
    assert task["result"]["train"] == f"s3://{BUCKET}/{train_key}"
    assert task["result"]["validation"] == f"s3://{BUCKET}/{validation_key}"
    assert task["result"]["tags"] == {WORKFLOW_TAG_KEY: WORKFLOW}
    sizes = 0
    for key, rows in ((train_key, 2666), (validation_key, 667)):
        body = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
        assert body.startswith(b"State,Account Length,") and body.count(b"\n") == rows + 1
        assert s3.get_object_tagging(Bucket=BUCKET, Key=key)["TagSet"] == [{"Key": WORKFLOW_TAG_KEY, "Value": WORKFLOW}]
        sizes += len(body)
    assert task["result"]["bytes"] == sizes == task["progress"]["done"] == task["progress"]["total"]

    before = s3.head_object(Bucket=BUCKET, Key=train_key)["ETag"]
    refused = await upload(jp_fetch)
    assert refused["state"] == "failed"
    assert refused["error"]["code"] == "object-exists"
    assert refused["error"]["keys"] == [f"s3://{BUCKET}/{train_key}", f"s3://{BUCKET}/{validation_key}"]
    assert s3.head_object(Bucket=BUCKET, Key=train_key)["ETag"] == before

    replaced = await upload(jp_fetch, overwrite=True)
    assert replaced["state"] == "succeeded", replaced["error"]


async def test_upload_refusals(aws_env, s3, jp_fetch, churn_in_workspace):
    error = (await call(jp_fetch, "POST", "tasks", expect=400, body={"kind": "upload", "params": {
        "workflowId": WORKFLOW, "bucket": BUCKET, "prefix": "p"}}))["error"]
    assert error["code"] == "not-split"
    await split_churn(jp_fetch, churn_in_workspace)
    for params, code in (({"bucket": "Not_A_Bucket"}, "invalid-bucket"), ({"prefix": "a/../b"}, "invalid-params")):
        body = {"kind": "upload", "params": {"workflowId": WORKFLOW, "bucket": BUCKET, "prefix": "p", **params}}
        assert (await call(jp_fetch, "POST", "tasks", body=body, expect=400))["error"]["code"] == code
    missing = await upload(jp_fetch, bucket="no-such-bucket-here")
    assert (missing["state"], missing["error"]["code"], missing["error"]["bucket"]) == (
        "failed", "bucket-missing", "no-such-bucket-here")


def uploader(moto_server, **kwargs):
    return Uploader(moto_server.client("s3"), BUCKET, WORKFLOW, part_bytes=5 * 1024 * 1024, threads=3, **kwargs)


def pieces(*datas: bytes, size: int = 1024 * 1024):
    """The objects' bytes in ``size`` pieces, as the split hands them over (one per object)."""
    for at in range(0, max(len(d) for d in datas), size):
        yield tuple(d[at:at + size] for d in datas)


def test_the_final_write_is_conditional(moto_server, s3):
    """An object that appears after the HeadObject check is not replaced either."""
    s3.create_bucket(Bucket=BUCKET)
    small = b"a,b\n1,2\n"
    large = b"a,b\n" + b"1,2\n" * (3 * 1024 * 1024)  # 12 MB: multipart
    for key, data in (("small.csv", small), ("large.csv", large)):
        s3.put_object(Bucket=BUCKET, Key=key, Body=b"theirs")
        up = uploader(moto_server, overwrite=False)
        up.check = lambda keys: None  # as if the object appeared just after the check
        with pytest.raises(DatasetError) as raised:
            up.upload_stream([key], pieces(data))
        assert raised.value.code == "object-exists"
        assert s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == b"theirs"
    assert s3.list_multipart_uploads(Bucket=BUCKET).get("Uploads", []) == []


def test_a_cancelled_upload_leaves_no_object_and_no_multipart_upload(moto_server, s3):
    s3.create_bucket(Bucket=BUCKET)
    train = b"a,b\n" + b"1,2\n" * (2 * 1024 * 1024)  # 8 MB: two parts, then done
    validation = b"a,b\n" + b"3,4\n" * (8 * 1024 * 1024)  # 32 MB, seven parts
    progress = []

    def cancelled():
        return bool(progress) and progress[-1] > len(train) + 10 * 1024 * 1024

    with pytest.raises(Cancelled):
        uploader(moto_server, overwrite=False, progress=progress.append, cancelled=cancelled).upload_stream(
            ["t/train.csv", "v/validation.csv"], pieces(train, validation))
    assert progress and progress[-1] < len(train) + len(validation)
    assert s3.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0
    assert s3.list_multipart_uploads(Bucket=BUCKET).get("Uploads", []) == []


def test_a_completed_object_is_removed_when_the_next_one_fails(moto_server, s3):
    """All or nothing: the train object is complete when the validation one is refused."""
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="v/validation.csv", Body=b"theirs")
    up = uploader(moto_server, overwrite=False)
    up.check = lambda keys: None
    with pytest.raises(DatasetError) as raised:
        up.upload_stream(["t/train.csv", "v/validation.csv"], pieces(b"a\n" + b"1\n" * 4_000_000, b"a\n1\n"))
    assert raised.value.code == "object-exists"
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"]] == ["v/validation.csv"]


class _SlowParts:
    """An S3 client whose parts take a while: counts the parts made and not yet sent."""

    def __init__(self):
        self.lock, self.waiting, self.most = threading.Lock(), 0, 0

    def head_bucket(self, **_):
        return {}

    def create_multipart_upload(self, **_):
        return {"UploadId": "u"}

    def upload_part(self, PartNumber, **_):
        time.sleep(0.02)
        return {"ETag": f'"{PartNumber}"'}

    def complete_multipart_upload(self, **_):
        return {}


def test_parts_in_memory_are_bounded_whatever_the_size():
    client = _SlowParts()
    up = Uploader(client, BUCKET, WORKFLOW, overwrite=True, part_bytes=1024, threads=3)
    made = []

    def counted():
        for piece in pieces(b"x" * 200 * 1024, size=1024):  # 200 parts
            made.append(1)
            in_memory = len(made) - sent[0]
            client.most = max(client.most, in_memory)
            yield piece

    sent = [0]
    up._progress._report = lambda done: sent.__setitem__(0, done // 1024)
    assert up.upload_stream(["k"], counted()) == [200 * 1024]
    assert client.most <= 3 + 2  # the senders', one waiting for room, the one being made


async def test_cancel_through_the_api(aws_env, s3, jp_fetch, jp_root_dir):
    header = b"id,label\n"
    (jp_root_dir / "big.csv").write_bytes(header + b"".join(b"%d,%d\n" % (i, i % 2) for i in range(4_000_000)))
    await finished(jp_fetch, await start(jp_fetch, "split", path="big.csv", target="label", workflowId=WORKFLOW),
                   timeout=120)
    s3.create_bucket(Bucket=BUCKET)
    task = await start(jp_fetch, "upload", workflowId=WORKFLOW, bucket=BUCKET, prefix="big")
    await call(jp_fetch, "DELETE", "tasks", task["id"], expect=202)
    ended = await finished(jp_fetch, task, timeout=120)
    assert ended["state"] == "cancelled"
    await asyncio.sleep(0)
    assert s3.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0
    assert s3.list_multipart_uploads(Bucket=BUCKET).get("Uploads", []) == []


def test_a_multipart_upload_arrives_whole_and_tagged(moto_server, s3):
    s3.create_bucket(Bucket=BUCKET)
    data = b"a,b\n" + b"".join(b"%d,%d\n" % (i, i * 7) for i in range(1_500_000))  # ~19 MB
    progress = []
    sizes = uploader(moto_server, overwrite=False, progress=progress.append).upload_stream(
        ["p/train.csv", "p/small.csv"], pieces(data, b"a,b\n1,2\n"))
    assert sizes == [len(data), 8] and progress[-1] == len(data) + 8
    assert s3.get_object(Bucket=BUCKET, Key="p/train.csv")["Body"].read() == data
    assert s3.get_object(Bucket=BUCKET, Key="p/small.csv")["Body"].read() == b"a,b\n1,2\n"
    for key in ("p/train.csv", "p/small.csv"):
        assert s3.get_object_tagging(Bucket=BUCKET, Key=key)["TagSet"] == [{"Key": WORKFLOW_TAG_KEY, "Value": WORKFLOW}]
    parts = -(-len(data) // (5 * 1024 * 1024))
    head = s3.head_object(Bucket=BUCKET, Key="p/train.csv", ChecksumMode="ENABLED")
    assert head["ETag"].endswith(f'-{parts}"')  # multipart
    assert head.get("ChecksumCRC32")  # of the parts, as upload_file asks (not a CRC64 of the whole)
