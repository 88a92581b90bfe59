"""Fixtures for the server extension's tests: a real moto server with signature
checking on, and a Jupyter server pointed at it.

moto runs in a subprocess (not ThreadedMotoServer) so that measuring this process's
memory measures the Jupyter server and nothing else, and so that a 1 GB upload
buffered by moto does not count against the proxy.
"""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import boto3
import pytest
from botocore.config import Config

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account
ROLE_NAME = "AmazonSageMaker-ExecutionRole-Test"
ALLOW_ALL = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
)


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes tens of seconds (the 1 GiB upload); still part of the suite")


@pytest.fixture
def jp_base_url():
    # A non-root base URL, as behind JupyterHub or SageMaker Studio.
    return "/jupyter/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _dummy_client(service, endpoint, **kwargs):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        **kwargs,
    )


class Moto:
    """A moto server on loopback with IAM signature checking on, plus the identities
    created in it before checking was switched on."""

    def __init__(self, endpoint: str):
        self.endpoint = endpoint
        iam = _dummy_client("iam", endpoint)
        iam.create_user(UserName="autopilot-test")
        iam.put_user_policy(UserName="autopilot-test", PolicyName="all", PolicyDocument=ALLOW_ALL)
        key = iam.create_access_key(UserName="autopilot-test")["AccessKey"]
        self.user_key = (key["AccessKeyId"], key["SecretAccessKey"])
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/autopilot-test"}, "Action": "sts:AssumeRole"}
            ],
        }
        role = iam.create_role(RoleName=ROLE_NAME, Path="/service-role/", AssumeRolePolicyDocument=json.dumps(trust))
        self.role_arn = role["Role"]["Arn"]
        iam.put_role_policy(RoleName=ROLE_NAME, PolicyName="all", PolicyDocument=ALLOW_ALL)
        # From here on every request must carry a valid SigV4 signature of a known key.
        urllib.request.urlopen(
            urllib.request.Request(
                f"{endpoint}/moto-api/reset-auth", data=b"0", method="POST", headers={"Content-Type": "text/plain"}
            )
        )

    def client(self, service, **kwargs):
        """A client with the IAM user's key, straight to moto (for checks)."""
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=self.user_key[0],
            aws_secret_access_key=self.user_key[1],
            config=Config(s3={"addressing_style": "path"}, request_checksum_calculation="when_required"),
            **kwargs,
        )

    def session_credentials(self):
        """Temporary credentials of the SageMaker execution role (with a session token),
        like the ones the Jupyter server gets in SageMaker Studio."""
        credentials = self.client("sts").assume_role(RoleArn=self.role_arn, RoleSessionName="autopilot-test")
        return credentials["Credentials"]


@pytest.fixture(scope="session")
def moto_server():
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("moto server did not start")
                time.sleep(0.1)
        yield Moto(endpoint)
    finally:
        process.terminate()
        process.wait(10)


def isolate_aws_env(monkeypatch, tmp_path):
    """No ~/.aws, no IMDS, no inherited AWS_* variable: only what the test sets."""
    for name in list(os.environ):
        if name.startswith(("AWS_", "JUPYTERLAB_AUTOPILOT_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture
def aws_env(moto_server, monkeypatch, tmp_path):
    """The Jupyter server's environment: moto endpoints and session credentials.
    Requested before ``jp_serverapp`` so the server starts with it."""
    isolate_aws_env(monkeypatch, tmp_path)
    credentials = moto_server.session_credentials()
    for service in ("SAGEMAKER", "S3", "STS", "IAM"):
        monkeypatch.setenv(f"AWS_ENDPOINT_URL_{service}", moto_server.endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", credentials["AccessKeyId"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", credentials["SecretAccessKey"])
    monkeypatch.setenv("AWS_SESSION_TOKEN", credentials["SessionToken"])
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    return credentials


@pytest.fixture
def jupyter_token(jp_serverapp):
    return jp_serverapp.identity_provider.token


@pytest.fixture
def proxy_url(jp_serverapp, http_server, jp_http_port, jp_base_url):
    return f"http://127.0.0.1:{jp_http_port}{jp_base_url}autopilot/aws"


class Browser:
    """What the browser's SDK does, spelled out: SigV4 with dummy credentials, then
    Jupyter's token (or cookie + XSRF) for the Jupyter server. Non-blocking, so it
    can run on the loop that also runs the server."""

    DUMMY = ("AKIDUMMYDUMMYDUMMY", "dummy-secret", "dummy-session-token")

    def __init__(self, proxy_url: str, token: str):
        from tornado.httpclient import AsyncHTTPClient

        self.proxy_url = proxy_url
        self.token = token
        self.responses = []  # everything the proxy answered, for leak checks
        self._client = AsyncHTTPClient()

    def dummy_signed_headers(self, method, url, service, body=b"", headers=None):
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        request = AWSRequest(method=method, url=url, data=body, headers=dict(headers or {}))
        SigV4Auth(Credentials(*self.DUMMY), service, REGION).add_auth(request)
        return dict(request.headers.items())

    async def fetch(self, method, path, body=None, headers=None, service=None, auth="token", **kwargs):
        """``path`` is relative to ``<base_url>autopilot/aws``; ``service`` dummy-signs it."""
        url = self.proxy_url + path
        headers = dict(headers or {})
        if service:
            headers = self.dummy_signed_headers(method, url, service, body or b"", headers)
        if auth == "token":
            headers["Authorization"] = f"token {self.token}"  # replaces the dummy SigV4 one
        elif auth is None:
            headers.pop("Authorization", None)
        if body is None and method in ("PUT", "POST") and "body_producer" not in kwargs:
            body = b""
        response = await self._client.fetch(
            url,
            method=method,
            body=body,
            headers=headers,
            raise_error=False,
            allow_nonstandard_methods=True,
            decompress_response=False,
            request_timeout=60,
            **kwargs,
        )
        self.responses.append(response)
        return response


@pytest.fixture
def browser(proxy_url, jupyter_token):
    return Browser(proxy_url, jupyter_token)


def proxy_error(response) -> dict:
    """The proxy's own error, checked for its marker header and JSON shape."""
    assert response.headers.get("X-Autopilot-Proxy-Error") == "1", response.body
    error = json.loads(response.body)["error"]
    assert set(error) == {"code", "message"}
    return error
