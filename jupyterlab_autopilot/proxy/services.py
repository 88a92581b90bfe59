"""The allow-list of AWS services the proxy forwards to, and what differs between them."""
from dataclasses import dataclass

from .errors import bad_request

MiB = 1024 * 1024
GiB = 1024 * MiB


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    """Both the URL segment (``/autopilot/aws/<name>/``) and botocore's service name."""
    signing_name: str
    streams_request_body: bool
    """S3 bodies can be gigabytes, so they are streamed and sent with UNSIGNED-PAYLOAD.
    The JSON/query APIs carry small bodies, which are buffered so their hash can be signed."""
    default_max_body_bytes: int


SERVICES = {
    # 5 GiB is S3's own limit for a single PUT (and for one part of a multipart upload).
    "s3": ServiceSpec("s3", "s3", True, 5 * GiB),
    "sagemaker": ServiceSpec("sagemaker", "sagemaker", False, 10 * MiB),
    "sts": ServiceSpec("sts", "sts", False, 10 * MiB),
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
