"""Hyperparameter tuning jobs that really launch (simulated) training jobs.

Training jobs start over time in ``MaxParallelTrainingJobs`` slots: job i starts in slot
i % P when job i - P ends, until ``MaxNumberOfTrainingJobs`` have run. Multi-algorithm jobs
(``TrainingJobDefinitions``) launch each definition in turn.
"""
import math

from . import validation as v
from .errors import in_use, not_found, validation
from .paging import page, sort, sort_by_metric, with_token
from .training import SimTrainingJob, resource_config, short_hash, unit_hash

TRAINING_SECONDS = 15.0  # one simulated training job at speed 1
STOPPING_SECONDS = 3.0
STRATEGIES = ("Bayesian", "Random", "Hyperband", "Grid")


class TuningJob:
    def __init__(self, sim, params):
        self.sim = sim
        self.params = params
        self.name = params["HyperParameterTuningJobName"]
        self.arn = sim.arn("hyper-parameter-tuning-job", self.name)
        self.origin = sim.clock.now()
        config = params["HyperParameterTuningJobConfig"]
        limits = config["ResourceLimits"]
        self.parallel = limits["MaxParallelTrainingJobs"]
        self.max_jobs = limits.get("MaxNumberOfTrainingJobs") or _grid_size(params)
        if params.get("TrainingJobDefinitions"):
            self.definitions = params["TrainingJobDefinitions"]
        else:
            self.definitions = [dict(params["TrainingJobDefinition"], HyperParameterRanges=config.get("ParameterRanges", {}))]
        self.starts, self.ends = self._schedule()
        self.training_jobs = []
        self.stopped_at = None

    def _schedule(self):
        starts, ends = [], []
        for i in range(self.max_jobs):
            start = ends[i - self.parallel] if i >= self.parallel else 0.5 * i  # a small stagger at first
            duration = TRAINING_SECONDS * (0.8 + 0.4 * unit_hash(self.name, i, "duration"))
            starts.append(start)
            ends.append(start + duration)
        return starts, ends

    # -- definitions ------------------------------------------------------------------------------
    def objective(self, definition_name=None):
        for d in self.definitions:
            if d.get("DefinitionName") == definition_name and d.get("TuningObjective"):
                return d["TuningObjective"]
        return self.params["HyperParameterTuningJobConfig"].get("HyperParameterTuningJobObjective") or {}

    def described_definition(self, definition):
        out = dict(definition)
        metric = self.objective(definition.get("DefinitionName")).get("MetricName")
        out["StaticHyperParameters"] = dict(definition.get("StaticHyperParameters", {}), _tuning_objective_metric=metric)
        out["OutputDataConfig"] = dict({"KmsKeyId": ""}, **definition["OutputDataConfig"])
        # The SDK's attach reads ResourceConfig even when the request sent HyperParameterTuningResourceConfig.
        out.setdefault("ResourceConfig", resource_config(definition))
        return out

    def objective_type(self, definition_name=None):
        return self.objective(definition_name).get("Type", "Maximize")

    # -- time -------------------------------------------------------------------------------------
    def advance(self):
        now = self.sim.elapsed(self.origin)
        horizon = now if self.stopped_at is None else min(now, self.stopped_at)
        while len(self.training_jobs) < self.max_jobs and self.starts[len(self.training_jobs)] <= horizon:
            self._launch(len(self.training_jobs))

    def _launch(self, i):
        definition = self.definitions[i % len(self.definitions)]
        definition_name = definition.get("DefinitionName")
        name = "%s-%03d-%s" % (self.name, i + 1, short_hash(self.arn, i))
        job = SimTrainingJob(
            self.sim, name, self.origin, self.starts[i], self.ends[i],
            definition=definition, definition_name=definition_name,
            objective_metric=self.objective(definition_name).get("MetricName", "validation:accuracy"),
            hyperparameters=dict(_sample(definition.get("HyperParameterRanges", {}), name),
                                 _tuning_objective_metric=self.objective(definition_name).get("MetricName", "")),
            tuning_job=self,
        )
        self.training_jobs.append(job)
        self.sim.register_training_job(job)

    def status(self):
        now = self.sim.elapsed(self.origin)
        if self.stopped_at is not None:
            return "Stopping" if now < self.stopped_at + STOPPING_SECONDS else "Stopped"
        return "Completed" if now >= self.ends[-1] else "InProgress"

    def end_offset(self):
        if self.stopped_at is not None:
            return self.stopped_at + STOPPING_SECONDS
        return self.ends[-1]

    def stop(self):
        if self.status() != "InProgress":
            raise validation("The hyperparameter tuning job %s is not in progress and cannot be stopped." % self.name)
        self.stopped_at = self.sim.elapsed(self.origin)
        for job in self.training_jobs:
            job.stop(self.stopped_at)

    # -- shapes -----------------------------------------------------------------------------------
    def counters(self):
        statuses = [j.status() for j in self.training_jobs]
        training = {"Completed": statuses.count("Completed"), "InProgress": statuses.count("InProgress"),
                    "RetryableError": 0, "NonRetryableError": 0, "Stopped": statuses.count("Stopped")}
        objective = {"Succeeded": training["Completed"], "Pending": training["InProgress"], "Failed": training["Stopped"]}
        return training, objective

    def best(self):
        done = [j for j in self.training_jobs if j.completed]
        if not done:
            return None
        maximize = self.objective_type(done[0].definition_name) == "Maximize"
        return (max if maximize else min)(done, key=lambda j: j.objective_value)

    def summary(self):
        status = self.status()
        training, objective = self.counters()
        out = {
            "HyperParameterTuningJobName": self.name,
            "HyperParameterTuningJobArn": self.arn,
            "HyperParameterTuningJobStatus": status,
            "Strategy": self.params["HyperParameterTuningJobConfig"]["Strategy"],
            "CreationTime": self.origin,
            "LastModifiedTime": self.sim.clock_epoch(self.origin, min(self.sim.elapsed(self.origin), self.end_offset())),
            "TrainingJobStatusCounters": training,
            "ObjectiveStatusCounters": objective,
            "ResourceLimits": self.params["HyperParameterTuningJobConfig"]["ResourceLimits"],
        }
        if status in ("Completed", "Stopped"):
            out["HyperParameterTuningEndTime"] = self.sim.clock_epoch(self.origin, self.end_offset())
        return out

    def describe(self):
        out = self.summary()
        out.pop("Strategy")
        out.pop("ResourceLimits")
        out["HyperParameterTuningJobConfig"] = self.params["HyperParameterTuningJobConfig"]
        for key in ("WarmStartConfig", "Autotune"):
            if key in self.params:
                out[key] = self.params[key]
        # The service adds _tuning_objective_metric to each definition's static hyperparameters and an
        # empty KmsKeyId to its output: HyperparameterTuner.attach reads both without a guard.
        if "TrainingJobDefinitions" in self.params:
            out["TrainingJobDefinitions"] = [self.described_definition(d) for d in self.definitions]
        else:
            out["TrainingJobDefinition"] = self.described_definition(self.params["TrainingJobDefinition"])
        best = self.best()
        if best:
            out["BestTrainingJob"] = best.tuning_summary()
            out["OverallBestTrainingJob"] = best.tuning_summary()
        out["ConsumedResources"] = {"RuntimeInSeconds": int(min(self.sim.elapsed(self.origin), self.end_offset()))}
        return out


