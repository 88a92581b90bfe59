"""Training jobs, trial components and Search: the simulator's own jobs first, moto's for the rest."""
from . import validation as v
from .errors import AwsError
from .paging import page, sort, with_token
from .search import matches, sort_key
from .training import SimTrainingJob, resource_config

_SEARCHED = {"TrainingJob": "TrainingJob", "ExperimentTrialComponent": "TrialComponent"}


# How long a training job the user starts (e.g. the notebook's data transformers) runs, at speed 1.
STANDALONE_TRAINING_SECONDS = 30.0


class TrainingActions:
    def __init__(self, sim):
        self.sim = sim

    def CreateTrainingJob(self, params):
        name = v.job_name(params.get("TrainingJobName"), "trainingJobName", 63)
        if name in self.sim.training_jobs:
            raise AwsError("ResourceInUse", "Training job names must be unique within an AWS account and region, and "
                           "a training job with this name already exists (%s)" % self.sim.arn("training-job", name))
        v.role_arn(params.get("RoleArn"))
        v.s3_uri((params.get("OutputDataConfig") or {}).get("S3OutputPath"), "outputDataConfig.s3OutputPath")
        resources = resource_config(params)
        self.sim.check_training_quota(resources["InstanceType"], resources["InstanceCount"])
        job = SimTrainingJob(self.sim, name, self.sim.clock.now(), 0.0, STANDALONE_TRAINING_SECONDS,
                             definition=dict(params, StaticHyperParameters=params.get("HyperParameters", {})),
                             objective_metric=None, hyperparameters={})
        self.sim.register_training_job(job, params.get("Tags"))
        return {"TrainingJobArn": job.arn}

    def DescribeTrainingJob(self, params):
        job = self.sim.training_jobs.get(v.require(params, "TrainingJobName"))
        return job.describe() if job else self.sim.moto_call("DescribeTrainingJob", params)

    def StopTrainingJob(self, params):
        job = self.sim.training_jobs.get(v.require(params, "TrainingJobName"))
        if not job:
            return self.sim.moto_call("StopTrainingJob", params)
        job.stop(self.sim.elapsed(job.origin))
        return {}

    def DescribeTrialComponent(self, params):
        name = v.require(params, "TrialComponentName")
        job = self.sim.trial_component_owner(name)
        return job.trial_component() if job else self.sim.moto_call("DescribeTrialComponent", params)

    def ListTrainingJobs(self, params):
        ours = [j.summary() for j in self.sim.training_jobs.values()]
        theirs = self.sim.moto_call_all("ListTrainingJobs", {}, "TrainingJobSummaries")
        jobs = ours + [j for j in theirs if j["TrainingJobName"] not in self.sim.training_jobs]
        if params.get("NameContains"):
            jobs = [j for j in jobs if params["NameContains"].lower() in j["TrainingJobName"].lower()]
        if params.get("StatusEquals"):
            jobs = [j for j in jobs if j["TrainingJobStatus"] == params["StatusEquals"]]
        for key, after in (("CreationTimeAfter", True), ("CreationTimeBefore", False)):
            if key in params:
                bound = float(params[key])
                jobs = [j for j in jobs if (j["CreationTime"] > bound if after else j["CreationTime"] < bound)]
        sort_by = {"Name": "TrainingJobName", "Status": "TrainingJobStatus"}.get(params.get("SortBy"), "CreationTime")
        jobs = sort(jobs, lambda j: j[sort_by], params.get("SortOrder"), "Ascending")
        chunk, token = page(jobs, params, default_max=10)
        return with_token({"TrainingJobSummaries": chunk}, token)

    def Search(self, params):
        resource = v.require(params, "Resource")
        if resource not in _SEARCHED:
            return self.sim.FORWARD
        expression = params.get("SearchExpression")
        ours = []
        for job in self.sim.training_jobs.values():
            record = job.describe() if resource == "TrainingJob" else job.trial_component()
            if matches(record, expression):
                ours.append({_SEARCHED[resource]: record})
        query = {k: val for k, val in params.items() if k not in ("MaxResults", "NextToken", "SortBy", "SortOrder")}
        try:
            theirs = self.sim.moto_call_all("Search", query, "Results")
        except AwsError:
            theirs = []  # moto does not understand every filter SageMaker does; ours still answer
        results = ours + theirs
        sort_by = params.get("SortBy")
        if sort_by:
            key = sort_key(sort_by)
            results = sort(results, lambda r: key(r[_SEARCHED[resource]]), params.get("SortOrder"), "Descending")
        chunk, token = page(results, params, default_max=10)
        return with_token({"Results": chunk}, token)
