"""Tuning jobs launch training jobs with metrics; List, Describe and Search report them."""
import pytest
from botocore.exceptions import ClientError

from jupyterlab_autopilot.tests.sandbox_fixtures import manual_sandbox  # noqa: F401 (fixture)


def _definition(sb, name, metric):
    return {
        "DefinitionName": name,
        "TuningObjective": {"Type": "Maximize", "MetricName": metric},
        "HyperParameterRanges": {
            "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "2", "MaxValue": "8", "ScalingType": "Logarithmic"}],
            "ContinuousParameterRanges": [{"Name": "eta", "MinValue": "0.001", "MaxValue": "1.0", "ScalingType": "Logarithmic"}],
            "CategoricalParameterRanges": [],
        },
        "StaticHyperParameters": {"objective": "binary:logistic"},
        "AlgorithmSpecification": {"TrainingImage": "382416733822.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1-cpu-py3",
                                   "TrainingInputMode": "File"},
        "RoleArn": sb.role_arn,
        "InputDataConfig": [{"ChannelName": "train", "DataSource": {"S3DataSource": {
            "S3DataType": "S3Prefix", "S3Uri": "s3://%s/transformed/%s" % (sb.bucket, name)}}}],
        "OutputDataConfig": {"S3OutputPath": "s3://%s/tuning" % sb.bucket},
        "ResourceConfig": {"InstanceType": "ml.m5.4xlarge", "InstanceCount": 1, "VolumeSizeInGB": 50},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
    }


def _create(sm, sb, name, max_jobs=6, parallel=2):
    return sm.create_hyper_parameter_tuning_job(
        HyperParameterTuningJobName=name,
        HyperParameterTuningJobConfig={
            "Strategy": "Bayesian",
            "ResourceLimits": {"MaxNumberOfTrainingJobs": max_jobs, "MaxParallelTrainingJobs": parallel},
            "TrainingJobEarlyStoppingType": "Auto",
        },
        TrainingJobDefinitions=[_definition(sb, "dpp0-xgboost", "validation:f1_binary"),
                                _definition(sb, "dpp2-linear-learner", "validation:binary_f_beta")],
    )


