"""GET <base_url>autopilot/context against moto, and without any credentials."""
import json

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_autopilot import __version__

from .conftest import ACCOUNT, isolate_aws_env
from .sandbox_fixtures import sandbox  # noqa: F401 (fixture)

ENV_ROLE = "arn:aws:iam::123456789012:role/from-env"
SETTINGS_ROLE = "arn:aws:iam::123456789012:role/from-settings"
STUDIO_ROLE = "arn:aws:iam::123456789012:role/service-role/from-studio"


@pytest.fixture
def settings_role():
    return None


@pytest.fixture
def studio_metadata(tmp_path):
    return tmp_path / "resource-metadata.json"  # absent unless a test writes it


@pytest.fixture
def jp_server_config(settings_role, studio_metadata):
    autopilot = {"studio_metadata_path": str(studio_metadata)}
    if settings_role:
        autopilot["execution_role_arn"] = settings_role
    return {"ServerApp": {"jpserver_extensions": {"jupyterlab_autopilot": True}}, "AutopilotConfig": autopilot}


async def get_context(jp_fetch, **params):
    response = await jp_fetch("autopilot", "context", params=params)
    assert response.code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return json.loads(response.body)


async def test_context_needs_a_token(aws_env, jp_fetch):
    with pytest.raises(HTTPClientError) as refused:
        await jp_fetch("autopilot", "context", headers={"Authorization": ""})
    assert refused.value.code == 403


async def test_context_under_moto_with_a_role_from_env(aws_env, monkeypatch, moto_server, jp_fetch):
    monkeypatch.setenv("JUPYTERLAB_AUTOPILOT_EXECUTION_ROLE_ARN", ENV_ROLE)
    context = await get_context(jp_fetch)
    assert context == {
        "version": __version__,
        "region": "us-east-1",
        "account": ACCOUNT,
        "callerArn": f"arn:aws:sts::{ACCOUNT}:assumed-role/AmazonSageMaker-ExecutionRole-Test/autopilot-test",
        "defaultBucket": f"sagemaker-us-east-1-{ACCOUNT}",
        "defaultBucketExists": False,
        "executionRoleArn": ENV_ROLE,
        "executionRoleSource": "env",
        "sandbox": False,
        "credentialsError": None,
    }

    moto_server.client("s3").create_bucket(Bucket=f"sagemaker-us-east-1-{ACCOUNT}")
    assert (await get_context(jp_fetch))["defaultBucketExists"] is False  # cached
    assert (await get_context(jp_fetch, refresh="1"))["defaultBucketExists"] is True
    moto_server.client("s3").delete_bucket(Bucket=f"sagemaker-us-east-1-{ACCOUNT}")


async def test_a_stale_sandbox_variable_with_loopback_endpoints_is_not_the_sandbox(
    aws_env, monkeypatch, moto_server, jp_fetch
):
    # Every service on loopback (moto), but moto does not answer as the sandbox: the variable only labels.
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server.endpoint)
    monkeypatch.setenv("JUPYTERLAB_AUTOPILOT_SANDBOX", "1")
    monkeypatch.setenv("JUPYTERLAB_AUTOPILOT_EXECUTION_ROLE_ARN", ENV_ROLE)
    context = await get_context(jp_fetch)
    assert context["sandbox"] is False
    assert (context["executionRoleArn"], context["executionRoleSource"]) == (ENV_ROLE, "env")


async def test_a_stale_sandbox_variable_with_aws_endpoints_is_not_the_sandbox(monkeypatch, tmp_path, jp_fetch):
    isolate_aws_env(monkeypatch, tmp_path)  # AWS's own endpoints; no credentials, so no call leaves
    monkeypatch.setenv("JUPYTERLAB_AUTOPILOT_SANDBOX", "1")
    assert (await get_context(jp_fetch))["sandbox"] is False


