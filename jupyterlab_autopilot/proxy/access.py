"""The server's own AWS identity: one botocore session, its region, its credentials,
and the endpoints it resolves. Shared by the proxy and the context endpoint so both
always agree on region, endpoint and identity.

Every method here may block (credential refresh, file reads, client creation): call
them from an executor thread, never from the event loop.
"""
import os
import threading
from collections.abc import Mapping
from urllib.parse import urlsplit

import botocore.session
from botocore.config import Config
from botocore.exceptions import BotoCoreError

from .errors import ProxyError

DEFAULT_REGION = "us-east-1"
REGION_ENV = "JUPYTERLAB_AUTOPILOT_REGION"


def resolve_region(configured: str | None, session_region: str | None, environ: Mapping[str, str]) -> str:
    """Our own env variable, then the Jupyter setting, then botocore's region, then us-east-1."""
    return environ.get(REGION_ENV) or configured or session_region or DEFAULT_REGION


def no_credentials_error() -> ProxyError:
    return ProxyError(
        503,
        "NoCredentials",
        "The Jupyter server has no AWS credentials. Run `aws configure` or `aws sso login`, "
        "set AWS_PROFILE before starting JupyterLab, or start the offline sandbox with "
        "`jupyter-autopilot-sandbox`.",
    )


class AwsAccess:
    def __init__(self, configured_region: str | None = None, environ: Mapping[str, str] | None = None):
        self._environ = os.environ if environ is None else environ
        self.session = botocore.session.Session()
        self.region = resolve_region(
            configured_region, self.session.get_config_variable("region"), self._environ
        )
        # botocore sessions are not thread-safe; clients and frozen credentials are.
        self._lock = threading.Lock()
        self._clients: dict[str, object] = {}
        self._credentials = None

    def client(self, service: str):
        """A botocore client for ``service`` in our region (endpoint from botocore's config chain)."""
        with self._lock:
            if service not in self._clients:
                self._clients[service] = self.session.create_client(
                    service,
                    region_name=self.region,
                    config=Config(retries={"mode": "standard", "max_attempts": 2}, connect_timeout=5, read_timeout=20),
                )
            return self._clients[service]

    def endpoint_url(self, service: str) -> str:
        """Where ``service`` lives, as botocore resolves it: AWS_ENDPOINT_URL_<SERVICE>,
        AWS_ENDPOINT_URL, profile ``endpoint_url``, or AWS's own endpoint for the region."""
        url = self.client(service).meta.endpoint_url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ProxyError(
                502,
                "EndpointMisconfigured",
                f"The configured endpoint for {service} is not an http(s) URL. Check "
                f"AWS_ENDPOINT_URL_{service.upper()} and AWS_ENDPOINT_URL.",
            )
        return url.rstrip("/")

    def ca_bundle(self) -> str | None:
        """The CA bundle botocore verifies AWS with: ``AWS_CA_BUNDLE`` or the profile's ``ca_bundle``."""
        with self._lock:
            return self.session.get_config_variable("ca_bundle")

    def can_sign_without_blocking(self, service: str) -> bool:
        """True when credentials are loaded and fresh and the endpoint is known: signing
        is then pure CPU (well under a millisecond) and can skip the executor hop."""
        credentials = self._credentials
        if credentials is None or service not in self._clients:
            return False
        refresh_needed = getattr(credentials, "refresh_needed", None)
        return not (refresh_needed and refresh_needed())

    def frozen_credentials(self):
        """Current credentials (refreshed by botocore when they are about to expire)."""
        with self._lock:
            if self._credentials is None:
                try:
                    self._credentials = self.session.get_credentials()
                except BotoCoreError as error:
                    raise ProxyError(
                        503,
                        "CredentialsError",
                        f"Loading AWS credentials failed: {error}. Fix the AWS profile or "
                        "environment, then reload.",
                    ) from None
        if self._credentials is None:
            raise no_credentials_error()
        try:
            frozen = self._credentials.get_frozen_credentials()
        except BotoCoreError as error:
            raise ProxyError(
                503,
                "CredentialsError",
                f"Refreshing AWS credentials failed: {error}. Log in again (for example "
                "`aws sso login`) and retry.",
            ) from None
        if not frozen.access_key or not frozen.secret_key:
            raise no_credentials_error()
        return frozen
