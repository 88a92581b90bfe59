"""The AWS signing proxy against a real moto server with signature checking on."""
import json

import botocore.session
import pytest

from .conftest import Browser, proxy_error

STS_ACTIONS = botocore.session.get_session().get_service_model("sts").operation_names


async def test_no_jupyter_token_gives_403_and_reaches_no_aws(aws_env, browser, moto_server):
    response = await browser.fetch("GET", "/s3/", auth=None)
    assert response.code == 403
    assert proxy_error(response)["code"] == "Forbidden"

    response = await browser.fetch("PUT", "/s3/unauthenticated-bucket", auth=None)
    assert response.code == 403
    buckets = moto_server.client("s3").list_buckets()["Buckets"]
    assert "unauthenticated-bucket" not in [b["Name"] for b in buckets]


async def test_a_wrong_token_gives_403(aws_env, browser):
    response = await browser.fetch("GET", "/s3/", headers={"Authorization": "token not-the-token"}, auth="given")
    assert response.code == 403


async def test_cookie_authentication_needs_the_xsrf_header(aws_env, browser, jp_serverapp, jp_http_port, jp_base_url):
    # A token-authenticated request gets Jupyter's login cookie; the login page the _xsrf one.
    first = await browser.fetch("GET", "/s3/")
    login_cookie = first.headers["Set-Cookie"].split(";")[0]
    page = await browser._client.fetch(f"http://127.0.0.1:{jp_http_port}{jp_base_url}login", raise_error=False)
    xsrf = next(c.split(";")[0] for c in page.headers.get_list("Set-Cookie") if c.startswith("_xsrf="))
    cookies = f"{login_cookie}; {xsrf}"

    forged = await browser.fetch("PUT", "/s3/cookie-bucket", headers={"Cookie": cookies}, auth=None)
    assert forged.code == 403  # a cross-site form could do this much; XSRF stops it

    # The SDK's own (dummy) SigV4 Authorization header may stay: the cookie authenticates.
    allowed = await browser.fetch(
        "PUT", "/s3/cookie-bucket", headers={"Cookie": cookies, "X-XSRFToken": xsrf.split("=", 1)[1]},
        service="s3", auth="sdk",
    )
    assert allowed.code == 200, allowed.body
    assert allowed.request.headers["Authorization"].startswith("AWS4-HMAC-SHA256")


@pytest.mark.parametrize("path", ["/ec2/", "/iam/", "/", "", "/S3/", "/s3x/bucket"])
async def test_unknown_service_gives_400(aws_env, browser, path):
    response = await browser.fetch("GET", path)
    assert response.code == 400
    assert proxy_error(response)["code"] == "UnknownService"


@pytest.mark.parametrize(
    "path",
    [
        "/s3/bucket/../../etc/passwd",
        "/s3/bucket/%2e%2e/other-bucket",
        "/s3/bucket/%2E%2E%2Fother",
        "/s3/bucket/a%2Fb",
        "/s3/..",
        "/s3/bucket//key",
        "/s3//evil.example/key",
        "/s3/http://evil.example/",
        "/s3/@evil.example/key",
        "/s3/bucket/a%0d%0aX-Injected:%201",
        "/s3/bucket/nul%00byte",
        "/s3/bucket/back%5cslash",
        "/sts/?Action=GetCallerIdentity%0d%0aHost:%20evil.example",
    ],
)
async def test_path_and_query_injections_are_refused(aws_env, browser, path):
    response = await browser.fetch("GET", path)
    assert response.code == 400, (path, response.code, response.body)
    assert proxy_error(response)["code"] in ("InvalidPath", "InvalidQuery")


@pytest.mark.parametrize(
    "header",
    [
        {"X-Original-URL": "http://evil.example/"},
        {"X-Rewrite-URL": "/other"},
        {"X-HTTP-Method-Override": "DELETE"},
    ],
)
async def test_host_steering_headers_are_refused(aws_env, browser, header):
    response = await browser.fetch("GET", "/s3/", headers=header)
    assert response.code == 400
    assert proxy_error(response)["code"] == "InvalidHeader"


