"""Starts and stops the whole sandbox: moto, the Autopilot simulator, and the env for Jupyter."""
import json
import os
import shutil
import tempfile

from .clock import SimulatedClock
from .faults import FaultClient
from .moto_backend import ACCESS_KEY_ID, SECRET_ACCESS_KEY, MotoBackend
from .server import SimulatorServer
from .simulator import Simulator

# Variables that could lead an AWS SDK to real credentials or a real endpoint; the sandbox's
# child processes must not inherit them.
UNSET_VARIABLES = (
    "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
    "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_ENDPOINT_URL",
    "AWS_CREDENTIAL_EXPIRATION",
)


class Sandbox:
    """A running sandbox. ``env`` is what a Jupyter server needs to use it (see ``child_environment``)."""

    def __init__(self, moto, simulator, server, state_dir, owns_state_dir):
        self._moto, self.simulator, self._server = moto, simulator, server
        self.state_dir = state_dir
        self._owns_state_dir = owns_state_dir
        self.region = moto.region
        self.account = simulator.account
        self.bucket = simulator.default_bucket
        self.role_arn = simulator.role_arn
        # Every service the SageMaker SDK, the AWS CLI and the panel call: the simulator answers SageMaker,
        # its runtime (InvokeEndpoint) and Service Quotas; moto the rest.
        self.endpoints = {
            "sagemaker": server.endpoint,
            "sagemaker-runtime": server.endpoint,
            "service-quotas": server.endpoint,
            "s3": moto.endpoint,
            "sts": moto.endpoint,
            "iam": moto.endpoint,
            "logs": moto.endpoint,
            "cloudwatch": moto.endpoint,
            "moto": moto.endpoint,
        }
        aws_dir = os.path.join(state_dir, "aws")
        # botocore reads AWS_ENDPOINT_URL_<serviceId>, the serviceId upper-cased with spaces as underscores:
        # "CloudWatch Logs" is CLOUDWATCH_LOGS, "SageMaker Runtime" SAGEMAKER_RUNTIME.
        self.env = {"AWS_ENDPOINT_URL_%s" % _service_id(service): url
                    for service, url in self.endpoints.items() if service != "moto"}
        self.env.update({
            "SAGEMAKER_USER_CONFIG_OVERRIDE": os.path.join(state_dir, "sagemaker", "config.yaml"),
            "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_REGION": self.region,
            "AWS_CONFIG_FILE": os.path.join(aws_dir, "config"),
            "AWS_SHARED_CREDENTIALS_FILE": os.path.join(aws_dir, "credentials"),
            "AWS_EC2_METADATA_DISABLED": "true",
            "JUPYTERLAB_AUTOPILOT_SANDBOX": "1",
            "JUPYTERLAB_AUTOPILOT_EXECUTION_ROLE_ARN": self.role_arn,
        })
        _write_sdk_config(self.env["SAGEMAKER_USER_CONFIG_OVERRIDE"], self.bucket)
        self.unset = UNSET_VARIABLES
        self.faults = FaultClient(server.endpoint)
        self._stopped = False

    @property
    def clock(self):
        return self.simulator.clock

    def child_environment(self, base=None):
        """``base`` (default: this process's environment) with the sandbox's variables set and risky ones removed."""
        env = dict(os.environ if base is None else base)
        for key in self.unset:
            env.pop(key, None)
        env.update(self.env)
        return env

    def client(self, service):
        """A boto3 client wired to the sandbox (explicit endpoint, dummy credentials, no retries), for tests and scripts."""
        if service == "sagemaker":
            import boto3
            from botocore.config import Config

            return boto3.session.Session(
                aws_access_key_id=ACCESS_KEY_ID, aws_secret_access_key=SECRET_ACCESS_KEY, region_name=self.region
            ).client("sagemaker", endpoint_url=self.endpoints["sagemaker"], config=Config(retries={"total_max_attempts": 1}))
        return self._moto.client(service)

    def stop(self):
        if self._stopped:
            return
        self._stopped = True
        self._server.stop()
        self.simulator.stop()
        self._moto.stop()
        if self._owns_state_dir:
            shutil.rmtree(self.state_dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def _service_id(service):
    from .service_model import service_model

    return service_model(service).service_id.upper().replace(" ", "_")


def _write_sdk_config(path, bucket):
    """The SageMaker Python SDK's config file: with a default bucket, ``Session.default_bucket()`` asks STS
    nothing (the SDK builds that STS client on a hard-coded AWS endpoint), and telemetry stays off (it
    calls an AWS host on every decorated call). JSON is YAML, so no YAML writer is needed."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    config = {"SchemaVersion": "1.0", "SageMaker": {"PythonSDK": {"Modules": {
        "TelemetryOptOut": True, "Session": {"DefaultS3Bucket": bucket}}}}}
    with open(path, "w") as f:
        json.dump(config, f, indent=1)


def _prepare_state_dir(state_dir):
    owns = state_dir is None
    state_dir = tempfile.mkdtemp(prefix="autopilot-sandbox-") if owns else os.path.abspath(state_dir)
    aws_dir = os.path.join(state_dir, "aws")
    os.makedirs(aws_dir, exist_ok=True)
    for name in ("config", "credentials"):
        # Empty files the sandbox owns: botocore reads these instead of the user's ~/.aws.
        with open(os.path.join(aws_dir, name), "w"):
            pass
    return state_dir, owns


def start_sandbox(host="127.0.0.1", port=0, speed=1.0, *, moto_port=0, state_dir=None, clock=None, region="us-east-1",
                  quotas=None):
    """Start moto and the Autopilot simulator on ``host`` (loopback) and return the running ``Sandbox``.

    ``port`` is the simulator's (SageMaker) port and ``moto_port`` moto's; 0 picks free ports.
    ``speed`` multiplies simulated time; ``clock`` (e.g. ``ManualClock``) replaces it for tests.
    ``quotas`` ({quota name: value}) changes the account's SageMaker quotas from a new account's.
    """
    state_dir, owns = _prepare_state_dir(state_dir)
    moto = MotoBackend(host, moto_port, region)
    try:
        account, bucket, role_arn = moto.seed()
        simulator = Simulator(moto, clock or SimulatedClock(speed), account, bucket, role_arn, quotas)
        server = SimulatorServer(host, port, simulator)
    except BaseException:
        moto.stop()
        raise
    simulator.start()
    server.start()
    return Sandbox(moto, simulator, server, state_dir, owns)
