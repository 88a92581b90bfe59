"""Autopilot jobs: the status machine, the artifacts written to S3, and the candidates.

A job's timeline is fixed at creation (phase durations at speed 1 below); its status at any
moment is computed from the clock, and side effects (writing the notebooks, launching candidate
training jobs) happen when ``advance`` first sees the job past the relevant point.
"""
from ..dataset.rules import MIN_ROWS  # the panel warns of the same limit
from . import validation as v
from .automl_request import DEFAULT_OBJECTIVE, parse_v1, parse_v2
from .candidate_steps import ensure_steps, step_names
from .datasets import profile_s3_csv
from .errors import in_use, not_found, validation
from .job_files import HELPER_PACKAGE, helper_files, script_files
from .notebooks import candidate_plan, generated_module_files, render_candidate_notebook, render_exploration_notebook
from .paging import filter_jobs, page, sort, sort_by_metric, with_token
from .training import SimTrainingJob, objective_type_for, short_hash
from .tuning_data import write_tuning_data

PHASE_SECONDS = {
    "Starting": 5.0,
    "AnalyzingData": 20.0,
    "FeatureEngineering": 20.0,
    "ModelTuning": 60.0,
    "TrainingModels": 60.0,
    "GeneratingExplainabilityReport": 10.0,
    "GeneratingModelInsightsReport": 10.0,
}
STOPPING_SECONDS = 5.0
# A full run is capped at this many candidates (AWS's default is 250): enough to show the flow.
SANDBOX_MAX_CANDIDATES = 10
ENSEMBLING_MAX_BYTES = 100 * 1024 * 1024  # AUTO mode picks ENSEMBLING below this size

CANDIDATE_NOTEBOOK = "SageMakerAutopilotCandidateDefinitionNotebook.ipynb"
EXPLORATION_NOTEBOOK = "SageMakerAutopilotDataExplorationNotebook.ipynb"
_STANDARD_METRICS = {
    "Accuracy": "validation:accuracy", "F1": "validation:f1", "F1macro": "validation:f1", "AUC": "validation:auc",
    "BalancedAccuracy": "validation:accuracy", "Precision": "validation:f1", "PrecisionMacro": "validation:f1",
    "Recall": "validation:f1", "RecallMacro": "validation:f1",
    "MSE": "validation:mse", "RMSE": "validation:rmse", "MAE": "validation:mae", "R2": "validation:r2",
}


_SKLEARN_IMAGE = "683313688378.dkr.ecr.%s.amazonaws.com/sagemaker-sklearn-automl:2.5-1-cpu-py3"


