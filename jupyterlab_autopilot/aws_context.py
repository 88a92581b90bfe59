"""What the frontend needs to know about the server's AWS identity, in one answer:
region, account, caller, default bucket, execution role, sandbox or not, and why
credentials fail when they do.

Pure logic (no Jupyter import). ``AwsContextResolver.get`` blocks on AWS calls, so the
handler runs it in an executor; results are cached briefly because the frontend asks
at every start-up and on every panel open.
"""
import ipaddress
import json
import logging
import os
import threading
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from .proxy.access import AwsAccess
from .proxy.errors import ProxyError
from .proxy.services import SERVICES

log = logging.getLogger(__name__)

STUDIO_METADATA_PATH = "/opt/ml/metadata/resource-metadata.json"
SANDBOX_ENV = "JUPYTERLAB_AUTOPILOT_SANDBOX"
SANDBOX_HEALTH_PATH = "/_sandbox/health"
ROLE_ENV = "JUPYTERLAB_AUTOPILOT_EXECUTION_ROLE_ARN"

# Failed lookups are retried sooner: the user is probably fixing them right now.
_ERROR_CACHE_SECONDS = 5.0


@dataclass(frozen=True)
class ContextSettings:
    version: str
    execution_role_arn: str | None = None
    studio_metadata_path: str = STUDIO_METADATA_PATH
    cache_seconds: float = 60.0


def _credentials_error(code: str, message: str) -> dict:
    return {"code": code, "message": message}


def _error_code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "") or str(
        error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", "")
    )


def _describe_identity_failure(error: Exception) -> dict:
    if isinstance(error, ProxyError):
        return _credentials_error(error.code, error.message)
    if isinstance(error, NoCredentialsError):
        return _credentials_error(
            "NoCredentials",
            "The Jupyter server has no AWS credentials. Run `aws configure` or `aws sso login`, "
            "set AWS_PROFILE before starting JupyterLab, or start the offline sandbox with "
            "`jupyter-autopilot-sandbox`.",
        )
    if isinstance(error, ClientError):
        code = _error_code(error)
        if code in ("ExpiredToken", "ExpiredTokenException", "RequestExpired"):
            hint = "The credentials have expired. Log in again (for example `aws sso login`) and reload."
        elif code in ("InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException"):
            hint = "AWS does not accept these credentials. Check the access key and secret, or the AWS_PROFILE in use."
        else:
            hint = "Check the credentials and the network of the Jupyter server, then reload."
        return _credentials_error(code or "ClientError", f"sts:GetCallerIdentity failed ({code}). {hint}")
    return _credentials_error(
        "EndpointUnreachable",
        f"The Jupyter server could not reach STS ({type(error).__name__}). Check its network "
        "and AWS_ENDPOINT_URL* settings, then reload.",
    )


def role_arn_from_assumed_role(caller_arn: str, iam_client=None) -> str | None:
    """The role ARN behind an ``assumed-role`` caller, if that role is a SageMaker one.

    The assumed-role ARN drops the role's path, so IAM is asked for the exact ARN; when
    that is not allowed, console-made ``AmazonSageMaker-ExecutionRole-*`` roles are known
    to live under ``/service-role/``.
    """
    parts = caller_arn.split(":")
    if len(parts) != 6 or parts[2] != "sts" or not parts[5].startswith("assumed-role/"):
        return None
    role_name = parts[5].split("/")[1]
    if "sagemaker" not in role_name.lower():
        return None
    if iam_client is not None:
        try:
            return iam_client.get_role(RoleName=role_name)["Role"]["Arn"]
        except (ClientError, BotoCoreError):
            pass
    path = "service-role/" if role_name.startswith("AmazonSageMaker-ExecutionRole") else ""
    return f"arn:{parts[1]}:iam::{parts[4]}:role/{path}{role_name}"


def is_loopback(url: str) -> bool:
    """Literal loopback addresses and ``localhost`` only: a name that merely resolves
    to loopback today may not tomorrow."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def answers_as_sandbox(endpoint: str, timeout: float = 2.0) -> bool:
    """Whether ``endpoint`` is the Autopilot sandbox's simulator: its control API says so."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never via a proxy
    try:
        with opener.open(endpoint.rstrip("/") + SANDBOX_HEALTH_PATH, timeout=timeout) as response:
            return response.status == 200 and json.loads(response.read(4096)).get("sandbox") is True
    except (OSError, ValueError, AttributeError):
        return False


def calls_stay_in_the_sandbox(access: AwsAccess) -> bool:
    """True when every endpoint the proxy sends to is on loopback and the SageMaker one
    answers as the sandbox: only then is "simulated, nothing is billed" true."""
    try:
        endpoints = [access.endpoint_url(spec.botocore_name) for spec in SERVICES.values()]
    except (ProxyError, BotoCoreError):
        return False
    if not all(is_loopback(url) for url in endpoints):
        return False
    return answers_as_sandbox(access.endpoint_url(SERVICES["sagemaker"].botocore_name))


