"""The server's answers match ``jupyterlab_autopilot/openapi.yaml``: status codes, and the
JSON bodies of the version, the context and the proxy's own errors, validated by
openapi-core against the document the frontend is written to."""
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from tornado.httpclient import AsyncHTTPClient
from werkzeug.datastructures import Headers

import jupyterlab_autopilot

from .conftest import isolate_aws_env
from .test_authorization import DenyAutopilot

SPEC = Path(jupyterlab_autopilot.__file__).parent / "openapi.yaml"


@dataclass
class _Request:
    host_url: str
    path: str
    method: str
    parameters: RequestParameters = field(default_factory=RequestParameters)
    content_type: str = ""
    body: bytes | None = None


@dataclass
class _Response:
    status_code: int
    data: bytes
    content_type: str
    headers: Headers


@pytest.fixture
def contract(jp_serverapp, http_server, jp_http_port, jp_base_url):
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    host = f"http://127.0.0.1:{jp_http_port}"
    spec["servers"] = [{"url": host + jp_base_url.rstrip("/")}]
    openapi = OpenAPI.from_dict(spec)

    async def check(method, route, token, body=None, headers=None):
        """Send ``method route`` and validate the answer; returns (status, parsed JSON or None)."""
        request_headers = dict(headers or {})
        if token:
            request_headers["Authorization"] = f"token {token}"
        response = await AsyncHTTPClient().fetch(
            f"{host}{jp_base_url}{route.lstrip('/')}", method=method, body=body, headers=request_headers,
            raise_error=False, allow_nonstandard_methods=True,
        )
        path = f"{jp_base_url}{route.lstrip('/')}".split("?")[0]
        content_type = response.headers.get("Content-Type", "").split(";")[0]
        openapi.validate_response(
            _Request(host, path, method.lower()),
            _Response(response.code, response.body, content_type, Headers(list(response.headers.get_all()))),
        )
        return response.code, json.loads(response.body) if content_type == "application/json" else None

    return check


async def test_version_and_context_match_the_contract(aws_env, contract, jupyter_token):
    assert (await contract("GET", "autopilot/version", jupyter_token))[0] == 200
    status, context = await contract("GET", "autopilot/context", jupyter_token)
    assert status == 200 and context["account"]
    for route in ("autopilot/version", "autopilot/context"):
        status, error = await contract("GET", route, None)
        assert status == 403 and error["error"]["code"] == "Forbidden"


async def test_context_without_credentials_matches_the_contract(monkeypatch, tmp_path, contract, jupyter_token):
    isolate_aws_env(monkeypatch, tmp_path)
    status, context = await contract("GET", "autopilot/context", jupyter_token)
    assert status == 200 and context["credentialsError"]["code"] == "NoCredentials"


async def test_proxy_errors_match_the_contract(aws_env, contract, jupyter_token):
    sts_form = {"Content-Type": "application/x-www-form-urlencoded"}
    cases = [
        ("GET", "autopilot/aws/ec2/x", None, {}, 400, "UnknownService"),
        ("GET", "autopilot/aws/s3/%2e%2e", None, {}, 400, "InvalidPath"),
        ("POST", "autopilot/aws/sts/x", b"Action=AssumeRole", sts_form, 403, "ActionNotAllowed"),
        ("PUT", "autopilot/aws/s3/bucket?policy", b"{}", {}, 403, "ActionNotAllowed"),
        ("GET", "autopilot/aws/s3/x", None, {"X-Original-URL": "/x"}, 400, "InvalidHeader"),
    ]
    for method, route, body, headers, status, code in cases:
        answered, error = await contract(method, route, jupyter_token, body, headers)
        assert (answered, error["error"]["code"]) == (status, code), route
    answered, error = await contract("GET", "autopilot/aws/s3/x", None)
    assert (answered, error["error"]["code"]) == (403, "Forbidden")
    # AWS's own answer is the documented pass-through ("default").
    assert (await contract("GET", "autopilot/aws/s3/no-such-bucket?list-type=2", jupyter_token))[0] == 404


@pytest.fixture
def jp_server_config(request):
    config = {"ServerApp": {"jpserver_extensions": {"jupyterlab_autopilot": True}}}
    if "denied" in request.node.name:
        config["ServerApp"]["authorizer_class"] = DenyAutopilot
    return config


async def test_denied_users_get_the_documented_403(aws_env, contract, jupyter_token):
    for method, route in [("GET", "autopilot/version"), ("GET", "autopilot/context"), ("GET", "autopilot/aws/s3/x")]:
        status, error = await contract(method, route, jupyter_token)
        assert (status, error["error"]["code"]) == (403, "NotAuthorized")