class Candidate:
    def __init__(self, job, index, dpp, algorithm, start, end):
        self.job = job
        self.dpp, self.algorithm = dpp, algorithm
        tag = short_hash(job.arn, "tag", length=12)
        name = "%s%s-%03d-%s" % (job.name[:32], tag, index + 1, short_hash(job.arn, index))
        self.training_job = SimTrainingJob(
            job.sim, name, job.origin, start, end,
            definition={"RoleArn": job.spec.role_arn,
                        "OutputDataConfig": {"S3OutputPath": job.job_output_s3_base + "/tuning"},
                        "AlgorithmSpecification": {"TrainingImage": _image(job.sim.region, algorithm), "TrainingInputMode": "File"}},
            objective_metric=_STANDARD_METRICS.get(job.objective_metric, "validation:accuracy"),
            hyperparameters={"_tuning_objective_metric": _STANDARD_METRICS.get(job.objective_metric, "")},
            automl_job_arn=job.arn,
        )
        job.sim.register_training_job(self.training_job)
        ensure_steps(job, dpp, _SKLEARN_IMAGE % job.sim.region)

    @property
    def name(self):
        return self.training_job.name

    def status(self):
        return self.training_job.status()

    def shape(self):
        t = self.training_job
        status = t.status()
        job = self.job
        step = lambda kind, service, name: {
            "CandidateStepType": "AWS::SageMaker::%s" % kind,
            "CandidateStepArn": job.sim.arn(service, name), "CandidateStepName": name}
        split, transformer, transform = step_names(job, self.dpp)
        out = {
            "CandidateName": t.name,
            "ObjectiveStatus": {"Completed": "Succeeded", "InProgress": "Pending"}.get(status, "Failed"),
            "CandidateSteps": [
                step("ProcessingJob", "processing-job", split),
                step("TrainingJob", "training-job", transformer),
                step("TransformJob", "transform-job", transform),
                step("TrainingJob", "training-job", t.name),
            ],
            "CandidateStatus": status,
            "CreationTime": t._epoch(t.start),
            "LastModifiedTime": t.summary()["LastModifiedTime"],
            "InferenceContainers": self._containers(),
            "CandidateProperties": {},
        }
        if status != "InProgress":
            out["EndTime"] = t._epoch(t.finish_offset())
        if status == "Completed":
            out["FinalAutoMLJobObjectiveMetric"] = {
                "Type": objective_type_for(t.objective_metric), "MetricName": t.objective_metric,
                "Value": t.metrics[t.objective_metric], "StandardMetricName": job.objective_metric}
            out["CandidateProperties"] = {
                "CandidateArtifactLocations": {
                    "Explainability": "%s/documentation/explainability/output" % job.job_output_s3_base,
                    "ModelInsights": "%s/documentation/model_monitor/output" % job.job_output_s3_base},
                "CandidateMetrics": [
                    {"MetricName": std, "Value": t.metrics[metric], "Set": "Validation", "StandardMetricName": std}
                    for std, metric in _candidate_metrics(job.problem_type) if metric in t.metrics],
            }
        return out

    def _containers(self):
        job, region = self.job, self.job.sim.region
        model_base = "%s/data-processor-models/%s" % (job.job_output_s3_base, self.dpp)
        sklearn = _SKLEARN_IMAGE % region
        env = {"AUTOML_TRANSFORM_MODE": "feature-transform", "SAGEMAKER_PROGRAM": "sagemaker_serve",
               "SAGEMAKER_SUBMIT_DIRECTORY": "/opt/ml/model/code", "MAX_CONTENT_LENGTH": "20971520",
               "SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT": "text/csv"}
        # What the SDK's create_model(inference_response_keys=...) checks (F6 of the peer test).
        supported = ("predicted_label" if job.problem_type == "Regression"
                     else "predicted_label,probability,probabilities,labels")
        inference = {"SAGEMAKER_INFERENCE_SUPPORTED": supported, "SAGEMAKER_INFERENCE_OUTPUT": "predicted_label"}
        return [
            {"Image": sklearn, "ModelDataUrl": model_base + "/output/model.tar.gz", "Environment": env},
            {"Image": _image(region, self.algorithm),
             "ModelDataUrl": self.training_job.describe()["ModelArtifacts"]["S3ModelArtifacts"],
             "Environment": dict(inference, MAX_CONTENT_LENGTH="20971520")},
            {"Image": sklearn, "ModelDataUrl": model_base + "/output/model.tar.gz",
             "Environment": dict(env, AUTOML_TRANSFORM_MODE="inverse-label-transform", **inference)},
        ]


def _image(region, algorithm):
    repo = {"xgboost": "sagemaker-xgboost:1.7-1-cpu-py3", "linear-learner": "linear-learner:latest",
            "mlp": "mxnet-algorithms:training-cpu"}[algorithm]
    return "382416733822.dkr.ecr.%s.amazonaws.com/%s" % (region, repo)


def _candidate_metrics(problem_type):
    if problem_type == "Regression":
        return [("MSE", "validation:mse"), ("RMSE", "validation:rmse"), ("MAE", "validation:mae"), ("R2", "validation:r2")]
    out = [("Accuracy", "validation:accuracy"), ("F1", "validation:f1")]
    return out + ([("AUC", "validation:auc")] if problem_type == "BinaryClassification" else [])