def _grid_size(params):
    ranges = params["HyperParameterTuningJobConfig"].get("ParameterRanges", {})
    sizes = [len(r.get("Values", [])) for r in ranges.get("CategoricalParameterRanges", [])]
    return max(1, math.prod(sizes)) if sizes else 1


def _sample(ranges, seed):
    """Deterministic hyperparameter values inside the job's ranges, as strings (as SageMaker reports them)."""
    out = {}
    for r in ranges.get("IntegerParameterRanges", []):
        lo, hi = int(r["MinValue"]), int(r["MaxValue"])
        out[r["Name"]] = str(lo + int(unit_hash(seed, r["Name"]) * (hi - lo + 1)) if hi >= lo else lo)
    for r in ranges.get("ContinuousParameterRanges", []):
        lo, hi = float(r["MinValue"]), float(r["MaxValue"])
        u = unit_hash(seed, r["Name"])
        if r.get("ScalingType") in ("Logarithmic", "ReverseLogarithmic") and lo > 0:
            value = math.exp(math.log(lo) + u * (math.log(hi) - math.log(lo)))
        else:
            value = lo + u * (hi - lo)
        out[r["Name"]] = repr(round(value, 10))
    for r in ranges.get("CategoricalParameterRanges", []):
        values = r.get("Values", [])
        if values:
            out[r["Name"]] = '"%s"' % values[int(unit_hash(seed, r["Name"]) * len(values))]
    return out