class AwsContextResolver:
    def __init__(
        self,
        access: AwsAccess,
        settings: ContextSettings,
        environ: Mapping[str, str] | None = None,
        clock=time.monotonic,
    ):
        self._access = access
        self._settings = settings
        self._environ = os.environ if environ is None else environ
        self._clock = clock
        self._lock = threading.Lock()
        self._cached: tuple[float, dict] | None = None

    def get(self, refresh: bool = False) -> dict:
        with self._lock:  # one computation at a time; the others wait for its result
            now = self._clock()
            if not refresh and self._cached is not None and self._cached[0] > now:
                return dict(self._cached[1])
            context = self._compute()
            ttl = _ERROR_CACHE_SECONDS if context["credentialsError"] else self._settings.cache_seconds
            self._cached = (now + ttl, context)
            return dict(context)

    def _sandbox(self) -> bool:
        """From where calls go. The env variable only labels a sandbox, it never declares
        one: when it is set but calls would leave the machine, that goes to the log."""
        sandbox = calls_stay_in_the_sandbox(self._access)
        labelled = self._environ.get(SANDBOX_ENV, "").strip().lower() in ("1", "true", "yes", "on")
        if labelled and not sandbox:
            log.warning(
                "%s is set, but the AWS endpoints the proxy uses are not all the local sandbox's: "
                "the status bar shows AWS, not the sandbox.", SANDBOX_ENV
            )
        return sandbox

    def _compute(self) -> dict:
        region = self._access.region
        sandbox = self._sandbox()
        context = {
            "version": self._settings.version,
            "region": region,
            "account": None,
            "callerArn": None,
            "defaultBucket": None,
            "defaultBucketExists": None,
            "executionRoleArn": None,
            "executionRoleSource": None,
            "sandbox": sandbox,
            "credentialsError": None,
        }
        try:
            self._access.frozen_credentials()
            identity = self._access.client("sts").get_caller_identity()
        except (ProxyError, BotoCoreError, ClientError) as error:
            context["credentialsError"] = _describe_identity_failure(error)
            # Settings and env still name a role even without credentials.
            context["executionRoleArn"], context["executionRoleSource"] = self._configured_role(sandbox)
            return context
        account = identity.get("Account")
        context["account"] = account
        context["callerArn"] = identity.get("Arn")
        if account:
            bucket = f"sagemaker-{region}-{account}"
            context["defaultBucket"] = bucket
            context["defaultBucketExists"] = self._bucket_exists(bucket)
        role, source = self._studio_role()
        if role is None:
            role, source = self._configured_role(sandbox)
        if role is None and context["callerArn"]:
            role = role_arn_from_assumed_role(context["callerArn"], self._client_or_none("iam"))
            source = "caller" if role else None
        context["executionRoleArn"], context["executionRoleSource"] = role, source
        return context

    def _client_or_none(self, service: str):
        try:
            return self._access.client(service)
        except BotoCoreError:
            return None

    def _bucket_exists(self, bucket: str) -> bool | None:
        """True or False when S3 says so; None when it will not tell (403, network)."""
        try:
            self._access.client("s3").head_bucket(Bucket=bucket)
            return True
        except ClientError as error:
            if _error_code(error) in ("404", "NoSuchBucket", "NotFound"):
                return False
            return None
        except BotoCoreError:
            return None

    def _configured_role(self, sandbox: bool) -> tuple[str | None, str | None]:
        if self._settings.execution_role_arn:
            return self._settings.execution_role_arn, "settings"
        from_env = self._environ.get(ROLE_ENV, "").strip()
        if from_env:
            return from_env, "sandbox" if sandbox else "env"
        return None, None

    def _studio_role(self) -> tuple[str | None, str | None]:
        """In SageMaker Studio, the space's execution role.

        Studio writes the app's metadata to a file; recent versions put the role in it,
        older ones only name the domain, user profile and space, which DescribeSpace /
        DescribeUserProfile / DescribeDomain then resolve.
        """
        try:
            with open(self._settings.studio_metadata_path, encoding="utf-8") as file:
                metadata = json.load(file)
        except (OSError, ValueError):
            return None, None
        if not isinstance(metadata, dict):
            return None, None
        if metadata.get("ExecutionRoleArn"):
            return metadata["ExecutionRoleArn"], "studio"
        domain_id = metadata.get("DomainId")
        if not domain_id:
            return None, None
        try:
            sagemaker = self._access.client("sagemaker")
            profile = metadata.get("UserProfileName")
            space = metadata.get("SpaceName")
            if space:
                described = sagemaker.describe_space(DomainId=domain_id, SpaceName=space)
                profile = described.get("OwnershipSettings", {}).get("OwnerUserProfileName") or profile
            if profile:
                described = sagemaker.describe_user_profile(DomainId=domain_id, UserProfileName=profile)
                role = described.get("UserSettings", {}).get("ExecutionRole")
                if role:
                    return role, "studio"
            domain = sagemaker.describe_domain(DomainId=domain_id)
            role = (
                domain.get("DefaultSpaceSettings", {}).get("ExecutionRole")
                if space and not profile
                else None
            ) or domain.get("DefaultUserSettings", {}).get("ExecutionRole")
            return (role, "studio") if role else (None, None)
        except (ClientError, BotoCoreError, ProxyError):
            return None, None