class AutoMLJob:
    def __init__(self, sim, spec, profile, data_bytes, profiles=None):
        self.sim = sim
        self.profiles = profiles or {"training": profile}
        self.spec = spec
        self.name = spec.name
        self.arn = sim.arn("automl-job", self.name)
        self.origin = sim.clock.now()
        self.profile = profile
        self.target = spec.target
        self.problem_type = spec.problem_type or profile.infer_problem_type(spec.target)
        self.objective_metric = spec.objective or DEFAULT_OBJECTIVE[self.problem_type]
        self.pilot = spec.pilot
        if spec.mode == "AUTO":
            self.mode = "HYPERPARAMETER_TUNING" if spec.pilot or data_bytes >= ENSEMBLING_MAX_BYTES else "ENSEMBLING"
        else:
            self.mode = spec.mode
        self.role_arn = spec.role_arn
        self.region = sim.region
        self.job_output_s3_base = spec.output["S3OutputPath"].rstrip("/") + "/" + self.name
        folder = ("%s-pr-1-%s" % (self.name, short_hash(self.arn, "pr", length=64)))[:63]
        self.candidates_s3_base = "%s/sagemaker-automl-candidates/%s" % (self.job_output_s3_base, folder)
        target = profile.column(spec.target)
        counts = sorted(target.counts.values())
        self.positive_weight = (counts[-1] / counts[0]) if len(counts) == 2 and counts[0] else 1.0
        self.failure_reason = _analysis_failure(profile, spec.target, self.problem_type)
        self.phases = self._phases()
        self.stopped_at = None
        self.artifacts = None
        self.candidates = []
        self.max_candidates = min(spec.completion.get("MaxCandidates", 250), SANDBOX_MAX_CANDIDATES)

    def _phases(self):
        if self.pilot or self.failure_reason:
            names = ["Starting", "AnalyzingData"]
        elif self.mode == "ENSEMBLING":
            names = ["Starting", "AnalyzingData", "TrainingModels", "GeneratingExplainabilityReport",
                     "GeneratingModelInsightsReport"]
        else:
            names = ["Starting", "AnalyzingData", "FeatureEngineering", "ModelTuning",
                     "GeneratingExplainabilityReport", "GeneratingModelInsightsReport"]
        phases, t = [], 0.0
        for name in names:
            phases.append((name, t, t + PHASE_SECONDS[name]))
            t += PHASE_SECONDS[name]
        return phases

    def _phase(self, name):
        return next((p for p in self.phases if p[0] == name), None)

    @property
    def analysis_end(self):
        return self._phase("AnalyzingData")[2]

    @property
    def end_offset(self):
        if self.stopped_at is not None:
            return self.stopped_at + STOPPING_SECONDS
        return self.phases[-1][2]

    # -- status -----------------------------------------------------------------------------------
    def state(self):
        """(AutoMLJobStatus, AutoMLJobSecondaryStatus, offset at which this state began)."""
        now = self.sim.elapsed(self.origin)
        if self.stopped_at is not None:
            if now < self.stopped_at + STOPPING_SECONDS:
                return "Stopping", "Stopping", self.stopped_at
            return "Stopped", "Stopped", self.stopped_at + STOPPING_SECONDS
        for name, start, end in self.phases:
            if now < end:
                return "InProgress", name, start
        end = self.phases[-1][2]
        if self.failure_reason:
            return "Failed", "Failed", end
        if self.pilot:
            return "Completed", "CandidateDefinitionsGenerated", end
        reached = "MaxCandidatesReached" if "MaxCandidates" in self.spec.completion else "Completed"
        return "Completed", reached, end

    def stop(self):
        status = self.state()[0]
        if status != "InProgress":
            raise validation("AutoML job %s is in status %s and cannot be stopped." % (self.name, status))
        self.stopped_at = self.sim.elapsed(self.origin)
        for c in self.candidates:
            c.training_job.stop(self.stopped_at)

    def advance(self):
        now = self.sim.elapsed(self.origin)
        horizon = now if self.stopped_at is None else min(now, self.stopped_at)
        if self.artifacts is None and not self.failure_reason and horizon >= self.analysis_end:
            self._write_artifacts()
        window = self._phase("ModelTuning") or self._phase("TrainingModels")
        if window and self.artifacts is not None:
            _, start, end = window
            step = (end - start) / self.max_candidates
            plan = candidate_plan(self.problem_type)
            while len(self.candidates) < self.max_candidates and start + len(self.candidates) * step <= horizon:
                i = len(self.candidates)
                dpp, algorithm, _ = plan[i % len(plan)]
                self.candidates.append(Candidate(self, i, dpp, algorithm, start + i * step, start + (i + 1) * step))

    def _write_artifacts(self):
        notebooks = self.candidates_s3_base + "/notebooks/"
        self.artifacts = {"DataExplorationNotebookLocation": notebooks + EXPLORATION_NOTEBOOK}
        self.sim.put_s3(self.artifacts["DataExplorationNotebookLocation"], render_exploration_notebook(self, self.profile))
        if self.mode == "HYPERPARAMETER_TUNING":
            location = notebooks + CANDIDATE_NOTEBOOK
            self.sim.put_s3(location, render_candidate_notebook(self, self.profile))
            for path, text in generated_module_files(self, self.profile).items():
                self.sim.put_s3("%s/%s" % (self.candidates_s3_base, path), text)
            # What the candidate notebook runs on: the helper package, the dpp modules' scripts, the split data.
            for name, text in helper_files().items():
                self.sim.put_s3("%s/notebooks/%s/%s" % (self.candidates_s3_base, HELPER_PACKAGE, name), text)
            for name, text in script_files().items():
                self.sim.put_s3("%s/generated_module/candidate_data_processors/%s" % (self.candidates_s3_base, name), text)
            write_tuning_data(self.sim, self, self.profiles)
            self.artifacts = {"CandidateDefinitionNotebookLocation": location, **self.artifacts}

    def best_candidate(self):
        done = [c for c in self.candidates if c.status() == "Completed"]
        if not done or self.state()[0] not in ("Completed", "Stopped"):
            return None
        pick = max if objective_type_for(done[0].training_job.objective_metric) == "Maximize" else min
        return pick(done, key=lambda c: c.training_job.objective_value)

    # -- shapes -----------------------------------------------------------------------------------
    def _times(self):
        status, _, since = self.state()
        out = {"CreationTime": self.origin, "LastModifiedTime": self.sim.clock_epoch(self.origin, since)}
        if status in ("Completed", "Failed", "Stopped"):
            out["EndTime"] = self.sim.clock_epoch(self.origin, self.end_offset if self.stopped_at is not None else self.phases[-1][2])
        return out

    def summary(self):
        status, secondary, _ = self.state()
        out = {"AutoMLJobName": self.name, "AutoMLJobArn": self.arn, "AutoMLJobStatus": status,
               "AutoMLJobSecondaryStatus": secondary, **self._times()}
        if status == "Failed":
            out["FailureReason"] = self.failure_reason
        return out

    def _common_describe(self):
        out = self.summary()
        out["OutputDataConfig"] = self.spec.output
        out["RoleArn"] = self.role_arn
        out["AutoMLJobObjective"] = {"MetricName": self.objective_metric} if self.spec.objective else None
        if self.artifacts:
            out["AutoMLJobArtifacts"] = dict(self.artifacts)
        best = self.best_candidate()
        if best:
            out["BestCandidate"] = best.shape()
        if self.spec.model_deploy:
            out["ModelDeployConfig"] = self.spec.model_deploy
        if self.spec.security:
            out["SecurityConfig"] = self.spec.security
        return {k: val for k, val in out.items() if val is not None}

    def _resolved(self):
        return self.sim.elapsed(self.origin) >= self.analysis_end and not self.failure_reason

    def _completion(self):
        return dict({"MaxCandidates": 250, "MaxRuntimePerTrainingJobInSeconds": 86400,
                     "MaxAutoMLJobRuntimeInSeconds": 2592000}, **self.spec.completion)

    def describe_v1(self):
        out = self._common_describe()
        out["InputDataConfig"] = [dict(c["raw"], TargetAttributeName=self.target) for c in self.spec.channels]
        out["AutoMLJobConfig"] = {k: val for k, val in {
            "CompletionCriteria": self._completion(), "Mode": self.spec.mode,
            "DataSplitConfig": self.spec.data_split, "SecurityConfig": self.spec.security,
            "CandidateGenerationConfig": self.spec.candidate_generation}.items() if val}
        out["GenerateCandidateDefinitionsOnly"] = self.pilot
        if self.spec.problem_type:
            out["ProblemType"] = self.spec.problem_type
        if self._resolved():
            out["ResolvedAttributes"] = {"AutoMLJobObjective": {"MetricName": self.objective_metric},
                                         "ProblemType": self.problem_type, "CompletionCriteria": self._completion()}
        return out

    def describe_v2(self):
        out = self._common_describe()
        out["AutoMLJobInputDataConfig"] = [
            {k: val for k, val in c["raw"].items() if k not in ("TargetAttributeName", "SampleWeightAttributeName")}
            for c in self.spec.channels]
        tab = {"TargetAttributeName": self.target, "GenerateCandidateDefinitionsOnly": self.pilot,
               "Mode": self.spec.mode, "CompletionCriteria": self._completion()}
        for key, val in (("ProblemType", self.spec.problem_type), ("SampleWeightAttributeName", self.spec.sample_weight),
                         ("CandidateGenerationConfig", self.spec.candidate_generation),
                         ("FeatureSpecificationS3Uri", self.spec.feature_spec)):
            if val:
                tab[key] = val
        out["AutoMLProblemTypeConfig"] = {"TabularJobConfig": tab}
        out["AutoMLProblemTypeConfigName"] = "Tabular"
        if self.spec.data_split:
            out["DataSplitConfig"] = self.spec.data_split
        if self._resolved():
            out["ResolvedAttributes"] = {
                "AutoMLJobObjective": {"MetricName": self.objective_metric},
                "CompletionCriteria": self._completion(),
                "AutoMLProblemTypeResolvedAttributes": {"TabularResolvedAttributes": {"ProblemType": self.problem_type}},
            }
        return out