def validate_create(params, sim):
    v.job_name(params.get("HyperParameterTuningJobName"), "hyperParameterTuningJobName")
    config = v.require(params, "HyperParameterTuningJobConfig")
    v.one_of(config.get("Strategy"), STRATEGIES, "hyperParameterTuningJobConfig.strategy")
    limits = config.get("ResourceLimits")
    if not limits:
        raise validation("1 validation error detected: Value null at 'hyperParameterTuningJobConfig.resourceLimits' "
                         "failed to satisfy constraint: Member must not be null")
    v.int_range(limits.get("MaxParallelTrainingJobs"), 1, None, "hyperParameterTuningJobConfig.resourceLimits.maxParallelTrainingJobs")
    if "MaxNumberOfTrainingJobs" in limits:
        v.int_range(limits["MaxNumberOfTrainingJobs"], 1, None, "hyperParameterTuningJobConfig.resourceLimits.maxNumberOfTrainingJobs")
    elif config["Strategy"] != "Grid":
        raise validation("MaxNumberOfTrainingJobs is required for the %s strategy." % config["Strategy"])
    single, multi = params.get("TrainingJobDefinition"), params.get("TrainingJobDefinitions")
    if bool(single) == bool(multi):
        raise validation("Exactly one of TrainingJobDefinition and TrainingJobDefinitions must be provided.")
    objective = config.get("HyperParameterTuningJobObjective")
    definitions = multi or [single]
    if multi:
        if len(multi) > 10:
            raise validation("TrainingJobDefinitions can have at most 10 definitions.")
        names = [d.get("DefinitionName") for d in multi]
        if None in names or len(set(names)) != len(names):
            raise validation("Each training job definition needs a unique DefinitionName.")
        if objective or config.get("ParameterRanges"):
            raise validation("HyperParameterTuningJobObjective and ParameterRanges must be set in each training job "
                             "definition, not in HyperParameterTuningJobConfig, when TrainingJobDefinitions is used.")
    for i, d in enumerate(definitions):
        field = "trainingJobDefinitions.%d" % (i + 1) if multi else "trainingJobDefinition"
        obj = d.get("TuningObjective") if multi else objective
        if not obj or not obj.get("MetricName"):
            raise validation("A tuning objective with a MetricName is required (%s)." % field)
        v.one_of(obj.get("Type"), ("Maximize", "Minimize"), field + ".tuningObjective.type")
        for key in ("AlgorithmSpecification", "RoleArn", "OutputDataConfig", "StoppingCondition"):
            if not d.get(key):
                raise validation("1 validation error detected: Value null at '%s.%s' failed to satisfy constraint: "
                                 "Member must not be null" % (field, key[:1].lower() + key[1:]))
        # Either resource member will do (the SageMaker Python SDK sends HyperParameterTuningResourceConfig),
        # but not both.
        if bool(d.get("ResourceConfig")) == bool(d.get("HyperParameterTuningResourceConfig")):
            raise validation("%s must have exactly one of ResourceConfig and HyperParameterTuningResourceConfig."
                             % field)
        v.role_arn(d["RoleArn"], field + ".roleArn")
        v.s3_uri(d["OutputDataConfig"].get("S3OutputPath"), field + ".outputDataConfig.s3OutputPath")
    if params["HyperParameterTuningJobName"] in sim.tuning_jobs:
        raise in_use("Hyperparameter tuning job with name %s already exists." % params["HyperParameterTuningJobName"])


