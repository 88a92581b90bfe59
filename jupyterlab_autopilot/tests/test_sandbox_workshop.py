"""The whole workshop in the sandbox with real clients and outbound network blocked: a pilot job from the SDK's
AutoMLV2, its candidate notebook fetched with the AWS CLI, trimmed with the project's CLI and run top to bottom
in a real kernel, through the data transformers, the multi-algorithm tuning, the deploy and a prediction.
The untrimmed notebook stops where a new account's quotas stop it. Every answer fits botocore's output shape."""
import io
import os
import random
import shutil

import pytest

from jupyterlab_autopilot.sandbox import start_sandbox
from jupyterlab_autopilot.sandbox.shapes import answer_problems as shape_problems
from jupyterlab_autopilot.tests import workshop_run as run
from jupyterlab_autopilot.tests.sandbox_fixtures import churn_bytes

pytest.importorskip("sagemaker", reason="the workshop extra (sagemaker 2) is not installed")
pytest.importorskip("nbclient", reason="the workshop extra (nbclient) is not installed")
if not os.path.exists(run.TRIM_CLI) or not shutil.which("node"):
    pytest.skip("the trimmer CLI is not built (jlpm build:lib)", allow_module_level=True)

# Jobs take simulated minutes; at this speed each finishes within one of the SDK's own polls (5 s).
SPEED = 20
MAX_JOBS, MAX_PARALLEL_JOBS = 8, 4  # what the trimmer writes by default


@pytest.fixture(scope="module")
def workshop(tmp_path_factory):
    with start_sandbox(speed=SPEED) as sandbox:
        with run.as_client(sandbox) as env:
            import boto3

            boto3.DEFAULT_SESSION = None
            checked = []

            def check(http_response, parsed, model, **_):
                # botocore's after-call: the raw JSON answer checked against the operation's output shape.
                if http_response.status_code == 200 and model.service_model.service_name == "sagemaker":
                    import json

                    checked.append((model.name, shape_problems("sagemaker", model.name, json.loads(http_response.content or b"{}"))))

            boto3.setup_default_session()
            boto3.DEFAULT_SESSION.events.register("after-call.sagemaker", check)
            yield sandbox, env, tmp_path_factory, checked
        boto3.DEFAULT_SESSION = None


def _sagemaker_session():
    import boto3
    import sagemaker

    return sagemaker.Session(boto_session=boto3.DEFAULT_SESSION)


def _max_overlap(intervals):
    events = sorted([(s, 1) for s, _ in intervals] + [(e, -1) for _, e in intervals])
    running = peak = 0
    for _, step in events:
        running += step
        peak = max(peak, running)
    return peak


def _run_workshop(workshop, name, csv_text, target, problem_type, metric):
    sandbox, env, tmp, checked = workshop
    folder = str(tmp.mktemp(name))
    automl, describe = run.start_pilot(sandbox, name, csv_text, target, problem_type, metric)
    assert describe["AutoMLJobSecondaryStatus"] == "CandidateDefinitionsGenerated"
    trimmed = run.fetch_and_trim(describe, folder, env)
    nb, error = run.execute(trimmed, folder, env)
    assert error is None, "the trimmed notebook failed:\n%s" % error
    return sandbox, automl, nb


def _assert_workshop_results(sandbox, automl, nb, row, labels):
    import boto3
    from sagemaker.analytics import ExperimentAnalytics, HyperparameterTuningJobAnalytics, TrainingJobAnalytics
    from sagemaker.automl.automlv2 import AutoMLV2
    from sagemaker.estimator import Estimator
    from sagemaker.tuner import HyperparameterTuner

    session = _sagemaker_session()
    sm = session.sagemaker_client
    kept = [c.source.split('"name": "')[1].split('"')[0] for c in nb.cells
            if c.cell_type == "code" and c.source.startswith("automl_interactive_runner.select_candidate(")]
    # The kept candidates' data transformers trained, and their transformed data is where the tuner reads it.
    run_prefix = automl.current_job_name[:10]  # the notebook names its jobs after the pilot job
    jobs = sm.list_training_jobs(MaxResults=100, NameContains=run_prefix)["TrainingJobSummaries"]
    for dpp in kept:
        trained = [j for j in jobs if "-%s-train-" % dpp in j["TrainingJobName"]]
        assert [j["TrainingJobStatus"] for j in trained] == ["Completed"], dpp
    tuning = sm.list_hyper_parameter_tuning_jobs(NameContains=run_prefix)[
        "HyperParameterTuningJobSummaries"][0]["HyperParameterTuningJobName"]
    children = sm.list_training_jobs_for_hyper_parameter_tuning_job(
        HyperParameterTuningJobName=tuning, MaxResults=100)["TrainingJobSummaries"]
    assert len(children) == MAX_JOBS
    assert _max_overlap([(c["TrainingStartTime"], c["TrainingEndTime"]) for c in children]) <= MAX_PARALLEL_JOBS
    assert {c["TrainingJobDefinitionName"] for c in children} == {"%s-%s" % (dpp, algo) for dpp, algo in (
        k.split("-", 1) for k in [c.source.split("**[")[1].split("]")[0] for c in nb.cells
                                   if c.cell_type == "markdown" and c.source.startswith("**[dpp")])}
    assert len(HyperparameterTuningJobAnalytics(tuning, sagemaker_session=session).dataframe()) == MAX_JOBS

    # The SDK's attach and analytics calls work on what the notebook made.
    tuner = HyperparameterTuner.attach(tuning, sagemaker_session=session)
    best = tuner.best_training_job()
    estimator = Estimator.attach(best, sagemaker_session=session)
    assert estimator.latest_training_job.name == best
    assert AutoMLV2.attach(automl.current_job_name, sagemaker_session=session).current_job_name == automl.current_job_name
    metric = sm.describe_training_job(TrainingJobName=best)["FinalMetricDataList"][0]["MetricName"]
    assert not TrainingJobAnalytics(best, metric_names=[metric], sagemaker_session=session).dataframe().empty
    experiments = ExperimentAnalytics(sagemaker_session=session, search_expression={"Filters": [
        {"Name": "Source.SourceArn", "Operator": "Equals", "Value": sm.describe_training_job(TrainingJobName=best)["TrainingJobArn"]}]})
    assert len(experiments.dataframe()) == 1

    # The endpoint the notebook deployed is in service and predicts one of the target's labels, from the row.
    endpoints = sm.list_endpoints(StatusEquals="InService")["Endpoints"]
    [endpoint] = [e["EndpointName"] for e in endpoints if e["EndpointName"].startswith("AutoML-" + run_prefix)]
    runtime = boto3.DEFAULT_SESSION.client("sagemaker-runtime")
    answer = runtime.invoke_endpoint(EndpointName=endpoint, ContentType="text/csv", Accept="text/csv", Body=row)
    prediction = answer["Body"].read().decode().strip()
    assert prediction in labels
    from sagemaker.predictor import Predictor
    from sagemaker.serializers import CSVSerializer

    predictor = Predictor(endpoint, sagemaker_session=session, serializer=CSVSerializer())
    assert predictor.predict(row).decode().strip() == prediction  # deterministic


