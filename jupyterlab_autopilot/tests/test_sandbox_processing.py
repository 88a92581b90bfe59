"""Processing jobs behave like jobs: statuses in time, outputs in S3, List/Describe, quotas, tags and Stop."""
import json
import urllib.request

import pytest
from botocore.exceptions import ClientError

from jupyterlab_autopilot.tests.sandbox_fixtures import manual_sandbox, read_s3_uri  # noqa: F401 (fixtures)

IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"


def processing_request(sb, name, instance_type="ml.m5.xlarge", count=1):
    """The request the SageMaker SDK's ScriptProcessor.run sends (botocore's CreateProcessingJob shape)."""
    return {
        "ProcessingJobName": name,
        "ProcessingInputs": [{
            "InputName": "input-1", "AppManaged": False,
            "S3Input": {"S3Uri": "s3://%s/data/churn.csv" % sb.bucket, "LocalPath": "/opt/ml/processing/input",
                        "S3DataType": "S3Prefix", "S3InputMode": "File", "S3DataDistributionType": "FullyReplicated"},
        }],
        "ProcessingOutputConfig": {"Outputs": [
            {"OutputName": "train", "AppManaged": False,
             "S3Output": {"S3Uri": "s3://%s/processed/%s/train" % (sb.bucket, name),
                          "LocalPath": "/opt/ml/processing/train", "S3UploadMode": "EndOfJob"}},
            {"OutputName": "test", "AppManaged": False,
             "S3Output": {"S3Uri": "s3://%s/processed/%s/test" % (sb.bucket, name),
                          "LocalPath": "/opt/ml/processing/test", "S3UploadMode": "EndOfJob"}},
        ]},
        "ProcessingResources": {"ClusterConfig": {"InstanceCount": count, "InstanceType": instance_type,
                                                  "VolumeSizeInGB": 30}},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        "AppSpecification": {"ImageUri": IMAGE, "ContainerEntrypoint": ["python3", "/opt/ml/processing/input/code/prep.py"]},
        "Environment": {"SPLIT": "0.8"},
        "RoleArn": sb.role_arn,
        "Tags": [{"Key": "project", "Value": "churn"}],
    }


def _answer_problems(sb):
    return json.loads(urllib.request.urlopen(sb.endpoints["sagemaker"] + "/_sandbox/answer-problems").read())["problems"]


def test_processing_job_runs_then_writes_its_outputs(manual_sandbox):
    sb = manual_sandbox
    sm = sb.client("sagemaker")
    arn = sm.create_processing_job(**processing_request(sb, "churn-prep"))["ProcessingJobArn"]
    assert arn.endswith(":processing-job/churn-prep")
    described = sm.describe_processing_job(ProcessingJobName="churn-prep")
    assert described["ProcessingJobStatus"] == "InProgress"
    assert described["AppSpecification"]["ImageUri"] == IMAGE
    assert described["ProcessingResources"]["ClusterConfig"]["InstanceType"] == "ml.m5.xlarge"
    assert "ProcessingEndTime" not in described
    prefix = "processed/churn-prep/"
    assert "Contents" not in sb.client("s3").list_objects_v2(Bucket=sb.bucket, Prefix=prefix)

    sb.clock.advance(30)
    described = sm.describe_processing_job(ProcessingJobName="churn-prep")
    assert described["ProcessingJobStatus"] == "Completed"
    assert described["ProcessingEndTime"] > described["CreationTime"]
    for output in ("train", "test"):
        info = json.loads(read_s3_uri(sb, "s3://%s/%s%s/sandbox-processing-output.json" % (sb.bucket, prefix, output)))
        assert info["processing_job"] == "churn-prep" and info["output"] == output
        assert info["inputs"] == ["s3://%s/data/churn.csv" % sb.bucket]

    summaries = sm.list_processing_jobs(NameContains="CHURN")["ProcessingJobSummaries"]
    assert [(s["ProcessingJobName"], s["ProcessingJobStatus"]) for s in summaries] == [("churn-prep", "Completed")]
    assert sm.list_processing_jobs(StatusEquals="InProgress")["ProcessingJobSummaries"] == []
    assert sm.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "project", "Value": "churn"}]
    sm.add_tags(ResourceArn=arn, Tags=[{"Key": "stage", "Value": "prep"}])
    assert len(sm.list_tags(ResourceArn=arn)["Tags"]) == 2
    # Names are unique case-insensitively, as for every SageMaker job.
    with pytest.raises(ClientError) as err:
        sm.create_processing_job(**processing_request(sb, "Churn-Prep"))
    assert err.value.response["Error"]["Code"] == "ResourceInUse"
    assert not _answer_problems(sb)