def test_tuning_job_launches_training_jobs_with_metrics(manual_sandbox):
    sb = manual_sandbox
    sm = sb.client("sagemaker")
    _create(sm, sb, "multi-algo-tuning")
    with pytest.raises(ClientError) as dup:
        _create(sm, sb, "multi-algo-tuning")
    assert dup.value.response["Error"]["Code"] == "ResourceInUse"

    max_running = 0
    for _ in range(100):
        d = sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="multi-algo-tuning")
        counters = d["TrainingJobStatusCounters"]
        max_running = max(max_running, counters["InProgress"])
        assert counters["InProgress"] <= 2
        if d["HyperParameterTuningJobStatus"] != "InProgress":
            break
        sb.clock.advance(2)
    assert d["HyperParameterTuningJobStatus"] == "Completed"
    assert max_running == 2 and counters["Completed"] == 6
    assert d["ObjectiveStatusCounters"]["Succeeded"] == 6

    listed = sm.list_training_jobs_for_hyper_parameter_tuning_job(
        HyperParameterTuningJobName="multi-algo-tuning", SortBy="FinalObjectiveMetricValue", MaxResults=100)
    summaries = listed["TrainingJobSummaries"]
    assert len(summaries) == 6
    assert {s["TrainingJobDefinitionName"] for s in summaries} == {"dpp0-xgboost", "dpp2-linear-learner"}
    values = [s["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] for s in summaries]
    assert values == sorted(values, reverse=True)
    assert d["BestTrainingJob"]["TrainingJobName"] == summaries[0]["TrainingJobName"]
    assert set(summaries[0]["TunedHyperParameters"]) == {"max_depth", "eta"}

    first = summaries[0]["TrainingJobName"]
    job = sm.describe_training_job(TrainingJobName=first)
    metrics = {m["MetricName"]: m["Value"] for m in job["FinalMetricDataList"]}
    assert {"validation:f1", "validation:accuracy", "ObjectiveMetric"} <= set(metrics)
    objective = summaries[0]["FinalHyperParameterTuningJobObjectiveMetric"]
    assert metrics["ObjectiveMetric"] == metrics[objective["MetricName"]] == objective["Value"]
    assert job["TuningJobArn"] == d["HyperParameterTuningJobArn"]
    assert job["HyperParameters"]["objective"] == "binary:logistic"
    # Deterministic: the same job reports the same numbers every time.
    assert sm.describe_training_job(TrainingJobName=first)["FinalMetricDataList"] == job["FinalMetricDataList"]

    found = sm.search(Resource="TrainingJob", SearchExpression={"Filters": [
        {"Name": "TuningJobArn", "Operator": "Equals", "Value": d["HyperParameterTuningJobArn"]},
        {"Name": "Metrics.validation:accuracy", "Operator": "GreaterThan", "Value": "0"}]}, MaxResults=100)
    assert len(found["Results"]) == 6
    assert all(r["TrainingJob"]["FinalMetricDataList"] for r in found["Results"])

    components = sm.search(Resource="ExperimentTrialComponent", SearchExpression={"Filters": [
        {"Name": "Source.SourceArn", "Operator": "Equals", "Value": job["TrainingJobArn"]}]})["Results"]
    assert len(components) == 1
    tc_metrics = {m["MetricName"]: m for m in components[0]["TrialComponent"]["Metrics"]}
    assert tc_metrics["validation:f1"]["Last"] == metrics["validation:f1"]
    described = sm.describe_trial_component(TrialComponentName=first + "-aws-training-job")
    assert described["Status"]["PrimaryStatus"] == "Completed" and described["Metrics"]

    names = {j["TrainingJobName"] for j in sm.list_training_jobs(MaxResults=100)["TrainingJobSummaries"]}
    assert {s["TrainingJobName"] for s in summaries} <= names
    summary = sm.list_hyper_parameter_tuning_jobs(NameContains="multi-algo")["HyperParameterTuningJobSummaries"]
    assert [s["HyperParameterTuningJobStatus"] for s in summary] == ["Completed"]


def test_stop_tuning_job_stops_running_training_jobs(manual_sandbox):
    sb = manual_sandbox
    sm = sb.client("sagemaker")
    _create(sm, sb, "stopped-tuning", max_jobs=10, parallel=3)
    sb.clock.advance(5)
    sm.stop_hyper_parameter_tuning_job(HyperParameterTuningJobName="stopped-tuning")
    assert sm.describe_hyper_parameter_tuning_job(
        HyperParameterTuningJobName="stopped-tuning")["HyperParameterTuningJobStatus"] == "Stopping"
    sb.clock.advance(60)
    d = sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="stopped-tuning")
    assert d["HyperParameterTuningJobStatus"] == "Stopped"
    assert d["TrainingJobStatusCounters"]["Stopped"] == 3 and d["TrainingJobStatusCounters"]["Completed"] == 0


def test_tuning_validation(manual_sandbox):
    sm = manual_sandbox.client("sagemaker")
    with pytest.raises(ClientError) as err:
        sm.create_hyper_parameter_tuning_job(
            HyperParameterTuningJobName="no_underscores",
            HyperParameterTuningJobConfig={"Strategy": "Bayesian", "ResourceLimits": {
                "MaxNumberOfTrainingJobs": 2, "MaxParallelTrainingJobs": 1}},
            TrainingJobDefinitions=[_definition(manual_sandbox, "a", "validation:f1")])
    assert err.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as err:
        sm.list_training_jobs_for_hyper_parameter_tuning_job(HyperParameterTuningJobName="missing")
    assert err.value.response["Error"] == {
        "Code": "ResourceNotFound", "Message": "Amazon SageMaker can't find a tuning job called missing. Type another name."}
    _create(sm, manual_sandbox, "twice")
    with pytest.raises(ClientError) as err:
        _create(sm, manual_sandbox, "Twice")
    assert err.value.response["Error"] == {
        "Code": "ResourceInUse",
        "Message": "A hyperparameter tuning job with the name, Twice, already exists. Choose a different name."}
