"""AutoML jobs in the sandbox, over real HTTP with boto3: validation, statuses, notebooks, Stop."""
import argparse
import importlib.util
import json
import os
import re
import subprocess
import time
import urllib.request

import nbformat
import pytest
from botocore.exceptions import ClientError

from jupyterlab_autopilot.tests.sandbox_fixtures import (  # noqa: F401 (fixtures)
    churn_uri, manual_sandbox, read_s3_uri, sandbox, upload_churn, v2_request,
)
from jupyterlab_autopilot.tests.workshop_run import answer_problems

TRIM_CLI = os.path.join(os.path.dirname(__file__), "..", "..", "lib-cli", "trim", "cli.js")
CHECK_TRIM = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "tools", "check-trim.py")
# What ../shared/tools/check-trim.py recognises as a candidate and as the tuner cell.
CAND_MD = re.compile(r"\*\*\[dpp(\d+)-([a-z0-9-]+?)\]\(")


def _error(call, **params):
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response


def _assert_autopilot_nbformat(raw):
    """Valid nbformat 4.4 with no cell ids, as Autopilot writes its notebooks."""
    nb = nbformat.reads(raw.decode("utf-8"), as_version=nbformat.NO_CONVERT)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) == (4, 4)
    assert not any("id" in cell for cell in nb.cells)
    assert set(nb.metadata) == {"kernelspec", "language_info"}


def _src(cell):
    return "".join(cell["source"])


def _candidates(cells):
    out = []
    for i, cell in enumerate(cells[:-1]):
        m = CAND_MD.match(_src(cell).lstrip()) if cell["cell_type"] == "markdown" else None
        if m and cells[i + 1]["cell_type"] == "code" and "select_candidate" in _src(cells[i + 1]):
            out.append((int(m.group(1)), m.group(2), _src(cell), _src(cells[i + 1])))
    return out


def _wait_statuses(sm, name, describe="describe_auto_ml_job_v2", timeout=30):
    seen = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        d = getattr(sm, describe)(AutoMLJobName=name)
        state = (d["AutoMLJobStatus"], d["AutoMLJobSecondaryStatus"])
        if not seen or seen[-1] != state:
            seen.append(state)
        if state[0] in ("Completed", "Failed", "Stopped"):
            return seen, d
        time.sleep(0.02)
    raise AssertionError("job %s did not finish: %s" % (name, seen))


