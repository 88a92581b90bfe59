"""Endpoints take time to come InService; injected faults look exactly like AWS's."""
import http.client
import json
import time
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError

from jupyterlab_autopilot.tests.sandbox_fixtures import manual_sandbox, sandbox  # noqa: F401 (fixtures)


def test_endpoint_lifecycle(manual_sandbox):
    sb = manual_sandbox
    sm = sb.client("sagemaker")
    sm.create_model(ModelName="churn-model", ExecutionRoleArn=sb.role_arn, PrimaryContainer={
        "Image": "382416733822.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1-cpu-py3",
        "ModelDataUrl": "s3://%s/model.tar.gz" % sb.bucket})
    sm.create_endpoint_config(EndpointConfigName="churn-config", ProductionVariants=[{
        "VariantName": "AllTraffic", "ModelName": "churn-model", "InitialInstanceCount": 1,
        "InstanceType": "ml.m5.large"}])
    sm.create_endpoint(EndpointName="churn-endpoint", EndpointConfigName="churn-config")
    assert sm.describe_endpoint(EndpointName="churn-endpoint")["EndpointStatus"] == "Creating"
    listed = sm.list_endpoints(NameContains="churn-endpoint")["Endpoints"]
    assert [e["EndpointStatus"] for e in listed] == ["Creating"]
    sb.clock.advance(30)
    assert sm.describe_endpoint(EndpointName="churn-endpoint")["EndpointStatus"] == "InService"
    assert sm.list_endpoints(StatusEquals="InService", NameContains="churn-endpoint")["Endpoints"]

    sm.delete_endpoint(EndpointName="churn-endpoint")
    with pytest.raises(ClientError):
        sm.describe_endpoint(EndpointName="churn-endpoint")
    sm.delete_endpoint_config(EndpointConfigName="churn-config")
    sm.delete_model(ModelName="churn-model")
    with pytest.raises(ClientError):
        sm.describe_model(ModelName="churn-model")


def test_throttling_then_recovery(sandbox):
    sm = sandbox.client("sagemaker")
    sandbox.faults.inject("ListAutoMLJobs", error="ThrottlingException", count=2)
    for _ in range(2):
        with pytest.raises(ClientError) as err:
            sm.list_auto_ml_jobs()
        assert err.value.response["Error"] == {"Code": "ThrottlingException", "Message": "Rate exceeded"}
        assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    sm.list_auto_ml_jobs()
    assert sandbox.faults.list() == []
    # The spent rule says how often it fired, so a test can prove the fault happened.
    assert [(r["action"], r["error"], r["fired"]) for r in sandbox.faults.spent()] == [
        ("ListAutoMLJobs", "ThrottlingException", 2)
    ]
    sandbox.faults.clear()
    assert sandbox.faults.spent() == []


def test_an_active_rule_counts_what_it_fired(sandbox):
    sm = sandbox.client("sagemaker")
    sandbox.faults.inject("ListAutoMLJobs", latency_ms=1)
    sm.list_auto_ml_jobs()
    assert [(r["action"], r["fired"], r["count"]) for r in sandbox.faults.list()] == [
        ("ListAutoMLJobs", 1, None)
    ]
    sandbox.faults.clear()


def test_resource_limit_and_raw_error_body(sandbox):
    sandbox.faults.inject("CreateAutoMLJobV2", error="ResourceLimitExceeded")
    try:
        req = urllib.request.Request(sandbox.endpoints["sagemaker"], method="POST", data=b"{}", headers={
            "X-Amz-Target": "SageMaker.CreateAutoMLJobV2", "Content-Type": "application/x-amz-json-1.1"})
        with pytest.raises(urllib.error.HTTPError) as raw:
            urllib.request.urlopen(req, timeout=10)
        body = json.loads(raw.value.read())
        assert raw.value.code == 400
        assert body["__type"] == "ResourceLimitExceeded" and "AutoML jobs" in body["message"]
        with pytest.raises(ClientError) as err:
            sandbox.client("sagemaker").create_auto_ml_job_v2(
                AutoMLJobName="limited", OutputDataConfig={"S3OutputPath": "s3://b/o"},
                AutoMLJobInputDataConfig=[{"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/i"}}}],
                AutoMLProblemTypeConfig={"TabularJobConfig": {"TargetAttributeName": "t"}}, RoleArn=sandbox.role_arn)
        assert err.value.response["Error"]["Code"] == "ResourceLimitExceeded"
    finally:
        sandbox.faults.clear()
    # Other actions were never affected; forwarded ones neither.
    sandbox.client("sagemaker").list_models()