@pytest.fixture
def sandbox_env(sandbox, monkeypatch, tmp_path):  # noqa: F811 (the fixture)
    isolate_aws_env(monkeypatch, tmp_path)
    for name, value in sandbox.child_environment({}).items():
        monkeypatch.setenv(name, value)
    return sandbox


async def test_the_running_sandbox_is_the_sandbox(sandbox_env, jp_fetch):
    context = await get_context(jp_fetch)
    assert context["sandbox"] is True
    assert context["credentialsError"] is None
    assert (context["executionRoleArn"], context["executionRoleSource"]) == (sandbox_env.role_arn, "sandbox")


@pytest.fixture
def sandbox_with_real_s3(sandbox_env, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", "https://s3.us-east-1.amazonaws.com")


async def test_one_endpoint_off_the_machine_is_not_the_sandbox(sandbox_with_real_s3, jp_fetch):
    assert (await get_context(jp_fetch))["sandbox"] is False


async def test_role_from_an_assumed_sagemaker_execution_role(aws_env, moto_server, jp_fetch):
    context = await get_context(jp_fetch)
    # The assumed-role ARN has no path; IAM's GetRole restores /service-role/.
    assert context["executionRoleArn"] == moto_server.role_arn
    assert moto_server.role_arn.endswith(":role/service-role/AmazonSageMaker-ExecutionRole-Test")
    assert context["executionRoleSource"] == "caller"


@pytest.mark.parametrize("settings_role", [SETTINGS_ROLE])
async def test_settings_role_wins_over_env(aws_env, monkeypatch, jp_fetch):
    monkeypatch.setenv("JUPYTERLAB_AUTOPILOT_EXECUTION_ROLE_ARN", ENV_ROLE)
    context = await get_context(jp_fetch)
    assert (context["executionRoleArn"], context["executionRoleSource"]) == (SETTINGS_ROLE, "settings")


@pytest.mark.parametrize("settings_role", [SETTINGS_ROLE])
async def test_studio_role_wins_over_everything(aws_env, monkeypatch, studio_metadata, jp_fetch):
    monkeypatch.setenv("JUPYTERLAB_AUTOPILOT_EXECUTION_ROLE_ARN", ENV_ROLE)
    studio_metadata.write_text(json.dumps({"DomainId": "d-abc", "SpaceName": "s", "ExecutionRoleArn": STUDIO_ROLE}))
    context = await get_context(jp_fetch)
    assert (context["executionRoleArn"], context["executionRoleSource"]) == (STUDIO_ROLE, "studio")


@pytest.fixture
def region_from_env(aws_env, monkeypatch):
    monkeypatch.setenv("JUPYTERLAB_AUTOPILOT_REGION", "eu-west-1")  # read when the server starts


async def test_region_from_our_env_variable(region_from_env, jp_fetch):
    context = await get_context(jp_fetch)
    assert context["region"] == "eu-west-1"
    assert context["defaultBucket"] == f"sagemaker-eu-west-1-{ACCOUNT}"


async def test_no_credentials_is_a_200_with_a_next_step(monkeypatch, tmp_path, jp_fetch):
    isolate_aws_env(monkeypatch, tmp_path)
    monkeypatch.setenv("JUPYTERLAB_AUTOPILOT_EXECUTION_ROLE_ARN", ENV_ROLE)
    context = await get_context(jp_fetch)
    assert context["credentialsError"]["code"] == "NoCredentials"
    assert "aws configure" in context["credentialsError"]["message"]
    assert context["region"] == "us-east-1"
    assert context["account"] is None and context["callerArn"] is None
    assert context["defaultBucket"] is None and context["defaultBucketExists"] is None
    assert (context["executionRoleArn"], context["executionRoleSource"]) == (ENV_ROLE, "env")


async def test_rejected_credentials_are_explained(aws_env, monkeypatch, moto_server, jp_fetch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
    context = await get_context(jp_fetch)
    assert context["account"] is None
    assert context["credentialsError"]["code"] == "SignatureDoesNotMatch"
    assert "Check the access key" in context["credentialsError"]["message"]