def test_create_validation_errors_are_shaped_like_aws(sandbox, churn_uri):
    sm = sandbox.client("sagemaker")
    create = sm.create_auto_ml_job_v2

    bad_name = _error(create, **v2_request(sandbox, "bad_name", churn_uri))
    assert bad_name["Error"]["Code"] == "ValidationException"
    assert bad_name["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}" in bad_name["Error"]["Message"]
    too_long = _error(create, **v2_request(sandbox, "a" * 33, churn_uri))
    assert "length less than or equal to 32" in too_long["Error"]["Message"]

    missing_target = _error(create, **v2_request(sandbox, "no-target", churn_uri, TargetAttributeName="Churned"))
    assert missing_target["Error"]["Code"] == "ValidationException"
    assert "Churned" in missing_target["Error"]["Message"] and "Churn?" in missing_target["Error"]["Message"]

    both = v2_request(sandbox, "both-splits", churn_uri)
    both["AutoMLJobInputDataConfig"].append(dict(both["AutoMLJobInputDataConfig"][0], ChannelType="validation"))
    both["DataSplitConfig"] = {"ValidationFraction": 0.2}
    assert "ValidationFraction" in _error(create, **both)["Error"]["Message"]

    half_objective = v2_request(sandbox, "half-objective", churn_uri, ProblemType="BinaryClassification")
    assert "AutoMLJobObjective" in _error(create, **half_objective)["Error"]["Message"]

    bad_uri = v2_request(sandbox, "bad-uri", "s3:/nope")
    assert _error(create, **bad_uri)["Error"]["Code"] == "ValidationException"
    no_data = v2_request(sandbox, "no-data", "s3://%s/does/not/exist/" % sandbox.bucket)
    assert "No data files" in _error(create, **no_data)["Error"]["Message"]
    no_role = dict(v2_request(sandbox, "no-role", churn_uri), RoleArn="arn:aws:iam::123:not-a-role")
    assert _error(create, **no_role)["Error"]["Code"] == "ValidationException"

    # V1 has the same rules, with its own field names.
    v1 = _error(sm.create_auto_ml_job, AutoMLJobName="v1-missing-target", RoleArn=sandbox.role_arn,
                InputDataConfig=[{"TargetAttributeName": "nope", "DataSource": {"S3DataSource": {
                    "S3DataType": "S3Prefix", "S3Uri": churn_uri}}}],
                OutputDataConfig={"S3OutputPath": "s3://%s/out" % sandbox.bucket})
    assert v1["Error"]["Code"] == "ValidationException"

    # The raw body is AWS JSON 1.1: exactly __type and message.
    req = urllib.request.Request(sandbox.endpoints["sagemaker"], method="POST",
                                 data=json.dumps({"AutoMLJobName": "x_y"}).encode(),
                                 headers={"X-Amz-Target": "SageMaker.CreateAutoMLJobV2",
                                          "Content-Type": "application/x-amz-json-1.1"})
    with pytest.raises(urllib.error.HTTPError) as raw:
        urllib.request.urlopen(req, timeout=10)
    assert raw.value.code == 400
    assert set(json.loads(raw.value.read())) == {"__type", "message"}


@pytest.fixture(scope="module")
def pilot(sandbox, churn_uri):
    """A pilot job on the workshop dataset, run to the end: (statuses seen, DescribeAutoMLJobV2)."""
    sm = sandbox.client("sagemaker")
    arn = sm.create_auto_ml_job_v2(**v2_request(sandbox, "churn-pilot", churn_uri))["AutoMLJobArn"]
    assert arn.endswith(":automl-job/churn-pilot")
    return _wait_statuses(sm, "churn-pilot")


def test_pilot_runs_in_order_to_candidate_definitions(sandbox, churn_uri, pilot):
    sm = sandbox.client("sagemaker")
    duplicate = _error(sm.create_auto_ml_job_v2, **v2_request(sandbox, "churn-pilot", churn_uri))
    assert duplicate["Error"]["Code"] == "ResourceInUse"
    seen, job = pilot
    order = [("InProgress", "Starting"), ("InProgress", "AnalyzingData"), ("Completed", "CandidateDefinitionsGenerated")]
    assert seen[-1] == order[-1]
    assert [order.index(s) for s in seen] == sorted(order.index(s) for s in seen)
    assert job["ResolvedAttributes"]["AutoMLProblemTypeResolvedAttributes"]["TabularResolvedAttributes"] == {
        "ProblemType": "BinaryClassification"}
    assert job["ResolvedAttributes"]["AutoMLJobObjective"] == {"MetricName": "F1"}
    assert "BestCandidate" not in job
    assert sm.list_candidates_for_auto_ml_job(AutoMLJobName="churn-pilot")["Candidates"] == []
    artifacts = job["AutoMLJobArtifacts"]
    location = artifacts["CandidateDefinitionNotebookLocation"]
    assert re.match(r"s3://%s/autopilot-output/churn-pilot/sagemaker-automl-candidates/churn-pilot-pr-1-[0-9a-f]+/"
                    r"notebooks/SageMakerAutopilotCandidateDefinitionNotebook\.ipynb$" % sandbox.bucket, location)
    assert artifacts["DataExplorationNotebookLocation"] == location.replace(
        "SageMakerAutopilotCandidateDefinitionNotebook", "SageMakerAutopilotDataExplorationNotebook")


def test_candidate_notebook_has_the_real_structure(sandbox, pilot):
    location = pilot[1]["AutoMLJobArtifacts"]["CandidateDefinitionNotebookLocation"]
    raw = read_s3_uri(sandbox, location)
    nb = json.loads(raw)
    text = raw.decode("utf-8")
    assert text == json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"  # Jupyter's layout
    _assert_autopilot_nbformat(raw)
    cells = nb["cells"]
    assert all(isinstance(c["source"], list) for c in cells)
    assert _src(cells[0]).startswith("# Amazon SageMaker Autopilot Candidate Definition Notebook")
    assert "**21** columns" in _src(cells[0]) and "**Churn?**" in _src(cells[0])
    assert any("automl_interactive_runner = AutoMLInteractiveRunner(" in _src(c) for c in cells)

    cands = _candidates(cells)
    assert [d for d, *_ in cands] == list(range(len(cands))) and len(cands) >= 6
    algorithms = [a for _, a, *_ in cands]
    assert set(algorithms) == {"xgboost", "linear-learner", "mlp"}
    assert algorithms[0] == "xgboost" and algorithms.count("xgboost") > algorithms.count("linear-learner")
    for dpp, algo, md, code in cands:
        assert md.startswith("**[dpp%d-%s](churn-pilot-artifacts/generated_module/candidate_data_processors/dpp%d.py)**: "
                             % (dpp, algo, dpp))
        assert code.startswith("automl_interactive_runner.select_candidate({")
        assert '"name": "dpp%d"' % dpp in code and '"name": "%s"' % algo in code
        module = location.rsplit("/notebooks/", 1)[0] + "/generated_module/candidate_data_processors/dpp%d.py" % dpp
        assert b"def build_feature_transform" in read_s3_uri(sandbox, module)

    tuner = [c for c in cells if c["cell_type"] == "code" and "HyperparameterTuner.create(" in _src(c)]
    assert len(tuner) == 1
    lines = [line.strip() for line in _src(tuner[0]).splitlines()]
    kw = [line.split("=")[0] for line in lines if re.match(r"^[a-z_]+=", line)]
    assert kw.index("max_parallel_jobs") == kw.index("max_jobs") - 1
    assert "max_jobs=250," in lines
    fdt = [c for c in cells if c["cell_type"] == "code" and "fit_data_transformers(" in _src(c)]
    assert len(fdt) == 1 and re.search(r"fit_data_transformers\(parallel_jobs=\d+\)", _src(fdt[0]))


def test_exploration_notebook_summarises_the_real_dataset(sandbox, pilot):
    location = pilot[1]["AutoMLJobArtifacts"]["DataExplorationNotebookLocation"]
    raw = read_s3_uri(sandbox, location)
    _assert_autopilot_nbformat(raw)
    exploration = json.loads(raw)
    report = "".join(_src(c) for c in exploration["cells"])
    assert report.startswith("# Amazon SageMaker Autopilot Data Exploration Report")
    assert "<td>3333</td>" in report and "<td>21</td>" in report
    assert "<td>False.</td>" in report and "<td>2850</td>" in report and "<td>483</td>" in report
    assert "We found **0 of the 21** of the columns contained missing values." in report
    assert not _candidates(exploration["cells"])


def test_real_trimmer_accepts_the_candidate_notebook(sandbox, pilot, tmp_path):
    if not os.path.exists(TRIM_CLI):
        pytest.skip("lib-cli/trim/cli.js is not built yet")
    raw = read_s3_uri(sandbox, pilot[1]["AutoMLJobArtifacts"]["CandidateDefinitionNotebookLocation"])
    src = tmp_path / "SageMakerAutopilotCandidateDefinitionNotebook.ipynb"
    src.write_bytes(raw)
    if os.path.exists(CHECK_TRIM):
        # The project's executable contract, applied to this notebook.
        spec = importlib.util.spec_from_file_location("check_trim", CHECK_TRIM)
        check_trim = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(check_trim)
        for parallel in (None, 3):
            args = argparse.Namespace(max_jobs=8, max_parallel_jobs=4, parallel_jobs=parallel)
            assert check_trim.check_candidate(["node", TRIM_CLI], str(src), args) is None
    out = tmp_path / "out.ipynb"
    r = subprocess.run(["node", TRIM_CLI, str(src), "-o", str(out), "--max-jobs", "8", "--max-parallel-jobs", "4"],
                       capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    kept = {(d, a) for d, a, *_ in _candidates(json.loads(out.read_bytes())["cells"])}
    first = {}
    for dpp, algo, *_ in _candidates(json.loads(raw)["cells"]):
        first.setdefault(algo, dpp)
    assert kept == {(d, a) for a, d in first.items()}


def test_full_run_goes_through_every_status_to_a_best_candidate(manual_sandbox):
    sb = manual_sandbox
    sm = sb.client("sagemaker")
    uri = upload_churn(sb)
    request = v2_request(sb, "churn-full", uri, pilot=False, CompletionCriteria={"MaxCandidates": 4})
    sm.create_auto_ml_job_v2(**request)
    seen = []
    for _ in range(200):
        d = sm.describe_auto_ml_job_v2(AutoMLJobName="churn-full")
        state = (d["AutoMLJobStatus"], d["AutoMLJobSecondaryStatus"])
        if not seen or seen[-1] != state:
            seen.append(state)
        if state[0] != "InProgress":
            break
        sb.clock.advance(2.5)
    assert seen == [
        ("InProgress", "Starting"), ("InProgress", "AnalyzingData"), ("InProgress", "FeatureEngineering"),
        ("InProgress", "ModelTuning"), ("InProgress", "GeneratingExplainabilityReport"),
        ("InProgress", "GeneratingModelInsightsReport"), ("Completed", "MaxCandidatesReached"),
    ]
    best = d["BestCandidate"]
    assert best["CandidateStatus"] == "Completed" and best["FinalAutoMLJobObjectiveMetric"]["StandardMetricName"] == "F1"
    assert d["EndTime"] >= d["CreationTime"]

    listed = sm.list_candidates_for_auto_ml_job(AutoMLJobName="churn-full", SortBy="FinalObjectiveMetricValue")
    values = [c["FinalAutoMLJobObjectiveMetric"]["Value"] for c in listed["Candidates"]]
    assert len(values) == 4 and values == sorted(values, reverse=True)
    assert listed["Candidates"][0]["CandidateName"] == best["CandidateName"]
    paged = sm.list_candidates_for_auto_ml_job(AutoMLJobName="churn-full", MaxResults=3)
    assert len(paged["Candidates"]) == 3 and "NextToken" in paged

    # Every step a candidate names is a job that exists, finished before the candidate's training (F8).
    steps = {s["CandidateStepType"]: [] for s in best["CandidateSteps"]}
    for s in best["CandidateSteps"]:
        steps[s["CandidateStepType"]].append(s["CandidateStepName"])
    split = sm.describe_processing_job(ProcessingJobName=steps["AWS::SageMaker::ProcessingJob"][0])
    assert split["ProcessingJobStatus"] == "Completed" and split["AutoMLJobArn"].endswith("automl-job/churn-full")
    transformer = sm.describe_training_job(TrainingJobName=steps["AWS::SageMaker::TrainingJob"][0])
    assert transformer["TrainingJobStatus"] == "Completed" and transformer["AutoMLJobArn"] == split["AutoMLJobArn"]
    transform = sm.describe_transform_job(TransformJobName=steps["AWS::SageMaker::TransformJob"][0])
    assert transform["TransformJobStatus"] == "Completed"
    assert split["ProcessingEndTime"] <= transformer["TrainingEndTime"] <= transform["TransformEndTime"]
    assert transform["TransformEndTime"] <= best["CreationTime"]
    assert [s["CandidateStepName"] for s in best["CandidateSteps"]][-1] == best["CandidateName"]
    assert not answer_problems(sb)

    training = sm.describe_training_job(TrainingJobName=best["CandidateName"])
    assert training["TrainingJobStatus"] == "Completed"
    assert training["AutoMLJobArn"].endswith("automl-job/churn-full")
    metrics = {m["MetricName"]: m["Value"] for m in training["FinalMetricDataList"]}
    assert metrics["ObjectiveMetric"] == best["FinalAutoMLJobObjectiveMetric"]["Value"]

    resolved = d["ResolvedAttributes"]["AutoMLProblemTypeResolvedAttributes"]["TabularResolvedAttributes"]
    assert resolved["ProblemType"] == "BinaryClassification"
    assert d["AutoMLJobInputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"] == uri
    summaries = sm.list_auto_ml_jobs(NameContains="churn-full")["AutoMLJobSummaries"]
    assert [s["AutoMLJobStatus"] for s in summaries] == ["Completed"]


def test_stop_moves_through_stopping_to_stopped(manual_sandbox):
    sb = manual_sandbox
    sm = sb.client("sagemaker")
    uri = upload_churn(sb)
    sm.create_auto_ml_job(
        AutoMLJobName="churn-stop", RoleArn=sb.role_arn,
        InputDataConfig=[{"TargetAttributeName": "Churn?",
                          "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": uri}}}],
        OutputDataConfig={"S3OutputPath": "s3://%s/out" % sb.bucket},
        AutoMLJobConfig={"Mode": "HYPERPARAMETER_TUNING"})
    sb.clock.advance(60)  # into ModelTuning
    d = sm.describe_auto_ml_job(AutoMLJobName="churn-stop")
    assert d["AutoMLJobSecondaryStatus"] == "ModelTuning"
    sm.stop_auto_ml_job(AutoMLJobName="churn-stop")
    d = sm.describe_auto_ml_job(AutoMLJobName="churn-stop")
    assert (d["AutoMLJobStatus"], d["AutoMLJobSecondaryStatus"]) == ("Stopping", "Stopping")
    sb.clock.advance(10)
    d = sm.describe_auto_ml_job_v2(AutoMLJobName="churn-stop")
    assert (d["AutoMLJobStatus"], d["AutoMLJobSecondaryStatus"]) == ("Stopped", "Stopped")
    statuses = {c["CandidateStatus"] for c in sm.list_candidates_for_auto_ml_job(AutoMLJobName="churn-stop")["Candidates"]}
    assert statuses <= {"Completed", "Stopped"} and "Stopped" in statuses
    again = _error(sm.stop_auto_ml_job, AutoMLJobName="churn-stop")
    assert again["Error"]["Code"] == "ValidationException"
    assert _error(sm.describe_auto_ml_job_v2, AutoMLJobName="never-created")["Error"]["Code"] == "ResourceNotFound"


def test_small_dataset_fails_during_analysis(manual_sandbox):
    sb = manual_sandbox
    sm = sb.client("sagemaker")
    rows = "a,b,label\n" + "".join("%d,%d,%s\n" % (i, i * 2, "yes" if i % 3 else "no") for i in range(50))
    sb.client("s3").put_object(Bucket=sb.bucket, Key="small/data.csv", Body=rows.encode())
    request = v2_request(sb, "too-small", "s3://%s/small/" % sb.bucket, TargetAttributeName="label")
    sm.create_auto_ml_job_v2(**request)
    sb.clock.advance(30)
    d = sm.describe_auto_ml_job_v2(AutoMLJobName="too-small")
    assert (d["AutoMLJobStatus"], d["AutoMLJobSecondaryStatus"]) == ("Failed", "Failed")
    assert d["FailureReason"].startswith("ClientError:") and "AutoMLJobArtifacts" not in d
