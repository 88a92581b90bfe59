"""The sandbox answers the Tuning step's requests as src/aws/tuning.ts sends them: training jobs 100 a page,
Search of trial components by 100 source ARNs in one page (5 Or-groups of 20 Equals filters, Search's limits)."""
from jupyterlab_autopilot.tests.sandbox_fixtures import manual_sandbox  # noqa: F401 (fixture)
from jupyterlab_autopilot.tests.test_sandbox_tuning import _create


def test_tuning_step_request_shapes(manual_sandbox):
    sb = manual_sandbox
    sm = sb.client("sagemaker")
    # Ten at once, above a new account's quotas: this test is about paging, not limits.
    for quota in ("Number of instances across all training jobs", "ml.m5.4xlarge for training job usage"):
        sb.simulator.quotas.set(quota, 10)
    _create(sm, sb, "churn-ab12c-notebook-251201-2004", max_jobs=120, parallel=10)
    for _ in range(400):
        d = sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="churn-ab12c-notebook-251201-2004")
        if d["HyperParameterTuningJobStatus"] != "InProgress":
            break
        sb.clock.advance(5)
    arns, token = [], None
    pages = 0
    while True:
        kw = dict(HyperParameterTuningJobName="churn-ab12c-notebook-251201-2004", MaxResults=100, SortBy="Name", SortOrder="Ascending")
        if token:
            kw["NextToken"] = token
        page = sm.list_training_jobs_for_hyper_parameter_tuning_job(**kw)
        pages += 1
        arns += [s["TrainingJobArn"] for s in page["TrainingJobSummaries"]]
        token = page.get("NextToken")
        if not token:
            break
    assert len(arns) == 120 and pages == 2
    batch = arns[:100]
    expr = {"Operator": "Or", "SubExpressions": [
        {"Operator": "Or", "Filters": [{"Name": "Source.SourceArn", "Operator": "Equals", "Value": a} for a in batch[i:i + 20]]}
        for i in range(0, 100, 20)]}
    r = sm.search(Resource="ExperimentTrialComponent", SearchExpression=expr, MaxResults=100)
    assert len(r["Results"]) == 100 and "NextToken" not in r
    names = {x["TrialComponent"]["Source"]["SourceArn"] for x in r["Results"]}
    assert names == set(batch)
    m = {x["MetricName"] for x in r["Results"][0]["TrialComponent"]["Metrics"]}
    assert "ObjectiveMetric" in m and "validation:f1" in m, m
    lst = sm.list_hyper_parameter_tuning_jobs(NameContains="churn-ab12c-notebook", SortBy="CreationTime", SortOrder="Descending", MaxResults=100)
    assert len(lst["HyperParameterTuningJobSummaries"]) == 1
