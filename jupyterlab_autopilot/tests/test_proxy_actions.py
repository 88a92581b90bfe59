"""The table of allowed actions: how requests are recognised, what it may never hold,
and how an administrator narrows it."""
import re
from pathlib import Path

import botocore.session
import pytest
from traitlets import TraitError

from jupyterlab_autopilot.proxy.actions import ALLOWED_ACTIONS, GROUPS, READ, ActionPolicy, all_actions
from jupyterlab_autopilot.proxy.errors import ProxyError
from jupyterlab_autopilot.proxy.recognition import recognise
from jupyterlab_autopilot.proxy.services import SERVICES
from jupyterlab_autopilot.routes import AutopilotConfig

from .conftest import proxy_error

README = Path(__file__).parents[2] / "README.md"
SESSION = botocore.session.get_session()


def model(service: str):
    return SESSION.get_service_model(SERVICES[service].botocore_name)


@pytest.mark.parametrize(
    "method, path, query, headers, expected",
    [
        ("GET", "/b/k", "", {}, "GetObject"),
        ("GET", "/b/k", "x-id=GetObject", {}, "GetObject"),
        ("HEAD", "/b/dir/k", "", {}, "HeadObject"),
        ("HEAD", "/b", "", {}, "HeadBucket"),
        ("HEAD", "/b/", "", {}, "HeadBucket"),
        ("GET", "/b", "list-type=2&prefix=a%2Fb", {}, "ListObjectsV2"),
        ("GET", "/b", "", {}, "ListObjects"),
        ("PUT", "/b", "", {}, "CreateBucket"),
        ("PUT", "/b/k", "x-id=PutObject", {}, "PutObject"),
        ("PUT", "/b/dir/", "", {}, "PutObject"),
        ("PUT", "/b/k", "", {"x-amz-copy-source": "other/k"}, "CopyObject"),
        ("PUT", "/b/k", "partNumber=1&uploadId=u", {}, "UploadPart"),
        ("PUT", "/b/k", "partNumber=1&uploadId=u", {"x-amz-copy-source": "o/k"}, "UploadPartCopy"),
        ("POST", "/b/k", "uploads=", {}, "CreateMultipartUpload"),
        ("POST", "/b/k", "uploadId=u", {}, "CompleteMultipartUpload"),
        ("DELETE", "/b/k", "uploadId=u", {}, "AbortMultipartUpload"),
        ("GET", "/b/k", "uploadId=u", {}, "ListParts"),
        ("GET", "/b", "uploads=", {}, "ListMultipartUploads"),
        ("DELETE", "/b/k", "", {}, "DeleteObject"),
        ("POST", "/b", "delete=", {}, "DeleteObjects"),
        ("GET", "/b/k", "tagging=", {}, "GetObjectTagging"),
        ("PUT", "/b/k", "tagging=", {}, "PutObjectTagging"),
        ("GET", "/b", "tagging=", {}, "GetBucketTagging"),
        ("PUT", "/b", "policy=", {}, "PutBucketPolicy"),
        ("DELETE", "/b", "policy=", {}, "DeleteBucketPolicy"),
        ("PUT", "/b", "acl=", {}, "PutBucketAcl"),
        ("PUT", "/b/k", "acl=", {}, "PutObjectAcl"),
        ("PUT", "/b", "publicAccessBlock=", {}, "PutPublicAccessBlock"),
        ("DELETE", "/b", "", {}, "DeleteBucket"),
    ],
)
def test_s3_requests_are_recognised_as_s3_reads_them(method, path, query, headers, expected):
    assert recognise(SERVICES["s3"], method, path, query, headers, None).name == expected


@pytest.mark.parametrize(
    "service, method, path, query, headers",
    [
        ("s3", "GET", "/b/k", "no-such-subresource=", {}),  # S3 may read it as another operation
        ("s3", "GET", "/b/k", "uploadId=a&uploadId=b", {}),
        ("s3", "POST", "/WriteGetObjectResponse", "", {}),
        ("sagemaker", "POST", "/", "", {"x-amz-target": "SageMaker"}),
        ("sagemaker", "POST", "/", "", {"x-amz-target": "ServiceQuotasV20190624.ListServiceQuotas"}),
        ("sagemaker", "POST", "/", "", {"x-amz-target": "SageMaker.ListAutoMLJobs,SageMaker.DeleteModel"}),
        ("sagemaker", "GET", "/", "", {"x-amz-target": "SageMaker.ListAutoMLJobs"}),
        ("sagemaker", "POST", "/service/SageMaker/operation/ListAutoMLJobs", "", {}),  # rpc-v2-cbor
        ("sts", "GET", "/", "Action=GetCallerIdentity", {}),
        ("sts", "POST", "/", "Action=GetCallerIdentity", {"x-amz-target": "AWSSecurityTokenServiceV20110615.AssumeRole"}),
    ],
)
def test_requests_the_proxy_cannot_name_are_refused(service, method, path, query, headers):
    with pytest.raises(ProxyError) as refused:
        recognise(SERVICES[service], method, path, query, headers, b"")
    assert (refused.value.status, refused.value.code) == (403, "ActionNotAllowed")


def test_sagemaker_runtime_and_service_quotas():
    runtime = recognise(SERVICES["sagemaker-runtime"], "POST", "/endpoints/my-ep/invocations", "", {}, None)
    assert runtime.name == "InvokeEndpoint"
    quotas = {"x-amz-target": "ServiceQuotasV20190624.GetServiceQuota"}
    assert recognise(SERVICES["servicequotas"], "POST", "/", "", quotas, None).name == "GetServiceQuota"


def test_every_action_in_the_table_exists_in_botocores_model():
    for service, _group, action in all_actions():
        assert action in model(service).operation_names, f"{service}:{action}"


