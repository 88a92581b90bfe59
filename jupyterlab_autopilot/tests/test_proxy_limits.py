"""Limits, timeouts and unreachable upstreams: the proxy's own clear answers."""
import socket
import threading

import pytest

from .conftest import proxy_error


@pytest.fixture
def silent_upstream():
    """A TCP server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


@pytest.fixture
def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def limited_env(aws_env, monkeypatch, silent_upstream, closed_port):
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", silent_upstream)
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", f"http://127.0.0.1:{closed_port}")


@pytest.fixture
def jp_server_config():
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_autopilot": True}},
        "AutopilotConfig": {
            "max_body_bytes": {"sagemaker": 1024, "s3": 4096},
            "upstream_timeout": 1.0,
            "connect_timeout": 1.0,
        },
    }


async def test_body_over_the_limit_gives_413(limited_env, browser):
    response = await browser.fetch("POST", "/sagemaker/", body=b"{" + b" " * 2000 + b"}",
                                   headers={"X-Amz-Target": "SageMaker.ListAutoMLJobs"})
    assert response.code == 413
    error = proxy_error(response)
    assert error["code"] == "RequestTooLarge"
    assert "max_body_bytes" in error["message"]

    response = await browser.fetch("PUT", "/s3/bucket/key", body=b"x" * 5000)
    assert response.code == 413


async def test_streamed_s3_upload_without_length_gives_411(limited_env, browser):
    async def producer(write):
        await write(b"abc")

    response = await browser.fetch("PUT", "/s3/bucket/key", body=None, body_producer=producer)
    assert response.code == 411
    assert proxy_error(response)["code"] == "LengthRequired"


async def test_unreachable_upstream_gives_502(limited_env, browser):
    response = await browser.fetch("POST", "/sagemaker/", body=b"{}", headers={"X-Amz-Target": "SageMaker.ListAutoMLJobs"})
    assert response.code == 502
    error = proxy_error(response)
    assert error["code"] == "UpstreamUnreachable"
    assert "AWS_ENDPOINT_URL" in error["message"]


async def test_silent_upstream_gives_504(limited_env, browser):
    response = await browser.fetch("POST", "/sts/", body=b"Action=GetCallerIdentity&Version=2011-06-15",
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.code == 504
    assert proxy_error(response)["code"] == "UpstreamTimeout"


async def test_unsupported_method_gives_405(limited_env, browser):
    response = await browser.fetch("PATCH", "/s3/bucket/key", body=b"")
    assert response.code == 405
