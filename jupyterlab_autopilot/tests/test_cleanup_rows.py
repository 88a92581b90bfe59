"""The Deployment step's row reader and the Clean-up step's S3 functions (moto)."""
import boto3
import pytest
from moto import mock_aws

from jupyterlab_autopilot.cleanup.s3 import delete_prefix, split_prefix, summarize_prefix
from jupyterlab_autopilot.dataset.profile import profile_csv
from jupyterlab_autopilot.dataset.rows import RowError, validation_row
from jupyterlab_autopilot.dataset.split import plan_split

from .sandbox_fixtures import CHURN
from .split_files import split_files


def plan(path, target, fraction=0.2):
    return plan_split(path, "data.csv", profile_csv(path, "data.csv"), target=target, fraction=fraction, seed=42,
                      stratify=False)


def test_the_row_is_the_uploaded_validation_row_without_its_target(tmp_path):
    churn = plan(str(CHURN), "Churn?")
    row = validation_row(str(CHURN), "churn.txt", churn, 0, drop_column="Churn?")
    assert "Churn?" not in row.header and len(row.header) == 20 and len(row.values) == len(row.header)
    split_files(str(CHURN), "churn.txt", profile_csv(str(CHURN), "churn.txt"), target="Churn?", fraction=0.2, seed=42,
              stratify=False, train_path=str(tmp_path / "t.csv"), validation_path=str(tmp_path / "v.csv"))
    sent = (tmp_path / "v.csv").read_text().splitlines()
    assert validation_row(str(CHURN), "churn.txt", churn, 0).values == sent[1].split(",")
    assert validation_row(str(CHURN), "churn.txt", churn, 666).values == sent[667].split(",")
    with pytest.raises(RowError, match="has 667 data rows") as raised:
        validation_row(str(CHURN), "churn.txt", churn, 667)
    assert raised.value.missing


def test_quoted_fields_crlf_and_bad_input(tmp_path):
    f = tmp_path / "v.csv"
    f.write_bytes(b'a,b,y\r\n"1,5","line\r\nbreak",yes\r\n2,3,no\r\n')
    both = plan(str(f), "y", fraction=0.5)  # one row each
    rows = [validation_row(str(f), "v.csv", both, 0).values]
    assert rows[0] in (["1,5", "line\nbreak", "yes"], ["2", "3", "no"])  # quoted, its line break as read (LF)
    assert validation_row(str(f), "v.csv", both, 0, drop_column="y").values == rows[0][:2]
    with pytest.raises(RowError, match="no column 'z'"):
        validation_row(str(f), "v.csv", both, 0, drop_column="z")
    with pytest.raises(RowError, match="counted from 0"):
        validation_row(str(f), "v.csv", both, -1)


def test_split_prefix_refuses_whole_buckets():
    assert split_prefix("s3://b/wf/out/") == ("b", "wf/out/")
    for bad in ("s3://b", "s3://b/", "https://b/x"):
        with pytest.raises(ValueError):
            split_prefix(bad)


@mock_aws
def test_summarize_and_delete_only_inside_the_folder():
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="wf-bucket")
    for i in range(1005):
        s3.put_object(Bucket="wf-bucket", Key=f"wf/out/part-{i}", Body=b"xy")
    s3.put_object(Bucket="wf-bucket", Key="wf/out-2/keep", Body=b"keep")
    s3.put_object(Bucket="wf-bucket", Key="wf/outside", Body=b"keep")

    summary = summarize_prefix(s3, "s3://wf-bucket/wf/out")
    assert (summary.count, summary.total_bytes) == (1005, 2010)

    result = delete_prefix(s3, "s3://wf-bucket/wf/out")
    assert (result.deleted, result.remaining, result.errors) == (1005, 0, [])
    left = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="wf-bucket")["Contents"])
    assert left == ["wf/out-2/keep", "wf/outside"]
    # Again: nothing to do, nothing else touched.
    assert delete_prefix(s3, "s3://wf-bucket/wf/out").deleted == 0