def test_services_match_botocores_metadata():
    for name, spec in SERVICES.items():
        metadata = model(name).metadata
        assert spec.protocol == {"rest-xml": "rest", "rest-json": "rest"}.get(metadata["protocol"], metadata["protocol"])
        assert spec.target_prefix == metadata.get("targetPrefix")
        assert spec.signing_name == metadata.get("signingName", metadata["endpointPrefix"])
    assert set(ALLOWED_ACTIONS) == set(SERVICES)


def _member_names(shape, depth=0):
    if shape is None or depth > 6:
        return set()
    names = set()
    for name, member in getattr(shape, "members", {}).items():
        names.add(name)
        names |= _member_names(member, depth + 1)
    if hasattr(shape, "member"):
        names |= _member_names(shape.member, depth + 1)
    return names


def test_no_allowed_action_returns_credentials():
    for service, _group, action in all_actions():
        output = model(service).operation_model(action).output_shape
        leaked = _member_names(output) & {"Credentials", "SecretAccessKey", "SessionToken", "AccessKeyId"}
        assert not leaked, f"{service}:{action} returns {leaked}"
    assert ALLOWED_ACTIONS["sts"] == {READ: frozenset({"GetCallerIdentity"})}


def test_the_read_group_is_describe_list_get_search_head_and_only_it():
    read_verbs = re.compile(r"^(Describe|List|Get|Search|Head)")
    for service, group, action in all_actions():
        assert bool(read_verbs.match(action)) == (group == READ), f"{service}:{action} in {group}"


def test_s3_never_allows_policies_acls_or_public_access_settings():
    names = ALLOWED_ACTIONS["s3"]
    allowed = set().union(*names.values())
    assert not [a for a in allowed if re.search(r"Policy|Acl|PublicAccess|Ownership|Cors|Website", a)]


def _readme_table() -> set[tuple[str, str, str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Security") :]
    section = section[: section.find("\n## ", 3)] if "\n## " in section[3:] else section
    rows = set()
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].strip("`") in GROUPS:
            group, service = cells[0].strip("`"), cells[1].strip("`")
            for action in re.findall(r"`(\w+)`", cells[2]):
                rows.add((service, group, action))
    return rows


def test_the_readme_lists_exactly_the_table():
    assert _readme_table() == set(all_actions())


def test_the_policy_narrows_the_table():
    read_only = ActionPolicy.from_settings(["read"], [])
    assert read_only.refusal("sagemaker", "DescribeAutoMLJobV2") is None
    assert "'write' group" in read_only.refusal("sagemaker", "CreateAutoMLJobV2")
    denied = ActionPolicy.from_settings(GROUPS, ["s3:DeleteObjects"])
    assert "denied_actions" in denied.refusal("s3", "DeleteObjects")
    assert denied.refusal("s3", "DeleteObject") is None
    assert "not allowed through this proxy" in denied.refusal("iam", "CreateUser")


@pytest.mark.parametrize(
    "setting, value",
    [("allowed_action_groups", ["reed"]), ("denied_actions", ["CreateEndpoint"]), ("denied_actions", ["s3:Nope"])],
)
def test_a_typo_in_the_administrators_settings_is_an_error(setting, value):
    with pytest.raises(TraitError, match="AutopilotConfig"):
        AutopilotConfig(**{setting: value})


@pytest.fixture
def jp_server_config():
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_autopilot": True}},
        "AutopilotConfig": {"allowed_action_groups": ["read", "write"], "denied_actions": ["s3:CreateBucket"]},
    }


async def _sagemaker(browser, target):
    return await browser.fetch("POST", "/sagemaker/", body=b"{}", service="sagemaker",
                               headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": f"SageMaker.{target}"})


async def test_a_narrowed_server_refuses_what_the_administrator_removed(aws_env, browser, moto_server):
    response = await _sagemaker(browser, "ListAutoMLJobs")
    assert response.code == 200, response.body
    for target in ("StopAutoMLJob", "DeleteEndpoint", "CreateEndpoint"):
        response = await _sagemaker(browser, target)
        assert response.code == 403
        assert "allowed_action_groups" in proxy_error(response)["message"]
    response = await browser.fetch("PUT", "/s3/narrowed-bucket", service="s3")
    assert response.code == 403 and "denied_actions" in proxy_error(response)["message"]
    assert "narrowed-bucket" not in [b["Name"] for b in moto_server.client("s3").list_buckets()["Buckets"]]


@pytest.mark.parametrize(
    "method, path, headers",
    [
        ("PUT", "/s3/guarded?policy", {}),
        ("PUT", "/s3/guarded?acl", {}),
        ("PUT", "/s3/guarded?publicAccessBlock", {}),
        ("PUT", "/s3/guarded/object", {"x-amz-acl": "public-read"}),
        ("PUT", "/s3/guarded/copy", {"x-amz-copy-source": "guarded/object"}),
        ("DELETE", "/s3/guarded", {}),
        ("GET", "/s3/", {}),
    ],
)
async def test_s3_actions_outside_the_table_reach_no_aws(aws_env, browser, moto_server, method, path, headers):
    direct = moto_server.client("s3")
    direct.create_bucket(Bucket="guarded")
    response = await browser.fetch(method, path, body=b"{}" if method == "PUT" else None, headers=headers, service="s3")
    assert response.code == 403, response.body
    error = proxy_error(response)
    assert error["code"] == "ActionNotAllowed" and "s3" in error["message"].lower()
    assert [o["Key"] for o in direct.list_objects_v2(Bucket="guarded").get("Contents", [])] == []
    assert direct.get_bucket_acl(Bucket="guarded")["Grants"][0]["Permission"] == "FULL_CONTROL"