async def test_x_forwarded_host_from_a_reverse_proxy_is_dropped_not_refused(aws_env, browser, moto_server):
    moto_server.client("s3").create_bucket(Bucket="behind-nginx")
    response = await browser.fetch(
        "GET", "/s3/behind-nginx?list-type=2", service="s3",
        headers={"X-Forwarded-Host": "jupyter.example.org", "X-Forwarded-Proto": "https"},
    )
    # moto checked the signature over the headers that reached it: the forwarded ones did not.
    assert response.code == 200, response.body
    assert b"<Name>behind-nginx</Name>" in response.body


async def test_upstream_is_always_the_resolved_endpoint(aws_env, browser, moto_server):
    # The browser's Host header concerns Jupyter only; AWS sees the endpoint's host.
    response = await browser.fetch("POST", "/sts/", body=b"Action=GetCallerIdentity&Version=2011-06-15",
                                   headers={"Content-Type": "application/x-www-form-urlencoded"}, service="sts")
    assert response.code == 200
    assert b"assumed-role/AmazonSageMaker-ExecutionRole-Test" in response.body


async def _sagemaker(browser, target, payload):
    body = json.dumps(payload).encode()
    return await browser.fetch(
        "POST",
        "/sagemaker/",
        body=body,
        headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": f"SageMaker.{target}"},
        service="sagemaker",
    )


async def test_sagemaker_json_calls_pass_through(aws_env, browser):
    job = {
        "AutoMLJobName": "proxy-test-job",
        "AutoMLJobInputDataConfig": [
            {"ChannelType": "training", "ContentType": "text/csv;header=present",
             "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bucket/train.csv"}}}
        ],
        "OutputDataConfig": {"S3OutputPath": "s3://bucket/output"},
        # moto needs ProblemType and CompletionCriteria (AWS has defaults for both).
        "AutoMLProblemTypeConfig": {
            "TabularJobConfig": {
                "TargetAttributeName": "y",
                "ProblemType": "BinaryClassification",
                "CompletionCriteria": {"MaxCandidates": 2},
            }
        },
        "RoleArn": "arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole-Test",
    }
    created = await _sagemaker(browser, "CreateAutoMLJobV2", job)
    assert created.code == 200, created.body
    arn = json.loads(created.body)["AutoMLJobArn"]
    assert arn.endswith("automl-job/proxy-test-job")

    described = await _sagemaker(browser, "DescribeAutoMLJobV2", {"AutoMLJobName": "proxy-test-job"})
    assert described.code == 200
    assert json.loads(described.body)["AutoMLJobArn"] == arn

    listed = await _sagemaker(browser, "ListAutoMLJobs", {})
    assert listed.code == 200
    assert arn in [j["AutoMLJobArn"] for j in json.loads(listed.body)["AutoMLJobSummaries"]]


async def test_aws_errors_pass_through_unchanged(aws_env, browser):
    response = await _sagemaker(browser, "DescribeAutoMLJobV2", {"AutoMLJobName": "no-such-job"})
    assert 400 <= response.code < 500
    assert "X-Autopilot-Proxy-Error" not in response.headers  # AWS's answer, not the proxy's
    assert json.loads(response.body)["__type"].endswith("ResourceNotFound")  # AWS's JSON error body

    response = await browser.fetch("GET", "/s3/no-such-bucket/key")
    assert response.code == 404
    assert b"NoSuchBucket" in response.body
    assert response.headers["Content-Type"].startswith("application/xml")


async def test_moto_checks_signatures(aws_env, moto_server):
    # Without a valid signature moto refuses: the proxy's successes above are real.
    import boto3
    from botocore.exceptions import ClientError

    direct = boto3.client("sts", endpoint_url=moto_server.endpoint, region_name="us-east-1",
                          aws_access_key_id=Browser.DUMMY[0], aws_secret_access_key=Browser.DUMMY[1])
    with pytest.raises(ClientError) as refused:
        direct.get_caller_identity()
    assert refused.value.response["Error"]["Code"] == "InvalidClientTokenId"

    wrong_secret = boto3.client("s3", endpoint_url=moto_server.endpoint, region_name="us-east-1",
                                aws_access_key_id=moto_server.user_key[0], aws_secret_access_key="wrong")
    with pytest.raises(ClientError) as refused:
        wrong_secret.list_buckets()
    assert refused.value.response["Error"]["Code"] == "SignatureDoesNotMatch"


