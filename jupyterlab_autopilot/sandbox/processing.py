"""Processing jobs: they take time, can be stopped, and leave a file in each of their S3 outputs.

The sandbox cannot run the job's container, so each ``ProcessingOutputConfig`` output receives
``sandbox-processing-output.json`` (which job wrote it, from which inputs): the next step finds
its prefix populated, and a reader can tell the data is the sandbox's. Its CloudWatch Logs stream
says what it read (``Processor.run(logs=True)`` streams it). Stop moves a running job
to ``Stopping`` for a moment, then ``Stopped``, as AWS does; a stopped job writes no outputs.
"""
import json

from . import outputs
from . import validation as v
from .errors import in_use, validation
from .paging import filter_jobs, page, sort, with_token

PROCESSING_SECONDS = 20.0
STOPPING_SECONDS = 2.0
OUTPUT_FILE = "sandbox-processing-output.json"
_DESCRIBED = ("ProcessingInputs", "ProcessingOutputConfig", "ProcessingResources", "StoppingCondition",
              "AppSpecification", "Environment", "NetworkConfig", "RoleArn", "ExperimentConfig")


class ProcessingJob:
    def __init__(self, sim, params, origin=None, seconds=PROCESSING_SECONDS, automl_job_arn=None):
        self.sim, self.params = sim, params
        self.name = params["ProcessingJobName"]
        self.arn = sim.arn("processing-job", self.name)
        self.origin = sim.clock.now() if origin is None else origin
        self.seconds = seconds
        self.automl_job_arn = automl_job_arn
        # Autopilot's own steps run on the service's capacity, not on the account's processing quotas.
        self.counts_against_quota = automl_job_arn is None
        self.stopped_at = None  # simulated offset from origin
        self.written = False

    @property
    def cluster(self):
        return self.params["ProcessingResources"]["ClusterConfig"]

    def status(self):
        now = self.sim.elapsed(self.origin)
        if self.stopped_at is not None:
            return "Stopping" if now < self.stopped_at + STOPPING_SECONDS else "Stopped"
        return "Completed" if now >= self.seconds else "InProgress"

    def end_offset(self):
        return self.seconds if self.stopped_at is None else self.stopped_at + STOPPING_SECONDS

    def stop(self):
        if self.status() != "InProgress":
            raise validation("The processing job %s is not in progress; its status is %s." % (self.name, self.status()))
        self.stopped_at = self.sim.elapsed(self.origin)

    def advance(self):
        """Once finished, leave the logs behind, and the outputs if it completed (once)."""
        status = self.status()
        if not self.written and status in ("Completed", "Stopped"):
            self.written = True
            if status == "Completed":
                self._write_outputs()
            self._write_logs(status)

    def _write_logs(self, status):
        start, end = self.origin, self.sim.clock_epoch(self.origin, self.end_offset())
        lines = ["%s: Starting the processing job (simulated by the jupyterlab-autopilot sandbox)" % self.name]
        lines += ["Input %s from %s" % (i.get("InputName"), i.get("S3Input", {}).get("S3Uri"))
                  for i in self.params.get("ProcessingInputs", [])]
        lines.append("Processing job %s: %s" % (self.name, status))
        outputs.write_logs(self.sim.aws("logs"), "%s/algo-1-%d" % (self.name, int(start)), lines, start, end,
                           group=outputs.PROCESSING_LOG_GROUP)

    def _write_outputs(self):
        inputs = [i.get("S3Input", {}).get("S3Uri") for i in self.params.get("ProcessingInputs", []) if i.get("S3Input")]
        for output in (self.params.get("ProcessingOutputConfig") or {}).get("Outputs", []):
            uri = (output.get("S3Output") or {}).get("S3Uri")
            if not uri:
                continue  # a FeatureStoreOutput: the sandbox has no Feature Store
            info = {"processing_job": self.name, "output": output.get("OutputName"), "inputs": inputs,
                    "note": "written by the jupyterlab-autopilot sandbox, which does not run the job's container"}
            self.sim.put_s3("%s/%s" % (uri.rstrip("/"), OUTPUT_FILE), json.dumps(info, indent=1))

    def shape(self, full=True):
        status = self.status()
        out = {"ProcessingJobName": self.name, "ProcessingJobArn": self.arn, "ProcessingJobStatus": status,
               "CreationTime": self.origin}
        finished = status in ("Completed", "Stopped")
        if finished:
            out["ProcessingEndTime"] = self.sim.clock_epoch(self.origin, self.end_offset())
        out["LastModifiedTime"] = self.sim.clock_epoch(self.origin, self.end_offset() if finished else (
            self.stopped_at if self.stopped_at is not None else 0.0))
        if full:
            out.update({k: self.params[k] for k in _DESCRIBED if k in self.params})
            out["ProcessingStartTime"] = self.origin
            if self.automl_job_arn:
                out["AutoMLJobArn"] = self.automl_job_arn
        return out


class ProcessingActions:
    def __init__(self, sim):
        self.sim = sim
        self.jobs = sim.processing_jobs

    def _job(self, name):
        job = self.jobs.get(name)
        if not job:
            # moto's wording, which the sandbox answered before; AWS's could not be recorded offline.
            raise validation("Could not find processing job '%s'" % self.sim.arn("processing-job", name))
        return job

    def CreateProcessingJob(self, params):
        name = v.job_name(params.get("ProcessingJobName"), "processingJobName", 63)
        if name in self.jobs:
            raise in_use("Job name must be unique within an AWS account and region, and a processing job with this "
                         "name already exists (%s)" % self.sim.arn("processing-job", name))
        v.role_arn(params.get("RoleArn"))
        for i, output in enumerate((params.get("ProcessingOutputConfig") or {}).get("Outputs", []), 1):
            if output.get("S3Output"):
                v.s3_uri(output["S3Output"].get("S3Uri"), "processingOutputConfig.outputs.%d.member.s3Output.s3Uri" % i)
        cluster = v.require(v.require(params, "ProcessingResources"), "ClusterConfig", "processingResources.clusterConfig")
        self.sim.check_processing_quota(cluster["InstanceType"], cluster["InstanceCount"])
        job = ProcessingJob(self.sim, params)
        self.jobs[name] = job
        self.sim.tags.own(job.arn, params.get("Tags"))
        return {"ProcessingJobArn": job.arn}

    def DescribeProcessingJob(self, params):
        return self._job(v.require(params, "ProcessingJobName")).shape()

    def StopProcessingJob(self, params):
        self._job(v.require(params, "ProcessingJobName")).stop()
        return {}

    def ListProcessingJobs(self, params):
        jobs = [j.shape(full=False) for j in self.jobs.values()]
        jobs = filter_jobs(jobs, params, "ProcessingJobName", "ProcessingJobStatus")
        sort_by = {"Name": "ProcessingJobName", "Status": "ProcessingJobStatus"}.get(params.get("SortBy"), "CreationTime")
        jobs = sort(jobs, lambda j: j[sort_by], params.get("SortOrder"), "Ascending")
        chunk, token = page(jobs, params, default_max=10)
        return with_token({"ProcessingJobSummaries": chunk}, token)
