"""What real clients met in the peer test (F1, F4, F5, F7, F11, F13): tags, unknown actions, SDK-shaped
tuning requests, describes complete enough for the SDK's attach, names unique case-insensitively."""
import json
import urllib.request

import pytest
from botocore.exceptions import ClientError

from jupyterlab_autopilot.tests.sandbox_fixtures import churn_uri, manual_sandbox, sandbox, v2_request  # noqa: F401
from jupyterlab_autopilot.tests.test_sandbox_tuning import _definition


def _code(call, **params):
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]["Code"], info.value.response["ResponseMetadata"]["HTTPStatusCode"]


def _sdk_definition(sb, name, metric):
    """A definition as the SageMaker Python SDK 2.x sends it: HyperParameterTuningResourceConfig, no ResourceConfig."""
    d = _definition(sb, name, metric)
    d["HyperParameterTuningResourceConfig"] = d.pop("ResourceConfig")
    return d


def test_tags_on_the_simulators_resources(sandbox, churn_uri):
    sm = sandbox.client("sagemaker")
    request = v2_request(sandbox, "tagged-job", churn_uri)
    request["Tags"] = [{"Key": "team", "Value": "ml"}]
    arn = sm.create_auto_ml_job_v2(**request)["AutoMLJobArn"]
    assert sm.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "ml"}]
    sm.add_tags(ResourceArn=arn, Tags=[{"Key": "stage", "Value": "workshop"}])
    sm.delete_tags(ResourceArn=arn, TagKeys=["team"])
    assert sm.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "stage", "Value": "workshop"}]
    too_many = [{"Key": "k%d" % i, "Value": "v"} for i in range(51)]
    assert _code(sm.add_tags, ResourceArn=arn, Tags=too_many) == ("ValidationException", 400)


def test_unknown_action_is_a_json_400(sandbox):
    request = urllib.request.Request(sandbox.endpoints["sagemaker"], data=b"{}", method="POST", headers={
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "SageMaker.DescribeAutoMLJobV3"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request)
    assert info.value.code == 400
    assert json.loads(info.value.read()) == {"__type": "UnknownOperationException"}


def test_sdk_shaped_tuning_request_and_complete_describes(manual_sandbox):
    sb = manual_sandbox
    sm = sb.client("sagemaker")
    sm.create_hyper_parameter_tuning_job(
        HyperParameterTuningJobName="sdk-shaped",
        HyperParameterTuningJobConfig={"Strategy": "Bayesian", "ResourceLimits": {
            "MaxNumberOfTrainingJobs": 2, "MaxParallelTrainingJobs": 1}},
        TrainingJobDefinitions=[_sdk_definition(sb, "dpp0-xgboost", "validation:f1_binary")])
    sb.clock.advance(120)
    d = sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="SDK-shaped")
    definition = d["TrainingJobDefinitions"][0]
    assert definition["StaticHyperParameters"]["_tuning_objective_metric"] == "validation:f1_binary"
    assert definition["OutputDataConfig"]["KmsKeyId"] == ""
    job = sm.describe_training_job(TrainingJobName=d["BestTrainingJob"]["TrainingJobName"])
    assert job["OutputDataConfig"]["KmsKeyId"] == ""
    assert job["HyperParameters"]["_tuning_objective_metric"] == "validation:f1_binary"
    assert job["ResourceConfig"]["InstanceType"] == "ml.m5.4xlarge"
    assert sm.list_tags(ResourceArn=d["HyperParameterTuningJobArn"])["Tags"] == []
    both = _sdk_definition(sb, "a", "validation:f1")
    both["ResourceConfig"] = both["HyperParameterTuningResourceConfig"]
    assert _code(sm.create_hyper_parameter_tuning_job, HyperParameterTuningJobName="both",
                 HyperParameterTuningJobConfig={"Strategy": "Bayesian", "ResourceLimits": {
                     "MaxNumberOfTrainingJobs": 2, "MaxParallelTrainingJobs": 1}},
                 TrainingJobDefinitions=[both])[0] == "ValidationException"
    assert _code(sm.create_hyper_parameter_tuning_job, HyperParameterTuningJobName="SDK-SHAPED",
                 HyperParameterTuningJobConfig={"Strategy": "Bayesian", "ResourceLimits": {
                     "MaxNumberOfTrainingJobs": 2, "MaxParallelTrainingJobs": 1}},
                 TrainingJobDefinitions=[_sdk_definition(sb, "a", "validation:f1")])[0] == "ResourceInUse"


