"""The AWS services the proxy forwards to, and what differs between them.

Which actions of each service may pass is decided by ``actions.py``.
"""
from dataclasses import dataclass

from .errors import bad_request

MiB = 1024 * 1024
GiB = 1024 * MiB


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    """The URL segment (``/autopilot/aws/<name>/``) and the service's name in ``actions.py``."""
    botocore_name: str
    """botocore's name: its endpoint resolution (``AWS_ENDPOINT_URL_<SERVICE_ID>``) and model."""
    signing_name: str
    protocol: str
    """How the request names its action: ``json`` (X-Amz-Target), ``query`` (Action=), ``rest``."""
    streams_request_body: bool
    """S3 bodies can be gigabytes, so they are streamed and sent with UNSIGNED-PAYLOAD.
    The JSON/query APIs carry small bodies, which are buffered so their hash can be signed."""
    default_max_body_bytes: int
    target_prefix: str | None = None
    """The JSON protocol's X-Amz-Target prefix (botocore's ``targetPrefix``)."""


SERVICES = {
    # 5 GiB is S3's own limit for a single PUT (and for one part of a multipart upload).
    "s3": ServiceSpec("s3", "s3", "s3", "rest", True, 5 * GiB),
    "sagemaker": ServiceSpec("sagemaker", "sagemaker", "sagemaker", "json", False, 10 * MiB, "SageMaker"),
    # Real-time inference payloads are at most 25 MB on AWS.
    "sagemaker-runtime": ServiceSpec("sagemaker-runtime", "sagemaker-runtime", "sagemaker", "rest", False, 25 * MiB),
    "servicequotas": ServiceSpec(
        "servicequotas", "service-quotas", "servicequotas", "json", False, 1 * MiB, "ServiceQuotasV20190624"
    ),
    # GetCallerIdentity's form is a few dozen bytes; the body is read whole to find its Action.
    "sts": ServiceSpec("sts", "sts", "sts", "query", False, 64 * 1024),
}


def lookup_service(name: str) -> ServiceSpec:
    try:
        return SERVICES[name]
    except KeyError:
        allowed = ", ".join(sorted(SERVICES))
        raise bad_request(
            "UnknownService",
            f"The proxy only forwards to {allowed}; '{name[:40]}' is not one of them. "
            "Point the SDK client at <base_url>autopilot/aws/<service> with an allowed service.",
        ) from None
