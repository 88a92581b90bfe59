"""The HTTP client that talks to AWS: streaming both ways, pooled, with timeouts.

httpx is used because it streams request bodies from an async iterator and response
bodies with back-pressure (the next chunk is read from AWS only after the previous one
was handed to the browser), so neither direction accumulates in memory.

It reaches AWS the way botocore (the context endpoint) does: through ``HTTPS_PROXY`` /
``NO_PROXY``, trusting the CA bundle botocore resolves (``AWS_CA_BUNDLE``, the profile's
``ca_bundle``), else ``SSL_CERT_FILE`` / ``SSL_CERT_DIR``, else certifi's. Otherwise the
status bar would say "connected" behind a corporate proxy while every call failed.
"""
import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx

from .errors import ProxyError


@dataclass(frozen=True)
class Timeouts:
    connect: float = 10.0
    idle: float = 60.0
    """Longest wait for the next bytes, in either direction. A 1 GB upload is fine as
    long as it keeps moving; a stalled one is cut after this many seconds."""


class UpstreamClient:
    def __init__(self, timeouts: Timeouts = Timeouts(), ca_bundle: str | None = None):
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeouts.idle, connect=timeouts.connect, pool=timeouts.connect),
            follow_redirects=False,  # a redirect is AWS's answer to the browser, not to us
            trust_env=True,  # proxies and CA files from the environment, as botocore
            verify=ssl.create_default_context(cafile=ca_bundle) if ca_bundle else True,
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=16),
        )

    async def open(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        body: bytes | AsyncIterator[bytes] | None,
    ) -> httpx.Response:
        """Send the request; return the response with its body still unread.

        The caller must ``await response.aclose()``.
        """
        # httpx adds its own defaults (User-Agent, Accept, ...) only where the signed
        # headers have none; they are not part of the signature, so they do no harm.
        request = self._client.build_request(method, url, headers=headers, content=body)
        try:
            return await self._client.send(request, stream=True)
        except httpx.TimeoutException:
            raise ProxyError(
                504,
                "UpstreamTimeout",
                "AWS did not answer in time. Retry; if it persists, check the network "
                "from the Jupyter server or raise AutopilotConfig.upstream_timeout.",
            ) from None
        except httpx.HTTPError as error:
            raise unreachable_upstream(error, httpx.URL(url).host) from None

    async def aclose(self):
        await self._client.aclose()


def unreachable_upstream(error: Exception, host: str) -> ProxyError:
    """No answer came: the connection was refused or never made, or it closed before AWS answered."""
    name = type(error).__name__
    if isinstance(error, (httpx.ConnectError, httpx.ProxyError, httpx.UnsupportedProtocol)):
        what = f"The Jupyter server could not connect to AWS at {host} ({name})."
    else:  # sent, then the connection closed or broke before a status line came back
        what = f"The connection from the Jupyter server to AWS at {host} closed before AWS answered ({name})."
    return ProxyError(
        502,
        "UpstreamUnreachable",
        f"{what} Retry; if it persists, check the Jupyter server's network, its HTTPS_PROXY / "
        "NO_PROXY and AWS_ENDPOINT_URL* settings, and any proxy or load balancer on the way to AWS.",
    )


def broken_upstream(error: Exception) -> ProxyError:
    return ProxyError(
        502,
        "UpstreamBroken",
        f"AWS's answer broke off or was malformed ({type(error).__name__}). Retry; if it persists, "
        "check the network and any HTTP proxy between the Jupyter server and AWS.",
    )
