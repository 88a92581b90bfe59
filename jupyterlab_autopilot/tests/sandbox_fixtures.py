"""Fixtures for the sandbox tests: one running sandbox per session, plus manual-clock ones."""
import os

import pytest

from jupyterlab_autopilot.sandbox import ManualClock, start_sandbox

SHARED = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared")
CHURN = os.path.normpath(os.path.join(SHARED, "data", "churn.txt"))
CHURN_KEY = "sandbox-tests/churn/churn.csv"


def churn_bytes():
    if os.path.exists(CHURN):
        with open(CHURN, "rb") as f:
            return f.read()
    pytest.skip("the workshop dataset ../shared/data/churn.txt is not available")


@pytest.fixture(scope="session")
def sandbox():
    with start_sandbox(speed=20) as sb:
        yield sb


@pytest.fixture()
def manual_sandbox():
    """A sandbox whose time only moves when the test calls ``sandbox.clock.advance``."""
    with start_sandbox(clock=ManualClock()) as sb:
        yield sb


@pytest.fixture(scope="session")
def churn_uri(sandbox):
    sandbox.client("s3").put_object(Bucket=sandbox.bucket, Key=CHURN_KEY, Body=churn_bytes())
    return "s3://%s/%s" % (sandbox.bucket, CHURN_KEY)


def upload_churn(sb):
    sb.client("s3").put_object(Bucket=sb.bucket, Key=CHURN_KEY, Body=churn_bytes())
    return "s3://%s/%s" % (sb.bucket, CHURN_KEY)


def v2_request(sb, name, uri, pilot=True, **tabular):
    config = {"TargetAttributeName": "Churn?", "GenerateCandidateDefinitionsOnly": pilot, "Mode": "HYPERPARAMETER_TUNING"}
    config.update(tabular)
    return {
        "AutoMLJobName": name,
        "AutoMLJobInputDataConfig": [{
            "ChannelType": "training",
            "ContentType": "text/csv;header=present",
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": uri}},
        }],
        "OutputDataConfig": {"S3OutputPath": "s3://%s/autopilot-output" % sb.bucket},
        "AutoMLProblemTypeConfig": {"TabularJobConfig": config},
        "RoleArn": sb.role_arn,
    }


def read_s3_uri(sb, uri):
    bucket, key = uri[len("s3://"):].split("/", 1)
    return sb.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()