def test_latency_applies_to_the_chosen_action_only(sandbox):
    sm = sandbox.client("sagemaker")
    sandbox.faults.inject("ListHyperParameterTuningJobs", latency_ms=400, count=1)
    started = time.monotonic()
    sm.list_hyper_parameter_tuning_jobs()
    assert time.monotonic() - started >= 0.4
    started = time.monotonic()
    sm.list_hyper_parameter_tuning_jobs()
    assert time.monotonic() - started < 0.4


def test_fault_api_refuses_bad_rules(sandbox):
    req = urllib.request.Request(sandbox.endpoints["sagemaker"] + "/_sandbox/faults", method="POST",
                                 data=json.dumps({"action": "ListModels"}).encode())
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=10)
    assert err.value.code == 400


def test_endpoint_quota_counts_the_other_endpoints_instances(manual_sandbox):
    sb = manual_sandbox
    sm = sb.client("sagemaker")
    sm.create_model(ModelName="quota-model", ExecutionRoleArn=sb.role_arn, PrimaryContainer={
        "Image": "382416733822.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1-cpu-py3",
        "ModelDataUrl": "s3://%s/model.tar.gz" % sb.bucket})
    for name, count in (("two", 2), ("one", 1)):
        sm.create_endpoint_config(EndpointConfigName="quota-%s" % name, ProductionVariants=[{
            "VariantName": "AllTraffic", "ModelName": "quota-model", "InitialInstanceCount": count,
            "InstanceType": "ml.m5.large"}])
    sm.create_endpoint(EndpointName="first", EndpointConfigName="quota-two")  # the default quota is 2 ml.m5.large
    with pytest.raises(ClientError) as err:
        sm.create_endpoint(EndpointName="second", EndpointConfigName="quota-one")
    assert err.value.response["Error"] == {"Code": "ResourceLimitExceeded", "Message": (
        "The account-level service limit 'ml.m5.large for endpoint usage' is 2 Instances, with current utilization "
        "of 2 Instances and a request delta of 1 Instances. Please use AWS Service Quotas to request an increase for "
        "this quota. If AWS Service Quotas is not available, contact AWS support to request an increase for this "
        "quota.")}
    with pytest.raises(ClientError):
        sm.describe_endpoint(EndpointName="second")  # nothing was created
    sm.delete_endpoint(EndpointName="first")
    sm.create_endpoint(EndpointName="second", EndpointConfigName="quota-one")
    assert sm.describe_endpoint(EndpointName="second")["EndpointStatus"] == "Creating"


def test_a_dropped_connection_gets_no_answer_at_all(sandbox):
    sandbox.faults.clear()  # the session's sandbox: earlier tests' spent rules
    sandbox.faults.inject("ListAutoMLJobs", drop=True, count=1)
    req = urllib.request.Request(sandbox.endpoints["sagemaker"], method="POST", data=b"{}", headers={
        "X-Amz-Target": "SageMaker.ListAutoMLJobs", "Content-Type": "application/x-amz-json-1.1"})
    try:
        with pytest.raises(http.client.RemoteDisconnected):
            urllib.request.urlopen(req, timeout=10)
        assert [(r["action"], r["drop"], r["fired"]) for r in sandbox.faults.spent()] == [("ListAutoMLJobs", True, 1)]
        # Spent after one call: the next one is answered.
        with urllib.request.urlopen(req, timeout=10) as answer:
            assert "AutoMLJobSummaries" in json.loads(answer.read())
    finally:
        sandbox.faults.clear()


@pytest.mark.parametrize("rule", [
    {"action": "ListModels", "drop": True, "error": "ThrottlingException"},
    {"action": "ListModels", "drop": "yes"},
])
def test_a_drop_is_a_fault_of_its_own(sandbox, rule):
    req = urllib.request.Request(sandbox.endpoints["sagemaker"] + "/_sandbox/faults", method="POST",
                                 data=json.dumps(rule).encode())
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=10)
    assert err.value.code == 400
    assert sandbox.faults.list() == []