class TuningActions:
    """The tuning-related SageMaker actions the simulator answers itself."""

    def __init__(self, sim):
        self.sim = sim

    def _job(self, name):
        job = self.sim.tuning_jobs.get(name)
        if not job:
            raise not_found("Amazon SageMaker can't find a tuning job with name %s" % name)
        return job

    def CreateHyperParameterTuningJob(self, params):
        validate_create(params, self.sim)
        # The tuning job will run MaxParallelTrainingJobs training jobs at once: they must fit the quotas.
        parallel = params["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxParallelTrainingJobs"]
        for definition in params.get("TrainingJobDefinitions") or [params["TrainingJobDefinition"]]:
            resources = resource_config(definition)
            self.sim.check_training_quota(resources["InstanceType"], resources["InstanceCount"] * parallel)
        job = TuningJob(self.sim, params)
        self.sim.tags.own(job.arn, params.get("Tags"))
        self.sim.tuning_jobs[job.name] = job
        job.advance()
        return {"HyperParameterTuningJobArn": job.arn}

    def DescribeHyperParameterTuningJob(self, params):
        return self._job(v.require(params, "HyperParameterTuningJobName")).describe()

    def StopHyperParameterTuningJob(self, params):
        self._job(v.require(params, "HyperParameterTuningJobName")).stop()
        return {}

    def DeleteHyperParameterTuningJob(self, params):
        job = self._job(v.require(params, "HyperParameterTuningJobName"))
        if job.status() not in ("Completed", "Stopped", "Failed"):
            raise validation("The hyperparameter tuning job %s must be in a terminal state to be deleted." % job.name)
        del self.sim.tuning_jobs[job.name]
        return {}

    def ListHyperParameterTuningJobs(self, params):
        jobs = [j.summary() for j in self.sim.tuning_jobs.values()]
        if params.get("NameContains"):
            jobs = [j for j in jobs if params["NameContains"].lower() in j["HyperParameterTuningJobName"].lower()]
        if params.get("StatusEquals"):
            jobs = [j for j in jobs if j["HyperParameterTuningJobStatus"] == params["StatusEquals"]]
        for key, cmp in (("CreationTimeAfter", lambda a, b: a > b), ("CreationTimeBefore", lambda a, b: a < b)):
            if key in params:
                jobs = [j for j in jobs if cmp(j["CreationTime"], float(params[key]))]
        sort_by = {"Name": "HyperParameterTuningJobName", "Status": "HyperParameterTuningJobStatus"}.get(
            params.get("SortBy"), "CreationTime")
        jobs = sort(jobs, lambda j: j[sort_by], params.get("SortOrder"), "Descending")
        chunk, token = page(jobs, params, default_max=100)
        return with_token({"HyperParameterTuningJobSummaries": chunk}, token)

    def ListTrainingJobsForHyperParameterTuningJob(self, params):
        job = self._job(v.require(params, "HyperParameterTuningJobName"))
        summaries = [t.tuning_summary() for t in job.training_jobs]
        if params.get("StatusEquals"):
            summaries = [s for s in summaries if s["TrainingJobStatus"] == params["StatusEquals"]]
        sort_by = params.get("SortBy", "Name")
        if sort_by == "FinalObjectiveMetricValue":
            summaries = sort_by_metric(
                summaries, "FinalHyperParameterTuningJobObjectiveMetric", params.get("SortOrder"))
        else:
            key = {"Name": "TrainingJobName", "CreationTime": "CreationTime", "Status": "TrainingJobStatus"}.get(sort_by)
            if not key:
                raise validation("Invalid SortBy: %s" % sort_by)
            summaries = sort(summaries, lambda s: s[key], params.get("SortOrder"), "Ascending")
        chunk, token = page(summaries, params, default_max=10)
        return with_token({"TrainingJobSummaries": chunk}, token)