def assert_nothing_secret(responses, secrets):
    for response in responses:
        headers = "\n".join(f"{k}: {v}" for k, v in response.headers.get_all())
        body = response.body or b""
        for secret in secrets:
            assert secret not in headers, (response.effective_url, "header")
            assert secret.encode() not in body, (response.effective_url, "body")


def _sts_form(action: str) -> dict:
    return {"body": f"Action={action}&Version=2011-06-15".encode(),
            "headers": {"Content-Type": "application/x-www-form-urlencoded"}, "service": "sts"}


@pytest.mark.parametrize("action", [a for a in STS_ACTIONS if a != "GetCallerIdentity"])
async def test_every_sts_action_but_get_caller_identity_is_refused(aws_env, browser, moto_server, action):
    response = await browser.fetch("POST", "/sts/", **_sts_form(action))
    assert response.code == 403, (action, response.body)
    error = proxy_error(response)
    assert error["code"] == "ActionNotAllowed"
    assert f"sts:{action}" in error["message"]
    assert b"<SecretAccessKey>" not in response.body and b"<SessionToken>" not in response.body
    # The action in the query string instead of the form: refused just the same.
    response = await browser.fetch("POST", f"/sts/?Action={action}&Version=2011-06-15", body=b"",
                                   service="sts")
    assert response.code == 403 and proxy_error(response)["code"] == "ActionNotAllowed"


@pytest.mark.parametrize(
    "query, body",
    [
        ("Action=GetCallerIdentity", b"Action=AssumeRole"),  # two Actions: which one would AWS take?
        ("", b"Action=GetCallerIdentity&Action=GetSessionToken"),
        ("Action=GetCallerIdentity", b"action=AssumeRole"),
        ("", b""),
    ],
)
async def test_sts_requests_whose_action_is_ambiguous_are_refused(aws_env, browser, query, body):
    response = await browser.fetch("POST", f"/sts/?{query}", body=body, service="sts",
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.code == 403
    assert proxy_error(response)["code"] == "ActionNotAllowed"


async def test_credentials_never_reach_the_browser(aws_env, browser, jp_fetch):
    await browser.fetch("POST", "/sts/", **_sts_form("GetCallerIdentity"))
    for action in STS_ACTIONS:
        await browser.fetch("POST", "/sts/", **_sts_form(action))
    await browser.fetch("PUT", "/s3/leak-check", service="s3")
    await browser.fetch("PUT", "/s3/leak-check/object", body=b"data", service="s3")
    await browser.fetch("GET", "/s3/leak-check/object", service="s3")
    await browser.fetch("HEAD", "/s3/leak-check/object", service="s3")
    await browser.fetch("GET", "/s3/leak-check?list-type=2", service="s3")
    await browser.fetch("GET", "/s3/no-such-bucket/key", service="s3")
    await _sagemaker(browser, "DescribeAutoMLJobV2", {"AutoMLJobName": "missing"})
    await browser.fetch("GET", "/ec2/")
    await browser.fetch("GET", "/s3/", auth=None)
    browser.responses.append(await jp_fetch("autopilot", "context"))
    codes = [r.code for r in browser.responses]
    assert codes[0] == 200 and codes.count(200) >= 6, codes  # the check saw real answers, not only refusals
    secrets = [aws_env["SecretAccessKey"], aws_env["SessionToken"], browser.token]
    assert_nothing_secret(browser.responses, secrets)
    for response in browser.responses:
        assert b"<SecretAccessKey>" not in (response.body or b""), response.effective_url


@pytest.fixture
def rejected_secret_env(aws_env, monkeypatch):
    # A wrong secret with a real session token: AWS answers SignatureDoesNotMatch,
    # an error that can echo the signed request, token included.
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
    return aws_env


async def test_signature_errors_do_not_echo_the_session_token(rejected_secret_env, browser):
    await browser.fetch("GET", "/s3/", service="s3")
    await browser.fetch("POST", "/sts/", body=b"Action=GetCallerIdentity&Version=2011-06-15",
                        headers={"Content-Type": "application/x-www-form-urlencoded"}, service="sts")
    assert [r.code for r in browser.responses] == [403, 403]
    assert_nothing_secret(browser.responses, [rejected_secret_env["SessionToken"], "not-the-secret", browser.token])
