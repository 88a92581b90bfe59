"""The Autopilot simulator's state and its table of SageMaker actions.

Actions listed here are answered by the simulator; every other SageMaker action is forwarded
to moto unchanged (``FORWARD``). Time moves on every request and on a small ticker thread.
"""
import threading

from . import outputs

from .automl import AutoMLActions
from .endpoints import EndpointActions
from .names import NameTable
from .quotas import Quotas
from .runtime import Runtime
from .tags import TagActions, TagStore
from .training import resource_config
from .training_actions import TrainingActions
from .transform import TransformActions
from .tuning import TuningActions
from .validation import s3_uri

TICK_SECONDS = 0.2


class Simulator:
    FORWARD = object()

    def __init__(self, moto, clock, account, default_bucket, role_arn, quotas=None):
        self.moto = moto
        self.clock = clock
        self.region = moto.region
        self.account = account
        self.default_bucket = default_bucket
        self.role_arn = role_arn
        self.s3 = moto.client("s3")
        self._clients = {"s3": self.s3}
        self.lock = threading.RLock()
        self.automl_jobs = NameTable()
        self.tuning_jobs = NameTable()
        self.training_jobs = NameTable()
        self.transform_jobs = NameTable()
        self.tags = TagStore()
        self.quotas = Quotas(self.region, account, quotas)
        self.actions = {}
        self.unlocked = set()
        groups = (AutoMLActions(self), TuningActions(self), TrainingActions(self), EndpointActions(self),
                  TagActions(self), TransformActions(self))
        for group in groups:
            for name in dir(group):
                # Actions are CamelCase methods; constants such as UNLOCKED are not actions.
                if name[:1].isupper() and not name.isupper() and callable(getattr(group, name)):
                    self.actions[name] = getattr(group, name)
            self.unlocked.update(getattr(group, "UNLOCKED", ()))
        self.runtime = Runtime(self)
        self._stop = threading.Event()
        self._ticker = threading.Thread(target=self._tick, name="autopilot-sandbox-clock", daemon=True)

    # -- time -------------------------------------------------------------------------------------
    def elapsed(self, origin):
        return self.clock.elapsed(origin)

    def clock_epoch(self, origin, offset):
        return origin + offset / self.clock.speed

    def advance(self):
        with self.lock:
            for job in list(self.automl_jobs.values()):
                job.advance()
            for job in list(self.tuning_jobs.values()):
                job.advance()
            for job in list(self.training_jobs.values()) + list(self.transform_jobs.values()):
                job.advance()

    def _tick(self):
        while not self._stop.wait(TICK_SECONDS):
            try:
                self.advance()
            except Exception:  # a failed S3 write must not kill the clock; the next tick retries
                pass

    def start(self):
        self._ticker.start()

    def stop(self):
        self._stop.set()
        if self._ticker.is_alive():
            self._ticker.join(timeout=5)

    # -- registry ---------------------------------------------------------------------------------
    def arn(self, kind, name):
        return "arn:aws:sagemaker:%s:%s:%s/%s" % (self.region, self.account, kind, name.lower())

    def register_training_job(self, job, tags=()):
        self.training_jobs[job.name] = job
        self.tags.own(job.arn, tags)

    def trial_component_owner(self, trial_component_name):
        suffix = "-aws-training-job"
        if trial_component_name.endswith(suffix):
            return self.training_jobs.get(trial_component_name[: -len(suffix)])
        return None

    def check_training_quota(self, instance_type, count):
        running = [(r["InstanceType"], r["InstanceCount"]) for r in (
            resource_config(j.definition) for j in self.training_jobs.values()
            if j.counts_against_quota and j.status() == "InProgress")]
        self.quotas.check_training(instance_type, count, running)

    def automl_job_for(self, uris):
        """The Autopilot job whose output folder holds one of ``uris`` (the data a job reads), or None."""
        for job in self.automl_jobs.values():
            base = job.job_output_s3_base.rstrip("/") + "/"
            if any(isinstance(u, str) and u.startswith(base) for u in uris):
                return job
        return None

    def write_training_outputs(self, job):
        describe = job.describe()
        start, end = job._epoch(job.start), job._epoch(job.finish_offset())
        inputs = [c.get("DataSource", {}).get("S3DataSource", {}).get("S3Uri") for c in describe["InputDataConfig"]]
        automl = self.automl_job_for(inputs) or self.automl_job_for([describe["OutputDataConfig"].get("S3OutputPath")])
        if describe["TrainingJobStatus"] == "Completed":
            info = {"training_job": job.name, "image": describe["AlgorithmSpecification"].get("TrainingImage"),
                    "automl_job": automl.name if automl else None}
            bucket, key = s3_uri(describe["ModelArtifacts"]["S3ModelArtifacts"], "s3ModelArtifacts")
            self.s3.put_object(Bucket=bucket, Key=key, Body=outputs.model_tarball(info))
            outputs.write_metrics(self.aws("cloudwatch"), job.name, job.metrics, start, end)
        lines = ["%s: Starting the training job (simulated by the jupyterlab-autopilot sandbox)" % job.name]
        lines += ["Reading channel %s from %s" % (c.get("ChannelName"), u) for c, u in zip(describe["InputDataConfig"], inputs)]
        lines += ["#metric %s=%s" % kv for kv in job.metrics.items()]
        lines.append("Training job %s: %s" % (job.name, describe["TrainingJobStatus"]))
        outputs.write_logs(self.aws("logs"), "%s/algo-1-%d" % (job.name, int(start)), lines, start, end)

    # -- S3 and moto ------------------------------------------------------------------------------
    def put_s3(self, uri, text):
        bucket, key = s3_uri(uri, "uri")
        content_type = "application/x-ipynb+json" if key.endswith(".ipynb") else "text/plain"
        self.s3.put_object(Bucket=bucket, Key=key, Body=text.encode("utf-8"), ContentType=content_type)

    def bucket_exists(self, bucket):
        try:
            self.s3.head_bucket(Bucket=bucket)
            return True
        except Exception:
            return False

    def object_size(self, uri):
        bucket, key = s3_uri(uri, "uri")
        return self.s3.head_object(Bucket=bucket, Key=key)["ContentLength"]

    def aws(self, service):
        """A boto3 client of moto's ``service`` (made once: clients are slow to build)."""
        if service not in self._clients:
            self._clients[service] = self.moto.client(service)
        return self._clients[service]

    def moto_call(self, action, params):
        return self.moto.sagemaker_call(action, params)

    def moto_call_all(self, action, params, list_key):
        """Every page of a moto List/Search call."""
        items, token = [], None
        while True:
            query = dict(params, **({"NextToken": token} if token else {}))
            doc = self.moto_call(action, query)
            items += doc.get(list_key, [])
            token = doc.get("NextToken")
            if not token:
                return items

    # -- dispatch ---------------------------------------------------------------------------------
    def handle(self, action, params):
        """The answer to a SageMaker action, or FORWARD when moto should answer it as is."""
        handler = self.actions.get(action)
        if handler is None:
            return self.FORWARD
        if action in self.unlocked:
            self.advance()
            return handler(params)
        with self.lock:
            self.advance()
            return handler(params)