def test_stop_goes_through_stopping_to_stopped_and_writes_nothing(manual_sandbox):
    sb = manual_sandbox
    sm = sb.client("sagemaker")
    sm.create_processing_job(**processing_request(sb, "to-stop"))
    sb.clock.advance(5)
    sm.stop_processing_job(ProcessingJobName="to-stop")
    assert sm.describe_processing_job(ProcessingJobName="to-stop")["ProcessingJobStatus"] == "Stopping"
    sb.clock.advance(30)
    described = sm.describe_processing_job(ProcessingJobName="to-stop")
    assert described["ProcessingJobStatus"] == "Stopped"
    assert "Contents" not in sb.client("s3").list_objects_v2(Bucket=sb.bucket, Prefix="processed/to-stop/")
    with pytest.raises(ClientError) as err:
        sm.stop_processing_job(ProcessingJobName="to-stop")
    assert err.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as err:
        sm.describe_processing_job(ProcessingJobName="never-created")
    assert err.value.response["Error"]["Code"] == "ValidationException"
    assert "Could not find processing job" in err.value.response["Error"]["Message"]
    assert not _answer_problems(sb)


def test_processing_quota_is_enforced_while_jobs_run(manual_sandbox):
    sb = manual_sandbox
    sm = sb.client("sagemaker")
    sm.create_processing_job(**processing_request(sb, "big", count=3))  # the default quota is 4 ml.m5.xlarge
    with pytest.raises(ClientError) as err:
        sm.create_processing_job(**processing_request(sb, "too-big", count=2))
    assert err.value.response["Error"]["Code"] == "ResourceLimitExceeded"
    assert err.value.response["Error"]["Message"].startswith(
        "The account-level service limit 'ml.m5.xlarge for processing job usage' is 4 Instances, with current "
        "utilization of 3 Instances and a request delta of 2 Instances.")
    sm.create_processing_job(**processing_request(sb, "other-type", instance_type="ml.m5.large", count=2))
    sb.clock.advance(30)  # "big" has finished: its instances are free again
    sm.create_processing_job(**processing_request(sb, "fits-now", count=2))


def test_the_sdks_processor_runs_with_logs_and_finds_its_outputs(monkeypatch, capsys):
    sagemaker = pytest.importorskip("sagemaker")
    from jupyterlab_autopilot.sandbox import start_sandbox
    from jupyterlab_autopilot.tests import workshop_run

    with start_sandbox(speed=50) as sb:
        for key, value in workshop_run.client_environment(sb).items():
            monkeypatch.setenv(key, value)
        from sagemaker.processing import ProcessingInput, ProcessingOutput, Processor

        sb.client("s3").put_object(Bucket=sb.bucket, Key="data/churn.csv", Body=b"a,b\n1,2\n")
        processor = Processor(role=sb.role_arn, image_uri=IMAGE, instance_count=1, instance_type="ml.m5.xlarge",
                              sagemaker_session=sagemaker.Session())
        processor.run(inputs=[ProcessingInput(source="s3://%s/data/churn.csv" % sb.bucket,
                                              destination="/opt/ml/processing/input")],
                      outputs=[ProcessingOutput(source="/opt/ml/processing/train", output_name="train",
                                                destination="s3://%s/sdk-processed/train" % sb.bucket)],
                      job_name="sdk-processing", wait=True, logs=True)
        out = capsys.readouterr().out
        assert "sdk-processing: Starting the processing job" in out and "Processing job sdk-processing: Completed" in out
        assert processor.latest_job.describe()["ProcessingJobStatus"] == "Completed"
        info = json.loads(read_s3_uri(sb, "s3://%s/sdk-processed/train/sandbox-processing-output.json" % sb.bucket))
        assert info["processing_job"] == "sdk-processing"
        assert not _answer_problems(sb)
