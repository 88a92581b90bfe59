"""The services around SageMaker that the SDK calls, answered by the sandbox: Service Quotas (enforced),
CloudWatch Logs (fit(logs=True) streams them), InvokeEndpoint, and the environment that points clients there."""
import json
import os
import urllib.request

import pytest
from botocore.exceptions import ClientError

from jupyterlab_autopilot.sandbox import start_sandbox
from jupyterlab_autopilot.tests.test_sandbox_tuning import _definition


@pytest.fixture(scope="module")
def sb():
    with start_sandbox(speed=50, quotas={"ml.m5.xlarge for training job usage": 1}) as sandbox:
        yield sandbox


def _client(sb, service):
    import boto3

    return boto3.session.Session(region_name=sb.region).client(
        service, endpoint_url=sb.endpoints[service], aws_access_key_id="x", aws_secret_access_key="y")


def _training_request(sb, name, instance_type="ml.m5.xlarge"):
    return {"TrainingJobName": name, "RoleArn": sb.role_arn,
            "AlgorithmSpecification": {"TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
                                       "TrainingInputMode": "File"},
            "OutputDataConfig": {"S3OutputPath": "s3://%s/models" % sb.bucket},
            "ResourceConfig": {"InstanceType": instance_type, "InstanceCount": 1, "VolumeSizeInGB": 10},
            "StoppingCondition": {"MaxRuntimeInSeconds": 600}}


def test_env_and_sdk_config_point_every_client_at_the_sandbox(sb):
    for name in ("SAGEMAKER", "SAGEMAKER_RUNTIME", "SERVICE_QUOTAS"):
        assert sb.env["AWS_ENDPOINT_URL_" + name] == sb.endpoints["sagemaker"]
    for name in ("S3", "STS", "IAM", "CLOUDWATCH", "CLOUDWATCH_LOGS"):
        assert sb.env["AWS_ENDPOINT_URL_" + name] == sb.endpoints["moto"]
    with open(sb.env["SAGEMAKER_USER_CONFIG_OVERRIDE"]) as f:
        modules = json.load(f)["SageMaker"]["PythonSDK"]["Modules"]
    assert modules == {"TelemetryOptOut": True, "Session": {"DefaultS3Bucket": sb.bucket}}


def test_service_quotas_answer_and_are_enforced(sb):
    quotas = _client(sb, "service-quotas")
    listed = {q["QuotaName"]: q for q in quotas.list_service_quotas(ServiceCode="sagemaker")["Quotas"]}
    assert listed["ml.m5.4xlarge for training job usage"]["Value"] == 4.0
    assert listed["ml.m5.xlarge for training job usage"]["Value"] == 1.0  # set on the command line
    defaults = {q["QuotaName"]: q["Value"] for q in quotas.list_aws_default_service_quotas(ServiceCode="sagemaker")["Quotas"]}
    assert defaults["ml.m5.xlarge for training job usage"] == 4.0
    code = listed["Number of instances across all training jobs"]["QuotaCode"]
    assert quotas.get_service_quota(ServiceCode="sagemaker", QuotaCode=code)["Quota"]["Value"] == 4.0

    sm = sb.client("sagemaker")
    sm.create_training_job(**_training_request(sb, "quota-one"))
    with pytest.raises(ClientError) as info:
        sm.create_training_job(**_training_request(sb, "quota-two"))
    assert info.value.response["Error"]["Code"] == "ResourceLimitExceeded"
    assert info.value.response["Error"]["Message"].startswith(
        "The account-level service limit 'ml.m5.xlarge for training job usage' is 1 Instances, with current "
        "utilization of 1 Instances and a request delta of 1 Instances.")

    # The control API raises a quota; a tuning job whose parallel jobs do not fit is refused at create.
    request = urllib.request.Request(sb.endpoints["sagemaker"] + "/_sandbox/quotas", method="POST",
                                     data=json.dumps({"ml.m5.4xlarge for training job usage": 2}).encode())
    assert json.loads(urllib.request.urlopen(request).read())["quotas"]["ml.m5.4xlarge for training job usage"] == 2
    with pytest.raises(ClientError) as info:
        sm.create_hyper_parameter_tuning_job(
            HyperParameterTuningJobName="too-parallel",
            HyperParameterTuningJobConfig={"Strategy": "Bayesian", "ResourceLimits": {
                "MaxNumberOfTrainingJobs": 6, "MaxParallelTrainingJobs": 3}},
            TrainingJobDefinitions=[_definition(sb, "dpp0-xgboost", "validation:f1")])
    assert info.value.response["Error"]["Code"] == "ResourceLimitExceeded"


def test_fit_with_logs_streams_the_training_jobs_logs(sb, capsys, monkeypatch):
    sagemaker = pytest.importorskip("sagemaker")
    from jupyterlab_autopilot.tests import workshop_run

    for key, value in workshop_run.client_environment(sb).items():
        monkeypatch.setenv(key, value)
    from sagemaker.estimator import Estimator

    estimator = Estimator(image_uri="683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
                          role=sb.role_arn, instance_count=1, instance_type="ml.m5.large",
                          output_path="s3://%s/models" % sb.bucket, sagemaker_session=sagemaker.Session())
    estimator.fit("s3://%s/data/train/" % sb.bucket, job_name="fit-with-logs", logs=True)
    out = capsys.readouterr().out
    assert "fit-with-logs: Starting the training job" in out and "Reading channel training from s3://" in out
    model = estimator.model_data if isinstance(estimator.model_data, str) else estimator.model_data["S3DataSource"]["S3Uri"]
    bucket, key = model[len("s3://"):].split("/", 1)
    assert sb.client("s3").head_object(Bucket=bucket, Key=key)["ContentLength"] > 0


def test_unknown_endpoint_and_non_autopilot_models_are_clear_errors(sb):
    runtime = _client(sb, "sagemaker-runtime")
    with pytest.raises(ClientError) as info:
        runtime.invoke_endpoint(EndpointName="nothing-here", ContentType="text/csv", Body=b"1,2")
    assert info.value.response["Error"]["Code"] == "ValidationException"
    assert "nothing-here" in info.value.response["Error"]["Message"]