def _row(csv_text, target):
    import pandas as pd

    frame = pd.read_csv(io.StringIO(csv_text))
    return frame.drop(columns=[target]).iloc[3].to_csv(header=False, index=False).strip().replace("\n", ","), \
        {str(v) for v in frame[target].unique()}


def test_trimmed_churn_notebook_runs_to_a_prediction(workshop):
    csv_text = churn_bytes().decode().replace("\r\n", "\n")
    sandbox, automl, nb = _run_workshop(workshop, "churn", csv_text, "Churn?", "BinaryClassification", "F1")
    _assert_workshop_results(sandbox, automl, nb, *_row(csv_text, "Churn?"))
    assert not run.answer_problems(sandbox)
    checked = workshop[3]
    assert checked and all(not problems for _, problems in checked), [c for c in checked if c[1]]


def test_untrimmed_notebook_stops_at_the_new_accounts_quota(workshop):
    sandbox, env, tmp, _ = workshop
    folder = str(tmp.mktemp("untrimmed"))
    _, describe = run.start_pilot(sandbox, "untrimmed", churn_bytes().decode(), "Churn?", "BinaryClassification", "F1")
    notebook = run.fetch_and_trim(describe, folder, env, trim=False)
    # At the workshop's speed a transformer's training job (30 simulated seconds) can end before the fifth one
    # starts on a busy machine; at speed 1 the seven the untrimmed notebook starts at once overlap, as they do in
    # a real account, where each runs for minutes.
    speed, sandbox.clock.speed = sandbox.clock.speed, 1.0
    try:
        nb, error = run.execute(notebook, folder, env)
    finally:
        sandbox.clock.speed = speed
    assert error is not None and "fit_data_transformers(parallel_jobs=7)" in str(error)
    failed = next(c for c in nb.cells if c.cell_type == "code" and "fit_data_transformers" in c.source)
    text = " ".join(run.cell_text(failed).split())  # the SDK's rich traceback wraps long lines
    assert "ResourceLimitExceeded" in text
    assert ("The account-level service limit 'ml.m5.4xlarge for training job usage' is 4 Instances, with current "
            "utilization of 4 Instances and a request delta of 1 Instances.") in text


def _support_tickets(rows=600, seed=7):
    """A multiclass dataset with numeric, categorical and text columns: which team a support ticket goes to."""
    rng = random.Random(seed)
    words = {"billing": "invoice refund charge payment card overdue receipt".split(),
             "technical": "error crash login password install timeout server".split(),
             "sales": "upgrade plan pricing quote discount license seats".split()}
    filler = "please help with my account today thanks again".split()
    out = ["tenure_months,plan,channel,seats,description,team"]
    for _ in range(rows):
        team = rng.choice(sorted(words))
        text = " ".join(rng.sample(words[team], 3) + rng.sample(filler, 3))
        out.append("%d,%s,%s,%d,%s,%s" % (rng.randint(1, 72), rng.choice(["free", "pro", "enterprise"]),
                                          rng.choice(["email", "phone", "chat"]), rng.randint(1, 500), text, team))
    return "\n".join(out) + "\n"


def test_a_multiclass_dataset_with_text_goes_through_the_same_run(workshop):
    csv_text = _support_tickets()
    sandbox, automl, nb = _run_workshop(workshop, "tickets", csv_text, "team", "MulticlassClassification", "Accuracy")
    assert "MulticlassClassification" in "".join(c.source for c in nb.cells)
    _assert_workshop_results(sandbox, automl, nb, *_row(csv_text, "team"))
    assert not run.answer_problems(sandbox)
