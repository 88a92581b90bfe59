"""Simulated training jobs (launched by tuning jobs and AutoML runs) and their trial components.

A training job's whole life is fixed when it is created: it starts and ends at given simulated
offsets from its parent's creation, and its metrics are derived from a hash of its name, so every
Describe, List and Search answer is a pure function of the clock.
"""
import hashlib
import math

# How a metric family's value is drawn from a quality score q in [0, 1] (higher q = better model).
_FAMILIES = {
    "accuracy": lambda q: 0.80 + 0.16 * q,
    "f1": lambda q: 0.55 + 0.35 * q,
    "auc": lambda q: 0.84 + 0.14 * q,
    "balanced_accuracy": lambda q: 0.72 + 0.2 * q,
    "precision": lambda q: 0.60 + 0.3 * q,
    "recall": lambda q: 0.50 + 0.4 * q,
    "logloss": lambda q: 0.45 - 0.35 * q,
    "mse": lambda q: 60.0 - 50.0 * q,
    "rmse": lambda q: math.sqrt(60.0 - 50.0 * q),
    "mae": lambda q: 0.8 * math.sqrt(60.0 - 50.0 * q),
    "r2": lambda q: 0.25 + 0.6 * q,
}
_MINIMIZED = {"logloss", "mse", "rmse", "mae"}
CLASSIFICATION_METRICS = ("validation:accuracy", "validation:f1", "validation:auc", "train:accuracy")
REGRESSION_METRICS = ("validation:mse", "validation:rmse", "validation:mae", "validation:r2", "train:mse")