def test_names_are_unique_case_insensitively_and_logloss_is_no_objective(sandbox, churn_uri):
    sm = sandbox.client("sagemaker")
    sm.create_auto_ml_job_v2(**v2_request(sandbox, "Case-Job", churn_uri))
    assert _code(sm.create_auto_ml_job_v2, **v2_request(sandbox, "case-job", churn_uri))[0] == "ResourceInUse"
    assert sm.describe_auto_ml_job_v2(AutoMLJobName="CASE-JOB")["AutoMLJobName"] == "Case-Job"
    request = v2_request(sandbox, "logloss-job", churn_uri, ProblemType="BinaryClassification")
    request["AutoMLJobObjective"] = {"MetricName": "LogLoss"}
    assert _code(sm.create_auto_ml_job_v2, **request)[0] == "ValidationException"


def test_candidates_say_what_inference_they_support_and_regression_needs_a_numeric_target(manual_sandbox):
    from jupyterlab_autopilot.tests.sandbox_fixtures import upload_churn

    sb = manual_sandbox
    sm = sb.client("sagemaker")
    uri = upload_churn(sb)
    sm.create_auto_ml_job_v2(**v2_request(sb, "churn-best", uri, pilot=False, CompletionCriteria={"MaxCandidates": 2}))
    regression = v2_request(sb, "churn-regression", uri, ProblemType="Regression")
    regression["AutoMLJobObjective"] = {"MetricName": "MSE"}
    sm.create_auto_ml_job_v2(**regression)
    sb.clock.advance(400)
    containers = sm.describe_auto_ml_job_v2(AutoMLJobName="churn-best")["BestCandidate"]["InferenceContainers"]
    # What the SDK's AutoML.create_model(inference_response_keys=...) checks before it builds the model.
    assert "probability" in containers[-1]["Environment"]["SAGEMAKER_INFERENCE_SUPPORTED"].split(",")
    failed = sm.describe_auto_ml_job_v2(AutoMLJobName="churn-regression")
    assert failed["AutoMLJobStatus"] == "Failed" and "must be numeric" in failed["FailureReason"]


def _raw(sandbox, action, doc):
    request = urllib.request.Request(sandbox.endpoints["sagemaker"], data=json.dumps(doc).encode(), method="POST",
                                     headers={"Content-Type": "application/x-amz-json-1.1",
                                              "X-Amz-Target": "SageMaker." + action})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request)
    return info.value.code, json.loads(info.value.read())


def test_requests_are_checked_against_botocores_model(sandbox, churn_uri):
    """What a client without botocore's own checks can send (F14): AWS's codes and wording."""
    request = v2_request(sandbox, "typed-job", churn_uri)
    request["AutoMLProblemTypeConfig"]["TabularJobConfig"]["GenerateCandidateDefinitionsOnly"] = "yes"
    status, doc = _raw(sandbox, "CreateAutoMLJobV2", request)
    assert (status, doc["__type"]) == (400, "SerializationException")
    request = v2_request(sandbox, "no-output", churn_uri)
    del request["OutputDataConfig"]
    request["AutoMLJobName"] = "x" * 40
    status, doc = _raw(sandbox, "CreateAutoMLJobV2", request)
    assert doc["__type"] == "ValidationException"
    assert doc["message"].startswith("3 validation errors detected: ")  # the long name breaks length and pattern
    assert "Value null at 'outputDataConfig' failed to satisfy constraint: Member must not be null" in doc["message"]
    assert "at 'autoMLJobName' failed to satisfy constraint: Member must have length less than or equal to 32" in doc["message"]