def _analysis_failure(profile, target, problem_type=None):
    if profile.rows < MIN_ROWS:
        return ("ClientError: The training dataset has %d rows. Autopilot needs at least %d rows to train "
                "candidate models." % (profile.rows, MIN_ROWS))
    if profile.column(target).unique < 2:
        return "ClientError: The target column %s has fewer than 2 distinct values." % target
    if problem_type == "Regression" and profile.column(target).kind != "numeric":
        # The sandbox's wording: AWS fails such a job during analysis too, with a message we could not record.
        return "ClientError: The target column %s must be numeric for problem type Regression." % target
    return None


class AutoMLActions:
    """The AutoML SageMaker actions, answered by the simulator."""

    # Creating reads the dataset from S3, which must not hold the simulator's lock.
    UNLOCKED = ("CreateAutoMLJob", "CreateAutoMLJobV2")

    def __init__(self, sim):
        self.sim = sim

    def _job(self, name):
        job = self.sim.automl_jobs.get(name)
        if not job:
            raise not_found("Could not find AutoML job with name %s" % name)
        return job

    def _create(self, spec):
        self._check_unique(spec.name)
        output_bucket, _ = v.s3_uri(spec.output["S3OutputPath"], "outputDataConfig.s3OutputPath")
        if not self.sim.bucket_exists(output_bucket):
            raise validation("The output bucket %s does not exist." % output_bucket)
        profiles = {}
        for ch in spec.channels:
            field = "%s channel" % (ch["ChannelType"] or "training")
            profile = profile_s3_csv(self.sim.s3, ch["S3Uri"], ch["S3DataType"], ch["CompressionType"], field)
            if spec.target not in profile.header:
                raise validation("Target attribute name %s does not exist in the header of the %s input file %s. "
                                 "Header: %s" % (spec.target, field, profile.uri, ",".join(profile.header)))
            if spec.sample_weight and spec.sample_weight not in profile.header:
                raise validation("Sample weight attribute name %s does not exist in the header of %s."
                                 % (spec.sample_weight, profile.uri))
            profiles[ch["ChannelType"] or "training"] = profile
        training = profiles["training"]
        if "validation" in profiles and profiles["validation"].header != training.header:
            raise validation("The validation dataset's header does not match the training dataset's header.")
        data_bytes = self.sim.object_size(training.uri)
        with self.sim.lock:
            self._check_unique(spec.name)
            job = AutoMLJob(self.sim, spec, training, data_bytes, profiles)
            self.sim.tags.own(job.arn, spec.tags)
            self.sim.automl_jobs[job.name] = job
        return job

    def _check_unique(self, name):
        if name in self.sim.automl_jobs:
            raise in_use("Job name must be unique within an AWS account and region, and a job with this name already "
                         "exists (%s)" % self.sim.arn("automl-job", name))

    def CreateAutoMLJob(self, params):
        return {"AutoMLJobArn": self._create(parse_v1(params)).arn}

    def CreateAutoMLJobV2(self, params):
        return {"AutoMLJobArn": self._create(parse_v2(params)).arn}

    def DescribeAutoMLJob(self, params):
        job = self._job(v.require(params, "AutoMLJobName"))
        # botocore's documentation: "AutoML jobs created by calling CreateAutoMLJobV2 cannot be described by
        # DescribeAutoMLJob" (the reverse is allowed). AWS's wording is not documented; this is the sandbox's.
        if job.spec.version == 2:
            raise validation("The AutoML job %s was created by calling CreateAutoMLJobV2 and cannot be described by "
                             "DescribeAutoMLJob. Call DescribeAutoMLJobV2." % job.name)
        return job.describe_v1()

    def DescribeAutoMLJobV2(self, params):
        return self._job(v.require(params, "AutoMLJobName")).describe_v2()

    def StopAutoMLJob(self, params):
        self._job(v.require(params, "AutoMLJobName")).stop()
        return {}

    def ListAutoMLJobs(self, params):
        jobs = [j.summary() for j in self.sim.automl_jobs.values()]
        jobs = filter_jobs(jobs, params, "AutoMLJobName", "AutoMLJobStatus")
        sort_by = {"Name": "AutoMLJobName", "Status": "AutoMLJobStatus"}.get(params.get("SortBy"), "CreationTime")
        jobs = sort(jobs, lambda j: j[sort_by], params.get("SortOrder"), "Descending")
        chunk, token = page(jobs, params, default_max=10)
        return with_token({"AutoMLJobSummaries": chunk}, token)

    def ListCandidatesForAutoMLJob(self, params):
        job = self._job(v.require(params, "AutoMLJobName"))
        candidates = [c.shape() for c in job.candidates]
        if params.get("StatusEquals"):
            candidates = [c for c in candidates if c["CandidateStatus"] == params["StatusEquals"]]
        if params.get("CandidateNameEquals"):
            candidates = [c for c in candidates if c["CandidateName"] == params["CandidateNameEquals"]]
        sort_by = params.get("SortBy", "CreationTime")
        if sort_by == "FinalObjectiveMetricValue":
            candidates = sort_by_metric(candidates, "FinalAutoMLJobObjectiveMetric", params.get("SortOrder"))
        elif sort_by in ("CreationTime", "Status"):
            key = "CandidateStatus" if sort_by == "Status" else "CreationTime"
            candidates = sort(candidates, lambda c: c[key], params.get("SortOrder"), "Ascending")
        else:
            v.one_of(sort_by, ("CreationTime", "Status", "FinalObjectiveMetricValue"), "sortBy")
        chunk, token = page(candidates, params, default_max=10)
        return with_token({"Candidates": chunk}, token)