def unit_hash(*parts):
    """A deterministic pseudo-random number in [0, 1) from the given strings."""
    digest = hashlib.sha256("\x00".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2.0 ** 64


def short_hash(*parts, length=8):
    return hashlib.sha256("\x00".join(str(p) for p in parts).encode()).hexdigest()[:length]


def metric_family(metric_name):
    """Which family a metric name such as 'validation:f1_binary' or 'validation:binary_f_beta' measures."""
    name = metric_name.lower().split(":")[-1]
    for key, family in (("balanced", "balanced_accuracy"), ("f1", "f1"), ("f_beta", "f1"), ("f_1", "f1"),
                        ("auc", "auc"), ("accuracy", "accuracy"), ("precision", "precision"),
                        ("recall", "recall"), ("logloss", "logloss"), ("log_loss", "logloss"),
                        ("rmse", "rmse"), ("mse", "mse"), ("mae", "mae"), ("r2", "r2")):
        if key in name:
            return family
    return "accuracy"


def is_regression_metric(metric_name):
    return metric_family(metric_name) in ("mse", "rmse", "mae", "r2")


def final_metrics(job_name, objective_metric):
    """{metric name: value} a finished training job reports, 'ObjectiveMetric' included."""
    q = unit_hash(job_name, "quality")
    names = REGRESSION_METRICS if is_regression_metric(objective_metric) else CLASSIFICATION_METRICS
    values = {}
    for name in names:
        jitter = (unit_hash(job_name, name) - 0.5) * 0.1
        values[name] = round(_FAMILIES[metric_family(name)](min(1.0, max(0.0, q + jitter))), 6)
    values[objective_metric] = round(_FAMILIES[metric_family(objective_metric)](q), 6)
    values["ObjectiveMetric"] = values[objective_metric]
    return values


def objective_type_for(metric_name):
    return "Minimize" if metric_family(metric_name) in _MINIMIZED else "Maximize"


class SimTrainingJob:
    def __init__(self, sim, name, origin, start, end, *, definition, objective_metric, hyperparameters,
                 tuning_job=None, automl_job_arn=None, definition_name=None):
        self.sim = sim
        self.name = name
        self.arn = sim.arn("training-job", name)
        self.origin = origin  # epoch of the parent's creation; start/end are simulated offsets from it
        self.start, self.end = start, end
        self.stopped_at = None
        self.definition = definition
        self.definition_name = definition_name
        self.objective_metric = objective_metric
        self.hyperparameters = hyperparameters
        self.tuning_job = tuning_job
        self.automl_job_arn = automl_job_arn
        # A job without an objective (e.g. the SDK's SKLearn data transformer) reports no metrics.
        self.metrics = final_metrics(name, objective_metric) if objective_metric else {}
        self.outputs_written = False
        # Autopilot's own candidates run on the service's capacity, not on the account's training quotas.
        self.counts_against_quota = automl_job_arn is None

    def advance(self):
        """Once finished, leave the model, logs and metrics behind (once)."""
        if not self.outputs_written and self.status() != "InProgress":
            self.outputs_written = True
            self.sim.write_training_outputs(self)

    # -- state -----------------------------------------------------------------------------------
    def _epoch(self, offset):
        return self.sim.clock_epoch(self.origin, offset)

    def finish_offset(self):
        return self.stopped_at if self.stopped_at is not None and self.stopped_at < self.end else self.end

    def status(self):
        now = self.sim.elapsed(self.origin)
        if self.stopped_at is not None and self.stopped_at < self.end and now >= self.stopped_at:
            return "Stopped"
        return "Completed" if now >= self.end else "InProgress"

    def secondary_status(self):
        status = self.status()
        if status != "InProgress":
            return status
        progress = (self.sim.elapsed(self.origin) - self.start) / max(1e-9, self.end - self.start)
        return "Starting" if progress < 0.1 else "Downloading" if progress < 0.2 else "Training" if progress < 0.9 else "Uploading"

    def stop(self, at):
        if self.status() == "InProgress":
            self.stopped_at = at

    @property
    def completed(self):
        return self.status() == "Completed"

    @property
    def objective_value(self):
        return self.metrics[self.objective_metric] if self.completed else None

    # -- shapes ----------------------------------------------------------------------------------
    def summary(self):
        out = {
            "TrainingJobName": self.name,
            "TrainingJobArn": self.arn,
            "CreationTime": self._epoch(self.start),
            "LastModifiedTime": self._epoch(self.finish_offset() if self.status() != "InProgress" else self.start),
            "TrainingJobStatus": self.status(),
        }
        if self.status() != "InProgress":
            out["TrainingEndTime"] = self._epoch(self.finish_offset())
        return out

    def tuning_summary(self):
        """A HyperParameterTrainingJobSummary, as ListTrainingJobsForHyperParameterTuningJob returns it."""
        status = self.status()
        out = {
            "TrainingJobName": self.name,
            "TrainingJobArn": self.arn,
            "TuningJobName": self.tuning_job.name,
            "CreationTime": self._epoch(self.start),
            "TrainingStartTime": self._epoch(self.start),
            "TrainingJobStatus": status,
            "TunedHyperParameters": {k: val for k, val in self.hyperparameters.items() if not k.startswith("_")},
            "ObjectiveStatus": "Succeeded" if status == "Completed" else "Pending" if status == "InProgress" else "Failed",
        }
        if self.definition_name:
            out["TrainingJobDefinitionName"] = self.definition_name
        if status != "InProgress":
            out["TrainingEndTime"] = self._epoch(self.finish_offset())
        if status == "Completed":
            out["FinalHyperParameterTuningJobObjectiveMetric"] = {
                "Type": self.tuning_job.objective_type(self.definition_name),
                "MetricName": self.objective_metric,
                "Value": self.metrics[self.objective_metric],
            }
        return out

    def describe(self):
        status = self.status()
        d = self.definition
        out = {
            "TrainingJobName": self.name,
            "TrainingJobArn": self.arn,
            "ModelArtifacts": {"S3ModelArtifacts": "%s/%s/output/model.tar.gz" % (
                d.get("OutputDataConfig", {}).get("S3OutputPath", "s3://%s" % self.sim.default_bucket).rstrip("/"), self.name)},
            "TrainingJobStatus": status,
            "SecondaryStatus": self.secondary_status(),
            "HyperParameters": dict(d.get("StaticHyperParameters", {}), **self.hyperparameters),
            "AlgorithmSpecification": d.get("AlgorithmSpecification", {}),
            "RoleArn": d.get("RoleArn", self.sim.role_arn),
            "InputDataConfig": d.get("InputDataConfig", []),
            "OutputDataConfig": dict({"KmsKeyId": ""}, **d.get("OutputDataConfig", {})),
            "ResourceConfig": resource_config(d),
            "StoppingCondition": d.get("StoppingCondition", {"MaxRuntimeInSeconds": 86400}),
            "CreationTime": self._epoch(self.start),
            "TrainingStartTime": self._epoch(self.start),
            "LastModifiedTime": self._epoch(self.finish_offset() if status != "InProgress" else self.start),
            "EnableNetworkIsolation": False,
            "EnableInterContainerTrafficEncryption": False,
            "EnableManagedSpotTraining": False,
        }
        if self.tuning_job:
            out["TuningJobArn"] = self.tuning_job.arn
        if self.automl_job_arn:
            out["AutoMLJobArn"] = self.automl_job_arn
        if status != "InProgress":
            seconds = int(self.finish_offset() - self.start)
            out.update(TrainingEndTime=self._epoch(self.finish_offset()), TrainingTimeInSeconds=seconds,
                       BillableTimeInSeconds=seconds)
        if status == "Completed":
            out["FinalMetricDataList"] = [
                {"MetricName": k, "Value": v, "Timestamp": self._epoch(self.end)} for k, v in self.metrics.items()
            ]
        return out

    @property
    def trial_component_name(self):
        return "%s-aws-training-job" % self.name

    def trial_component(self):
        """The ExperimentTrialComponent SageMaker records for this training job, with its metrics."""
        status = self.status()
        out = {
            "TrialComponentName": self.trial_component_name,
            "DisplayName": self.trial_component_name,
            "TrialComponentArn": self.sim.arn("experiment-trial-component", self.trial_component_name),
            "Source": {"SourceArn": self.arn, "SourceType": "SageMakerTrainingJob"},
            "Status": {"PrimaryStatus": status},
            "StartTime": self._epoch(self.start),
            "CreationTime": self._epoch(self.start),
            "LastModifiedTime": self._epoch(self.finish_offset() if status != "InProgress" else self.start),
            "Parameters": {k: _parameter(v) for k, v in self.describe()["HyperParameters"].items()},
            "InputArtifacts": {},
            "OutputArtifacts": {},
            "Metrics": [],
            "Parents": [],
        }
        if status != "InProgress":
            out["EndTime"] = self._epoch(self.finish_offset())
        if status == "Completed":
            out["OutputArtifacts"]["SageMaker.ModelArtifact"] = {"Value": self.describe()["ModelArtifacts"]["S3ModelArtifacts"]}
            for name, value in self.metrics.items():
                # A small spread around the final value, as CloudWatch summaries show.
                spread = abs(value) * 0.05
                out["Metrics"].append({
                    "MetricName": name, "SourceArn": self.arn, "TimeStamp": self._epoch(self.end),
                    "Max": round(value + spread, 6), "Min": round(value - spread, 6), "Last": value,
                    "Count": 10, "Avg": value, "StdDev": round(spread / 2, 6),
                })
        return out


def resource_config(definition):
    """The ResourceConfig a training job ran with, from either member a request may carry."""
    if definition.get("ResourceConfig"):
        return definition["ResourceConfig"]
    flexible = definition.get("HyperParameterTuningResourceConfig") or {}
    first = (flexible.get("InstanceConfigs") or [flexible])[0]
    return {"InstanceType": first.get("InstanceType", "ml.m5.4xlarge"), "InstanceCount": first.get("InstanceCount", 1),
            "VolumeSizeInGB": first.get("VolumeSizeInGB", flexible.get("VolumeSizeInGB", 30))}


def _parameter(value):
    try:
        return {"NumberValue": float(value)}
    except (TypeError, ValueError):
        return {"StringValue": str(value)}
