"""The Deployment step's row reader and the Clean-up step's S3 functions (moto)."""
import boto3
import pytest
from moto import mock_aws

from jupyterlab_autopilot.cleanup.s3 import delete_prefix, split_prefix, summarize_prefix
from jupyterlab_autopilot.dataset.rows import RowError, read_row

CHURN = "/work/shared/data/churn.txt"


def test_read_row_of_the_real_churn_file_without_its_target(tmp_path):
    row = read_row(CHURN, 0, drop_column="Churn?")
    assert "Churn?" not in row.header
    assert len(row.values) == len(row.header)
    last = read_row(CHURN, 3332)
    assert last.values[-1] in ("True.", "False.")
    with pytest.raises(RowError, match="has 3333 data rows"):
        read_row(CHURN, 3333)


def test_read_row_quoted_fields_crlf_and_bad_input(tmp_path):
    f = tmp_path / "v.csv"
    f.write_bytes(b'a,b,y\r\n"1,5","line\r\nbreak",yes\r\n2,3,no\r\n')
    assert read_row(str(f), 0).values == ["1,5", "line\r\nbreak", "yes"]
    assert read_row(str(f), 1, drop_column="y").values == ["2", "3"]
    with pytest.raises(RowError, match="no column 'z'"):
        read_row(str(f), 0, drop_column="z")
    with pytest.raises(RowError, match="counted from 0"):
        read_row(str(f), -1)
    (tmp_path / "e.csv").write_text("")
    with pytest.raises(RowError, match="empty"):
        read_row(str(tmp_path / "e.csv"), 0)


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
