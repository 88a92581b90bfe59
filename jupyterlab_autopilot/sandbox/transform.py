"""Batch transform jobs: they take time, then write one ``<input>.out`` per input object.

The output is the input's rows, with the target column moved first when the input is an Autopilot
job's data (the data transformers' output layout: label, then features). Values are not transformed:
the tuning jobs that read them are simulated too.
"""
from . import validation as v
from .errors import in_use, not_found
from .paging import page, sort, with_token

TRANSFORM_SECONDS = 20.0


class TransformJob:
    def __init__(self, sim, params):
        self.sim, self.params = sim, params
        self.name = params["TransformJobName"]
        self.arn = sim.arn("transform-job", self.name)
        self.origin = sim.clock.now()
        self.written = False

    def status(self):
        return "Completed" if self.sim.elapsed(self.origin) >= TRANSFORM_SECONDS else "InProgress"

    def advance(self):
        if not self.written and self.status() == "Completed":
            self.written = True
            self._write_output()

    def _write_output(self):
        source = self.params["TransformInput"]["DataSource"]["S3DataSource"]
        out_base = self.params["TransformOutput"]["S3OutputPath"].rstrip("/")
        bucket, prefix = v.s3_uri(source["S3Uri"], "transformInput.dataSource.s3DataSource.s3Uri")
        automl = self.sim.automl_job_for([source["S3Uri"]])
        s3 = self.sim.s3
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])
                if not o["Key"].endswith("/")]
        for key in keys:
            text = s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8", "replace")
            relative = key[len(prefix):].lstrip("/") or key.rsplit("/", 1)[-1]
            self.sim.put_s3("%s/%s.out" % (out_base, relative), _label_first(text, automl))

    def shape(self, full=True):
        status = self.status()
        out = {"TransformJobName": self.name, "TransformJobArn": self.arn, "TransformJobStatus": status,
               "CreationTime": self.origin}
        if not full:  # LastModifiedTime is in the list's summaries only
            out["LastModifiedTime"] = self.sim.clock_epoch(self.origin, min(self.sim.elapsed(self.origin), TRANSFORM_SECONDS))
        if status == "Completed":
            out["TransformEndTime"] = self.sim.clock_epoch(self.origin, TRANSFORM_SECONDS)
        if full:
            out.update({k: self.params[k] for k in (
                "ModelName", "MaxConcurrentTransforms", "MaxPayloadInMB", "BatchStrategy", "Environment",
                "TransformInput", "TransformOutput", "TransformResources", "DataProcessing") if k in self.params})
            out["TransformStartTime"] = self.origin
        return out


def _label_first(text, automl):
    if automl is None:
        return text
    lines = text.splitlines()
    header = lines[0].split(",") if lines else []
    if automl.target not in header:
        return text
    i = header.index(automl.target)
    return "".join(",".join([cells[i]] + cells[:i] + cells[i + 1:]) + "\n"
                   for cells in (line.split(",") for line in lines[1:] if line) if len(cells) == len(header))


class TransformActions:
    def __init__(self, sim):
        self.sim = sim
        self.jobs = sim.transform_jobs

    def _job(self, name):
        job = self.jobs.get(name)
        if not job:
            raise not_found("Could not find transform job with name %s" % name)
        return job

    def CreateTransformJob(self, params):
        name = v.job_name(params.get("TransformJobName"), "transformJobName", 63)
        if name in self.jobs:
            raise in_use("Job name must be unique within an AWS account and region, and a transform job with this "
                         "name already exists (%s)" % self.sim.arn("transform-job", name))
        v.require(params, "ModelName")
        v.s3_uri((params.get("TransformOutput") or {}).get("S3OutputPath"), "transformOutput.s3OutputPath")
        v.s3_uri(((params.get("TransformInput") or {}).get("DataSource") or {}).get("S3DataSource", {}).get("S3Uri"),
                 "transformInput.dataSource.s3DataSource.s3Uri")
        self.sim.moto_call("DescribeModel", {"ModelName": params["ModelName"]})  # AWS refuses an unknown model
        job = TransformJob(self.sim, params)
        self.jobs[name] = job
        self.sim.tags.own(job.arn, params.get("Tags"))
        return {"TransformJobArn": job.arn}

    def DescribeTransformJob(self, params):
        return self._job(v.require(params, "TransformJobName")).shape()

    def StopTransformJob(self, params):
        self._job(v.require(params, "TransformJobName"))
        return {}

    def ListTransformJobs(self, params):
        jobs = [j.shape(full=False) for j in self.jobs.values()]
        if params.get("NameContains"):
            jobs = [j for j in jobs if params["NameContains"].lower() in j["TransformJobName"].lower()]
        if params.get("StatusEquals"):
            jobs = [j for j in jobs if j["TransformJobStatus"] == params["StatusEquals"]]
        jobs = sort(jobs, lambda j: j["CreationTime"], params.get("SortOrder"), "Descending")
        chunk, token = page(jobs, params, default_max=10)
        return with_token({"TransformJobSummaries": chunk}, token)
