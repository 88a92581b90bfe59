"""The Autopilot simulator's state and its table of SageMaker actions.

Actions listed here are answered by the simulator; every other SageMaker action is forwarded
to moto unchanged (``FORWARD``). Time moves on every request and on a small ticker thread.
"""
import threading

from .automl import AutoMLActions
from .endpoints import EndpointActions
from .names import NameTable
from .tags import TagActions, TagStore
from .training_actions import TrainingActions
from .tuning import TuningActions
from .validation import s3_uri

TICK_SECONDS = 0.2


class Simulator:
    FORWARD = object()

    def __init__(self, moto, clock, account, default_bucket, role_arn):
        self.moto = moto
        self.clock = clock
        self.region = moto.region
        self.account = account
        self.default_bucket = default_bucket
        self.role_arn = role_arn
        self.s3 = moto.client("s3")
        self.lock = threading.RLock()
        self.automl_jobs = NameTable()
        self.tuning_jobs = NameTable()
        self.training_jobs = NameTable()
        self.tags = TagStore()
        self.actions = {}
        self.unlocked = set()
        groups = (AutoMLActions(self), TuningActions(self), TrainingActions(self), EndpointActions(self),
                  TagActions(self))
        for group in groups:
            for name in dir(group):
                # Actions are CamelCase methods; constants such as UNLOCKED are not actions.
                if name[:1].isupper() and not name.isupper() and callable(getattr(group, name)):
                    self.actions[name] = getattr(group, name)
            self.unlocked.update(getattr(group, "UNLOCKED", ()))
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

